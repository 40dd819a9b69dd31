#pragma once
/// Internal to the core: hnswlib's HierarchicalNSW behind a small interface. Debian's header-only
/// hnswlib defines non-inline functions and globals, so HnswGraph.cpp is the one file that
/// includes it; it is also the one file built without ASan (see core/CMakeLists.txt), so the
/// code around the index (the kNN graph, the query index) stays checked.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace embedscope::detail {

class HnswGraph {
public:
    /// hnswlib's two spaces: squared euclidean, or 1 − a·b (cosine on unit vectors, and dot).
    enum class Space { L2, InnerProduct };

    /// An empty index for up to capacity vectors of dims floats.
    HnswGraph(Space space, std::size_t dims, std::size_t capacity, std::size_t m, std::size_t efConstruction,
              unsigned seed);
    /// The index save() wrote to path. Throws what hnswlib throws (std::exception) when the file
    /// cannot be read.
    HnswGraph(Space space, std::size_t dims, const std::string& path, std::size_t capacity);
    ~HnswGraph();
    HnswGraph(const HnswGraph&) = delete;
    HnswGraph& operator=(const HnswGraph&) = delete;

    /// Inserts a vector; safe from several threads at once (hnswlib locks per node).
    void add(const float* vector, std::size_t label);
    /// Query breadth; not while queries run.
    void setEf(std::size_t ef);
    std::size_t size() const;
    /// The labels of up to k vectors nearest to vector, in no particular order (callers rank them
    /// by their own exact distances).
    std::vector<std::size_t> search(const float* vector, std::size_t k) const;
    /// Throws what hnswlib throws (std::exception) when the file cannot be written.
    void save(const std::string& path) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace embedscope::detail
