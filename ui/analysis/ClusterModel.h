#pragma once
// The Clusters capability: k-means of the vectors (or of the layout) through its own job runner,
// the clusters' names (their 3 most central words), a suggestion for k, colouring by cluster,
// selecting or isolating a cluster, and a TSV export. Observes the workspace; the Clusters dock
// only shows it.
#include <QObject>
#include <QStringList>
#include <memory>
#include <optional>
#include <vector>

#include "analysis/KMeans.h"
#include "analysis/Silhouette.h"
#include "state/WorkspaceFile.h"

namespace embedscope::ui {

class JobRunner;
class Workspace;

struct ClusterSettings {
    int k = 10;
    /// Cosine (spherical k-means) or Euclidean; unset: cosine for word-vector files, else euclidean.
    std::optional<Metric> metric;
    bool onLayout = false;  ///< cluster the 2-D/3-D picture instead of the vectors
    int restarts = 4;
    unsigned seed = 42;
};

class ClusterModel : public QObject {
    Q_OBJECT
public:
    ClusterModel(Workspace* workspace, QObject* parent = nullptr);

    JobRunner* jobs() const { return m_jobs; }
    /// Clusters in the background; the previous clusters stay until the new ones are ready.
    void run(const ClusterSettings& settings);
    /// Silhouettes for k in [kMin, kMax] in the background (suggestionReady()).
    void suggest(int kMin, int kMax, const ClusterSettings& settings);

    bool hasClusters() const { return m_result != nullptr; }
    const KMeansResult* result() const { return m_result.get(); }
    const ClusterSettings& settings() const { return m_settings; }
    const std::optional<KSuggestion>& suggestion() const { return m_suggestion; }
    int count() const { return m_result ? static_cast<int>(m_result->sizes.size()) : 0; }
    /// "king · queen · prince": the members nearest the centroid (for frequency-ordered word
    /// vectors, among the cluster's most frequent quarter).
    QString name(int cluster) const;
    /// The data set rows of a cluster, ascending.
    std::vector<std::size_t> rowsOf(int cluster) const;
    /// Each data set row's cluster, -1 for rows that were not clustered.
    std::vector<int> clusterOfRows() const;
    /// The metric the settings resolve to for the current data set.
    Metric resolvedMetric(const ClusterSettings& settings) const;

    /// What a workspace file keeps: the settings and whether clusters were shown.
    ClusterState state() const;
    /// Takes the settings and, when clusters were shown, computes them again (seeded: the same).
    void restore(const ClusterState& state);

    void selectCluster(int cluster);
    void isolateCluster(int cluster);
    /// Writes label, cluster, distance per clustered row (TSV); false and a message on failure.
    bool exportTable(const QString& path, QString* error) const;

signals:
    void clustersChanged();
    void suggestionReady();
    void failed(const QString& message);

private:
    void clear();
    void publishColumn();
    void nameClusters();

    Workspace* m_workspace;
    JobRunner* m_jobs;
    ClusterSettings m_settings;
    std::shared_ptr<const KMeansResult> m_result;
    std::vector<std::size_t> m_rows;  // data set row of each clustered point (empty: all, in order)
    std::optional<KSuggestion> m_suggestion;
    QStringList m_names;
};

}  // namespace embedscope::ui
