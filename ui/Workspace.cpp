#include "Workspace.h"

#include <QFileInfo>
#include <algorithm>

#include "analysis/AxisLayout.h"
#include "analysis/LayoutData.h"
#include "analysis/NeighbourIndex.h"
#include "analysis/PointDifferences.h"
#include "LabelSearch.h"
#include "jobs/JobRunner.h"
#include "project/Pca.h"
#include "project/tsne/Tsne.h"

namespace embedscope::ui {

namespace {
/// PCA components computed for the scree chart and the x/y/z choice.
constexpr std::size_t kPcaComponents = 10;

struct LoadResult {
    std::shared_ptr<const Dataset> dataset;
    std::shared_ptr<const Projection> projection;
};
}  // namespace

namespace {
void copyLayout(const RowMatrixXf& layout, std::vector<float>& xyz) {
    const auto n = static_cast<std::size_t>(layout.rows());
    const auto dims = static_cast<std::size_t>(layout.cols());
    xyz.assign(n * 3, 0.0f);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t a = 0; a < dims && a < 3; ++a)
            xyz[3 * i + a] = layout(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(a));
}

QString repulsionName(RepulsionMethod m) {
    switch (m) {
        case RepulsionMethod::Exact: return QObject::tr("exact repulsion");
        case RepulsionMethod::BarnesHut: return QObject::tr("Barnes-Hut");
        case RepulsionMethod::Fft: return QObject::tr("FFT interpolation");
        case RepulsionMethod::Hybrid: return QObject::tr("FFT, then Barnes-Hut");
        case RepulsionMethod::Auto: break;
    }
    return {};
}

// The metric t-SNE measures the input with: the one chosen, else the file format's usual one.
Metric tsneMetric(const ProjectionSpec& spec, const Dataset& dataset) {
    return spec.tsne.metric >= 0 ? static_cast<Metric>(spec.tsne.metric) : defaultMetric(dataset.format);
}
}  // namespace

Projection computeProjection(const Dataset& dataset, const ProjectionSpec& spec,
                             const std::vector<std::size_t>& rows, Progress& progress,
                             const TsneFrameCallback& onFrame, const std::atomic<bool>* paused,
                             const NeighbourIndexSource& neighbourIndex) {
    Projection out;
    out.spec = spec;
    out.rows = rows;
    const Embedding subset = rows.empty() ? Embedding() : dataset.embedding.subset(rows);
    const Embedding& data = rows.empty() ? dataset.embedding : subset;
    const std::size_t n = data.rows();
    out.xyz.assign(n * 3, 0.0f);
    if (n == 0) return out;
    if (n < 2 || data.dims() < 1) return out;  // one point: at the origin

    if (spec.method == ProjectionMethod::Axes) {
        layOutOnAxes(dataset.embedding, data, spec, out, progress);
        return out;
    }
    if (spec.method == ProjectionMethod::Tsne) {
        TsneOptions options;
        options.dims = static_cast<std::size_t>(spec.dims);
        options.perplexity = spec.tsne.perplexity;
        options.iterations = static_cast<std::size_t>(spec.tsne.iterations);
        if (spec.tsne.learningRate > 0) options.learningRate = spec.tsne.learningRate;
        options.earlyExaggeration = spec.tsne.exaggeration;
        options.seed = spec.tsne.seed;
        options.metric = tsneMetric(spec, dataset);
        out.metric = options.metric;
        options.paused = paused;
        if (rows.empty()) options.neighbourIndex = neighbourIndex;  // it indexes all rows
        const TsneResult result = runTsne(data, options, onFrame, progress);
        copyLayout(result.layout, out.xyz);
        out.iterations = result.iterations;
        out.kl = result.kl;
        out.stopped = result.cancelled;
        // No-break spaces keep "3.6 s" and "k = 90" whole when the dock wraps the line.
        out.methodDetail = QObject::tr("%1, kNN %2 (k\u00a0=\u00a0%3%4), learning rate %5, %6\u00a0s")
                               .arg(repulsionName(result.method))
                               .arg(result.knnReusedIndex   ? QObject::tr("from the neighbour index")
                                    : result.knnApproximate ? QObject::tr("HNSW")
                                                            : QObject::tr("exact"))
                               .arg(result.neighbours)
                               .arg(result.knnApproximate ? QObject::tr(", recall %1").arg(result.knnRecall, 0, 'f', 3) : QString())
                               .arg(result.learningRate, 0, 'f', 0)
                               .arg(result.seconds, 0, 'f', 1);
        return out;
    }

    PcaOptions options;
    options.spherize = spec.spherize;
    options.components = std::min({kPcaComponents, data.dims(), n});
    const PcaResult pca = fitPca(data, options, progress);
    out.explainedVarianceRatio = pca.explainedVarianceRatio;
    std::vector<std::size_t> axes;
    for (int i = 0; i < spec.dims; ++i)
        axes.push_back(std::min<std::size_t>(static_cast<std::size_t>(spec.axes[static_cast<std::size_t>(i)]),
                                             options.components - 1));
    copyLayout(pca.project(data, axes), out.xyz);
    return out;
}

