#include "KMeans.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <numeric>
#include <optional>
#include <string>

#include "../Error.h"
#include "KMeansDetail.h"

namespace embedscope {

namespace {

using Eigen::Index;

void checkOptions(const KMeansOptions& o, std::size_t rows) {
    if (o.k == 0) throw Error("k-means needs k ≥ 1 clusters");
    if (o.metric == Metric::Dot)
        throw Error("k-means needs a distance: choose euclidean or cosine, not dot");
    if (o.restarts == 0) throw Error("k-means needs at least 1 restart");
    if (o.maxIterations == 0) throw Error("k-means needs at least 1 iteration");
    if (!(o.tolerance >= 0)) throw Error("the k-means tolerance must be ≥ 0");
    if (o.k > rows)
        throw Error("k = " + std::to_string(o.k) +
                    " clusters need at least as many rows, but there " +
                    (rows == 1 ? "is 1 row" : "are " + std::to_string(rows) + " rows"));
}

/// The mean over columns of each column's variance (what scikit-learn scales tol by), summed in
/// row order per column whatever the thread count.
double meanColumnVariance(const detail::KMeansData& data) {
    const std::size_t n = data.rows, d = data.dims, blocks = (d + 15) / 16;
    std::vector<double> mean(d, 0), variance(d, 0);
    // Blocks of 16 columns (a cache line of floats) walk the rows in order.
#pragma omp parallel for schedule(dynamic, 1) if (n * d >= detail::kParallelRows * 16)
    for (std::size_t b = 0; b < blocks; ++b) {
        const std::size_t from = b * 16, to = std::min(d, from + 16);
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t q = from; q < to; ++q) mean[q] += data.row(i)[q];
        for (std::size_t q = from; q < to; ++q) mean[q] /= double(n);
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t q = from; q < to; ++q) {
                const double diff = data.row(i)[q] - mean[q];
                variance[q] += diff * diff;
            }
    }
    double sum = 0;
    for (double v : variance) sum += v / double(n);
    return d ? sum / double(d) : 0.0;
}

/// Renumbers the winning run's clusters by size (largest first; ties: the one holding the lower
/// row first) and fills the result.
KMeansResult describe(detail::LloydRun run, const KMeansOptions& o, std::size_t dims) {
    const std::size_t n = run.assignment.size(), k = o.k;
    std::vector<std::size_t> size(k, 0), first(k, n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t c = run.assignment[i];
        if (size[c]++ == 0) first[c] = i;
    }
    std::vector<std::uint32_t> order(k);
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return size[a] != size[b] ? size[a] > size[b] : first[a] < first[b];
    });
    std::vector<std::uint32_t> rank(k);
    for (std::size_t r = 0; r < k; ++r) rank[order[r]] = static_cast<std::uint32_t>(r);

    KMeansResult result;
    result.metric = o.metric;
    result.centroids.resize(Index(k), Index(dims));
    result.sizes.resize(k);
    for (std::size_t r = 0; r < k; ++r) {
        result.centroids.row(Index(r)) = run.centres.row(Index(order[r]));
        result.sizes[r] = size[order[r]];
    }
    const bool cosine = o.metric == Metric::Cosine;
    result.assignment.resize(n);
    result.distance.resize(n);
    // Per cluster the centralMembers nearest rows, kept sorted by (squared distance, row).
    std::vector<std::vector<std::pair<double, std::size_t>>> nearest(k);
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t c = rank[run.assignment[i]];
        const double sq = run.squaredDistance[i];
        result.assignment[i] = c;
        // Unit rows and centroid: ‖x − c‖² = 2 − 2·cos(x, c).
        result.distance[i] = static_cast<float>(cosine ? 0.5 * sq : std::sqrt(sq));
        auto& list = nearest[c];
        const std::pair<double, std::size_t> entry{sq, i};
        if (list.size() < o.centralMembers || entry < list.back()) {
            list.insert(std::upper_bound(list.begin(), list.end(), entry), entry);
            if (list.size() > o.centralMembers) list.pop_back();
        }
    }
    result.central.resize(k);
    for (std::size_t c = 0; c < k; ++c)
        for (const auto& entry : nearest[c]) result.central[c].push_back(entry.second);
    result.inertia = cosine ? 0.5 * run.inertia : run.inertia;
    result.iterations = run.iterations;
    result.converged = run.converged;
    return result;
}

}  // namespace

