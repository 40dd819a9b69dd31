#include "ClusterModel.h"

#include <QFileInfo>
#include <algorithm>

#include "Workspace.h"
#include "io/ClusterTable.h"
#include "jobs/JobRunner.h"

namespace embedscope::ui {

namespace {
/// The points to cluster: the vectors of all rows, or the shown layout (rows of the projection).
struct ClusterInput {
    std::shared_ptr<const Dataset> data;
    std::shared_ptr<const Projection> projection;
    bool onLayout = false;

    RowMatrixXf layout() const {
        RowMatrixXf m(static_cast<Eigen::Index>(projection->pointCount()), projection->spec.dims);
        for (Eigen::Index i = 0; i < m.rows(); ++i)
            for (Eigen::Index a = 0; a < m.cols(); ++a) m(i, a) = projection->xyz[static_cast<std::size_t>(3 * i + a)];
        return m;
    }
};

struct ClusterOutcome {
    KMeansResult result;
    std::vector<std::size_t> rows;
};
}  // namespace

ClusterModel::ClusterModel(Workspace* workspace, QObject* parent)
    : QObject(parent), m_workspace(workspace), m_jobs(new JobRunner(this)) {
    connect(workspace, &Workspace::datasetChanged, this, &ClusterModel::clear);
}

Metric ClusterModel::resolvedMetric(const ClusterSettings& settings) const {
    if (settings.onLayout) return Metric::Euclidean;  // distances in a picture are euclidean
    if (settings.metric) return *settings.metric;
    const auto data = m_workspace->dataset();
    return data ? defaultMetric(data->format) : Metric::Euclidean;
}

ClusterState ClusterModel::state() const {
    ClusterState s;
    s.present = hasClusters();
    s.k = m_settings.k;
    s.metric = m_settings.metric ? std::string(metricName(*m_settings.metric)) : std::string();
    s.onLayout = m_settings.onLayout;
    s.restarts = m_settings.restarts;
    s.seed = m_settings.seed;
    return s;
}

void ClusterModel::restore(const ClusterState& state) {
    ClusterSettings c;
    c.k = state.k;
    if (!state.metric.empty()) c.metric = state.metric == "cosine" ? Metric::Cosine : Metric::Euclidean;
    c.onLayout = state.onLayout;
    c.restarts = state.restarts;
    c.seed = static_cast<unsigned>(state.seed);
    m_settings = c;
    if (state.present) run(c);
    else clear();
}

void ClusterModel::run(const ClusterSettings& settings) {
    ClusterInput input{m_workspace->dataset(), m_workspace->projection(), settings.onLayout};
    if (!input.data || (settings.onLayout && !input.projection)) return;
    KMeansOptions options;
    options.k = static_cast<std::size_t>(std::max(1, settings.k));
    options.metric = resolvedMetric(settings);
    options.restarts = static_cast<std::size_t>(std::max(1, settings.restarts));
    options.seed = settings.seed;
    m_jobs->start<ClusterOutcome>(
        tr("Clustering (k = %1)").arg(settings.k),
        [input, options](Progress& progress) {
            ClusterOutcome out;
            if (input.onLayout) {
                out.result = runKMeans(input.layout(), options, progress);
                out.rows = input.projection->rows;
            } else {
                out.result = runKMeans(input.data->embedding, options, progress);
            }
            return out;
        },
        [this, data = input.data, settings](std::shared_ptr<ClusterOutcome> out) {
            if (data != m_workspace->dataset()) return;  // the data changed meanwhile
            m_settings = settings;
            m_rows = std::move(out->rows);
            m_result = std::make_shared<const KMeansResult>(std::move(out->result));
            nameClusters();
            publishColumn();
            emit clustersChanged();
        },
        [this](const QString& message) { emit failed(message); });
}

void ClusterModel::suggest(int kMin, int kMax, const ClusterSettings& settings) {
    ClusterInput input{m_workspace->dataset(), m_workspace->projection(), settings.onLayout};
    if (!input.data || (settings.onLayout && !input.projection)) return;
    KMeansOptions options;
    options.metric = resolvedMetric(settings);
    options.restarts = 1;  // a suggestion, not the final clustering
    options.seed = settings.seed;
    KSuggestOptions range;
    range.kMin = static_cast<std::size_t>(std::max(2, kMin));
    range.kMax = static_cast<std::size_t>(std::max(kMin, kMax));
    m_jobs->start<KSuggestion>(
        tr("Suggesting k"),
        [input, options, range](Progress& progress) {
            if (input.onLayout) return suggestK(input.layout(), options, range, progress);
            return suggestK(input.data->embedding.matrix(), options, range, progress);
        },
        [this](std::shared_ptr<KSuggestion> s) {
            m_suggestion = *s;
            emit suggestionReady();
        },
        [this](const QString& message) { emit failed(message); });
}

QString ClusterModel::name(int cluster) const {
    return cluster >= 0 && cluster < m_names.size() ? m_names[cluster] : QString();
}

void ClusterModel::nameClusters() {
    // A cluster's name is its members nearest the centroid. In word vectors the words nearest a
    // centroid are mostly rare ones (their vectors are short of training and sit near the mean),
    // so for frequency-ordered data the name is drawn from the most frequent quarter of the
    // members: "war · army · troops" rather than "sortie · outworks · ravelins".
    m_names.clear();
    const auto data = m_workspace->dataset();
    if (!m_result || !data) return;
    const std::size_t k = m_result->sizes.size(), n = m_result->assignment.size();
    auto rowOf = [&](std::size_t point) { return m_rows.empty() ? point : m_rows[point]; };
    std::vector<std::vector<std::size_t>> members(k);
    for (std::size_t i = 0; i < n; ++i) members[m_result->assignment[i]].push_back(i);
    for (std::size_t c = 0; c < k; ++c) {
        std::vector<std::size_t> pool = members[c];
        if (data->embedding.isFrequencyOrdered()) {
            std::sort(pool.begin(), pool.end(), [&](std::size_t a, std::size_t b) { return rowOf(a) < rowOf(b); });
            pool.resize(std::min(pool.size(), std::max<std::size_t>(3, (pool.size() + 3) / 4)));
        }
        std::stable_sort(pool.begin(), pool.end(),
                         [&](std::size_t a, std::size_t b) { return m_result->distance[a] < m_result->distance[b]; });
        QStringList words;
        for (std::size_t i = 0; i < std::min<std::size_t>(3, pool.size()); ++i)
            words << QString::fromStdString(data->embedding.label(rowOf(pool[i])));
        m_names << words.join(QStringLiteral(" · "));
    }
}

std::vector<std::size_t> ClusterModel::rowsOf(int cluster) const {
    std::vector<std::size_t> rows;
    if (!m_result) return rows;
    for (std::size_t i = 0; i < m_result->assignment.size(); ++i)
        if (static_cast<int>(m_result->assignment[i]) == cluster) rows.push_back(m_rows.empty() ? i : m_rows[i]);
    std::sort(rows.begin(), rows.end());
    return rows;
}

std::vector<int> ClusterModel::clusterOfRows() const {
    const auto data = m_workspace->dataset();
    std::vector<int> out(data ? data->embedding.rows() : 0, -1);
    if (!m_result) return out;
    for (std::size_t i = 0; i < m_result->assignment.size(); ++i) {
        const std::size_t row = m_rows.empty() ? i : m_rows[i];
        if (row < out.size()) out[row] = static_cast<int>(m_result->assignment[i]);
    }
    return out;
}

void ClusterModel::selectCluster(int cluster) {
    m_workspace->select(-1);
    m_workspace->setBoxSelection(rowsOf(cluster));
}

void ClusterModel::isolateCluster(int cluster) { m_workspace->isolate(rowsOf(cluster)); }

bool ClusterModel::exportTable(const QString& path, QString* error) const {
    const auto data = m_workspace->dataset();
    if (!m_result || !data) {
        if (error) *error = tr("No clusters yet: run k-means first");
        return false;
    }
    std::vector<std::string> labels;
    labels.reserve(m_result->assignment.size());
    for (std::size_t i = 0; i < m_result->assignment.size(); ++i)
        labels.push_back(data->embedding.label(m_rows.empty() ? i : m_rows[i]));
    try {
        KMeansOptions used;
        used.k = static_cast<std::size_t>(m_settings.k);
        used.metric = resolvedMetric(m_settings);
        used.restarts = static_cast<std::size_t>(m_settings.restarts);
        used.seed = m_settings.seed;
        auto parameters = clusterParameters(used);
        parameters.emplace_back("data", m_settings.onLayout ? "layout" : "vectors");
        writeClusterTable(labels, *m_result, path.toStdString(), parameters);
        return true;
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
}

void ClusterModel::clear() {
    m_jobs->cancel();
    m_result.reset();
    m_rows.clear();
    m_names.clear();
    m_suggestion.reset();
    emit clustersChanged();
}

void ClusterModel::publishColumn() {
    // The clusters as a categorical column, cluster c's category at index c, so the colours of
    // the view, the legend and the dock agree.
    auto column = std::make_shared<MetadataColumn>();
    column->name = tr("cluster (k = %1)").arg(count()).toStdString();
    column->type = ColumnType::Categorical;
    // Legend entries stay short ("3 · king"): the legend has a narrow strip; the dock has the names.
    for (int c = 0; c < count(); ++c)
        column->categories.push_back(QStringLiteral("%1 · %2").arg(c + 1).arg(name(c).section(QStringLiteral(" · "), 0, 0)).toStdString());
    column->codes = clusterOfRows();
    column->cells.reserve(column->codes.size());
    for (int code : column->codes) column->cells.push_back(code >= 0 ? column->categories[static_cast<std::size_t>(code)] : std::string());
    m_workspace->setDerivedColumn(column);
    m_workspace->setColourColumn(Workspace::kDerivedColour);
}

}  // namespace embedscope::ui