Workspace::Workspace(QObject* parent)
    : QObject(parent), m_index(new NeighbourIndex(this)), m_differences(new PointDifferences(m_index, this)), m_jobs(new JobRunner(this)), m_analysis(new JobRunner(this, JobPriority::Background)) {
    // Quality follows every new or finished layout; frames don't count.
    connect(this, &Workspace::projectionChanged, this, &Workspace::measureQuality);
    connect(this, &Workspace::datasetChanged, this, &Workspace::measureQuality);
    connect(m_jobs, &JobRunner::finished, this, [this] {
        if (!m_jobs->isBusy()) setTsneRunning(false);
    });
    // Large data sets answer later, off the GUI thread; only the selected row's answer counts.
    connect(m_index, &NeighbourIndex::answered, this, [this](const NeighbourIndex::Answer& a) {
        if (static_cast<long long>(a.row) != m_selected) return;
        m_neighbours = a.neighbours;
        m_neighbourError = a.error;
        emit selectionChanged();
    });
    // Not selectionChanged: the index build reports a thousand times, and each selection change
    // redraws the view (seconds a frame at 3 M points in software rendering, which kept the GUI
    // thread drawing and the keyboard unanswered).
    connect(m_index, &NeighbourIndex::statusChanged, this, &Workspace::neighbourStatusChanged);
    // The list shown stays until the wider search's answer replaces it.
    connect(m_index, &NeighbourIndex::searchWidened, this, [this] {
        if (m_selected >= 0 && m_dataset && queryNeighbours()) emit selectionChanged();
    });
    connect(m_differences, &PointDifferences::found, this, &Workspace::selectionChanged);
}

const NeighbourDifferences& Workspace::differences() const { return m_differences->current(); }

Workspace::~Workspace() {
    // Before any member goes: a t-SNE worker posts its frames to this object.
    m_jobs->shutdown();
    m_analysis->shutdown();
}

void Workspace::load(const QString& path, const LoadOptions& options) {
    const std::string file = path.toStdString();
    // A new data set opens in PCA (instant); t-SNE is run from the projection dock.
    ProjectionSpec spec = m_spec;
    spec.method = ProjectionMethod::Pca;
    m_jobs->start<LoadResult>(
        tr("Loading %1").arg(QFileInfo(path).fileName()),
        [file, options, spec](Progress& progress) {
            auto data = std::make_shared<Dataset>(loadDataset(file, options, progress));
            progress.setStage("projecting (PCA)");
            auto projection = std::make_shared<Projection>(computeProjection(*data, spec, {}, progress));
            return LoadResult{std::move(data), std::move(projection)};
        },
        [this, path](std::shared_ptr<LoadResult> result) {
            setData(result->dataset, result->projection);
            emit loadSucceeded(path);
        },
        [this, path](const QString& message) { emit loadFailed(path, message); });
}

void Workspace::updateLayout(std::shared_ptr<const Projection> projection) {
    if (!projection || !m_projection || projection->pointCount() != m_projection->pointCount()) return;
    m_projection = std::move(projection);
    emit projectionUpdated();
}

void Workspace::setData(std::shared_ptr<const Dataset> dataset, std::shared_ptr<const Projection> projection) {
    m_dataset = std::move(dataset);
    m_projection = std::move(projection);
    if (m_projection) m_spec = m_projection->spec;
    m_isolated.clear();
    m_selected = -1;
    m_neighbours.clear();
    m_neighbourError.clear();
    m_index->setDataset(m_dataset);
    m_box.clear();
    m_matches.clear();
    m_differences->clear();
    if (m_colourColumn == kFaithfulnessColour || m_colourColumn == kDerivedColour) m_colourColumn = -1;
    m_derived.reset();
    if (m_colourColumn >= static_cast<int>(m_dataset ? m_dataset->metadata.columnCount() : 0)) m_colourColumn = -1;
    // A fresh data set with a categorical column starts coloured by it: the first thing people look for.
    if (m_colourColumn < 0 && m_dataset) {
        const auto& cols = m_dataset->metadata.columns();
        for (std::size_t i = 0; i < cols.size(); ++i)
            if (cols[i].type == ColumnType::Categorical) {
                m_colourColumn = static_cast<int>(i);
                break;
            }
    }
    emit datasetChanged();
}

