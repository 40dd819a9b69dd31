#include "WeatDock.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>
#include <type_traits>

#include "analysis/WeatModel.h"
#include "analysis/WordSpace.h"

namespace embedscope::ui {

namespace {
QString joined(const std::vector<std::string>& words) {
    QStringList out;
    for (const std::string& w : words) out << QString::fromStdString(w);
    return out.join(QStringLiteral(", "));
}

std::vector<std::string> words(const QPlainTextEdit* field) {
    std::vector<std::string> out;
    for (const QString& w : splitWords(field->toPlainText())) out.push_back(w.toStdString());
    return out;
}
}  // namespace

WeatDock::WeatDock(WeatModel* model, QWidget* parent)
    : QWidget(parent),
      m_model(model),
      m_test(new QComboBox(this)),
      m_method(new QComboBox(this)),
      m_permutations(new QSpinBox(this)),
      m_seed(new QSpinBox(this)),
      m_run(new QPushButton(tr("Run test"), this)),
      m_copy(new QPushButton(tr("Copy"), this)),
      m_export(new QPushButton(tr("Export TSV…"), this)),
      m_status(new QLabel(this)),
      m_table(new QTableWidget(this)) {
    setObjectName(QStringLiteral("weatDock"));
    auto* layout = new QVBoxLayout(this);
    // A grid, not a QFormLayout: the form sized its columns by the fields' size hints, which made
    // the dock (and the whole right dock area) twice as wide as it needs to be.
    auto* form = new QGridLayout;
    form->setColumnStretch(1, 1);
    const auto addRow = [form](QWidget* label, auto* field) {
        const int row = form->rowCount();
        form->addWidget(label, row, 0);
        if constexpr (std::is_base_of_v<QLayout, std::remove_pointer_t<decltype(field)>>)
            form->addLayout(field, row, 1);
        else
            form->addWidget(field, row, 1);
    };
    m_test->setObjectName(QStringLiteral("weatTest"));
    m_test->setSizeAdjustPolicy(
        QComboBox::AdjustToMinimumContentsLengthWithIcon);  // long test names
    m_test->setMinimumContentsLength(16);
    for (const WeatSets& t : model->tests())
        m_test->addItem(QStringLiteral("%1: %2 vs %3, %4 vs %5")
                            .arg(QString::fromStdString(t.name), QString::fromStdString(t.xName),
                                 QString::fromStdString(t.yName), QString::fromStdString(t.aName),
                                 QString::fromStdString(t.bName)));
    m_test->addItem(tr("Custom sets"));
    m_test->setToolTip(
        tr("The ten tests of Caliskan, Bryson & Narayanan (2017), or your own sets"));
    addRow(new QLabel(tr("Test"), this), m_test);
    const QString setTips[4] = {tr("Target words X"), tr("Target words Y"), tr("Attribute words A"),
                                tr("Attribute words B")};
    for (int i = 0; i < 4; ++i) {
        m_sets[i] = new QPlainTextEdit(this);
        m_sets[i]->setObjectName(QStringLiteral("weatSet%1").arg(QLatin1Char("XYAB"[i])));
        m_sets[i]->setToolTip(setTips[i] + tr(", separated by commas or spaces"));
        m_sets[i]->setFixedHeight(m_sets[i]->fontMetrics().height() * 2 + 10);
        m_sets[i]->setMinimumWidth(80);
        m_setNames[i] = new QLabel(QString(QLatin1Char("XYAB"[i])), this);
        addRow(m_setNames[i], m_sets[i]);
    }
    m_method->addItem(tr("Auto"), int(WeatPValueMethod::Auto));
    m_method->addItem(tr("Exact"), int(WeatPValueMethod::Exact));
    m_method->addItem(tr("Monte-Carlo"), int(WeatPValueMethod::MonteCarlo));
    m_method->setToolTip(
        tr("One-sided permutation p-value: every split of X ∪ Y, or seeded random splits"));
    addRow(new QLabel(tr("p-value"), this), m_method);
    m_permutations->setRange(100, 10'000'000);
    m_permutations->setValue(100'000);
    m_permutations->setToolTip(tr("Monte-Carlo splits"));
    m_seed->setRange(0, 99'999);
    m_seed->setValue(42);
    m_seed->setPrefix(tr("seed "));
    m_seed->setToolTip(tr("Monte-Carlo seed: the same seed gives the same p"));
    auto* pRow = new QHBoxLayout;
    pRow->addWidget(m_permutations, 1);
    pRow->addWidget(m_seed, 1);
    addRow(new QLabel(tr("Splits"), this), pRow);
    layout->addLayout(form);
    auto* buttons = new QHBoxLayout;
    m_run->setObjectName(QStringLiteral("runWeat"));
    buttons->addWidget(m_run);
    buttons->addWidget(m_copy);
    buttons->addWidget(m_export);
    layout->addLayout(buttons);
    m_status->setWordWrap(true);
    m_status->setObjectName(QStringLiteral("weatStatus"));
    layout->addWidget(m_status);
    m_table->setObjectName(QStringLiteral("weatTable"));
    m_table->setColumnCount(2);
    m_table->setHorizontalHeaderLabels({tr("Measure"), tr("Value")});
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(true);
    m_table->setMinimumHeight(m_table->fontMetrics().height() * 6);
    layout->addWidget(m_table, 1);
    m_copy->setEnabled(false);
    m_export->setEnabled(false);

    connect(m_test, &QComboBox::currentIndexChanged, this, &WeatDock::showTest);
    connect(m_run, &QPushButton::clicked, this, &WeatDock::run);
    connect(m_copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_model->table()); });
    connect(m_export, &QPushButton::clicked, this, &WeatDock::chooseExport);
    connect(m_model, &WeatModel::resultReady, this, &WeatDock::showResult);
    connect(m_model, &WeatModel::failed, this, [this](const QString& message) {
        m_status->setText(
            QStringLiteral("<span style='color:#b2182b'>%1</span>").arg(message.toHtmlEscaped()));
    });
    showTest(0);
}

void WeatDock::showTest(int index) {
    const bool shipped = index >= 0 && index < m_model->tests().size();
    const WeatSets sets = shipped ? m_model->tests()[index] : WeatSets{};
    const std::vector<std::string>* lists[4] = {&sets.x, &sets.y, &sets.a, &sets.b};
    const std::string* names[4] = {&sets.xName, &sets.yName, &sets.aName, &sets.bName};
    for (int i = 0; i < 4; ++i) {
        if (shipped) m_sets[i]->setPlainText(joined(*lists[i]));
        const QString letter(QLatin1Char("XYAB"[i]));
        m_setNames[i]->setText(names[i]->empty() ? letter
                                                 : QStringLiteral("%1 (%2)").arg(
                                                       letter, QString::fromStdString(*names[i])));
    }
}

void WeatDock::run() {
    WeatSets sets;
    const int index = m_test->currentIndex();
    if (index >= 0 && index < m_model->tests().size()) {
        sets = m_model->tests()[index];
        // Edited sets are no longer the published test.
        const std::vector<std::string> typed[4] = {words(m_sets[0]), words(m_sets[1]),
                                                   words(m_sets[2]), words(m_sets[3])};
        if (typed[0] != sets.x || typed[1] != sets.y || typed[2] != sets.a || typed[3] != sets.b)
            sets.name += " (edited)";
    } else {
        sets.name = "custom";
    }
    sets.x = words(m_sets[0]);
    sets.y = words(m_sets[1]);
    sets.a = words(m_sets[2]);
    sets.b = words(m_sets[3]);
    WeatOptions options;
    options.method = static_cast<WeatPValueMethod>(m_method->currentData().toInt());
    options.permutations = static_cast<std::size_t>(m_permutations->value());
    options.seed = static_cast<std::uint64_t>(m_seed->value());
    m_status->setText(
        tr("<i>Running %1…</i>").arg(QString::fromStdString(sets.name).toHtmlEscaped()));
    m_model->run(sets, options);
}

void WeatDock::showResult() {
    const auto& r = m_model->result();
    m_copy->setEnabled(r.has_value());
    m_export->setEnabled(r.has_value());
    m_table->setRowCount(0);
    // Sets restored from a workspace file appear in the editors.
    const WeatSets& restored = m_model->sets();
    const std::vector<std::string>* lists[4] = {&restored.x, &restored.y, &restored.a, &restored.b};
    for (int i = 0; i < 4; ++i)
        if (!lists[i]->empty() && words(m_sets[i]) != *lists[i]) m_sets[i]->setPlainText(joined(*lists[i]));
    if (!r) {
        m_status->clear();
        return;
    }
    const WeatSets& s = m_model->sets();
    const auto name = [](const std::string& n, const char* letter) {
        return n.empty() ? QString::fromLatin1(letter) : QString::fromStdString(n);
    };
    const QList<QPair<QString, QString>> rows{
        {tr("Effect size d"), QString::number(r->effectSize, 'f', 3)},
        {tr("p-value (one-sided)"), r->pValue < 1e-4 ? QString::number(r->pValue, 'e', 2)
                                                     : QString::number(r->pValue, 'f', 4)},
        {tr("p found by"), r->exact ? tr("exact: all %L1 splits").arg(r->permutations)
                                    : tr("Monte-Carlo: %L1 splits, seed %2")
                                          .arg(r->permutations)
                                          .arg(m_model->options().seed)},
        {tr("Words used X / Y / A / B"), QStringLiteral("%1 / %2 / %3 / %4")
                                             .arg(r->sizeX)
                                             .arg(r->sizeY)
                                             .arg(r->sizeA)
                                             .arg(r->sizeB)},
        {tr("Missing (%1)").arg(r->missing.size()),
         r->missing.empty() ? tr("none") : joined(r->missing)},
    };
    m_table->setRowCount(static_cast<int>(rows.size()));
    for (int i = 0; i < rows.size(); ++i) {
        m_table->setItem(i, 0, new QTableWidgetItem(rows[i].first));
        m_table->setItem(i, 1, new QTableWidgetItem(rows[i].second));
    }
    m_table->resizeRowsToContents();
    m_status->setText(tr("<b>%1</b>: %2 vs %3 on %4 vs %5")
                          .arg(QString::fromStdString(s.name).toHtmlEscaped(), name(s.xName, "X"),
                               name(s.yName, "Y"), name(s.aName, "A"), name(s.bName, "B")));
}

void WeatDock::chooseExport() {
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export WEAT result"), QStringLiteral("weat.tsv"),
                                     tr("Tab-separated values (*.tsv)"));
    if (path.isEmpty()) return;
    QString error;
    if (!m_model->exportTable(path, &error)) QMessageBox::warning(this, tr("Export failed"), error);
}

}  // namespace embedscope::ui
