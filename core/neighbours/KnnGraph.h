#pragma once
/// The k-nearest-neighbour graph of all rows: the input of t-SNE's affinities and of the layout
/// quality measures. Exact (blocked GEMM) or approximate (HNSW, Malkov & Yashunin 2018).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "../Embedding.h"
#include "../Progress.h"
#include "Metric.h"

namespace embedscope {

struct KnnGraph {
    std::size_t rows = 0;
    std::size_t k = 0;
    std::vector<std::uint32_t> indices;  ///< rows × k, nearest first, self excluded
    std::vector<float> distances;        ///< rows × k, same order (metric distances)
    bool approximate = false;
    /// For approximate graphs: recall@k against exact search on a sample of rows (else 1).
    double recall = 1.0;
};

enum class KnnMethod { Auto, Exact, Hnsw };

struct KnnOptions {
    std::size_t k = 15;
    Metric metric = Metric::Euclidean;
    KnnMethod method = KnnMethod::Auto;
    /// Auto uses HNSW above this many rows.
    std::size_t hnswThreshold = 50'000;
    std::size_t hnswM = 16;               ///< HNSW graph degree
    std::size_t hnswEfConstruction = 200;
    std::size_t hnswEf = 0;               ///< search breadth; 0 = max(2k, 50)
    std::size_t recallSample = 1000;      ///< rows checked against exact search
    unsigned seed = 42;
};

/// Builds the graph over the embedding's rows (or over any row-major float matrix).
/// Throws Error when k ≥ N ("k must be smaller than the number of rows N"), on non-finite input
/// (naming the row), Cancelled when cancelled.
KnnGraph buildKnnGraph(const float* data, std::size_t rows, std::size_t dims,
                       const KnnOptions& options, Progress& progress = Progress::none());
inline KnnGraph buildKnnGraph(const Embedding& e, const KnnOptions& options,
                              Progress& progress = Progress::none()) {
    return buildKnnGraph(e.data(), e.rows(), e.dims(), options, progress);
}

}  // namespace embedscope
