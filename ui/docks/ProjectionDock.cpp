#include "ProjectionDock.h"

#include <QAction>
#include <QActionGroup>
#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "AxesBox.h"
#include "ScreeChart.h"
#include "Workspace.h"

namespace embedscope::ui {

ProjectionDock::ProjectionDock(Workspace* workspace, QWidget* parent)
    : QWidget(parent), m_workspace(workspace), m_method(new QComboBox(this)), m_dims(new QButtonGroup(this)),
      m_spherize(new QCheckBox(tr("Spherize"), this)), m_scree(new ScreeChart(this)),
      m_pcaBox(new QGroupBox(tr("PCA"), this)), m_tsneBox(new QGroupBox(tr("t-SNE"), this)),
      m_axesBox(new AxesBox(workspace, this)),
      m_perplexity(new QDoubleSpinBox(this)), m_iterations(new QSpinBox(this)), m_learningRate(new QDoubleSpinBox(this)),
      m_exaggeration(new QDoubleSpinBox(this)), m_seed(new QSpinBox(this)), m_tsneMetric(new QComboBox(this)),
      m_selectionOnly(new QCheckBox(tr("Only the box selection"), this)), m_run(new QPushButton(tr("Run"), this)),
      m_pause(new QPushButton(tr("Pause"), this)), m_stop(new QPushButton(tr("Stop"), this)),
      m_progress(new QLabel(this)), m_summary(new QLabel(this)), m_quality(new QLabel(this)) {
    setObjectName(QStringLiteral("projectionDock"));
    auto* layout = new QVBoxLayout(this);
    auto* top = new QFormLayout;
    m_method->addItem(tr("PCA"), int(ProjectionMethod::Pca));
    m_method->addItem(tr("t-SNE"), int(ProjectionMethod::Tsne));
    m_method->addItem(tr("Semantic axes"), int(ProjectionMethod::Axes));
    m_method->setObjectName(QStringLiteral("method"));
    m_method->setToolTip(tr("PCA: linear, instant, keeps global structure.\n"
                            "t-SNE: non-linear, shows clusters; runs a while and animates.\n"
                            "Semantic axes: each point's cosine with axes typed as word formulas (he - she)."));
    top->addRow(tr("Method"), m_method);
    auto* dimsRow = new QHBoxLayout;
    for (int d : {2, 3}) {
        auto* b = new QRadioButton(tr("%1-D").arg(d), this);
        b->setObjectName(QStringLiteral("dims%1").arg(d));
        m_dims->addButton(b, d);
        dimsRow->addWidget(b);
    }
    dimsRow->addStretch();
    top->addRow(tr("Dimensions"), dimsRow);
    layout->addLayout(top);

    auto* pca = new QFormLayout(m_pcaBox);
    const char* names[3] = {"x", "y", "z"};
    for (int a = 0; a < 3; ++a) {
        m_axis[a] = new QComboBox(this);
        m_axis[a]->setObjectName(QStringLiteral("axis%1").arg(names[a]));
        m_axis[a]->setToolTip(tr("The principal component shown along %1").arg(names[a]));
        for (int c = 0; c < 10; ++c) m_axis[a]->addItem(tr("PC%1").arg(c + 1), c);
        m_axisLabel[a] = new QLabel(tr("%1 axis").arg(names[a]), this);
        pca->addRow(m_axisLabel[a], m_axis[a]);
        connect(m_axis[a], &QComboBox::currentIndexChanged, this, &ProjectionDock::apply);
    }
    m_spherize->setToolTip(tr("Centre the vectors, then scale each to unit length before PCA.\n"
                              "Without it, PCA only centres (Embedscope always centres)."));
    pca->addRow(QString(), m_spherize);
    pca->addRow(m_scree);
    layout->addWidget(m_pcaBox);

    auto* tsne = new QFormLayout(m_tsneBox);
    m_perplexity->setRange(2, 500);
    m_perplexity->setDecimals(0);
    m_perplexity->setObjectName(QStringLiteral("perplexity"));
    m_perplexity->setToolTip(tr("About how many neighbours each point attends to (must be below the number of points)"));
    tsne->addRow(tr("Perplexity"), m_perplexity);
    m_iterations->setRange(250, 20000);
    m_iterations->setSingleStep(250);
    m_iterations->setObjectName(QStringLiteral("iterations"));
    m_iterations->setToolTip(tr("Iterations in total; the first 250 exaggerate attraction to form clusters"));
    tsne->addRow(tr("Iterations"), m_iterations);
    m_learningRate->setRange(0, 100000);
    m_learningRate->setDecimals(0);
    m_learningRate->setSpecialValueText(tr("auto (N/12)"));
    m_learningRate->setToolTip(tr("Step size; auto = max(N/12, 200) (Belkina et al. 2019)"));
    tsne->addRow(tr("Learning rate"), m_learningRate);
    m_exaggeration->setRange(1, 100);
    m_exaggeration->setDecimals(1);
    m_exaggeration->setToolTip(tr("Early exaggeration factor (12 is the standard)"));
    tsne->addRow(tr("Exaggeration"), m_exaggeration);
    m_seed->setRange(0, 2'000'000'000);
    m_seed->setObjectName(QStringLiteral("seed"));
    m_seed->setToolTip(tr("The same seed gives the same picture"));
    tsne->addRow(tr("Seed"), m_seed);
    m_tsneMetric->addItem(tr("Auto"), -1);
    m_tsneMetric->addItem(tr("Cosine"), int(Metric::Cosine));
    m_tsneMetric->addItem(tr("Euclidean"), int(Metric::Euclidean));
    m_tsneMetric->setObjectName(QStringLiteral("tsneMetric"));
    m_tsneMetric->setToolTip(tr("The distance that decides who is whose neighbour.\n"
                                "Auto: cosine for word vectors (word2vec, GloVe, fastText), whose lengths\n"
                                "mostly track frequency; euclidean for other embeddings."));
    tsne->addRow(tr("Metric"), m_tsneMetric);
    m_selectionOnly->setToolTip(tr("Run t-SNE on the points of the box selection only (Ctrl+drag to select)"));
    tsne->addRow(QString(), m_selectionOnly);
    auto* buttons = new QHBoxLayout;
    m_run->setObjectName(QStringLiteral("runTsne"));
    m_run->setToolTip(tr("Start t-SNE with these settings (Ctrl+T)"));
    m_pause->setObjectName(QStringLiteral("pauseTsne"));
    m_pause->setCheckable(true);
    m_pause->setToolTip(tr("Pause or resume the animation (Ctrl+P)"));
    m_stop->setObjectName(QStringLiteral("stopTsne"));
    m_stop->setToolTip(tr("Stop now and keep the layout reached so far (Ctrl+.)"));
    buttons->addWidget(m_run);
    buttons->addWidget(m_pause);
    buttons->addWidget(m_stop);
    tsne->addRow(buttons);
    m_progress->setObjectName(QStringLiteral("tsneProgress"));
    tsne->addRow(m_progress);
    layout->addWidget(m_tsneBox);
    layout->addWidget(m_axesBox);
    m_axesBox->hide();

    m_summary->setWordWrap(true);
    m_summary->setObjectName(QStringLiteral("projectionSummary"));
    layout->addWidget(m_summary);
    m_quality->setWordWrap(true);
    m_quality->setObjectName(QStringLiteral("quality"));
    m_quality->setToolTip(tr("How faithful the picture is, measured on a sample of up to 1 000 points with k = 10:\n"
                             "trustworthiness (Venna & Kaski 2001): are the picture's neighbours real ones? (1 = all)\n"
                             "10-NN recall: share of each point's 10 nearest in the original space kept in the picture.\n"
                             "Colour by faithfulness (Appearance) shows this per point."));
    layout->addWidget(m_quality);
    layout->addStretch();

    connect(m_method, &QComboBox::currentIndexChanged, this, [this] {
        const bool isTsne = m_method->currentData().toInt() == int(ProjectionMethod::Tsne);
        const bool isAxes = m_method->currentData().toInt() == int(ProjectionMethod::Axes);
        m_axesBox->setVisible(isAxes);
        m_pcaBox->setVisible(!isTsne && !isAxes);
        m_tsneBox->setVisible(isTsne);
        (isTsne ? m_useTsne : isAxes ? m_useAxes : m_usePca)->setChecked(true);
        if (!isTsne) apply();
    });
    connect(m_dims, &QButtonGroup::idClicked, this, &ProjectionDock::apply);
    connect(m_axesBox, &AxesBox::applyRequested, this, &ProjectionDock::apply);
    connect(m_spherize, &QCheckBox::toggled, this, &ProjectionDock::apply);
    connect(m_run, &QPushButton::clicked, this, &ProjectionDock::runTsne);
    buildActions();
    connect(m_pause, &QPushButton::toggled, m_pauseAction, &QAction::setChecked);
    connect(m_stop, &QPushButton::clicked, m_stopAction, &QAction::trigger);
    connect(workspace, &Workspace::datasetChanged, this, &ProjectionDock::refresh);
    connect(workspace, &Workspace::projectionChanged, this, &ProjectionDock::refresh);
    connect(workspace, &Workspace::projectionUpdated, this, &ProjectionDock::refresh);
    connect(workspace, &Workspace::qualityChanged, this, &ProjectionDock::refreshQuality);
    connect(workspace, &Workspace::tsneStep, this, [this](int iteration, double kl) {
        m_progress->setText(tr("iteration %1 / %2 · KL %3")
                                .arg(iteration).arg(m_workspace->projectionSpec().tsne.iterations).arg(kl, 0, 'f', 3));
    });
    connect(workspace, &Workspace::tsneRunningChanged, this, [this](bool running) {
        m_run->setEnabled(!running);
        m_runAction->setEnabled(!running);
        m_pause->setEnabled(running);
        m_pauseAction->setEnabled(running);
        m_stop->setEnabled(running);
        m_stopAction->setEnabled(running);
        if (!running) {
            m_pauseAction->setChecked(false);
            showOutcome();
        }
    });
    m_pause->setEnabled(false);
    m_pauseAction->setEnabled(false);
    m_stop->setEnabled(false);
    m_stopAction->setEnabled(false);
    m_tsneBox->setVisible(false);
    refresh();
}

void ProjectionDock::buildActions() {
    auto make = [this](const QString& text, const QString& keys, const QString& tip) {
        auto* a = new QAction(text, this);
        if (!keys.isEmpty()) a->setShortcut(QKeySequence(keys));
        a->setToolTip(tip);
        a->setStatusTip(tip);
        return a;
    };
    auto* methods = new QActionGroup(this);
    m_usePca = make(tr("&PCA"), tr("Ctrl+Shift+P"), tr("Project with PCA (instant)"));
    m_useTsne = make(tr("&t-SNE settings"), QString(), tr("Show t-SNE's settings; Run starts it"));
    m_useAxes = make(tr("Semantic &axes"), QString(), tr("Place words by their cosine with axes typed as formulas"));
    auto* dims = new QActionGroup(this);
    m_twoD = make(tr("&2-D"), tr("Ctrl+2"), tr("Show the projection in two dimensions"));
    m_threeD = make(tr("&3-D"), tr("Ctrl+3"), tr("Show the projection in three dimensions"));
    for (QAction* a : {m_usePca, m_useTsne, m_useAxes, m_twoD, m_threeD}) a->setCheckable(true);
    methods->addAction(m_usePca);
    methods->addAction(m_useTsne);
    methods->addAction(m_useAxes);
    dims->addAction(m_twoD);
    dims->addAction(m_threeD);
    m_runAction = make(tr("&Run t-SNE"), tr("Ctrl+T"), tr("Start t-SNE with the settings of the Projection dock"));
    m_pauseAction = make(tr("&Pause t-SNE"), tr("Ctrl+P"), tr("Pause or resume the running t-SNE"));
    m_pauseAction->setCheckable(true);
    m_stopAction = make(tr("&Stop t-SNE"), tr("Ctrl+."), tr("Stop now and keep the layout reached so far"));
    m_runAction->setObjectName(QStringLiteral("runTsneAction"));

    connect(m_usePca, &QAction::triggered, this, [this] { setMethod(ProjectionMethod::Pca); });
    connect(m_useTsne, &QAction::triggered, this, [this] { setMethod(ProjectionMethod::Tsne); });
    connect(m_useAxes, &QAction::triggered, this, [this] { setMethod(ProjectionMethod::Axes); });
    for (auto [action, d] : {std::pair{m_twoD, 2}, std::pair{m_threeD, 3}})
        connect(action, &QAction::triggered, this, [this, d = d] {
            m_dims->button(d)->setChecked(true);
            apply();
        });
    connect(m_runAction, &QAction::triggered, this, &ProjectionDock::runTsne);
    connect(m_pauseAction, &QAction::toggled, this, [this](bool paused) {
        m_workspace->setTsnePaused(paused);
        const QSignalBlocker block(m_pause);
        m_pause->setChecked(paused);
        m_pause->setText(paused ? tr("Resume") : tr("Pause"));
        m_pauseAction->setText(paused ? tr("Resume t-SNE") : tr("&Pause t-SNE"));
    });
    connect(m_stopAction, &QAction::triggered, m_workspace, &Workspace::stopProjection);
}

QList<QAction*> ProjectionDock::menuActions() const {
    return {m_usePca, m_useTsne, m_useAxes, nullptr, m_twoD, m_threeD, nullptr, m_runAction, m_pauseAction, m_stopAction};
}

void ProjectionDock::setMethod(ProjectionMethod method) {
    m_method->setCurrentIndex(m_method->findData(int(method)));
}

ProjectionSpec ProjectionDock::specFromControls() const {
    ProjectionSpec spec = m_workspace->projectionSpec();
    spec.method = static_cast<ProjectionMethod>(m_method->currentData().toInt());
    spec.dims = m_dims->checkedId() == 2 ? 2 : 3;
    for (int a = 0; a < 3; ++a) spec.axes[static_cast<std::size_t>(a)] = m_axis[a]->currentData().toInt();
    spec.spherize = m_spherize->isChecked();
    spec.tsne.perplexity = m_perplexity->value();
    spec.tsne.iterations = m_iterations->value();
    spec.tsne.learningRate = m_learningRate->value();
    spec.tsne.exaggeration = m_exaggeration->value();
    spec.tsne.seed = static_cast<unsigned>(m_seed->value());
    spec.tsne.metric = m_tsneMetric->currentData().toInt();
    spec.tsne.selectionOnly = m_selectionOnly->isChecked();
    spec.formulas = m_axesBox->formulas();
    return spec;
}

void ProjectionDock::apply() {
    if (m_updating) return;
    const ProjectionSpec spec = specFromControls();
    m_axis[2]->setEnabled(spec.dims == 3);
    m_axisLabel[2]->setEnabled(spec.dims == 3);
    // t-SNE waits for Run; PCA follows every change at once.
    if (spec.method == ProjectionMethod::Tsne || spec == m_workspace->projectionSpec()) return;
    if (spec.method == ProjectionMethod::Axes && !m_axesBox->check()) return;  // the error is under its field
    m_workspace->setProjectionSpec(spec);
}

void ProjectionDock::runTsne() {
    ProjectionSpec spec = specFromControls();
    spec.method = ProjectionMethod::Tsne;
    setMethod(ProjectionMethod::Tsne);
    m_progress->setText(tr("finding neighbours…"));
    m_workspace->setProjectionSpec(spec);
}

void ProjectionDock::showOutcome() {
    const auto p = m_workspace->projection();
    if (!p || p->spec.method != ProjectionMethod::Tsne) return;
    m_progress->setText(p->stopped ? tr("stopped at iteration %1 · KL %2").arg(p->iterations).arg(p->kl, 0, 'f', 3)
                                   : tr("done: %1 iterations · KL %2").arg(p->iterations).arg(p->kl, 0, 'f', 3));
}

void ProjectionDock::refresh() {
    // The run's end is announced before its result replaces the last frame: the outcome is
    // shown again once the result is in.
    if (!m_workspace->isTsneRunning()) showOutcome();
    m_updating = true;
    const ProjectionSpec& spec = m_workspace->projectionSpec();
    m_method->setCurrentIndex(m_method->findData(int(spec.method)));
    m_pcaBox->setVisible(spec.method == ProjectionMethod::Pca);
    m_tsneBox->setVisible(spec.method == ProjectionMethod::Tsne);
    m_axesBox->setVisible(spec.method == ProjectionMethod::Axes);
    // Only an axes layout's own formulas: text still being typed survives other projections' updates.
    if (spec.method == ProjectionMethod::Axes) m_axesBox->setFormulas(spec.formulas);
    m_dims->button(spec.dims)->setChecked(true);
    (spec.method == ProjectionMethod::Tsne   ? m_useTsne
     : spec.method == ProjectionMethod::Axes ? m_useAxes
                                             : m_usePca)
        ->setChecked(true);
    (spec.dims == 2 ? m_twoD : m_threeD)->setChecked(true);
    const auto projection = m_workspace->projection();
    const int available = projection && !projection->explainedVarianceRatio.empty()
                              ? static_cast<int>(projection->explainedVarianceRatio.size()) : 10;
    for (int a = 0; a < 3; ++a) {
        for (int c = 0; c < m_axis[a]->count(); ++c)
            m_axis[a]->setItemData(c, c < available ? QVariant() : QVariant(0), Qt::UserRole - 1);  // disable
        m_axis[a]->setCurrentIndex(spec.axes[static_cast<std::size_t>(a)]);
    }
    m_axis[2]->setEnabled(spec.dims == 3);
    m_axisLabel[2]->setEnabled(spec.dims == 3);
    m_spherize->setChecked(spec.spherize);
    m_perplexity->setValue(spec.tsne.perplexity);
    m_iterations->setValue(spec.tsne.iterations);
    m_learningRate->setValue(spec.tsne.learningRate);
    m_exaggeration->setValue(spec.tsne.exaggeration);
    m_seed->setValue(static_cast<int>(spec.tsne.seed));
    m_tsneMetric->setCurrentIndex(std::max(0, m_tsneMetric->findData(spec.tsne.metric)));
    m_selectionOnly->setChecked(spec.tsne.selectionOnly);
    if (projection) {
        if (projection->spec.method == ProjectionMethod::Pca) {
            std::vector<int> shown(spec.axes.begin(), spec.axes.begin() + spec.dims);
            m_scree->setData(projection->explainedVarianceRatio, shown);
        }
        QString text = projection->describe();
        if (!projection->methodDetail.isEmpty()) text += QStringLiteral("<br><small>%1</small>").arg(projection->methodDetail);
        m_summary->setText(text);
    } else {
        m_scree->setData({}, {});
        m_summary->clear();
    }
    m_updating = false;
    refreshQuality();
}

void ProjectionDock::refreshQuality() {
    const auto& q = m_workspace->quality();
    if (!q) {
        m_quality->setText(m_workspace->projection() ? tr("<i>Measuring how faithful the picture is…</i>") : QString());
        return;
    }
    QString text = tr("<b>Faithfulness</b> (k = %1, %L2 points): trustworthiness <b>%3</b> · 10-NN recall <b>%4</b>")
                       .arg(q->k).arg(q->sampleSize).arg(q->trustworthiness, 0, 'f', 3).arg(q->knnRecall, 0, 'f', 3);
    if (q->kl) text += tr(" · KL <b>%1</b>").arg(*q->kl, 0, 'f', 3);
    m_quality->setText(text);
}

}  // namespace embedscope::ui
