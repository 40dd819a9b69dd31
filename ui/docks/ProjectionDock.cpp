#include "ProjectionDock.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QRadioButton>

#include "ScreeChart.h"
#include "Workspace.h"

namespace embedscope::ui {

ProjectionDock::ProjectionDock(Workspace* workspace, QWidget* parent)
    : QWidget(parent), m_workspace(workspace), m_method(new QComboBox(this)), m_dims(new QButtonGroup(this)),
      m_spherize(new QCheckBox(tr("Spherize"), this)), m_scree(new ScreeChart(this)), m_summary(new QLabel(this)) {
    setObjectName(QStringLiteral("projectionDock"));
    auto* form = new QFormLayout(this);
    m_method->addItem(tr("PCA"), int(ProjectionMethod::Pca));
    m_method->setToolTip(tr("How the vectors are reduced to 2 or 3 dimensions"));
    form->addRow(tr("Method"), m_method);

    auto* dimsRow = new QHBoxLayout;
    for (int d : {2, 3}) {
        auto* b = new QRadioButton(tr("%1-D").arg(d), this);
        b->setObjectName(QStringLiteral("dims%1").arg(d));
        m_dims->addButton(b, d);
        dimsRow->addWidget(b);
    }
    dimsRow->addStretch();
    form->addRow(tr("Dimensions"), dimsRow);

    const char* names[3] = {"x", "y", "z"};
    for (int a = 0; a < 3; ++a) {
        m_axis[a] = new QComboBox(this);
        m_axis[a]->setObjectName(QStringLiteral("axis%1").arg(names[a]));
        m_axis[a]->setToolTip(tr("The principal component shown along %1").arg(names[a]));
        for (int c = 0; c < 10; ++c) m_axis[a]->addItem(tr("PC%1").arg(c + 1), c);
        m_axisLabel[a] = new QLabel(tr("%1 axis").arg(names[a]), this);
        form->addRow(m_axisLabel[a], m_axis[a]);
        connect(m_axis[a], &QComboBox::currentIndexChanged, this, &ProjectionDock::apply);
    }
    m_spherize->setToolTip(tr("Centre the vectors, then scale each to unit length before PCA.\n"
                              "Without it, PCA only centres (Embedscope always centres)."));
    form->addRow(QString(), m_spherize);
    form->addRow(m_scree);
    m_summary->setWordWrap(true);
    form->addRow(m_summary);

    connect(m_dims, &QButtonGroup::idClicked, this, &ProjectionDock::apply);
    connect(m_spherize, &QCheckBox::toggled, this, &ProjectionDock::apply);
    connect(workspace, &Workspace::datasetChanged, this, &ProjectionDock::refresh);
    connect(workspace, &Workspace::projectionChanged, this, &ProjectionDock::refresh);
    refresh();
}

void ProjectionDock::apply() {
    if (m_updating) return;
    ProjectionSpec spec = m_workspace->projectionSpec();
    spec.method = static_cast<ProjectionMethod>(m_method->currentData().toInt());
    spec.dims = m_dims->checkedId() == 2 ? 2 : 3;
    for (int a = 0; a < 3; ++a) spec.axes[static_cast<std::size_t>(a)] = m_axis[a]->currentData().toInt();
    spec.spherize = m_spherize->isChecked();
    m_axis[2]->setEnabled(spec.dims == 3);
    m_axisLabel[2]->setEnabled(spec.dims == 3);
    if (spec == m_workspace->projectionSpec()) return;
    m_workspace->setProjectionSpec(spec);
}

void ProjectionDock::refresh() {
    m_updating = true;
    const ProjectionSpec& spec = m_workspace->projectionSpec();
    m_dims->button(spec.dims)->setChecked(true);
    const auto projection = m_workspace->projection();
    const int available = projection ? static_cast<int>(projection->explainedVarianceRatio.size()) : 10;
    for (int a = 0; a < 3; ++a) {
        for (int c = 0; c < m_axis[a]->count(); ++c)
            m_axis[a]->setItemData(c, c < available ? QVariant() : QVariant(0), Qt::UserRole - 1);  // disable
        m_axis[a]->setCurrentIndex(spec.axes[static_cast<std::size_t>(a)]);
    }
    m_axis[2]->setEnabled(spec.dims == 3);
    m_axisLabel[2]->setEnabled(spec.dims == 3);
    m_spherize->setChecked(spec.spherize);
    if (projection) {
        std::vector<int> shown(spec.axes.begin(), spec.axes.begin() + spec.dims);
        m_scree->setData(projection->explainedVarianceRatio, shown);
        m_summary->setText(projection->describe());
    } else {
        m_scree->setData({}, {});
        m_summary->clear();
    }
    m_updating = false;
}

}  // namespace embedscope::ui
