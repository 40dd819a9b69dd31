#include "InspectorDock.h"

#include <QCheckBox>
#include <QAction>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

#include "Workspace.h"
#include "analysis/NeighbourIndex.h"
#include "export/ExportActions.h"
#include "export/WorkspaceTables.h"
#include "models/NeighbourModel.h"

namespace embedscope::ui {

namespace {
QString distanceName(Metric m) {
    switch (m) {
        case Metric::Cosine: return QObject::tr("1 − cos");
        case Metric::Euclidean: return QObject::tr("Euclidean");
        case Metric::Dot: return QObject::tr("−dot");
    }
    return {};
}
}  // namespace

InspectorDock::InspectorDock(Workspace* workspace, QWidget* parent)
    : QWidget(parent), m_workspace(workspace), m_title(new QLabel(this)), m_details(new QLabel(this)),
      m_k(new QSpinBox(this)), m_metric(new QComboBox(this)), m_space(new QComboBox(this)),
      m_exact(new QCheckBox(tr("Exact search"), this)), m_method(new QLabel(this)),
      m_explain(new QLabel(this)), m_table(new QTableView(this)), m_model(new NeighbourModel(this)),
      m_differences(new QLabel(this)), m_boxInfo(new QLabel(this)), m_isolate(new QPushButton(tr("Isolate selection"), this)) {
    setObjectName(QStringLiteral("inspectorDock"));
    auto* layout = new QVBoxLayout(this);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_title->setFont(big);
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_title);
    layout->addWidget(m_details);

    auto* controls = new QFormLayout;
    m_k->setRange(5, 1000);
    m_k->setObjectName(QStringLiteral("neighbourCount"));
    m_k->setToolTip(tr("How many nearest neighbours to list (5–1000)"));
    m_metric->addItem(tr("Cosine"), int(Metric::Cosine));
    m_metric->addItem(tr("Euclidean"), int(Metric::Euclidean));
    m_metric->addItem(tr("Dot product"), int(Metric::Dot));
    m_metric->setObjectName(QStringLiteral("metric"));
    m_metric->setToolTip(tr("How nearness is measured in the original vectors"));
    m_space->addItem(tr("Raw vectors"), int(VectorSpace::Raw));
    m_space->addItem(tr("Centred (mean removed)"), int(VectorSpace::Centred));
    m_space->addItem(tr("Normalised (unit length)"), int(VectorSpace::Normalised));
    m_space->setObjectName(QStringLiteral("space"));
    m_space->setToolTip(tr("The space neighbours are measured in. The Embedding Projector centres and\n"
                           "normalises silently; here you choose, and the choice is shown."));
    controls->addRow(tr("Neighbours"), m_k);
    controls->addRow(tr("Metric"), m_metric);
    controls->addRow(tr("Space"), m_space);
    m_exact->setObjectName(QStringLiteral("exactSearch"));
    m_exact->setToolTip(tr("Always scan every vector. Otherwise data sets of %L1 rows or more build an approximate\n"
                           "(HNSW) index in the background, use it once ready and show its measured recall.")
                            .arg(NeighbourIndex::kHnswRows));
    controls->addRow(QString(), m_exact);
    layout->addLayout(controls);
    m_explain->setWordWrap(true);
    m_explain->setStyleSheet(QStringLiteral("color: palette(mid);"));
    layout->addWidget(m_explain);
    m_method->setObjectName(QStringLiteral("neighbourMethod"));
    m_method->setWordWrap(true);
    layout->addWidget(m_method);

