#include "Weat.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <numeric>
#include <random>

#include "../Error.h"

namespace embedscope {

std::uint64_t binomialCapped(std::uint64_t n, std::uint64_t k, std::uint64_t max) {
    if (k > n) return 0;
    k = std::min(k, n - k);
    unsigned __int128 c = 1;
    for (std::uint64_t i = 0; i < k; ++i) {
        c = c * (n - i) /
            (i + 1);  // exact: a product of i + 1 consecutive numbers divides by (i + 1)!
        if (c > max) return max + 1;
    }
    return static_cast<std::uint64_t>(c);
}

namespace {

struct FoundSet {
    std::vector<std::size_t> rows;
};

FoundSet find(const UnitRows& rows, const std::vector<std::string>& words,
              const std::string& setName, bool lowercase, std::vector<std::string>& missing) {
    if (words.empty()) throw Error("WEAT set " + setName + " is empty");
    FoundSet out;
    std::vector<std::string> absent;
    for (const auto& w : words) {
        std::string key = w;
        if (lowercase)
            for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const auto row = rows.embedding().find(key);
        if (row && !rows.isZero(*row))
            out.rows.push_back(*row);
        else
            absent.push_back(key);
    }
    if (out.rows.empty()) {
        std::string list;
        for (const auto& w : absent) list += (list.empty() ? "" : ", ") + w;
        throw Error("no word of WEAT set " + setName + " is in the vocabulary (missing: " + list +
                    ")");
    }
    missing.insert(missing.end(), absent.begin(), absent.end());
    return out;
}

Eigen::MatrixXd unitMatrix(const UnitRows& rows, const FoundSet& set) {
    Eigen::MatrixXd m(static_cast<Eigen::Index>(rows.dims()),
                      static_cast<Eigen::Index>(set.rows.size()));
    for (std::size_t i = 0; i < set.rows.size(); ++i)
        m.col(static_cast<Eigen::Index>(i)) = rows.unit(set.rows[i]).cast<double>();
    return m;
}

/// A uniform integer in [0, bound) from 64 random bits (Lemire 2019, with rejection), so the
/// same seed draws the same numbers with any standard library.
std::uint64_t below(std::mt19937_64& rng, std::uint64_t bound) {
    unsigned __int128 m = static_cast<unsigned __int128>(rng()) * bound;
    auto low = static_cast<std::uint64_t>(m);
    if (low < bound) {
        const std::uint64_t threshold = (0 - bound) % bound;
        while (low < threshold) {
            m = static_cast<unsigned __int128>(rng()) * bound;
            low = static_cast<std::uint64_t>(m);
        }
    }
    return static_cast<std::uint64_t>(m >> 64);
}

/// Splits with Σ_{first set} s ≥ observed, enumerating every |X|-subset of the n values in
/// lexicographic order.
std::uint64_t countExact(const std::vector<double>& s, std::size_t k, double threshold,
                         std::uint64_t total, Progress& progress) {
    const std::size_t n = s.size();
    std::vector<std::size_t> pick(k);
    std::iota(pick.begin(), pick.end(), 0);
    std::uint64_t count = 0, done = 0;
    for (;;) {
        double sum = 0;
        for (std::size_t i : pick) sum += s[i];
        if (sum >= threshold) ++count;
        if ((++done & 0xFFFF) == 0) progress.step(double(done) / double(total));
        std::size_t i = k;
        while (i > 0 && pick[i - 1] == n - k + i - 1) --i;
        if (i == 0) break;
        ++pick[i - 1];
        for (std::size_t j = i; j < k; ++j) pick[j] = pick[j - 1] + 1;
    }
    return count;
}

std::uint64_t countMonteCarlo(const std::vector<double>& s, std::size_t k, double threshold,
                              std::size_t r, std::uint64_t seed, Progress& progress) {
    constexpr std::size_t kChunk = 1024;  // one generator per chunk: identical on any thread count
    const std::size_t chunks = (r + kChunk - 1) / kChunk;
    std::uint64_t count = 0;
    std::atomic<std::size_t> finished{0};
    std::atomic<bool> cancelled{false};
#pragma omp parallel for schedule(dynamic) reduction(+ : count)
    for (std::ptrdiff_t c = 0; c < static_cast<std::ptrdiff_t>(chunks); ++c) {
        if (cancelled.load(std::memory_order_relaxed)) continue;
        std::seed_seq seq{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                          static_cast<std::uint32_t>(c)};
        std::mt19937_64 rng(seq);
        std::vector<std::size_t> order(s.size());
        const std::size_t end = std::min(r, (static_cast<std::size_t>(c) + 1) * kChunk);
        for (std::size_t t = static_cast<std::size_t>(c) * kChunk; t < end; ++t) {
            std::iota(order.begin(), order.end(), 0);
            double sum = 0;
            for (std::size_t i = 0; i < k; ++i) {  // partial Fisher–Yates: a uniform k-subset
                std::swap(order[i], order[i + below(rng, s.size() - i)]);
                sum += s[order[i]];
            }
            if (sum >= threshold) ++count;
        }
        const std::size_t f = ++finished;
        if (progress.isCancelled()) cancelled = true;
#pragma omp critical(weat_progress)
        try {
            progress.step(double(f) / double(chunks));
        } catch (const Cancelled&) {
            cancelled = true;
        }
    }
    progress.check();
    return count;
}

}  // namespace

WeatResult runWeat(const UnitRows& rows, const WeatSets& sets, const WeatOptions& options,
                   Progress& progress) {
    WeatResult out;
    const FoundSet x = find(rows, sets.x, sets.xName.empty() ? "X" : "X (" + sets.xName + ")",
                            options.lowercase, out.missing);
    const FoundSet y = find(rows, sets.y, sets.yName.empty() ? "Y" : "Y (" + sets.yName + ")",
                            options.lowercase, out.missing);
    const FoundSet a = find(rows, sets.a, sets.aName.empty() ? "A" : "A (" + sets.aName + ")",
                            options.lowercase, out.missing);
    const FoundSet b = find(rows, sets.b, sets.bName.empty() ? "B" : "B (" + sets.bName + ")",
                            options.lowercase, out.missing);
    out.sizeX = x.rows.size();
    out.sizeY = y.rows.size();
    out.sizeA = a.rows.size();
    out.sizeB = b.rows.size();

    const Eigen::MatrixXd ua = unitMatrix(rows, a), ub = unitMatrix(rows, b);
    const auto association = [&](std::size_t row) {
        const Eigen::VectorXd w = rows.unit(row).cast<double>();
        return (ua.transpose() * w).mean() - (ub.transpose() * w).mean();
    };
    // s over X∪Y, X first: the observed split is the first |X| values.
    std::vector<double> s;
    for (std::size_t r : x.rows) s.push_back(association(r)), out.associationsX.push_back(s.back());
    for (std::size_t r : y.rows) s.push_back(association(r)), out.associationsY.push_back(s.back());
    const double n = double(s.size());
    const double meanAll = std::accumulate(s.begin(), s.end(), 0.0) / n;
    double var = 0;
    for (double v : s) var += (v - meanAll) * (v - meanAll);
    const double sd = std::sqrt(var / n);  // population standard deviation (ddof 0)
    const double meanX = std::accumulate(out.associationsX.begin(), out.associationsX.end(), 0.0) /
                         double(out.sizeX);
    const double meanY = std::accumulate(out.associationsY.begin(), out.associationsY.end(), 0.0) /
                         double(out.sizeY);
    double largest = 0;
    for (double v : s) largest = std::max(largest, std::abs(v));
    if (!(sd > 1e-12 * largest) || sd == 0)
        throw Error(
            "every target word has the same association s(w, A, B): the effect size is undefined");
    out.effectSize = (meanX - meanY) / sd;

    // S = Σ_X s − Σ_Y s = 2 Σ_X s − Σ s: a split's S only needs the sum over its first set. The
    // observed sum is computed as the enumeration computes it, and a relative 1e-12 tolerance
    // keeps splits with the same sum in exact arithmetic counted despite rounding.
    double observed = 0, scale = 0;
    for (std::size_t i = 0; i < out.sizeX; ++i) observed += s[i];
    for (double v : s) scale += std::abs(v);
    out.statistic = 2 * observed - std::accumulate(s.begin(), s.end(), 0.0);
    const double threshold = observed - 1e-12 * scale;

    progress.setStage("WEAT permutations");
    const std::uint64_t splits = binomialCapped(s.size(), out.sizeX, 100'000'000);
    const bool exact = options.method == WeatPValueMethod::Exact ||
                       (options.method == WeatPValueMethod::Auto && splits <= options.exactLimit);
    if (exact) {
        if (splits > 100'000'000)
            throw Error(
                "an exact WEAT p-value over more than 10^8 splits would take too long: use "
                "Monte-Carlo");
        out.exact = true;
        out.permutations = splits;
        out.pValue = double(countExact(s, out.sizeX, threshold, splits, progress)) / double(splits);
    } else {
        if (options.permutations == 0)
            throw Error("a Monte-Carlo WEAT p-value needs at least one permutation");
        out.permutations = options.permutations;
        const std::uint64_t count =
            countMonteCarlo(s, out.sizeX, threshold, options.permutations, options.seed, progress);
        out.pValue = double(count + 1) / double(options.permutations + 1);
    }
    return out;
}

}  // namespace embedscope
