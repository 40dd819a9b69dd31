#pragma once
// Owns what the user is looking at: the data set, its projection, the selection and its
// neighbours, search matches and colouring. Docks and the view observe it through signals; all
// long work goes through its job runner, and the previous state stays until new results arrive.
#include <QObject>
#include <QString>
#include <atomic>
#include <memory>
#include <optional>
#include <vector>

#include "FrameGate.h"
#include "Projection.h"
#include "analysis/LayoutQuality.h"
#include "project/tsne/TsneOptions.h"
#include "io/Dataset.h"
#include "io/Load.h"
#include "neighbours/Metric.h"
#include "neighbours/NeighbourSearch.h"

namespace embedscope::ui {

class JobRunner;
class NeighbourIndex;
class PointDifferences;

/// How the neighbours of the selected point are found.
struct NeighbourSettings {
    int k = 20;  ///< 5..1000
    Metric metric = Metric::Cosine;
    VectorSpace space = VectorSpace::Raw;
    bool exact = false;  ///< never the approximate (HNSW) index
    bool operator==(const NeighbourSettings&) const = default;
};

class Workspace : public QObject {
    Q_OBJECT
public:
    explicit Workspace(QObject* parent = nullptr);
    ~Workspace() override;

    std::shared_ptr<const Dataset> dataset() const { return m_dataset; }
    std::shared_ptr<const Projection> projection() const { return m_projection; }
    JobRunner* jobs() const { return m_jobs; }

    // --- data ---
    /// Loads and projects in the background; the current data set and picture stay until both
    /// are ready. On error loadFailed() is emitted and nothing changes.
    void load(const QString& path, const LoadOptions& options = {});
    /// Replaces the data set and its projection at once (load() ends here; tests call it too).
    void setData(std::shared_ptr<const Dataset> dataset, std::shared_ptr<const Projection> projection);
    /// The same points of the same data set, moved (a training preview frame): the camera and
    /// the selection stay. Ignored when the point count differs.
    void updateLayout(std::shared_ptr<const Projection> projection);

    // --- projection ---
    const ProjectionSpec& projectionSpec() const { return m_spec; }
    /// Re-projects the shown rows in the background with a new spec.
    void setProjectionSpec(const ProjectionSpec& spec);
    /// Re-projects only these rows ("Isolate selection"); showAll() undoes it.
    void isolate(std::vector<std::size_t> rows);
    void showAll();
    bool isIsolated() const { return !m_isolated.empty(); }
    const std::vector<std::size_t>& isolatedRows() const { return m_isolated; }
    /// Shows a projection of the current data set computed earlier (a workspace file, a
    /// bookmark) without recomputing it; isolated: the rows it isolates (empty: none).
    void showProjection(std::shared_ptr<const Projection> projection, std::vector<std::size_t> isolated);
    /// A t-SNE run is animating; it can be paused and stopped (the layout so far is kept).
    bool isTsneRunning() const { return m_tsneRunning; }
    void setTsnePaused(bool paused);
    bool isTsnePaused() const { return m_paused->load(); }
    /// Stops the running projection job; a t-SNE run keeps the layout it reached.
    void stopProjection();

    // --- quality of the shown layout ---
    /// Trustworthiness and kNN recall (k = 10) of the shown layout, measured in the background
    /// after each projection; empty until then.
    const std::optional<LayoutQuality>& quality() const { return m_quality; }
    /// Per-point faithfulness of the shown layout (share of a point's 10 nearest in the original
    /// space that are among its 10 nearest in the picture); computed on first request.
    const std::vector<float>& faithfulness() const { return m_faithfulness; }
    void requestFaithfulness();
    /// For the selected point: layout neighbours that are not original ones, and the reverse.
    const NeighbourDifferences& differences() const;
    JobRunner* analysisJobs() const { return m_analysis; }

    // --- selection and neighbours ---
    long long selectedRow() const { return m_selected; }
    /// Selects a row (-1 clears) and finds its neighbours in the original space.
    void select(long long row);
    const std::vector<Neighbour>& neighbours() const { return m_neighbours; }
    /// Empty, or why the neighbours could not be computed (e.g. a zero vector under cosine).
    const QString& neighbourError() const { return m_neighbourError; }
    const NeighbourSettings& neighbourSettings() const { return m_neighbourSettings; }
    /// How the neighbours are found (exact, or the HNSW index and its measured recall).
    const NeighbourIndex* neighbourIndex() const { return m_index; }
    NeighbourIndex* neighbourIndex() { return m_index; }  ///< for tests: its thresholds
    void setNeighbourSettings(const NeighbourSettings& settings);
    /// Rows picked by a box (several points); the inspector lists them.
    const std::vector<std::size_t>& boxSelection() const { return m_box; }
    void setBoxSelection(std::vector<std::size_t> rows);