void Workspace::setProjectionSpec(const ProjectionSpec& spec) {
    m_spec = spec;
    project(m_isolated);
}

void Workspace::isolate(std::vector<std::size_t> rows) {
    if (rows.size() < 2) return;
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    m_isolated = std::move(rows);
    project(m_isolated);
}

void Workspace::showAll() {
    m_isolated.clear();
    project({});
}

void Workspace::showProjection(std::shared_ptr<const Projection> projection, std::vector<std::size_t> isolated) {
    if (!m_dataset || !projection) return;
    ++m_run;  // a projection still running would replace it
    m_jobs->cancel();
    m_projection = std::move(projection);
    m_spec = m_projection->spec;
    m_isolated = std::move(isolated);
    emit projectionChanged();
}

void Workspace::project(std::vector<std::size_t> rows) {
    if (!m_dataset) return;
    auto data = m_dataset;
    const ProjectionSpec spec = m_spec;
    const bool tsne = spec.method == ProjectionMethod::Tsne;
    if (tsne && spec.tsne.selectionOnly && m_box.size() >= 2) rows = m_box;
    const std::uint64_t run = ++m_run;
    m_paused->store(false);
    TsneFrameCallback onFrame;
    if (tsne) {
        auto gate = m_frames;
        gate->reset();
        // Frames cross to the GUI thread one at a time, throttled to what the view can draw.
        onFrame = [this, run, gate, rows](const TsneFrame& frame) {
            if (!gate->admit()) return;
            auto copy = std::make_shared<TsneFrame>(frame);
            QMetaObject::invokeMethod(this, [this, run, gate, copy, rows] {
                const auto timing = gate->applying();
                if (run != m_run) return;
                if (!m_projection || m_projection->spec.method != ProjectionMethod::Tsne || m_projection->rows != rows) {
                    // The first frame: the animated point set replaces the picture.
                    auto first = std::make_shared<Projection>();
                    first->spec = m_spec;
                    first->rows = rows;
                    m_projection = first;
                    applyFrame(*copy, run);
                    emit projectionChanged();
                } else {
                    applyFrame(*copy, run);
                    emit projectionUpdated();
                }
            }, Qt::QueuedConnection);
        };
    }
    auto paused = m_paused;
    // The Inspector's index of all rows, ready or on its way (the source holds it, so a new data
    // set or metric meanwhile does not pull it from under the job).
    const NeighbourIndexSource index =
        tsne && rows.empty() ? m_index->indexSource(tsneMetric(spec, *data)) : NeighbourIndexSource();
    m_jobs->start<Projection>(
        tsne ? tr("t-SNE") : tr("Projecting (PCA)"),
        [data, spec, rows, onFrame, paused, index](Progress& progress) {
            return computeProjection(*data, spec, rows, progress, onFrame, paused.get(), index);
        },
        [this, data, run](std::shared_ptr<Projection> projection) {
            if (data != m_dataset || run != m_run) return;  // superseded meanwhile
            const bool sameSet = m_projection && m_projection->spec.method == projection->spec.method &&
                                 m_projection->rows == projection->rows && projection->spec.method == ProjectionMethod::Tsne;
            m_projection = std::move(projection);
            if (sameSet) {
                emit projectionUpdated();
                measureQuality();
            } else {
                emit projectionChanged();
            }
        },
        [this](const QString& message) { emit loadFailed(QString(), message); });
    setTsneRunning(tsne);
}

void Workspace::applyFrame(const TsneFrame& frame, std::uint64_t run) {
    if (run != m_run || !m_projection) return;
    auto next = std::make_shared<Projection>(*m_projection);
    copyLayout(frame.layout, next->xyz);
    next->iterations = frame.iteration;
    next->kl = frame.kl;
    m_projection = next;
    m_quality.reset();
    m_faithfulness.clear();
    emit tsneStep(static_cast<int>(frame.iteration), frame.kl);
}

void Workspace::setTsneRunning(bool running) {
    if (running == m_tsneRunning) return;
    m_tsneRunning = running;
    emit tsneRunningChanged(running);
}

void Workspace::setTsnePaused(bool paused) { m_paused->store(paused); }

void Workspace::stopProjection() {
    m_paused->store(false);
    m_jobs->cancel();
}

