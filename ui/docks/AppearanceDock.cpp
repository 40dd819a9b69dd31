#include "AppearanceDock.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QSlider>

#include "AppSettings.h"
#include "Workspace.h"
#include "view/ScatterPresenter.h"

namespace embedscope::ui {

AppearanceDock::AppearanceDock(Workspace* workspace, ScatterPresenter* presenter, AppSettings* settings,
                               QWidget* parent)
    : QWidget(parent), m_workspace(workspace), m_presenter(presenter), m_settings(settings),
      m_colourBy(new QComboBox(this)), m_size(new QSlider(Qt::Horizontal, this)),
      m_opacity(new QSlider(Qt::Horizontal, this)), m_labels(new QCheckBox(tr("Show labels"), this)) {
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
    m_labels->setToolTip(tr("Name the hovered and selected points and the neighbours"));
    form->addRow(QString(), m_labels);

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
    connect(m_labels, &QCheckBox::toggled, this, [this](bool on) {
        m_presenter->setShowLabels(on);
        m_settings->setValue(QStringLiteral("view/labels"), on);
    });
    connect(workspace, &Workspace::datasetChanged, this, &AppearanceDock::refreshColumns);
    connect(workspace, &Workspace::colouringChanged, this, &AppearanceDock::refreshColumns);

    m_size->setValue(settings->value(QStringLiteral("view/pointSize"), 5).toInt());
    m_opacity->setValue(settings->value(QStringLiteral("view/opacity"), 100).toInt());
    m_labels->setChecked(settings->value(QStringLiteral("view/labels"), true).toBool());
    m_presenter->setPointSize(m_size->value());
    m_presenter->setOpacity(m_opacity->value() / 100.0);
    m_presenter->setShowLabels(m_labels->isChecked());
    refreshColumns();
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
        m_colourBy->addItem(tr("faithfulness of the layout"), Workspace::kFaithfulnessColour);
        m_colourBy->setItemData(m_colourBy->count() - 1,
                                tr("Per point: the share of its 10 nearest neighbours in the original space that\n"
                                   "are also among its 10 nearest in the picture. Dark = misleading neighbourhood."),
                                Qt::ToolTipRole);
    }
    m_colourBy->setCurrentIndex(std::max(0, m_colourBy->findData(m_workspace->colourColumn())));
}

}  // namespace embedscope::ui
