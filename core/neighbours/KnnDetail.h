#pragma once
// Internal to the core (not installed API): the pieces KnnGraph.cpp and KnnHnsw.cpp share.
#include "Omp.h"

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "../Embedding.h"
#include "../Progress.h"
#include "Candidates.h"
#include "KnnGraph.h"
#include "Metric.h"
#include "RowTiles.h"

namespace embedscope::detail {

/// Throws Error naming the first row (1-based, as everywhere in messages) that holds a NaN or
/// infinity, or, under cosine, that is all zeros.
void validateRows(const float* data, std::size_t rows, std::size_t dims, Metric metric);

/// Distances between rows in double precision from the original values, the ground truth both
/// graph paths rank by.
class RowKeys {
public:
    /// Keeps data (it must outlive this). O(N·D) for the row norms.
    RowKeys(const float* data, std::size_t rows, std::size_t dims, Metric metric);
    /// The ranking key of the pair: squared distance (euclidean), 1 − cos (cosine) or −a·b (dot).
    /// Deterministic: identical rows give identical keys wherever they lie in memory.
    double key(std::size_t a, std::size_t b) const;
    /// The metric distance (as KnnGraph stores it) for a key.
    float distanceOf(double key) const;
    /// Sorts (key, row) pairs by key, ties to the lower row, and keeps the first k.
    static void keepNearest(std::vector<std::pair<double, std::uint32_t>>& pairs, std::size_t k);
    /// The k nearest of self among candidates (rows, self skipped), measured again in double:
    /// into out as (key, row) pairs, nearest first, ties to the lower row. What every exact
    /// search ends with, once the float products have narrowed the rows down.
    void nearestOf(std::uint32_t self, std::span<const Candidate> candidates, std::size_t k,
                   std::vector<std::pair<double, std::uint32_t>>& out) const;

    const float* data() const { return m_data; }
    std::size_t rows() const { return m_rows; }
    std::size_t dims() const { return m_dims; }
    Metric metric() const { return m_metric; }
    double norm(std::size_t row) const { return m_norm[row]; }

private:
    const float* m_data;
    std::size_t m_rows, m_dims;
    Metric m_metric;
    std::vector<double> m_norm;
};

/// Σ a·b in double with four interleaved accumulators: a fixed order, so the sum does not depend
/// on where the rows lie in memory (Eigen's vectorised reductions peel by alignment).
double dotDouble(const float* a, const float* b, std::size_t n);

/// The rows as the float GEMMs of exact search see them: (row − mean)·2^e (euclidean: centring
/// keeps the GEMM's cancellation error small for data far from the origin), row·2^e (dot), 2^e
/// bringing the largest magnitude to [0.5, 1) so that squares and sums of ~10⁶ dimensions cannot
/// overflow; or the unit row (cosine). Ranks are unchanged; approxOf maps a key to this scale.
class WorkingRows {
public:
    /// Keeps keys (it must outlive this). Two passes over the data for the mean and the largest
    /// magnitude; with progress, a cancel stops them and throws Cancelled.
    WorkingRows(const RowKeys& keys, const Progress* progress);
    /// Writes the working form of row to out (dims floats).
    void make(std::size_t row, float* out) const;
    /// A RowKeys key in the working scale: approximate keys are within errorBound of it.
    double approxOf(double key) const;
    /// The bound on |approximate − exact| key (working scale) between a row of working norm qn
    /// and any row of working norm at most mn: approximate keys are ‖q‖² + ‖r‖² − 2·q·r
    /// (euclidean) or −q·r from float dot products, in any summation order.
    double errorBound(double qn, double mn) const;
    /// The bound on a float dot product's relative rounding error.
    double gamma() const { return m_gamma; }

private:
    const RowKeys& m_keys;
    Eigen::RowVectorXd m_centre;
    double m_scale = 1;
    double m_gamma = 0;
};

/// Exact k-nearest-neighbour search of chosen rows against all rows. One float GEMM per block of
/// query rows gives approximate distances; every row whose approximate distance could, within a
/// rigorous bound on the GEMM's rounding error, belong to the k nearest is then re-measured in
/// double precision from the original values, and the k smallest (ties to the lower row) win.
/// So the result is the exact ranking of the double-precision distances, duplicates come out at
/// distance 0, and it does not depend on the thread count or the GEMM's summation order.
class ExactKnn {
public:
    /// Keeps data (it must outlive the search) and copies a working matrix of the same size:
    /// centred (euclidean) or unit rows (cosine), scaled by a power of two so that the GEMM cannot
    /// overflow on huge values. Expects validated rows (see validateRows). With progress, a
    /// cancel stops the set-up (seconds at a million rows in 300-D) and throws Cancelled.
    ExactKnn(const float* data, std::size_t rows, std::size_t dims, Metric metric,
             const Progress* progress = nullptr);

