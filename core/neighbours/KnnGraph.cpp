#include "KnnGraph.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <numeric>
#include <random>
#include <string>

#include "../Error.h"
#include "KnnDetail.h"

namespace embedscope {

namespace {
constexpr std::size_t kPilotTiles = 8;  // tiles of query rows Auto's pilot searches
}  // namespace

namespace detail {

void validateRows(const float* data, std::size_t rows, std::size_t dims, Metric metric) {
    for (std::size_t i = 0; i < rows; ++i) {
        const float* x = data + i * dims;
        bool zero = true;
        for (std::size_t j = 0; j < dims; ++j) {
            if (!std::isfinite(x[j]))
                throw Error("row " + std::to_string(i + 1) + " has a non-finite value");
            zero = zero && x[j] == 0.0f;
        }
        if (zero && metric == Metric::Cosine)
            throw Error("row " + std::to_string(i + 1) +
                        " is a zero vector: cosine is undefined for it");
    }
}

std::vector<std::uint32_t> sampleRows(std::size_t rows, std::size_t count, unsigned seed) {
    std::vector<std::uint32_t> all(rows);
    std::iota(all.begin(), all.end(), 0u);
    if (count >= rows) return all;
    // Partial Fisher-Yates with an explicit draw: std::uniform_int_distribution's algorithm is
    // not specified, and the sample must be the same with every standard library.
    std::mt19937_64 rng(seed);
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t j = i + static_cast<std::size_t>(rng() % (rows - i));
        std::swap(all[i], all[j]);
    }
    all.resize(count);
    std::sort(all.begin(), all.end());
    return all;
}

double measureRecall(const KnnGraph& graph, const RowKeys& keys, std::size_t sample,
                     unsigned seed, const ExactSearch& exact) {
    const std::size_t k = graph.k;
    if (k == 0 || graph.rows == 0) return 1.0;
    if (sample == 0) return std::numeric_limits<double>::quiet_NaN();
    const std::vector<std::uint32_t> rows = sampleRows(graph.rows, sample, seed);
    std::vector<std::uint32_t> indices(rows.size() * k);
    std::vector<float> distances(rows.size() * k);
    exact(rows, indices.data(), distances.data());
    double sum = 0;
    for (std::size_t s = 0; s < rows.size(); ++s)
        sum += rowRecall(keys, rows[s], indices.data() + s * k,
                         graph.indices.data() + std::size_t(rows[s]) * k, k);
    return sum / double(rows.size());
}

double rowRecall(const RowKeys& keys, std::uint32_t row, const std::uint32_t* truth,
                 const std::uint32_t* found, std::size_t k) {
    // A found row counts when it is one of the exact k nearest or ties with the k-th: among
    // duplicates, which copy is "the" neighbour is arbitrary.
    const double kth = keys.key(row, truth[k - 1]);
    std::size_t hits = 0;
    for (std::size_t i = 0; i < k; ++i)
        hits += std::find(truth, truth + k, found[i]) != truth + k || keys.key(row, found[i]) <= kth;
    return double(hits) / double(k);
}

}  // namespace detail

KnnGraph buildKnnGraph(const float* data, std::size_t rows, std::size_t dims,
                       const KnnOptions& options, Progress& progress) {
    const std::size_t k = options.k;
    if (k > 0 && k >= rows)
        throw Error("k (= " + std::to_string(k) + ") must be smaller than the number of rows (" +
                    std::to_string(rows) + ")");
    if (rows > std::numeric_limits<std::uint32_t>::max())
        throw Error("the kNN graph supports at most 4294967295 rows, not " + std::to_string(rows));
    detail::validateRows(data, rows, dims, options.metric);

    const double work = double(rows) * double(rows) * double(dims);
    bool hnsw = options.method == KnnMethod::Hnsw ||
                (options.method == KnnMethod::Auto && work > options.exactWorkLimit);
    std::unique_ptr<detail::ExactKnn> exact;
    if (options.method == KnnMethod::Auto && hnsw && k > 0 && work <= options.exactWorkProbe) {
        // Whether exact search can skip enough of these data: HNSW reuses the ExactKnn anyway.
        progress.setStage("kNN (pilot)");
        exact = std::make_unique<detail::ExactKnn>(data, rows, dims, options.metric, &progress);
        hnsw = exact->tileShare(k, kPilotTiles, progress) * work > options.exactWorkLimit;
    }
    if (hnsw && k > 0) {
        const detail::HnswGraph* index = options.hnswIndex ? options.hnswIndex(progress) : nullptr;
        return detail::buildHnswGraph(data, rows, dims, options, progress, std::move(exact), index);
    }

    KnnGraph graph;
    graph.rows = rows;
    graph.k = k;
    graph.indices.resize(rows * k);
    graph.distances.resize(rows * k);
    progress.setStage("kNN (exact)");
    if (k > 0) {
        if (!exact) exact = std::make_unique<detail::ExactKnn>(data, rows, dims, options.metric, &progress);
        std::vector<std::uint32_t> all(rows);
        std::iota(all.begin(), all.end(), 0u);
        exact->search(all, k, graph.indices.data(), graph.distances.data(), progress);
    }
    progress.step(1.0);
    return graph;
}

}  // namespace embedscope
