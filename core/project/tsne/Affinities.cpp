#include "Affinities.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>

#include "../../Error.h"

namespace embedscope {

namespace {

/// e^x for x ≤ 0 in plain arithmetic, so that the loops over it vectorise (std::exp does not
/// without -ffast-math): x = k·ln 2 + r with |r| ≤ ln 2 / 2, e^r by its Taylor series to r¹¹
/// (truncation below 1e-14), 2^k from the exponent bits. Below −708 it returns 0: such a weight
/// is negligible beside the largest one, e^0 = 1.
inline double expNonPositive(double x) {
    constexpr double kLog2e = 1.4426950408889634, kLn2High = 0.693145751953125,
                     kLn2Low = 1.42860682030941723212e-6;
    const double clamped = x < -708.0 ? -708.0 : x;
    const double k = std::nearbyint(clamped * kLog2e);
    const double r = (clamped - k * kLn2High) - k * kLn2Low;
    const double poly =
        1 +
        r * (1 +
             r * (1.0 / 2 +
                  r * (1.0 / 6 +
                       r * (1.0 / 24 + r * (1.0 / 120 +
                                            r * (1.0 / 720 +
                                                 r * (1.0 / 5040 +
                                                      r * (1.0 / 40320 +
                                                           r * (1.0 / 362880 +
                                                                r * (1.0 / 3628800 +
                                                                     r * (1.0 / 39916800)))))))))));
    const double scale =
        std::bit_cast<double>(std::uint64_t(std::int64_t(k) + 1023) << 52);  // 2^k, k ≥ −1022
    return x < -708.0 ? 0.0 : poly * scale;
}

}  // namespace

std::size_t tsneNeighbourCount(std::size_t points, double perplexity) {
    if (points < 2) return 0;
    const double k = std::floor(3.0 * perplexity);
    const std::size_t wanted = k < 1 ? 1 : k >= double(points) ? points : std::size_t(k);
    return std::min(points - 1, wanted);
}

double conditionalProbabilities(const float* squaredDistances, std::size_t count, double perplexity,
                                double* p, const BandwidthSearch& search) {
    if (count == 0) return 1;
    const float nearest = *std::min_element(squaredDistances, squaredDistances + count);
    const double target = std::log(perplexity);
    // Start at the scale of the distances (1 / their mean above the nearest), a few doublings or
    // halvings from the answer whatever the units of the data.
    double spread = 0;
#pragma omp simd reduction(+ : spread)
    for (std::size_t j = 0; j < count; ++j) spread += double(squaredDistances[j]) - nearest;
    spread /= double(count);
    double beta = spread > 0 && std::isfinite(1 / spread) ? 1 / spread : 1;
    double lo = 0, hi = std::numeric_limits<double>::infinity();
    for (int step = 0; step < search.maxSteps; ++step) {
        // Shifted by the nearest distance: the largest term is exp(0) = 1, so the sum is ≥ 1
        // and the entropy, which the shift does not change, is always defined.
        double sum = 0, weighted = 0;
#pragma omp simd reduction(+ : sum, weighted)
        for (std::size_t j = 0; j < count; ++j) {
            const double d = double(squaredDistances[j]) - nearest;
            p[j] = expNonPositive(-beta * d);
            sum += p[j];
            weighted += d * p[j];
        }
        const double entropy = std::log(sum) + beta * weighted / sum;
        const double diff = entropy - target;
        if (std::abs(diff) <= search.tolerance) break;
        if (diff > 0) {  // too flat: narrow the Gaussian
            lo = beta;
            beta = std::isinf(hi) ? beta * 2 : (beta + hi) / 2;
        } else {
            hi = beta;
            beta = lo == 0 ? beta / 2 : (beta + lo) / 2;
        }
        // Equal distances leave the entropy at log(count) whatever β is: β runs off towards 0 or
        // ∞ (2^±200 stays finite in double) and p ends uniform below.
    }
    double sum = 0;
#pragma omp simd reduction(+ : sum)
    for (std::size_t j = 0; j < count; ++j) {
        p[j] = expNonPositive(-beta * (double(squaredDistances[j]) - nearest));
        sum += p[j];
    }
    for (std::size_t j = 0; j < count; ++j) p[j] /= sum;
    return beta;
}

SparseAffinities computeAffinities(const KnnGraph& graph, double perplexity, Progress& progress,
                                   const BandwidthSearch& search) {
    return computeAffinities(KnnGraph(graph), perplexity, progress, search);
}

SparseAffinities computeAffinities(KnnGraph&& graph, double perplexity, Progress& progress,
                                   const BandwidthSearch& search) {
    const std::size_t n = graph.rows, k = graph.k;
    if (graph.indices.size() != n * k || graph.distances.size() != n * k)
        throw Error("the kNN graph's arrays do not match its size");
    if (!(perplexity > 0)) throw Error("perplexity must be positive");
    progress.setStage("affinities");
    // The graph's own arrays hold the conditional probabilities, each row sorted by neighbour:
    // no second N × k array, and no list of 2·N·k entries to sort (at 3 M points and k 90 the
    // two came to 5.4 GB besides the graph and P).
    std::vector<std::uint32_t>& column = graph.indices;
    std::vector<float>& conditional = graph.distances;
    constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
    std::vector<std::uint32_t> valid(n, 0);  // a row's neighbours that count, sorted first

    // Conditional probabilities, row by row: each row's search is independent, so the result
    // does not depend on the thread count.
    std::atomic<bool> cancelled{false};
    const std::ptrdiff_t rows = std::ptrdiff_t(n);
#pragma omp parallel
    {
        std::vector<float> d2(k);
        std::vector<double> p(k);
        std::vector<std::pair<std::uint32_t, float>> row(k);
#pragma omp for schedule(dynamic, 256)
        for (std::ptrdiff_t i = 0; i < rows; ++i) {
            if (cancelled.load(std::memory_order_relaxed)) continue;
            if ((i & 1023) == 0 && progress.isCancelled()) cancelled = true;
            float* d = conditional.data() + std::size_t(i) * k;
            std::uint32_t* c = column.data() + std::size_t(i) * k;
            for (std::size_t j = 0; j < k; ++j) d2[j] = d[j] * d[j];
            conditionalProbabilities(d2.data(), k, perplexity, p.data(), search);
            // Sorted by neighbour; itself or a row out of range does not count, and a neighbour
            // listed twice counts with its probabilities summed.
            for (std::size_t j = 0; j < k; ++j)
                row[j] = {c[j] == std::uint32_t(i) || c[j] >= n ? kNone : c[j], float(p[j])};
            std::sort(row.begin(), row.end());
            std::size_t kept = 0;
            for (std::size_t j = 0; j < k && row[j].first != kNone; ++j) {
                if (kept > 0 && c[kept - 1] == row[j].first) {
                    d[kept - 1] += row[j].second;
                    continue;
                }
                c[kept] = row[j].first;
                d[kept++] = row[j].second;
            }
            valid[std::size_t(i)] = std::uint32_t(kept);
        }
    }
    if (cancelled) throw Cancelled();
    progress.step(0.5);

    // p_j|i of row i's neighbour j, or nullptr when j is not one; row i's neighbours are read
    // from neighbours(i), sorted: the graph's row, later the head of P's.
    auto findIn = [&](auto neighbours, std::size_t i, std::uint32_t j) -> const float* {
        const std::uint32_t* first = neighbours(i);
        const std::uint32_t* last = first + valid[i];
        const std::uint32_t* at = std::lower_bound(first, last, j);
        return at != last && *at == j ? conditional.data() + i * k + (at - first) : nullptr;
    };
    auto inGraph = [&](std::size_t i) { return column.data() + i * k; };
    const double scale = n ? 1.0 / (2.0 * double(n)) : 0;
    auto scaled = [&](float p) { return float(p * scale); };

    // Symmetrise: P_ij = (p_j|i + p_i|j) / 2N. Row i holds its own neighbours (first, as the
    // graph's row) and the rows that list i without being listed by it.
    std::vector<std::uint32_t> onlyListing(n, 0);
    auto countIn = [&](std::uint32_t i) {
        return std::atomic_ref<std::uint32_t>(onlyListing[i]).fetch_add(1, std::memory_order_relaxed);
    };
#pragma omp parallel for schedule(dynamic, 1024)
    for (std::ptrdiff_t j = 0; j < rows; ++j)
        for (std::size_t e = 0; e < valid[std::size_t(j)]; ++e) {
            const std::uint32_t i = column[std::size_t(j) * k + e];
            if (!findIn(inGraph, i, std::uint32_t(j))) countIn(i);
        }
    SparseAffinities P;
    P.rows = n;
    P.rowStart.assign(n + 1, 0);
    for (std::size_t i = 0; i < n; ++i)
        P.rowStart[i + 1] = P.rowStart[i] + valid[i] + onlyListing[i];
    // P's columns first, then the graph's neighbours freed before P's values exist: the graph
    // and P are never whole side by side (at 3 M points and k 90, 1 GB less at the peak).
    P.columns.resize(P.rowStart[n]);
#pragma omp parallel for schedule(dynamic, 1024)
    for (std::ptrdiff_t i = 0; i < rows; ++i)
        std::copy_n(inGraph(std::size_t(i)), valid[std::size_t(i)], P.columns.begin() + P.rowStart[std::size_t(i)]);
    std::vector<std::uint32_t>().swap(column);
    auto inP = [&](std::size_t i) { return P.columns.data() + P.rowStart[i]; };
    // The listing rows after each row's own neighbours (in any order: sorted below).
    std::copy(valid.begin(), valid.end(), onlyListing.begin());
#pragma omp parallel for schedule(dynamic, 1024)
    for (std::ptrdiff_t j = 0; j < rows; ++j)
        for (std::size_t e = 0; e < valid[std::size_t(j)]; ++e) {
            const std::uint32_t i = inP(std::size_t(j))[e];
            if (!findIn(inP, i, std::uint32_t(j))) P.columns[P.rowStart[i] + countIn(i)] = std::uint32_t(j);
        }
    P.values.resize(P.rowStart[n]);
#pragma omp parallel for schedule(dynamic, 1024)
    for (std::ptrdiff_t i = 0; i < rows; ++i) {
        const std::size_t first = P.rowStart[std::size_t(i)], last = P.rowStart[std::size_t(i) + 1];
        const std::size_t own = valid[std::size_t(i)];
        for (std::size_t e = 0; e < own; ++e) {
            const float* back = findIn(inP, P.columns[first + e], std::uint32_t(i));
            P.values[first + e] = scaled(conditional[std::size_t(i) * k + e]) + (back ? scaled(*back) : 0.0f);
        }
        for (std::size_t e = first + own; e < last; ++e)
            P.values[e] = scaled(*findIn(inP, P.columns[e], std::uint32_t(i)));
    }
    std::vector<std::uint32_t>().swap(valid);
    std::vector<std::uint32_t>().swap(onlyListing);
    std::vector<float>().swap(conditional);

    // Each row by column.
#pragma omp parallel
    {
        std::vector<std::pair<std::uint32_t, float>> row;
#pragma omp for schedule(dynamic, 1024)
        for (std::ptrdiff_t i = 0; i < rows; ++i) {
            const std::size_t first = P.rowStart[std::size_t(i)], last = P.rowStart[std::size_t(i) + 1];
            row.resize(last - first);
            for (std::size_t e = first; e < last; ++e) row[e - first] = {P.columns[e], P.values[e]};
            std::sort(row.begin(), row.end());
            for (std::size_t e = first; e < last; ++e) {
                P.columns[e] = row[e - first].first;
                P.values[e] = row[e - first].second;
            }
        }
    }
    progress.step(1.0);
    return P;
}

}  // namespace embedscope