    /// The k nearest rows of each row queries[i] (itself excluded), nearest first, written to
    /// indices/distances + i·k. Reports progress as a fraction of this call in the current stage;
    /// throws Cancelled.
    /// computed, when given, counts the tiles whose products were computed.
    void search(std::span<const std::uint32_t> queries, std::size_t k, std::uint32_t* indices,
                float* distances, Progress& progress,
                std::atomic<std::size_t>* computed = nullptr) const;

    /// The share of tiles that search() must compute for a tile of query rows, on the rows of
    /// `sampleTiles` evenly spaced tiles: searching all N rows costs about this share of N²·D.
    double tileShare(std::size_t k, std::size_t sampleTiles, Progress& progress) const;

    const RowKeys& keys() const { return m_keys; }
    std::size_t rows() const { return m_keys.rows(); }

    /// Rows per tile (and query block) of search().
    static constexpr std::size_t kTileRows = 256;

private:
    /// The bound on |approximate − exact| key (working scale) for any row against the working
    /// row at position at.
    double errorBound(std::uint32_t at) const;
    /// For each query row r of q (at its position at[r].first) and tile t: bounds(t, r) is at
    /// most the approximate key search() makes for any row of tile t, up to slack[r].
    void tileBounds(const Eigen::Ref<const RowMatrixXf>& q,
                    const std::pair<std::uint32_t, std::uint32_t>* at, RowMatrixXf& bounds,
                    std::vector<float>& slack) const;

    RowKeys m_keys;
    WorkingRows m_working;
    std::size_t m_rows, m_dims;
    Metric m_metric;
    RowTiles m_tiles;                     // the working rows' order: tile by tile
    std::vector<std::uint32_t> m_position;  // row → its position in m_work
    RowMatrixXf m_centroids;              // tiles × D, of the working rows
    std::vector<double> m_radius;         // a tile's farthest working row from its centroid
    std::vector<double> m_centroidNorm;
    RowMatrixXf m_work;               // what the GEMM multiplies, in m_tiles' order
    std::vector<float> m_workSqNorm;  // ‖work row‖² (euclidean), by position
    std::vector<double> m_workNorm;   // ‖work row‖, for the error bound
    double m_maxWorkNorm = 0;
    double m_gamma = 0;  // bound on a dot product's relative rounding error
};

/// Every row's approximate key to a few query rows, the rows made into their working form chunk
/// by chunk as they stream past: no working copy of the matrix (ExactKnn's costs as much memory
/// as the data, and its tiles seconds to build), for callers that read each query's keys once,
/// like the quality measure's sampled points.
class ExactScan {
public:
    /// Keeps data (it must outlive this). One pass for the working rows' largest norm; with
    /// progress, a cancel stops the set-up and throws Cancelled.
    ExactScan(const float* data, std::size_t rows, std::size_t dims, Metric metric,
              const Progress* progress = nullptr);

    /// visit(i, first, approx, count, err): approx[j] is the approximate key of queries[i] to
    /// row first + j (+inf for itself), within err of approxOf(key). For each query the chunks
    /// come in row order, all on one thread; done(i) follows its last chunk. Queries run
    /// concurrently on the OpenMP threads (neither callback may throw). Reports progress as a
    /// fraction of this call in the current stage; throws Cancelled.
    using Visitor = std::function<void(std::size_t i, std::uint32_t first, const float* approx,
                                       std::size_t count, double err)>;
    void scan(std::span<const std::uint32_t> queries, Progress& progress, const Visitor& visit,
              const std::function<void(std::size_t i)>& done) const;

    /// The k nearest rows of each row queries[i] (itself excluded), as ExactKnn::search gives
    /// them (the same rows, ties and distances), streaming the matrix once per block of queries:
    /// for a few thousand queries, where ExactKnn's working copy would cost as much memory as
    /// the data. Needs k < rows(); throws Cancelled.
    void nearest(std::span<const std::uint32_t> queries, std::size_t k, std::uint32_t* indices,
                 float* distances, Progress& progress) const;

