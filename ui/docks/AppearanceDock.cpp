#include "AppearanceDock.h"

#include <cmath>

#include <QComboBox>
#include <QFormLayout>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>

#include "AppSettings.h"
#include "Workspace.h"
#include "view/ScatterPresenter.h"

namespace embedscope::ui {

AppearanceDock::AppearanceDock(Workspace* workspace, ScatterPresenter* presenter, AppSettings* settings,
                               QWidget* parent)
    : QWidget(parent), m_workspace(workspace), m_presenter(presenter), m_settings(settings),
      m_colourBy(new QComboBox(this)), m_size(new QSlider(Qt::Horizontal, this)),
      m_opacity(new QSlider(Qt::Horizontal, this)), m_labelMode(new QComboBox(this)), m_labelFont(new QSpinBox(this)),
      m_labelBy(new QComboBox(this)) {
    setObjectName(QStringLiteral("appearanceDock"));
    auto* form = new QFormLayout(this);
    m_colourBy->setObjectName(QStringLiteral("colourBy"));
    m_colourBy->setToolTip(tr("Colour points by a metadata column: categories get a palette\n"
                              "(the 20 most frequent; the rest 'other'), numbers a colour map"));
    form->addRow(tr("Colour by"), m_colourBy);
    m_size->setRange(1, 20);
    m_size->setObjectName(QStringLiteral("pointSize"));
    m_size->setToolTip(tr("Point size in pixels"));
    form->addRow(tr("Point size"), m_size);
    m_opacity->setRange(10, 100);
    m_opacity->setObjectName(QStringLiteral("opacity"));
    m_opacity->setToolTip(tr("Point opacity: lower it to see density in crowded regions"));
    form->addRow(tr("Opacity"), m_opacity);
    m_labelMode->setObjectName(QStringLiteral("labelMode"));
    m_labelMode->addItem(tr("Map"), int(LabelMode::Map));
    m_labelMode->addItem(tr("Selection only"), int(LabelMode::SelectionOnly));
    m_labelMode->addItem(tr("None"), int(LabelMode::None));
    m_labelMode->setToolTip(tr("Map: as many words as fit without overlapping, the most frequent first;\n"
                               "more appear as you zoom in. The selected, hovered and searched points\n"
                               "and the neighbours are always named.\n"
                               "Selection only: just those. None: no labels."));
    form->addRow(tr("Labels"), m_labelMode);
    m_labelFont->setRange(8, 32);
    m_labelFont->setSuffix(tr(" px"));
    m_labelFont->setObjectName(QStringLiteral("labelFont"));
    m_labelFont->setToolTip(tr("Label font size"));
    form->addRow(tr("Label size"), m_labelFont);
    m_labelBy->setObjectName(QStringLiteral("labelBy"));
    m_labelBy->setToolTip(tr("What names a point: its label, or a metadata column"));
    form->addRow(tr("Label by"), m_labelBy);

    connect(m_colourBy, &QComboBox::activated, this,
            [this](int index) { m_workspace->setColourColumn(m_colourBy->itemData(index).toInt()); });
    connect(m_size, &QSlider::valueChanged, this, [this](int v) {
        m_presenter->setPointSize(v);
        m_settings->setValue(QStringLiteral("view/pointSize"), v);
    });
    connect(m_opacity, &QSlider::valueChanged, this, [this](int v) {
        m_presenter->setOpacity(v / 100.0);
        m_settings->setValue(QStringLiteral("view/opacity"), v);
    });
    connect(m_labelMode, &QComboBox::activated, this, [this] {
        m_settings->setValue(QStringLiteral("view/labelMode"), m_labelMode->currentData().toInt());
        applyLabels();
    });
    connect(m_labelFont, &QSpinBox::valueChanged, this, [this](int v) {
        m_settings->setValue(QStringLiteral("view/labelFont"), v);
        applyLabels();
    });
    connect(m_labelBy, &QComboBox::activated, this, &AppearanceDock::applyLabels);
    connect(workspace, &Workspace::datasetChanged, this, &AppearanceDock::refreshColumns);
    connect(workspace, &Workspace::colouringChanged, this, &AppearanceDock::refreshColumns);

    m_size->setValue(settings->value(QStringLiteral("view/pointSize"), 5).toInt());
    m_opacity->setValue(settings->value(QStringLiteral("view/opacity"), 100).toInt());
    m_labelMode->setCurrentIndex(std::max(0, m_labelMode->findData(settings->value(QStringLiteral("view/labelMode"), 0).toInt())));
    {
        const QSignalBlocker block(m_labelFont);
        m_labelFont->setValue(settings->value(QStringLiteral("view/labelFont"), 12).toInt());
    }
    m_presenter->setPointSize(m_size->value());
    m_presenter->setOpacity(m_opacity->value() / 100.0);
    refreshColumns();
}

void AppearanceDock::applyLabels() {
    LabelSettings s;
    s.mode = static_cast<LabelMode>(m_labelMode->currentData().toInt());
    s.fontSize = m_labelFont->value();
    s.column = m_labelBy->currentIndex() >= 0 ? m_labelBy->currentData().toInt() : -1;
    m_presenter->setLabelSettings(s);
}

void AppearanceDock::refreshColumns() {
    m_colourBy->clear();
    m_colourBy->addItem(tr("(one colour)"), -1);
    const auto data = m_workspace->dataset();
    if (data) {
        const auto& cols = data->metadata.columns();
        for (std::size_t i = 0; i < cols.size(); ++i) {
            if (cols[i].type == ColumnType::Text) continue;  // free text has no colours
            const QString kind = cols[i].type == ColumnType::Numeric ? tr("numeric") : tr("categories");
            m_colourBy->addItem(QStringLiteral("%1 (%2)").arg(QString::fromStdString(cols[i].name), kind),
                                static_cast<int>(i));
        }
        if (const auto& derived = m_workspace->derivedColumn())
            m_colourBy->addItem(tr("%1 (computed)").arg(QString::fromStdString(derived->name)), Workspace::kDerivedColour);
        m_colourBy->addItem(tr("faithfulness of the layout"), Workspace::kFaithfulnessColour);
        m_colourBy->setItemData(m_colourBy->count() - 1,
                                tr("Per point: the share of its 10 nearest neighbours in the original space that\n"
                                   "are also among its 10 nearest in the picture. Dark = misleading neighbourhood."),
                                Qt::ToolTipRole);
    }
    m_colourBy->setCurrentIndex(std::max(0, m_colourBy->findData(m_workspace->colourColumn())));

    const int labelColumn = m_labelBy->currentData().toInt();
    m_labelBy->clear();
    m_labelBy->addItem(tr("(label)"), -1);
    if (data)
        for (std::size_t i = 0; i < data->metadata.columnCount(); ++i)
            m_labelBy->addItem(QString::fromStdString(data->metadata.column(i).name), static_cast<int>(i));
    m_labelBy->setCurrentIndex(std::max(0, m_labelBy->findData(labelColumn)));
    applyLabels();
}

AppearanceState AppearanceDock::state() const {
    return AppearanceState{static_cast<double>(m_size->value()), m_opacity->value() / 100.0};
}

void AppearanceDock::restore(const AppearanceState& state) {
    if (state.pointSize > 0) {
        const QSignalBlocker block(m_size);
        m_size->setValue(static_cast<int>(std::lround(state.pointSize)));
        m_presenter->setPointSize(m_size->value());
    }
    if (state.opacity > 0) {
        const QSignalBlocker block(m_opacity);
        m_opacity->setValue(static_cast<int>(std::lround(state.opacity * 100)));
        m_presenter->setOpacity(m_opacity->value() / 100.0);
    }
}

}  // namespace embedscope::ui