void Workspace::measureQuality() {
    m_quality.reset();
    m_faithfulness.clear();
    if (m_colourColumn == kFaithfulnessColour) emit colouringChanged();
    emit qualityChanged();
    if (!m_dataset || !m_projection || m_projection->pointCount() < 25) return;
    auto data = m_dataset;
    auto projection = m_projection;
    m_analysis->start<LayoutQuality>(
        tr("Measuring quality"),
        [data, projection](Progress& progress) {
            const LayoutData input(*data, *projection);
            QualityOptions options;  // k = 10, Euclidean, a sample of 1 000 points
            LayoutQuality q = measureLayout(input.original(), input.layout(), options, progress);
            if (projection->spec.method == ProjectionMethod::Tsne) q.kl = projection->kl;
            return q;
        },
        [this, projection](std::shared_ptr<LayoutQuality> q) {
            if (projection != m_projection) return;
            m_quality = *q;
            emit qualityChanged();
        },
        {});
}

void Workspace::requestFaithfulness() {
    if (!m_dataset || !m_projection || !m_faithfulness.empty()) return;
    auto data = m_dataset;
    auto projection = m_projection;
    m_analysis->start<std::vector<float>>(
        tr("Measuring faithfulness"),
        [data, projection](Progress& progress) {
            const LayoutData input(*data, *projection);
            return embedscope::faithfulness(input.original(), input.layout(), 10, Metric::Euclidean, progress);
        },
        [this, projection](std::shared_ptr<std::vector<float>> f) {
            if (projection != m_projection) return;
            m_faithfulness = std::move(*f);
            if (m_colourColumn == kFaithfulnessColour) emit colouringChanged();
        },
        {});
}

void Workspace::select(long long row) {
    if (!m_dataset || row >= static_cast<long long>(m_dataset->embedding.rows())) row = -1;
    m_selected = row;
    findNeighbours();
    emit selectionChanged();
}

void Workspace::findNeighbours() {
    m_neighbours.clear();
    m_neighbourError.clear();
    m_differences->clear();
    if (m_selected < 0 || !m_dataset) return;
    m_differences->find(m_dataset, m_projection, static_cast<std::size_t>(m_selected));
    queryNeighbours();
}

bool Workspace::queryNeighbours() {
    auto a = m_index->query(static_cast<std::size_t>(m_selected), static_cast<std::size_t>(m_neighbourSettings.k));
    if (!a) return false;  // answered later
    m_neighbours = std::move(a->neighbours);
    m_neighbourError = a->error;
    return true;
}

void Workspace::setNeighbourSettings(const NeighbourSettings& settings) {
    if (settings == m_neighbourSettings) return;
    m_neighbourSettings = settings;
    m_neighbourSettings.k = std::clamp(settings.k, 5, 1000);
    if (int(settings.metric) < 0 || int(settings.metric) > int(Metric::Dot)) m_neighbourSettings.metric = Metric::Cosine;
    if (int(settings.space) < 0 || int(settings.space) > int(VectorSpace::Normalised))
        m_neighbourSettings.space = VectorSpace::Raw;
    m_index->setOptions(m_neighbourSettings.metric, m_neighbourSettings.space, m_neighbourSettings.exact,
                        static_cast<std::size_t>(m_neighbourSettings.k));
    findNeighbours();
    emit selectionChanged();
}

void Workspace::setBoxSelection(std::vector<std::size_t> rows) {
    m_box = std::move(rows);
    emit selectionChanged();
}

QString Workspace::search(const QString& pattern, bool regex) {
    QString error;
    m_searchPattern = pattern;
    m_searchRegex = regex;
    m_matches = m_dataset ? findLabels(m_dataset->embedding, pattern, regex, &error) : std::vector<std::size_t>{};
    emit matchesChanged();
    return error;
}

void Workspace::setColourColumn(int column) {
    m_colourColumn = column == kDerivedColour && !m_derived ? -1 : column;
    if (column == kFaithfulnessColour) requestFaithfulness();
    emit colouringChanged();
}

void Workspace::setDerivedColumn(std::shared_ptr<const MetadataColumn> column) {
    m_derived = std::move(column);
    if (!m_derived && m_colourColumn == kDerivedColour) m_colourColumn = -1;
    emit colouringChanged();
}

QString Workspace::statusText() const {
    if (!m_dataset) return tr("No data set – File › Open (Ctrl+O)");
    const auto& e = m_dataset->embedding;
    QString text = tr("%1 · %L2 × %L3").arg(QFileInfo(QString::fromStdString(m_dataset->path)).fileName())
                       .arg(e.rows()).arg(e.dims());
    if (m_projection) {
        text += QStringLiteral(" · ") + m_projection->describe();
        if (m_projection->isSubset()) text += tr(" · showing %L1 isolated points").arg(m_projection->pointCount());
    }
    text += tr(" · neighbours: %1, %2 space")
                .arg(QString::fromLatin1(metricName(m_neighbourSettings.metric)))
                .arg(QString::fromLatin1(spaceName(m_neighbourSettings.space)));
    return text;
}

}  // namespace embedscope::ui
