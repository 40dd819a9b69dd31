// The approximate kNN graph: HNSW (Malkov & Yashunin 2018) through Debian's header-only hnswlib
// (HnswGraph).
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "../Error.h"
#include "HnswGraph.h"
#include "KnnDetail.h"

namespace embedscope::detail {

namespace {
/// Rows HNSW could not fill that a streamed scan still searches; beyond, an ExactKnn is built.
constexpr std::size_t kScanQueries = 4096;
}  // namespace

std::size_t tuneEf(std::size_t start, std::size_t maxEf, double target,
                   const std::function<double(std::size_t)>& recallAt) {
    std::size_t ef = start, failed = 0;
    while (ef < maxEf && recallAt(ef) < target) {
        failed = ef;
        ef = std::min(ef + std::max<std::size_t>(ef / 4, 1), maxEf);
    }
    // The queries that follow cost about ef, and the last ×1.25 step overshoots by up to a
    // quarter. On t-SNE's graph of 300 000 word-like rows in 300-D, ef 156 fell short and the
    // ladder took 195; bisection stopped at 185. Its few rounds of 500 sample queries cost a
    // fraction of what ten fewer ef saves over 300 000 queries.
    if (failed > 0 && ef < maxEf) {
        while (ef - failed > std::max<std::size_t>(failed / 16, 1)) {
            const std::size_t mid = failed + (ef - failed) / 2;
            (recallAt(mid) >= target ? ef : failed) = mid;
        }
    }
    return ef;
}

KnnGraph buildHnswGraph(const float* data, std::size_t rows, std::size_t dims,
                        const KnnOptions& options, Progress& progress,
                        std::unique_ptr<ExactKnn> exact, const HnswGraph* index) {
    const std::size_t k = options.k;
    const RowKeys keys(data, rows, dims, options.metric);
    std::vector<float> scale;
    IndexedRows indexed;
    std::unique_ptr<HnswGraph> built;
    if (!index) {
        // Cosine is the inner product of unit vectors (hnswlib's distance 1 − a·b); dot uses the
        // raw vectors in the same space (1 − a·b ranks like −a·b), euclidean the squared L2 distance.
        const auto space = options.metric == Metric::Euclidean ? HnswGraph::Space::L2 : HnswGraph::Space::InnerProduct;
        // Unit rows for cosine, read in place: never zero, validateRows refused zero vectors.
        if (options.metric == Metric::Cosine) {
            scale.resize(rows);
            for (std::size_t i = 0; i < rows; ++i) scale[i] = static_cast<float>(1.0 / keys.norm(i));
        }
        indexed.data = data;
        indexed.rows = rows;
        indexed.dims = dims;
        indexed.scale = scale.empty() ? nullptr : scale.data();

        progress.setStage("kNN (HNSW) building");
        built = std::make_unique<HnswGraph>(space, indexed, options.hnswM, options.hnswEfConstruction, options.seed);
        // The first point becomes the entry point on its own; the rest are inserted concurrently,
        // which hnswlib supports (per-node link locks). The graph then depends on the threads'
        // interleaving (and hnswlib draws node levels from one shared generator), so with more than
        // one thread the approximate graph can differ slightly between runs despite the seed; the
        // recall reported says how good it is. One thread (OMP_NUM_THREADS=1) makes it reproducible.
        built->add(0);
        parallelChunks(1, rows, 0, progress, [&](std::size_t i, float*) { built->add(static_cast<std::uint32_t>(i)); });
        index = built.get();
    } else if (index->size() != rows) {
        throw Error("the neighbour index holds " + std::to_string(index->size()) + " rows, the data " +
                    std::to_string(rows));
    }

    KnnGraph graph;
    graph.rows = rows;
    graph.k = k;
    graph.approximate = true;
    graph.indices.resize(rows * k);
    graph.distances.resize(rows * k);
    std::vector<char> incomplete(rows, 0);
    std::size_t ef =
        std::max(options.hnswEf ? options.hnswEf : std::max<std::size_t>(2 * k, 50), k + 1);
    // One row's k nearest by HNSW into indices/distances (false when fewer than k were found).
    auto query = [&](std::size_t i, std::uint32_t* indices, float* distances) {
        const std::vector<std::size_t> found = index->search(static_cast<std::uint32_t>(i), k + 1, ef);
        // Ranked again by the exact keys so that distances and ties match the exact graph's (the
        // row itself is dropped, else the farthest).
        std::vector<std::pair<double, std::uint32_t>> pairs;
        pairs.reserve(found.size());
        for (const std::size_t label : found) {
            const auto row = static_cast<std::uint32_t>(label);
            if (row != i) pairs.emplace_back(keys.key(i, row), row);
        }
        RowKeys::keepNearest(pairs, k);
        for (std::size_t j = 0; j < pairs.size(); ++j) {
            indices[j] = pairs[j].second;
            distances[j] = keys.distanceOf(pairs[j].first);
        }
        return pairs.size() == k;
    };

    // The exact neighbours of the tuning and recall samples: by Auto's pilot's ExactKnn when it
    // handed one over, else streamed past the samples (ExactScan). An ExactKnn built for two
    // samples of 1000 rows would hold a working copy of the whole matrix: 3.6 GB more at
    // 3 M × 300, for no gain in time there (its tiles skip little of word vectors in 300-D).
    std::unique_ptr<ExactScan> scan;
    auto exactSearch = [&](std::span<const std::uint32_t> queries, std::uint32_t* indices,
                           float* distances) {
        if (exact) return exact->search(queries, k, indices, distances, progress);
        if (!scan) scan = std::make_unique<ExactScan>(data, rows, dims, options.metric, &progress);
        scan->nearest(queries, k, indices, distances, progress);
    };
    if (options.hnswTargetRecall > 0) {
        // A separate sample from the reported one, so the recall shown is not the one tuned on.
        progress.setStage("kNN (HNSW) tuning");
        const std::vector<std::uint32_t> sample =
            sampleRows(rows, KnnOptions::kEfTuningSample, options.seed ^ 0x5bd1e995u);
        std::vector<std::uint32_t> truth(sample.size() * k), found(sample.size() * k);
        std::vector<float> truthDistances(sample.size() * k), foundDistances(sample.size() * k);
        exactSearch(sample, truth.data(), truthDistances.data());
        // The sample's recall at one ef, less two standard errors: bisection lands where the
        // sample just passes, so without a margin the graph's recall fell short about half the
        // time (300 000 word-like rows in 300-D: ef 112 passed on the sample, the graph's recall
        // was 0.931). Sums in order: the same for any thread count.
        auto recallAt = [&](std::size_t at) {
            ef = at;
            std::vector<double> recall(sample.size(), 1.0);
            parallelChunks(0, sample.size(), 0, progress, [&](std::size_t s, float*) {
                if (query(sample[s], found.data() + s * k, foundDistances.data() + s * k))
                    recall[s] =
                        rowRecall(keys, sample[s], truth.data() + s * k, found.data() + s * k, k);
            });
            const double n = double(sample.size());
            double mean = 0, squares = 0;
            for (double r : recall) mean += r;
            mean /= n;
            for (double r : recall) squares += (r - mean) * (r - mean);
            const double standardError = n > 1 ? std::sqrt(squares / (n - 1) / n) : 0.0;
            return mean - 2 * standardError;
        };
        ef = tuneEf(ef, KnnOptions::kMaxTunedEf, options.hnswTargetRecall, recallAt);
    }

    progress.setStage("kNN (HNSW) querying");
    parallelChunks(0, rows, 0, progress, [&](std::size_t i, float*) {
        if (!query(i, graph.indices.data() + i * k, graph.distances.data() + i * k))
            incomplete[i] = 1;
    });

    // Exact search for what HNSW could not fill (rare: tiny or degenerate data) and for recall.
    std::vector<std::uint32_t> redo;
    for (std::size_t i = 0; i < rows; ++i)
        if (incomplete[i]) redo.push_back(static_cast<std::uint32_t>(i));
    if (!redo.empty() || options.recallSample > 0) {
        progress.setStage("checking recall");
        // The scan streams the matrix once per 64 queries: ExactKnn is faster for many rows.
        if (!exact && redo.size() > kScanQueries)
            exact = std::make_unique<ExactKnn>(data, rows, dims, options.metric, &progress);
        if (!redo.empty()) {
            std::vector<std::uint32_t> indices(redo.size() * k);
            std::vector<float> distances(redo.size() * k);
            exactSearch(redo, indices.data(), distances.data());
            for (std::size_t r = 0; r < redo.size(); ++r) {
                std::copy_n(indices.begin() + r * k, k, graph.indices.begin() + redo[r] * k);
                std::copy_n(distances.begin() + r * k, k, graph.distances.begin() + redo[r] * k);
            }
        }
        graph.recall = measureRecall(graph, keys, options.recallSample, options.seed, exactSearch);
    } else {
        graph.recall = std::numeric_limits<double>::quiet_NaN();  // not measured
    }
    graph.ef = ef;
    graph.reusedIndex = built == nullptr;
    progress.step(1.0);
    return graph;
}

}  // namespace embedscope::detail
