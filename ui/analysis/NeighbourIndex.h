#pragma once
// Answers the Inspector's neighbour queries for the current data set. Small data sets are
// answered at once on the GUI thread (a few milliseconds); large ones on a worker thread, by exact
// search until an HNSW index is ready, then by the index. The index is built in the background
// for data sets of kHnswRows rows or more, saved in the cache folder keyed by the data file's
// size, mtime and head, and reused while the file is unchanged; its recall against exact search
// is measured on a sample of points and shown. The person can ask for exact search always.
#include <QFuture>
#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <atomic>
#include <memory>
#include <optional>
#include <vector>

#include "Progress.h"
#include "io/Dataset.h"
#include "neighbours/HnswIndex.h"
#include "neighbours/NeighbourSearch.h"
#include "project/tsne/TsneOptions.h"

namespace embedscope::ui {

class NeighbourIndex : public QObject {
    Q_OBJECT
public:
    /// Rows from which an HNSW index is built (exact queries below take tens of milliseconds).
    static constexpr std::size_t kHnswRows = 200'000;
    /// Values (rows × dims) from which queries leave the GUI thread.
    static constexpr std::size_t kAsyncValues = 20'000'000;
    /// Points whose exact neighbours are compared with the index's to measure its recall.
    static constexpr std::size_t kRecallSample = 50;
    /// The recall the index's search breadth is raised to, on another sample of this many points
    /// (at 300 000 words the build's ef 100 gave recall@20 0.91), for each k the person sets.
    static constexpr double kTargetRecall = 0.95;
    static constexpr std::size_t kTuningSample = 100;

    struct Answer {
        std::size_t row = 0;
        std::vector<Neighbour> neighbours;
        QString error;
    };

    explicit NeighbourIndex(QObject* parent = nullptr);
    ~NeighbourIndex() override;

    /// For tests: other thresholds than kHnswRows and kAsyncValues.
    void setThresholds(std::size_t hnswRows, std::size_t asyncValues) {
        m_hnswRows = hnswRows;
        m_asyncValues = asyncValues;
    }

    /// Whether work on e (a query, or the like elsewhere) leaves the GUI thread: from
    /// kAsyncValues values (rows × dims) on.
    bool offGuiThread(const Embedding& e) const { return e.rows() * e.dims() >= m_asyncValues; }

    /// A new data set (or none): drops the search, the index and any job for the old one.
    void setDataset(std::shared_ptr<const Dataset> data);
    /// The metric and space, whether to use exact search only, and k (for the recall shown).
    void setOptions(Metric metric, VectorSpace space, bool exactOnly, std::size_t k);

    /// The answer now when the data set is small, else nothing now and answered() later (only
    /// the latest query is answered).
    std::optional<Answer> query(std::size_t row, std::size_t k);

    /// For t-SNE of all rows under metric: hands over the HNSW index once built or read, waiting
    /// for one being built (stage "waiting for the neighbour index", with the build's progress; a
    /// cancel stops the wait), null when the build fails or is cancelled. Empty when no index is
    /// built or being built, or when it would not rank as metric (then waiting would be for
    /// nothing). Whoever holds what it returns keeps the index and its search alive.
    NeighbourIndexSource indexSource(Metric metric) const;

    /// "exact search", "HNSW index (recall@20 0.98 on 50 points)", "exact search; building the
    /// HNSW index 45%", …: what answered, for the Inspector.
    QString methodText() const;

signals:
    void answered(const Answer& answer);
    void statusChanged();
    /// The index now searches more widely for the current k (chosen again for it): answers
    /// given since the k changed can be asked again.
    void searchWidened();

private:
    void startIndex();
    void cancelIndex();
    void retune();
    QString cachePath() const;
    std::shared_ptr<const NeighbourSearch> search();

    std::size_t m_hnswRows = kHnswRows;
    std::size_t m_asyncValues = kAsyncValues;
    std::shared_ptr<const Dataset> m_data;
    Metric m_metric = Metric::Cosine;
    VectorSpace m_space = VectorSpace::Raw;
    bool m_exactOnly = false;
    std::size_t m_k = 20;
    std::shared_ptr<const NeighbourSearch> m_search;
    struct Ready {
        std::shared_ptr<const NeighbourSearch> search;
        std::shared_ptr<const HnswIndex> index;
        std::size_t ef = 0;  ///< the search breadth chosen for recallK
        double recall = 0;
        std::size_t recallK = 0;
        bool reused = false;
    };
    /// Chooses ready's ef for k (kTargetRecall on kTuningSample points) and measures its recall.
    static void tuneFor(Ready& ready, std::size_t k, Progress& progress);
    std::shared_ptr<const Ready> m_ready;
    std::shared_ptr<Progress> m_building;
    QFuture<std::shared_ptr<const Ready>> m_buildFuture;  // of the build m_building runs
    /// Where the background job is, for the status line (written there, read here).
    struct BuildState {
        enum Stage { Reading, Building, MeasuringRecall };
        std::atomic<int> stage{Reading};
        std::atomic<int> percent{0};  // of the stage
    };
    std::shared_ptr<BuildState> m_buildState;
    std::shared_ptr<Progress> m_retuning;  // of the job choosing ef for m_retuningK
    std::size_t m_retuningK = 0;
    QString m_indexError;
    std::uint64_t m_querySerial = 0;
    std::uint64_t m_generation = 0;  // bumped when data or options change: late results dropped
};

}  // namespace embedscope::ui
