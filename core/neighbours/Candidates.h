#pragma once
// Internal to the core: one query's running candidates while rows stream past, shared by exact
// search (ExactKnn, tile by tile) and the streamed scan of the quality measure (ExactScan).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#if defined(__AVX__)
#include <immintrin.h>
#endif

namespace embedscope::detail {

/// A candidate neighbour of one query: its approximate key and row.
struct Candidate {
    float key;
    std::uint32_t row;
};

/// Every row whose approximate key is within the limit (the k-th smallest key seen so far plus
/// twice the error bound, +inf until the first pruning). The true k nearest always pass: the
/// final k-th key is no larger than any earlier one.
struct QueryCandidates {
    std::vector<Candidate> kept;
    float limit = std::numeric_limits<float>::infinity();
    std::size_t pruneAt = 0;

    void reset(std::size_t firstPrune) {
        kept.clear();
        limit = std::numeric_limits<float>::infinity();
        pruneAt = firstPrune;
    }
    /// Keeps the rows within the k-th smallest key + margin; doubles the next pruning point when
    /// that leaves more than half of it (many ties at the k-th distance). Needs k ≤ kept.size().
    void prune(std::size_t k, double margin) {
        auto byKey = [](const Candidate& a, const Candidate& b) { return a.key < b.key; };
        std::nth_element(kept.begin(), kept.begin() + std::ptrdiff_t(k - 1), kept.end(), byKey);
        // Rounded up, so that the float limit is never below the exact bound.
        limit = std::nextafter(static_cast<float>(double(kept[k - 1].key) + margin),
                               std::numeric_limits<float>::infinity());
        std::erase_if(kept, [&](const Candidate& c) { return c.key > limit; });
        while (kept.size() > pruneAt / 2) pruneAt *= 2;
    }
};

/// Bit l set when x[l] ≤ limit, for l < 16: one vector compare where the CPU has one.
inline unsigned atMost16(const float* x, float limit) {
#if defined(__AVX512F__)
    return _mm512_cmp_ps_mask(_mm512_loadu_ps(x), _mm512_set1_ps(limit), _CMP_LE_OQ);
#elif defined(__AVX__)
    const __m256 l = _mm256_set1_ps(limit);
    const unsigned lo = unsigned(_mm256_movemask_ps(_mm256_cmp_ps(_mm256_loadu_ps(x), l, _CMP_LE_OQ)));
    const unsigned hi =
        unsigned(_mm256_movemask_ps(_mm256_cmp_ps(_mm256_loadu_ps(x + 8), l, _CMP_LE_OQ)));
    return lo | hi << 8;
#else
    unsigned mask = 0;
    for (unsigned l = 0; l < 16; ++l) mask |= unsigned(x[l] <= limit) << l;
    return mask;
#endif
}

/// Appends the rows first + j (j < count) whose key is within the query's limit, sixteen keys
/// at a time: once the limit has tightened, most blocks of sixteen hold no candidate.
inline void keepWithin(const float* keys, std::size_t count, std::uint32_t first,
                       QueryCandidates& q, std::size_t k, double margin) {
    std::size_t j = 0;
    for (; j + 16 <= count; j += 16) {
        unsigned mask = atMost16(keys + j, q.limit);
        if (!mask) continue;
        for (; mask; mask &= mask - 1) {
            const std::size_t l = j + unsigned(__builtin_ctz(mask));
            q.kept.push_back({keys[l], first + std::uint32_t(l)});
        }
        if (q.kept.size() >= q.pruneAt) q.prune(k, margin);
    }
    for (; j < count; ++j)
        if (keys[j] <= q.limit) q.kept.push_back({keys[j], first + std::uint32_t(j)});
    if (q.kept.size() >= q.pruneAt) q.prune(k, margin);
}

}  // namespace embedscope::detail
