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
    const std::size_t n = graph.rows, k = graph.k;
    if (graph.indices.size() != n * k || graph.distances.size() != n * k)
        throw Error("the kNN graph's arrays do not match its size");
    if (!(perplexity > 0)) throw Error("perplexity must be positive");
    progress.setStage("affinities");

    // Conditional probabilities, row by row: each row's search is independent, so the result
    // does not depend on the thread count.
    std::vector<float> conditional(n * k);
    std::atomic<bool> cancelled{false};
    const std::ptrdiff_t rows = std::ptrdiff_t(n);
#pragma omp parallel
    {
        std::vector<float> d2(k);
        std::vector<double> p(k);
#pragma omp for schedule(dynamic, 256)
        for (std::ptrdiff_t i = 0; i < rows; ++i) {
            if (cancelled.load(std::memory_order_relaxed)) continue;
            if ((i & 1023) == 0 && progress.isCancelled()) cancelled = true;
            const float* d = graph.distances.data() + std::size_t(i) * k;
            for (std::size_t j = 0; j < k; ++j) d2[j] = d[j] * d[j];
            conditionalProbabilities(d2.data(), k, perplexity, p.data(), search);
            for (std::size_t j = 0; j < k; ++j) conditional[std::size_t(i) * k + j] = float(p[j]);
        }
    }
    if (cancelled) throw Cancelled();
    progress.step(0.5);

    // Symmetrise: every kNN edge i→j contributes p_j|i / 2N to both (i, j) and (j, i).
    SparseAffinities P;
    P.rows = n;
    P.rowStart.assign(n + 1, 0);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < k; ++j) {
            const std::uint32_t c = graph.indices[i * k + j];
            if (c == i || c >= n) continue;
            ++P.rowStart[i + 1];
            ++P.rowStart[c + 1];
        }
    for (std::size_t i = 0; i < n; ++i) P.rowStart[i + 1] += P.rowStart[i];
    std::vector<std::pair<std::uint32_t, float>> entries(P.rowStart[n]);
    std::vector<std::size_t> fill(P.rowStart.begin(), P.rowStart.end() - 1);
    const double scale = n ? 1.0 / (2.0 * double(n)) : 0;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < k; ++j) {
            const std::uint32_t c = graph.indices[i * k + j];
            if (c == i || c >= n) continue;
            const float v = float(conditional[i * k + j] * scale);
            entries[fill[i]++] = {c, v};
            entries[fill[c]++] = {std::uint32_t(i), v};
        }
    std::vector<float>().swap(conditional);

    // Sort each row by column and add up the (at most two) entries of a pair.
    std::vector<std::size_t> kept(n, 0);
#pragma omp parallel for schedule(dynamic, 1024)
    for (std::ptrdiff_t i = 0; i < rows; ++i) {
        auto first = entries.begin() + std::ptrdiff_t(P.rowStart[i]);
        auto last = entries.begin() + std::ptrdiff_t(P.rowStart[i + 1]);
        std::sort(first, last, [](const auto& a, const auto& b) {
            return a.first < b.first || (a.first == b.first && a.second < b.second);
        });
        auto out = first;
        for (auto it = first; it != last; ++it) {
            if (out != first && (out - 1)->first == it->first)
                (out - 1)->second += it->second;
            else
                *out++ = *it;
        }
        kept[i] = std::size_t(out - first);
    }
    std::size_t total = 0;
    for (std::size_t c : kept) total += c;
    P.columns.resize(total);
    P.values.resize(total);
    std::size_t at = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t begin = P.rowStart[i];
        P.rowStart[i] = at;
        for (std::size_t e = 0; e < kept[i]; ++e, ++at) {
            P.columns[at] = entries[begin + e].first;
            P.values[at] = entries[begin + e].second;
        }
    }
    P.rowStart[n] = at;
    progress.step(1.0);
    return P;
}

}  // namespace embedscope