    double approxOf(double key) const { return m_working.approxOf(key); }
    const RowKeys& keys() const { return m_keys; }
    std::size_t rows() const { return m_keys.rows(); }

    /// Rows made and multiplied at a time: a chunk of 300-D rows stays in a core's cache.
    std::size_t chunkRows = 512;

private:
    RowKeys m_keys;
    WorkingRows m_working;
    double m_maxWorkNorm = 0;
};

/// The HNSW path of buildKnnGraph (KnnHnsw.cpp): arguments already checked. exact, when given,
/// is the data's ExactKnn (else one is made when needed); index, when given, is searched instead
/// of building one (KnnOptions::hnswIndex).
KnnGraph buildHnswGraph(const float* data, std::size_t rows, std::size_t dims,
                        const KnnOptions& options, Progress& progress,
                        std::unique_ptr<ExactKnn> exact = nullptr, const HnswGraph* index = nullptr);

/// The HNSW search breadth for a target recall (KnnOptions::hnswTargetRecall): from start, ×1.25
/// at a time (at most maxEf) until recallAt(ef) reaches target, then bisection between the last
/// ef that fell short and the first that did not, until they are within 1/16 of the lower.
/// recallAt is assumed to grow with ef; returns the lowest ef found to reach the target (maxEf
/// when none below it does; start itself when that is maxEf or more).
std::size_t tuneEf(std::size_t start, std::size_t maxEf, double target,
                   const std::function<double(std::size_t)>& recallAt);

/// Exact k nearest (graph.k) of the given rows into indices/distances, as ExactKnn::search.
using ExactSearch =
    std::function<void(std::span<const std::uint32_t> rows, std::uint32_t* indices, float* distances)>;

/// Recall@k of graph against exact search (keys, exact) on a seeded sample of rows (see
/// KnnGraph::recall).
double measureRecall(const KnnGraph& graph, const RowKeys& keys, std::size_t sample,
                     unsigned seed, const ExactSearch& exact);

/// The share of found (k rows) that are among truth (row's exact k nearest, nearest first) or tie
/// with truth's k-th.
double rowRecall(const RowKeys& keys, std::uint32_t row, const std::uint32_t* truth,
                 const std::uint32_t* found, std::size_t k);

/// Inside a parallel loop over blocks of work, after one block: stop turns true once cancelled,
/// and the caller's thread (thread 0) reports done / total. step() throws once cancelled, and an
/// exception must not leave the parallel region, so it is caught here.
inline void reportBlockDone(Progress& progress, std::atomic<bool>& stop, std::size_t done,
                            std::size_t total) {
    if (progress.isCancelled()) stop = true;
    if (omp_get_thread_num() != 0 || stop) return;
    try {
        progress.step(double(done) / double(total));
    } catch (const Cancelled&) {
        stop = true;
    }
}

/// Runs body(i, buffer) for i in [first, last) on the OpenMP threads, in chunks of 256; buffer
/// is a per-thread scratch of `scratch` floats. body must not throw. Thread 0 (the caller's)
/// reports the fraction done; every thread stops between chunks once cancelled, and Cancelled is
/// thrown after the loop.
template <class Body>
void parallelChunks(std::size_t first, std::size_t last, std::size_t scratch, Progress& progress,
                    Body&& body) {
    std::atomic<bool> stop{false};
    std::atomic<std::size_t> done{0};
    const std::size_t total = last - first;
    constexpr std::size_t chunk = 256;
#pragma omp parallel
    {
        std::vector<float> buffer(scratch);
#pragma omp for schedule(dynamic, 1)
        for (std::size_t c = first; c < last; c += chunk) {
            if (stop.load(std::memory_order_relaxed)) continue;
            const std::size_t end = std::min(last, c + chunk);
            for (std::size_t i = c; i < end; ++i) body(i, buffer.data());
            reportBlockDone(progress, stop, done += end - c, total);
        }
    }
    progress.check();
}

/// A seeded sample of count distinct rows out of rows, ascending (all rows when count ≥ rows).
std::vector<std::uint32_t> sampleRows(std::size_t rows, std::size_t count, unsigned seed);

}  // namespace embedscope::detail