    m_table->setModel(m_model);
    m_table->setObjectName(QStringLiteral("neighbourTable"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(NeighbourModel::Label, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(NeighbourModel::Rank, QHeaderView::ResizeToContents);
    m_table->setToolTip(tr("Click a neighbour to select it"));
    // Rows as tall as a list's, and room for five of them at least: the dock shares its height
    // with the Search dock, and at the default window size the style's rows left three in view.
    const int rowHeight = fontMetrics().height() + 6;
    m_table->verticalHeader()->setMinimumSectionSize(rowHeight);
    m_table->verticalHeader()->setDefaultSectionSize(rowHeight);
    m_table->setMinimumHeight(m_table->horizontalHeader()->sizeHint().height() + 5 * rowHeight +
                              2 * m_table->frameWidth());
    layout->addWidget(m_table, 1);
    auto* tableButtons = new QHBoxLayout;
    auto* copy = new QPushButton(tr("Copy"), this);
    copy->setObjectName(QStringLiteral("neighbourCopy"));
    copy->setToolTip(tr("Copy the neighbour list (rank, word, distance, similarity, metric, space) as TSV (Ctrl+C)"));
    auto* save = new QPushButton(tr("Export list…"), this);
    save->setObjectName(QStringLiteral("neighbourExport"));
    save->setToolTip(tr("Write the neighbour list as TSV or CSV"));
    tableButtons->addStretch(1);
    tableButtons->addWidget(copy);
    tableButtons->addWidget(save);
    layout->addLayout(tableButtons);
    // Ctrl+C on the table copies the whole list with its header, not only the current cell.
    auto* copyKey = new QAction(tr("Copy"), m_table);
    copyKey->setShortcut(QKeySequence::Copy);
    copyKey->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_table->addAction(copyKey);
    connect(copyKey, &QAction::triggered, this, [this] { ExportActions::copyTable(neighbourTable(*m_workspace)); });
    connect(copy, &QPushButton::clicked, this, [this] { ExportActions::copyTable(neighbourTable(*m_workspace)); });
    connect(save, &QPushButton::clicked, this, [this] {
        ExportActions::chooseTableFile(this, nullptr, tr("Export neighbours"), QStringLiteral("neighbours.tsv"),
                                       neighbourTable(*m_workspace));
    });
    m_differences->setWordWrap(true);
    m_differences->setObjectName(QStringLiteral("differences"));
    m_differences->setTextFormat(Qt::RichText);
    m_differences->setToolTip(tr("Compares the point's 10 nearest neighbours in the picture with its 10 nearest\n"
                                 "in the original space (Euclidean).\n"
                                 "False neighbours: near in the picture, not in the data (marked purple in the view).\n"
                                 "Torn away: near in the data, not in the picture."));
    layout->addWidget(m_differences);

    auto* boxRow = new QHBoxLayout;
    boxRow->addWidget(m_boxInfo, 1);
    m_isolate->setObjectName(QStringLiteral("isolate"));
    m_isolate->setToolTip(tr("Re-project only the selected points (Show all undoes it)"));
    boxRow->addWidget(m_isolate);
    auto* boxSave = new QPushButton(tr("Export selection…"), this);
    boxSave->setObjectName(QStringLiteral("selectionExport"));
    boxSave->setToolTip(tr("Write the selection's rows, labels and metadata as TSV or CSV"));
    boxRow->addWidget(boxSave);
    connect(boxSave, &QPushButton::clicked, this, [this] {
        ExportActions::chooseTableFile(this, nullptr, tr("Export selection"), QStringLiteral("selection.tsv"),
                                       selectionTable(*m_workspace));
    });
    layout->addLayout(boxRow);

    connect(m_k, &QSpinBox::valueChanged, this, &InspectorDock::applySettings);
    connect(m_metric, &QComboBox::currentIndexChanged, this, &InspectorDock::applySettings);
    connect(m_space, &QComboBox::currentIndexChanged, this, &InspectorDock::applySettings);
    connect(m_exact, &QCheckBox::toggled, this, &InspectorDock::applySettings);
    connect(m_table, &QTableView::clicked, this, [this](const QModelIndex& index) {
        m_workspace->select(m_model->data(index, NeighbourModel::RowRole).toLongLong());
    });
    connect(m_isolate, &QPushButton::clicked, this, [this] {
        std::vector<std::size_t> rows = m_workspace->boxSelection();
        if (rows.empty() && m_workspace->selectedRow() >= 0) {
            rows.push_back(static_cast<std::size_t>(m_workspace->selectedRow()));
            for (const auto& n : m_workspace->neighbours()) rows.push_back(n.row);
        }
        m_workspace->isolate(rows);
    });
    connect(workspace, &Workspace::selectionChanged, this, &InspectorDock::refresh);
    connect(workspace, &Workspace::neighbourStatusChanged, this, &InspectorDock::refresh);
    connect(workspace, &Workspace::datasetChanged, this, &InspectorDock::refresh);
    refresh();
}

void InspectorDock::applySettings() {
    if (m_updating) return;
    NeighbourSettings s;
    s.k = m_k->value();
    s.metric = static_cast<Metric>(m_metric->currentData().toInt());
    s.space = static_cast<VectorSpace>(m_space->currentData().toInt());
    s.exact = m_exact->isChecked();
    m_workspace->setNeighbourSettings(s);
}

void InspectorDock::refresh() {
    m_updating = true;
    const NeighbourSettings& s = m_workspace->neighbourSettings();
    m_k->setValue(s.k);
    m_metric->setCurrentIndex(m_metric->findData(int(s.metric)));
    m_space->setCurrentIndex(m_space->findData(int(s.space)));
    m_exact->setChecked(s.exact);
    m_updating = false;
    m_method->setText(m_workspace->neighbourIndex()->methodText());

    const auto data = m_workspace->dataset();
    const long long row = m_workspace->selectedRow();
    if (!data || row < 0) {
        m_title->setText(tr("Nothing selected"));
        m_details->setText(tr("Click a point to see its nearest neighbours. Ctrl+drag selects a box."));
        m_model->setNeighbours(nullptr, {}, QString());
        m_explain->clear();
    } else {
        const auto r = static_cast<std::size_t>(row);
        m_title->setText(QString::fromStdString(data->embedding.label(r)));
        QStringList details;
        for (const auto& col : data->metadata.columns())
            details << QStringLiteral("%1: <b>%2</b>").arg(QString::fromStdString(col.name).toHtmlEscaped(),
                                                        QString::fromStdString(col.cells[r]).toHtmlEscaped());
        if (auto rank = data->embedding.frequencyRank(r)) details << tr("frequency rank: %L1").arg(*rank + 1);
        details << tr("row %L1").arg(r + 1);
        m_details->setText(details.join(QStringLiteral(" · ")));
        m_model->setNeighbours(data, m_workspace->neighbours(), distanceName(s.metric));
        m_explain->setText(m_workspace->neighbourError().isEmpty()
                               ? tr("%1 nearest in the original %2-D space, %3 distance, %4 vectors.")
                                     .arg(m_workspace->neighbours().size())
                                     .arg(data->embedding.dims())
                                     .arg(QString::fromLatin1(metricName(s.metric)))
                                     .arg(QString::fromLatin1(spaceName(s.space)))
                               : QStringLiteral("<span style='color:#b00'>%1</span>")
                                     .arg(m_workspace->neighbourError().toHtmlEscaped()));
    }
    QString diff;
    const auto& d = m_workspace->differences();
    if (data && row >= 0 && (!d.falseNeighbours.empty() || !d.tornAway.empty())) {
        auto names = [&](const std::vector<std::size_t>& rows) {
            QStringList out;
            for (std::size_t r : rows) out << QString::fromStdString(data->embedding.label(r)).toHtmlEscaped();
            return out.isEmpty() ? tr("none") : out.join(QStringLiteral(", "));
        };
        // What the two terms mean is in the tooltip: here the lines go to the words.
        diff = tr("<span style='color:#7a4fa8'><b>False neighbours</b></span> (%L1): %2"
                  "<br><b>Torn away</b> (%L3): %4")
                   .arg(d.falseNeighbours.size())
                   .arg(names(d.falseNeighbours))
                   .arg(d.tornAway.size())
                   .arg(names(d.tornAway));
    } else if (data && row >= 0 && m_workspace->projection()) {
        diff = tr("The picture keeps all 10 nearest neighbours of this point.");
    }
    m_differences->setText(diff);
    const auto& box = m_workspace->boxSelection();
    m_boxInfo->setText(box.empty() ? QString() : tr("%L1 points in the box selection").arg(box.size()));
    m_isolate->setEnabled(!box.empty() || row >= 0);
}

}  // namespace embedscope::ui
