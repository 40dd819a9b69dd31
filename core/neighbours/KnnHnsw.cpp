// The approximate kNN graph: HNSW (Malkov & Yashunin 2018) through Debian's header-only hnswlib.
// hnswlib's headers define non-inline globals, so this is the only file of the core to include
// them (Quality.cpp reaches HNSW through buildKnnGraph).
#include <hnswlib/hnswlib.h>
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "KnnDetail.h"

namespace embedscope::detail {

KnnGraph buildHnswGraph(const float* data, std::size_t rows, std::size_t dims,
                        const KnnOptions& options, Progress& progress) {
    const std::size_t k = options.k;
    const RowKeys keys(data, rows, dims, options.metric);
    // Cosine is the inner product of unit vectors (hnswlib's distance 1 − a·b); dot uses the raw
    // vectors in the same space (1 − a·b ranks like −a·b), euclidean the squared L2 distance.
    std::unique_ptr<hnswlib::SpaceInterface<float>> space;
    if (options.metric == Metric::Euclidean)
        space = std::make_unique<hnswlib::L2Space>(dims);
    else
        space = std::make_unique<hnswlib::InnerProductSpace>(dims);
    const bool normalise = options.metric == Metric::Cosine;
    auto vector = [&](std::size_t i, float* buffer) -> const float* {
        const float* x = data + i * dims;
        if (!normalise) return x;
        const double inv = 1.0 / keys.norm(i);  // never zero: validateRows refused zero vectors
        for (std::size_t j = 0; j < dims; ++j) buffer[j] = static_cast<float>(x[j] * inv);
        return buffer;
    };

    progress.setStage("kNN (HNSW) building");
    hnswlib::HierarchicalNSW<float> index(space.get(), rows, options.hnswM,
                                          options.hnswEfConstruction, options.seed);
    // The first point becomes the entry point on its own; the rest are inserted concurrently, which
    // hnswlib supports (per-node link locks). The graph then depends on the threads' interleaving
    // (and hnswlib draws node levels from one shared generator), so with more than one thread the
    // approximate graph can differ slightly between runs despite the seed; the recall reported
    // says how good it is. One thread (OMP_NUM_THREADS=1) makes it reproducible.
    std::vector<float> first(dims);
    index.addPoint(vector(0, first.data()), 0);
    parallelChunks(1, rows, dims, progress, [&](std::size_t i, float* buffer) {
        index.addPoint(vector(i, buffer), static_cast<hnswlib::labeltype>(i));
    });

    progress.setStage("kNN (HNSW) querying");
    index.setEf(
        std::max(options.hnswEf ? options.hnswEf : std::max<std::size_t>(2 * k, 50), k + 1));
    KnnGraph graph;
    graph.rows = rows;
    graph.k = k;
    graph.approximate = true;
    graph.indices.resize(rows * k);
    graph.distances.resize(rows * k);
    std::vector<char> incomplete(rows, 0);
    parallelChunks(0, rows, dims, progress, [&](std::size_t i, float* buffer) {
        auto found = index.searchKnn(vector(i, buffer), k + 1);
        // hnswlib hands the farthest first; rank again by the exact keys so that distances and
        // ties match the exact graph's (the row itself is dropped, else the farthest).
        std::vector<std::pair<double, std::uint32_t>> pairs;
        pairs.reserve(found.size());
        for (; !found.empty(); found.pop()) {
            const auto row = static_cast<std::uint32_t>(found.top().second);
            if (row != i) pairs.emplace_back(keys.key(i, row), row);
        }
        RowKeys::keepNearest(pairs, k);
        if (pairs.size() < k) incomplete[i] = 1;
        for (std::size_t j = 0; j < pairs.size(); ++j) {
            graph.indices[i * k + j] = pairs[j].second;
            graph.distances[i * k + j] = keys.distanceOf(pairs[j].first);
        }
    });

    // Exact search for what HNSW could not fill (rare: tiny or degenerate data) and for recall.
    std::vector<std::uint32_t> redo;
    for (std::size_t i = 0; i < rows; ++i)
        if (incomplete[i]) redo.push_back(static_cast<std::uint32_t>(i));
    if (!redo.empty() || options.recallSample > 0) {
        progress.setStage("checking recall");
        const ExactKnn exact(data, rows, dims, options.metric);
        if (!redo.empty()) {
            std::vector<std::uint32_t> indices(redo.size() * k);
            std::vector<float> distances(redo.size() * k);
            exact.search(redo, k, indices.data(), distances.data(), progress);
            for (std::size_t r = 0; r < redo.size(); ++r) {
                std::copy_n(indices.begin() + r * k, k, graph.indices.begin() + redo[r] * k);
                std::copy_n(distances.begin() + r * k, k, graph.distances.begin() + redo[r] * k);
            }
        }
        graph.recall = measureRecall(graph, exact, options.recallSample, options.seed, progress);
    } else {
        graph.recall = std::numeric_limits<double>::quiet_NaN();  // not measured
    }
    progress.step(1.0);
    return graph;
}

}  // namespace embedscope::detail
