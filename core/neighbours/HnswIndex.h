#pragma once
/// An approximate nearest-neighbour index (HNSW, Malkov & Yashunin 2018, through hnswlib) for
/// one-point queries over a large embedding, in any metric and space NeighbourSearch offers.
/// Candidates are re-ranked with the exact search's own distances, so what it returns agrees
/// with NeighbourSearch wherever it found the same rows. Saved to a file keyed by the data
/// file's size, modification time and a hash of its head, and reused while those are unchanged.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "../Progress.h"
#include "NeighbourSearch.h"

namespace embedscope {

namespace detail {
class HnswGraph;
}

struct HnswParams {
    std::size_t m = 16;                 ///< links per node
    std::size_t efConstruction = 200;   ///< build breadth
    std::size_t ef = 100;               ///< query breadth (raised to k when k is larger)
    unsigned seed = 42;

    /// The index the app builds for neighbour queries on large data, and the CLI's: M 16,
    /// ef_construction 100 (t-SNE's own graph uses the same, so either can serve the other).
    static HnswParams browsing() {
        HnswParams p;
        p.efConstruction = 100;
        return p;
    }
};

/// What identifies the data an index was built from.
struct DataFileKey {
    std::uint64_t size = 0;
    std::int64_t mtimeNs = 0;
    std::uint64_t headHash = 0;  ///< FNV-1a of the first MiB
    bool operator==(const DataFileKey&) const = default;
    /// Throws Error naming the path when it cannot be read.
    static DataFileKey of(const std::string& path);
};

class HnswIndex {
public:
    /// Builds over search's embedding in search's metric and space (both must outlive the index).
    /// Inserts in parallel (OpenMP); Progress stage "building the neighbour index"; Cancelled.
    HnswIndex(const NeighbourSearch& search, const HnswParams& params, Progress& progress);
    ~HnswIndex();
    HnswIndex(const HnswIndex&) = delete;
    HnswIndex& operator=(const HnswIndex&) = delete;

    /// The index saved at path (with path + ".key") when it was built for this data file (key),
    /// this embedding's shape, metric, space and parameters; nullptr when there is none or it is
    /// stale. Throws Error when a matching file cannot be read.
    static std::unique_ptr<HnswIndex> load(const std::string& path, const DataFileKey& key,
                                           const NeighbourSearch& search, const HnswParams& params);
    /// Writes path and path + ".key" (the key last, so a half-written index is never taken).
    void save(const std::string& path, const DataFileKey& key) const;

    const HnswParams& params() const { return m_params; }
    /// The graph itself, for KnnOptions::hnswIndex.
    const detail::HnswGraph& graph() const;
    /// Whether the index orders data's rows as metric does, so that it can serve as
    /// KnnOptions::hnswIndex for them: built over the same matrix (data is the embedding it was
    /// built on), in a metric and space that rank as metric: for cosine, cosine on the raw rows
    /// or any metric on normalised rows; for euclidean, euclidean on the raw or centred rows (the
    /// centre cancels); for dot, dot on the raw rows.
    bool ranksAs(const Embedding& data, Metric metric) const;
    /// The same rule for an index of this metric and space, before any is built.
    static bool ranksAs(Metric indexMetric, VectorSpace indexSpace, Metric metric);
    /// Not while queries run.
    void setEf(std::size_t ef);

    /// The k nearest rows to row (itself excluded), nearest first, distances as NeighbourSearch's.
    /// ef: the search breadth for this query (0: params().ef), so that callers sharing the index
    /// can each search at their own recall.
    std::vector<Neighbour> nearest(std::size_t row, std::size_t k, std::size_t ef = 0) const;
    /// Recall@k at breadth ef (0: params().ef) against exact search over a seeded sample of rows:
    /// the mean share of each sampled row's exact k nearest that nearest() returns. Progress
    /// "measuring recall"; Cancelled.
    double measureRecall(std::size_t k, std::size_t sample, unsigned seed,
                         Progress& progress = Progress::none(), std::size_t ef = 0) const;
    /// The breadth at which recall@k on a seeded sample of rows reaches target: from
    /// params().ef up (×1.25 at a time, then bisection back towards the last ef that fell short;
    /// at most kMaxEf). The sample's exact neighbours are searched once. The index is not
    /// changed: pass the ef to nearest() (or setEf). Measure the recall on another sample: this
    /// one's is what ef was chosen by. Progress "tuning the neighbour index"; Cancelled.
    std::size_t efFor(std::size_t k, double target, std::size_t sample, unsigned seed,
                      Progress& progress = Progress::none()) const;
    static constexpr std::size_t kMaxEf = 2048;

private:
    /// For each sampled row with neighbours: its exact k nearest (rows whose exact search
    /// fails, a zero vector under cosine, are left out).
    std::vector<std::pair<std::size_t, std::vector<Neighbour>>> exactSample(
        std::size_t k, std::size_t sample, unsigned seed, Progress& progress) const;

    struct Impl;
    HnswIndex(const NeighbourSearch& search, const HnswParams& params, std::unique_ptr<Impl> impl);
    const NeighbourSearch& m_search;
    HnswParams m_params;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace embedscope
