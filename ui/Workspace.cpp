#include "Workspace.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <algorithm>

#include "jobs/JobRunner.h"
#include "project/Pca.h"

namespace embedscope::ui {

namespace {
/// PCA components computed for the scree chart and the x/y/z choice.
constexpr std::size_t kPcaComponents = 10;

struct LoadResult {
    std::shared_ptr<const Dataset> dataset;
    std::shared_ptr<const Projection> projection;
};
}  // namespace

Projection computeProjection(const Dataset& dataset, const ProjectionSpec& spec,
                             const std::vector<std::size_t>& rows, Progress& progress) {
    Projection out;
    out.spec = spec;
    out.rows = rows;
    const Embedding subset = rows.empty() ? Embedding() : dataset.embedding.subset(rows);
    const Embedding& data = rows.empty() ? dataset.embedding : subset;
    const std::size_t n = data.rows();
    out.xyz.assign(n * 3, 0.0f);
    if (n == 0) return out;
    if (n < 2 || data.dims() < 1) return out;  // one point: at the origin

    PcaOptions options;
    options.spherize = spec.spherize;
    options.components = std::min({kPcaComponents, data.dims(), n});
    const PcaResult pca = fitPca(data, options, progress);
    out.explainedVarianceRatio = pca.explainedVarianceRatio;
    std::vector<std::size_t> axes;
    for (int i = 0; i < spec.dims; ++i)
        axes.push_back(std::min<std::size_t>(static_cast<std::size_t>(spec.axes[static_cast<std::size_t>(i)]),
                                             options.components - 1));
    const RowMatrixXf coords = pca.project(data, axes);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t a = 0; a < axes.size(); ++a) out.xyz[3 * i + a] = coords(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(a));
    return out;
}

Workspace::Workspace(QObject* parent) : QObject(parent), m_jobs(new JobRunner(this)) {}

Workspace::~Workspace() = default;

void Workspace::load(const QString& path, const LoadOptions& options) {
    const std::string file = path.toStdString();
    const ProjectionSpec spec = m_spec;
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

void Workspace::setData(std::shared_ptr<const Dataset> dataset, std::shared_ptr<const Projection> projection) {
    m_dataset = std::move(dataset);
    m_projection = std::move(projection);
    if (m_projection) m_spec = m_projection->spec;
    m_isolated.clear();
    m_selected = -1;
    m_neighbours.clear();
    m_neighbourError.clear();
    m_search.reset();
    m_box.clear();
    m_matches.clear();
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

void Workspace::project(std::vector<std::size_t> rows) {
    if (!m_dataset) return;
    auto data = m_dataset;
    const ProjectionSpec spec = m_spec;
    m_jobs->start<Projection>(
        spec.method == ProjectionMethod::Pca ? tr("Projecting (PCA)") : tr("Projecting"),
        [data, spec, rows](Progress& progress) { return computeProjection(*data, spec, rows, progress); },
        [this, data](std::shared_ptr<Projection> projection) {
            if (data != m_dataset) return;  // a newer data set arrived meanwhile
            m_projection = std::move(projection);
            emit projectionChanged();
        },
        [this](const QString& message) { emit loadFailed(QString(), message); });
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
    if (m_selected < 0 || !m_dataset) return;
    try {
        if (!m_search || m_search->metric() != m_neighbourSettings.metric ||
            m_search->space() != m_neighbourSettings.space)
            m_search = std::make_unique<NeighbourSearch>(m_dataset->embedding, m_neighbourSettings.metric,
                                                         m_neighbourSettings.space);
        m_neighbours = m_search->nearest(static_cast<std::size_t>(m_selected),
                                         static_cast<std::size_t>(m_neighbourSettings.k));
    } catch (const std::exception& e) {
        m_neighbourError = QString::fromStdString(e.what());
    }
}

void Workspace::setNeighbourSettings(const NeighbourSettings& settings) {
    if (settings == m_neighbourSettings) return;
    m_neighbourSettings = settings;
    m_neighbourSettings.k = std::clamp(settings.k, 5, 1000);
    findNeighbours();
    emit selectionChanged();
}

void Workspace::setBoxSelection(std::vector<std::size_t> rows) {
    m_box = std::move(rows);
    emit selectionChanged();
}

QString Workspace::search(const QString& pattern, bool regex) {
    m_matches.clear();
    QString error;
    if (m_dataset && !pattern.isEmpty()) {
        const auto& labels = m_dataset->embedding.labels();
        if (regex) {
            const QRegularExpression re(pattern, QRegularExpression::UseUnicodePropertiesOption);
            if (!re.isValid()) {
                error = tr("%1 at position %2").arg(re.errorString()).arg(re.patternErrorOffset() + 1);
            } else {
                for (std::size_t i = 0; i < labels.size(); ++i)
                    if (re.match(QString::fromStdString(labels[i])).hasMatch()) m_matches.push_back(i);
            }
        } else {
            const QString needle = pattern.toCaseFolded();
            for (std::size_t i = 0; i < labels.size(); ++i)
                if (QString::fromStdString(labels[i]).toCaseFolded().contains(needle)) m_matches.push_back(i);
        }
    }
    emit matchesChanged();
    return error;
}

void Workspace::setColourColumn(int column) {
    m_colourColumn = column;
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
