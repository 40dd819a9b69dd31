#include "Tsne.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "../../Error.h"
#include "../../neighbours/HnswIndex.h"
#include "Gradient.h"
#include "Initialization.h"
#include "Optimizer.h"
#include "Repulsion.h"

namespace embedscope {

namespace {

/// The shortest text that reads back as value ("30", "2.5"), independent of the locale.
std::string number(double value) {
    char buffer[32];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    return std::string(buffer, end);
}

/// Throws naming the first row (1-based, with its label) that has a NaN or infinity or, under
/// cosine, is all zeros.
void checkRows(const Embedding& data, Metric metric) {
    const std::size_t dims = data.dims();
    for (std::size_t i = 0; i < data.rows(); ++i) {
        const float* x = data.data() + i * dims;
        auto fail = [&](const char* what) {
            throw Error("row " + std::to_string(i + 1) + " (\"" + data.label(i) + "\") " + what);
        };
        if (!std::all_of(x, x + dims, [](float v) { return std::isfinite(v); }))
            fail("has a non-finite value");
        if (metric == Metric::Cosine && std::all_of(x, x + dims, [](float v) { return v == 0.0f; }))
            fail("is a zero vector: cosine is undefined for it");
    }
}

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

namespace {

/// unitRows for rows already checked.
Embedding normalisedRows(const Embedding& data) {
    const std::size_t dims = data.dims();
    FloatValues values(data.values().begin(), data.values().end());
    for (std::size_t i = 0; i < data.rows(); ++i) {
        float* x = values.data() + i * dims;
        double squared = 0;
        for (std::size_t a = 0; a < dims; ++a) squared += double(x[a]) * double(x[a]);
        const double norm = std::sqrt(squared);
        if (std::abs(norm - 1) <= 1e-6) continue;
        for (std::size_t a = 0; a < dims; ++a) x[a] = static_cast<float>(double(x[a]) / norm);
    }
    Embedding unit(data.labels(), std::move(values), dims);
    unit.setFrequencyOrdered(data.isFrequencyOrdered());
    return unit;
}

}  // namespace

Embedding unitRows(const Embedding& data) {
    checkRows(data, Metric::Cosine);
    return normalisedRows(data);
}

KnnOptions tsneKnnOptions(std::size_t points, double perplexity, unsigned seed) {
    KnnOptions knn;
    knn.k = tsneNeighbourCount(points, perplexity);
    knn.metric = Metric::Euclidean;
    knn.seed = seed;
    // t-SNE needs the neighbours only roughly right (FIt-SNE and openTSNE use approximate graphs
    // too), so the index is lighter than the kNN feature's (ef_construction 200, ef 2k); ef then
    // starts at k + 10 and is raised until a tuning sample's recall reaches 0.95 (issue #9: at
    // ef k + 10 alone, 100 000 blobs in 50-D got 0.88-0.91).
    knn.hnswEfConstruction = 100;
    knn.hnswEf = knn.k + 10;
    knn.hnswTargetRecall = 0.95;
    return knn;
}

double autoLearningRate(std::size_t points) {
    return std::max(double(points) / 12.0, 200.0);
}

void validateTsneOptions(const TsneOptions& o, std::size_t points) {
    if (o.dims != 2 && o.dims != 3) throw Error("t-SNE lays out in 2 or 3 dimensions");
    if (!(o.perplexity > 0) || !std::isfinite(o.perplexity))
        throw Error("perplexity (" + number(o.perplexity) + ") must be positive");
    if (points >= 2 && o.perplexity >= double(points))
        throw Error("perplexity (" + number(o.perplexity) +
                    ") must be less than the number of points (" + std::to_string(points) + ")");
    if (o.learningRate && !(*o.learningRate > 0 && std::isfinite(*o.learningRate)))
        throw Error("the learning rate must be positive");
    if (!(o.earlyExaggeration > 0) || !(o.lateExaggeration > 0))
        throw Error("exaggeration factors must be positive");
    if (!(o.degreesOfFreedom > 0) || !std::isfinite(o.degreesOfFreedom))
        throw Error("the degrees of freedom must be positive");
    if (o.theta && !(*o.theta >= 0)) throw Error("theta must be 0 or more");
    if (!(o.maxStepNorm >= 0)) throw Error("the step limit must be 0 (none) or more");
    if (o.metric != Metric::Euclidean && o.metric != Metric::Cosine)
        throw Error("t-SNE measures euclidean or cosine distances, not " +
                    std::string(metricName(o.metric)));
    chooseRepulsion(o.method, points, o.dims);  // the hybrid in 2-D
}

namespace {

/// The starting layout; under cosine, PCA of the unit rows, whose copy lives only while PCA runs.
/// The rows were checked by the caller (a pass over the matrix: seconds at 3 M × 300).
RowMatrixXf startingLayout(const Embedding& data, const TsneOptions& options, Progress& progress) {
    if (options.init == TsneInit::Pca && options.metric == Metric::Cosine)
        return initialLayout(normalisedRows(data), options.dims, options.init, options.seed, progress);
    return initialLayout(data, options.dims, options.init, options.seed, progress);
}

/// initial: the starting layout when already made (else made here). The rows were checked by
/// the caller.
TsneResult optimiseFrom(const Embedding& data, SparseAffinities P, const TsneOptions& options,
                        const TsneFrameCallback& onFrame, Progress& progress,
                        std::optional<RowMatrixXf> initial = std::nullopt) {
    const auto start = std::chrono::steady_clock::now();
    const std::size_t n = data.rows();
    validateTsneOptions(options, n);
    if (P.rows != n) throw Error("the affinities do not match the number of points");
    const double rate = options.learningRate.value_or(autoLearningRate(n));
    const RepulsionMethod method = chooseRepulsion(options.method, n, options.dims);
    if (n < 2) {
        TsneResult result;
        result.layout = RowMatrixXf::Zero(Eigen::Index(n), Eigen::Index(options.dims));
        result.method = method;
        result.learningRate = rate;
        result.seconds = secondsSince(start);
        return result;
    }
    if (!initial) initial = startingLayout(data, options, progress);
    TsneGradient gradient(
        std::move(P), options.dims, options.degreesOfFreedom,
        makeRepulsion(method, options.dims, options.degreesOfFreedom,
                      options.theta.value_or(defaultTheta(options.dims))));
    TsneResult result =
        optimizeTsne(gradient, std::move(*initial), options, rate, onFrame, progress);
    result.method = method;
    result.seconds = secondsSince(start);
    return result;
}

}  // namespace

TsneResult runTsne(const Embedding& data, const SparseAffinities& P, const TsneOptions& options,
                   const TsneFrameCallback& onFrame, Progress& progress) {
    validateTsneOptions(options, data.rows());
    checkRows(data, options.metric);
    return optimiseFrom(data, P, options, onFrame, progress);
}

TsneResult runTsne(const Embedding& original, const TsneOptions& options,
                   const TsneFrameCallback& onFrame, Progress& progress) {
    const auto start = std::chrono::steady_clock::now();
    const std::size_t n = original.rows();
    validateTsneOptions(options, n);
    checkRows(original, options.metric);
    const bool cosine = options.metric == Metric::Cosine;
    SparseAffinities P;
    P.rows = n;
    P.rowStart.assign(n + 1, 0);
    KnnGraph graph;
    std::shared_ptr<const HnswIndex> served;  // held while the graph searches it
    std::optional<RowMatrixXf> initial;
    if (n >= 2) {
        // Before the graph: under cosine the unit rows' copy for PCA then meets neither the
        // graph nor P (at 3 M × 300: 3.6 GB beside 3 GB of P).
        initial = startingLayout(original, options, progress);
        KnnOptions knn = tsneKnnOptions(n, options.perplexity, options.seed);
        knn.method = options.knnMethod;
        // Under cosine the graph ranks the rows by cosine as their unit vectors rank by euclidean
        // distance, with no unit copy of the matrix (3.6 GB at 3 M × 300); its distances
        // 1 − cos become the unit vectors' ‖u − v‖ = √(2·(1 − cos)) below.
        knn.metric = options.metric;
        if (options.neighbourIndex)
            knn.hnswIndex = [&](Progress& p) -> const detail::HnswGraph* {
                served = options.neighbourIndex(p);
                return served && served->ranksAs(original, options.metric) ? &served->graph() : nullptr;
            };
        progress.setStage("neighbours");
        graph = buildKnnGraph(original, knn, progress);
        served.reset();  // the caller may still hold it; this call is done with it
        if (cosine)
            for (float& d : graph.distances) d = static_cast<float>(std::sqrt(2.0 * double(d)));
        P = computeAffinities(std::move(graph), options.perplexity, progress);  // frees its arrays
    }
    TsneResult result =
        optimiseFrom(original, std::move(P), options, onFrame, progress, std::move(initial));
    result.knnApproximate = graph.approximate;
    result.knnReusedIndex = graph.reusedIndex;
    result.knnRecall = graph.recall;
    result.neighbours = graph.k;
    result.seconds = secondsSince(start);
    return result;
}

}  // namespace embedscope