namespace detail {

void checkRows(const KMeansData& data, Metric metric) {
    for (std::size_t i = 0; i < data.rows; ++i) {
        const float* x = data.row(i);
        bool zero = true;
        for (std::size_t q = 0; q < data.dims; ++q) {
            if (!std::isfinite(x[q]))
                throw Error("row " + std::to_string(i + 1) + " has a non-finite value");
            zero = zero && x[q] == 0.0f;
        }
        if (zero && metric == Metric::Cosine)
            throw Error("row " + std::to_string(i + 1) +
                        " is a zero vector: cosine is undefined for it");
    }
}

KMeansResult kMeans(Eigen::Ref<const RowMatrixXf> points, const KMeansOptions& options,
                    const ProgressSpan& whole) {
    Progress& progress = whole.progress;
    const auto start = std::chrono::steady_clock::now();
    const std::size_t n = static_cast<std::size_t>(points.rows());
    const std::size_t dims = static_cast<std::size_t>(points.cols());
    checkOptions(options, n);
    detail::KMeansData data{points.data(), n, dims, static_cast<std::size_t>(points.outerStride())};
    checkRows(data, options.metric);

    // Spherical k-means works on the unit rows (Dhillon & Modha 2001).
    RowMatrixXf unit;
    if (options.metric == Metric::Cosine) {
        unit.resize(Index(n), Index(dims));
#pragma omp parallel for schedule(static) if (n >= detail::kParallelRows)
        for (std::size_t i = 0; i < n; ++i) {
            const float* x = data.row(i);
            double sq = 0;
            for (std::size_t q = 0; q < dims; ++q) sq += double(x[q]) * x[q];
            const double scale = 1.0 / std::sqrt(sq);
            for (std::size_t q = 0; q < dims; ++q)
                unit(Index(i), Index(q)) = static_cast<float>(x[q] * scale);
        }
        data = {unit.data(), n, dims, dims};
    }

    detail::LloydSettings settings;
    settings.maxIterations = options.maxIterations;
    settings.spherical = options.metric == Metric::Cosine;
    settings.tolerance = options.tolerance * meanColumnVariance(data);

    const std::size_t restarts = options.restarts;
    std::vector<std::uint64_t> seeds(restarts);
    std::mt19937_64 master(options.seed);
    for (auto& s : seeds) s = master();
    // Several runs share the threads one run each, with no barrier between their steps (which
    // costs most on a busy machine); a single run spreads its own loops over the threads.
    const std::size_t threads = static_cast<std::size_t>(omp_get_max_threads());
    const bool outer = restarts >= 2 && threads >= 2 && !omp_in_parallel();
    const std::size_t perThread = outer ? (restarts + threads - 1) / threads : restarts;
    std::optional<detail::LloydRun> best;
    std::size_t bestRestart = 0;
    double distances = 0, iterations = 0;
    std::exception_ptr failure;
    auto oneRun = [&](std::size_t r) {
        std::mt19937_64 rng(seeds[r]);
        // Only the first thread reports (see forChunks), over its own runs.
        const double span = whole.span / double(perThread);
        const double base = whole.base + double(r % perThread) * span;
        RowMatrixXf centres =
            detail::seedKMeansPlusPlus(data, options.k, rng, {progress, base, span / 2});
        detail::LloydRun run = detail::runLloyd(data, std::move(centres), settings,
                                                {progress, base + span / 2, span / 2});
#pragma omp critical(embedscope_kmeans_best)
        {
            distances += run.distances;
            iterations += double(run.iterations);
            // The lowest inertia wins; ties go to the earlier run, whichever finished first.
            if (!best || run.inertia < best->inertia ||
                (run.inertia == best->inertia && r < bestRestart)) {
                best = std::move(run);
                bestRestart = r;
            }
        }
    };
    if (outer) {
#pragma omp parallel for schedule(static, perThread) num_threads(int(std::min(threads, restarts)))
        for (std::size_t r = 0; r < restarts; ++r) {
            try {
                oneRun(r);
            } catch (...) {
                // An exception must not leave the parallel region: the first one is rethrown.
#pragma omp critical(embedscope_kmeans_failure)
                if (!failure) failure = std::current_exception();
                progress.cancel();
            }
        }
        if (failure) std::rethrow_exception(failure);
    } else {
        for (std::size_t r = 0; r < restarts; ++r) oneRun(r);
    }
    whole.step(1.0);
    KMeansResult result = describe(std::move(*best), options, dims);
    result.restart = bestRestart;
    result.distanceShare = distances / std::max(1.0, iterations * double(n) * double(options.k));
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

}  // namespace detail

KMeansResult runKMeans(Eigen::Ref<const RowMatrixXf> points, const KMeansOptions& options,
                       Progress& progress) {
    progress.setStage("k-means");
    return detail::kMeans(points, options, {progress, 0, 1});
}

KMeansResult runKMeans(const Embedding& embedding, const KMeansOptions& options,
                       Progress& progress) {
    return runKMeans(embedding.matrix(), options, progress);
}

std::vector<std::string> clusterNames(const KMeansResult& clusters,
                                      const std::vector<std::string>& labels,
                                      std::string_view separator) {
    std::vector<std::string> names;
    for (const auto& rows : clusters.central) {
        std::string name;
        for (std::size_t row : rows) {
            if (!name.empty()) name += separator;
            name += labels.at(row);
        }
        names.push_back(std::move(name));
    }
    return names;
}

}  // namespace embedscope
