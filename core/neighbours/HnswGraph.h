#pragma once
/// Internal to the core: hnswlib's HierarchicalNSW behind a small interface. Debian's header-only
/// hnswlib defines non-inline functions and globals, so HnswGraph.cpp is the one file that
/// includes it; it is also the one file built without ASan (see core/CMakeLists.txt), so the
/// code around the index (the kNN graph, the query index) stays checked.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace embedscope::detail {

/// The vectors an index measures, read in place from the caller's matrix: row i is
/// (data[i·dims …] − centre) · scale[i]. The index stores only row numbers, not a copy of the
/// vectors (which was as large as the matrix: 1.2 GB at a million 300-D rows, in memory and in
/// the saved file). data, centre and scale must outlive the index.
struct IndexedRows {
    const float* data = nullptr;
    std::size_t rows = 0, dims = 0;
    const float* centre = nullptr;  ///< dims values, or null: none
    const float* scale = nullptr;   ///< one per row, or null: 1 (inner product only)
};

class HnswGraph {
public:
    /// hnswlib's two distances: squared euclidean (the centre cancels), or 1 − a·b (cosine on unit
    /// vectors, and dot).
    enum class Space { L2, InnerProduct };

    /// An empty index over rows, for up to rows.rows of them.
    HnswGraph(Space space, const IndexedRows& rows, std::size_t m, std::size_t efConstruction, unsigned seed);
    /// The index save() wrote to path, over the same rows. Throws std::exception when the file
    /// cannot be read or names rows that rows does not have.
    HnswGraph(Space space, const IndexedRows& rows, const std::string& path);
    ~HnswGraph();
    HnswGraph(const HnswGraph&) = delete;
    HnswGraph& operator=(const HnswGraph&) = delete;

    /// Inserts a row; safe from several threads at once (hnswlib locks per node).
    void add(std::uint32_t row);
    /// Query breadth; not while queries run.
    void setEf(std::size_t ef);
    std::size_t size() const;
    /// Up to k rows nearest to row, in no particular order (callers rank them by their own exact
    /// distances). ef: the search breadth for this query (0: setEf's); at least k is used. A
    /// breadth per query lets several callers share one index, each at its own recall.
    std::vector<std::size_t> search(std::uint32_t row, std::size_t k, std::size_t ef = 0) const;
    /// Throws what hnswlib throws (std::exception) when the file cannot be written.
    void save(const std::string& path) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace embedscope::detail