    // --- search ---
    /// Substring (case-insensitive) or regular expression over labels, ranked as findLabels()
    /// does (exact, then prefix, then the rest). Returns an empty string, or the error of an
    /// expression that does not compile (with its position).
    QString search(const QString& pattern, bool regex);
    const std::vector<std::size_t>& matches() const { return m_matches; }
    const QString& searchPattern() const { return m_searchPattern; }
    bool isSearchRegex() const { return m_searchRegex; }

    // --- colouring ---
    /// kFaithfulnessColour: by faithfulness; -1: one colour; else a metadata column index.
    static constexpr int kFaithfulnessColour = -2;
    /// kDerivedColour: by the derived column (e.g. the clusters).
    static constexpr int kDerivedColour = -3;
    /// -1: one colour; else a metadata column index.
    int colourColumn() const { return m_colourColumn; }
    void setColourColumn(int column);
    /// A column computed in the app, one cell per data set row: categorical (clusters) or numeric
    /// (axis scores, shown with a diverging map centred on 0); null
    /// removes it (and colouring by it). A new data set removes it too.
    void setDerivedColumn(std::shared_ptr<const MetadataColumn> column);
    const std::shared_ptr<const MetadataColumn>& derivedColumn() const { return m_derived; }

    /// "digits.tsv · 1,797 × 64 · PCA 3-D (…) · neighbours: cosine, raw space"
    QString statusText() const;

signals:
    void datasetChanged();     ///< new data set (and projection)
    void projectionChanged();  ///< a new projection (maybe other rows): the camera fits it
    /// The same points moved (t-SNE frames, the end of a run): the camera stays.
    void projectionUpdated();
    /// t-SNE progress: iteration done and the current KL divergence.
    void tsneStep(int iteration, double kl);
    void tsneRunningChanged(bool running);
    void qualityChanged();
    void selectionChanged();   ///< selected row, box selection or neighbours changed
    /// How neighbours are found changed (e.g. the index build's progress): text only, no redraw.
    void neighbourStatusChanged();
    void matchesChanged();
    void colouringChanged();
    void loadFailed(const QString& path, const QString& message);
    void loadSucceeded(const QString& path);

private:
    void project(std::vector<std::size_t> rows);
    void findNeighbours();
    /// Asks the index for the selected row's neighbours; true when answered now (else answered()).
    bool queryNeighbours();
    void applyFrame(const TsneFrame& frame, std::uint64_t run);
    void measureQuality();
    void setTsneRunning(bool running);

    std::shared_ptr<const Dataset> m_dataset;
    std::shared_ptr<const Projection> m_projection;
    ProjectionSpec m_spec;
    std::vector<std::size_t> m_isolated;
    long long m_selected = -1;
    std::vector<Neighbour> m_neighbours;
    QString m_neighbourError;
    NeighbourSettings m_neighbourSettings;
    NeighbourIndex* m_index;
    PointDifferences* m_differences;
    std::vector<std::size_t> m_box;
    std::vector<std::size_t> m_matches;
    QString m_searchPattern;
    bool m_searchRegex = false;
    int m_colourColumn = -1;
    std::shared_ptr<const MetadataColumn> m_derived;
    bool m_tsneRunning = false;
    std::uint64_t m_run = 0;  // t-SNE run id: frames of older runs are dropped
    std::shared_ptr<std::atomic<bool>> m_paused = std::make_shared<std::atomic<bool>>(false);
    std::shared_ptr<FrameGate> m_frames = std::make_shared<FrameGate>();
    std::optional<LayoutQuality> m_quality;
    std::vector<float> m_faithfulness;
    JobRunner* m_jobs;
    JobRunner* m_analysis;  // quality and faithfulness, at background priority (PoolStart.h)
};

/// Computes a projection of the given rows (all when rows is empty). Runs on a worker thread;
/// t-SNE reports frames through onFrame and honours paused, and its kNN graph searches the
/// index neighbourIndex hands it (the Inspector's) where it fits (TsneOptions::neighbourIndex).
Projection computeProjection(const Dataset& dataset, const ProjectionSpec& spec,
                             const std::vector<std::size_t>& rows, Progress& progress,
                             const TsneFrameCallback& onFrame = {},
                             const std::atomic<bool>* paused = nullptr,
                             const NeighbourIndexSource& neighbourIndex = {});

}  // namespace embedscope::ui
