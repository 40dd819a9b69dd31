#pragma once
// The t-SNE output kernel, inlined into the vectorised loops of every repulsion method.
#include <bit>
#include <cmath>
#include <cstdint>

namespace embedscope::tsne_detail {

/// 1/a for a ≥ 1 (finite) in plain arithmetic: a bit-level first guess (relative error < 13%)
/// refined by three Newton steps r ← r(2 − a·r), each squaring the error, to below 1e-7 relative.
/// It vectorises to a few multiply-adds where a division would cost several times more and
/// keeps every result the same whatever the vector width.
inline float reciprocal(float a) {
    float r = std::bit_cast<float>(0x7EF311C3u - std::bit_cast<std::uint32_t>(a));
    r = r * (2.0f - a * r);
    r = r * (2.0f - a * r);
    r = r * (2.0f - a * r);
    return r;
}

/// w^{1/α}, the attractive weight: 1 / (1 + d²/α) for every α.
inline float attractiveWeight(float d2, float alpha) {
    return reciprocal(1.0f + d2 / alpha);
}

/// ln(x) for finite x ≥ 1 in plain arithmetic, so that loops over it vectorise (std::log does
/// not without -ffast-math): x = m·2^e with m in [0.75, 1.5), ln m = 2 atanh(t), t = (m−1)/(m+1),
/// |t| ≤ 0.2, by its series to t⁹ (truncation below 3e-9; float rounding dominates).
inline float logAtLeastOne(float x) {
    const std::uint32_t bits = std::bit_cast<std::uint32_t>(x);
    int e = int((bits >> 23) & 0xff) - 127;
    float m = std::bit_cast<float>((bits & 0x007fffffu) | 0x3f800000u);  // in [1, 2)
    const bool high = m >= 1.5f;
    m = high ? m * 0.5f : m;
    e += high ? 1 : 0;
    const float t = (m - 1.0f) / (m + 1.0f), t2 = t * t;
    const float series =
        t * (2.0f + t2 * (2.0f / 3 + t2 * (2.0f / 5 + t2 * (2.0f / 7 + t2 * (2.0f / 9)))));
    return float(e) * 0.693147180559945f + series;
}

/// e^x for −87 ≤ x ≤ 0 (0 below) in plain arithmetic: x = k·ln 2 + r, |r| ≤ ln 2 / 2, e^r by its
/// Taylor series to r⁶ (truncation below 2e-7), 2^k from the exponent bits.
inline float expNonPositive(float x) {
    const float clamped = x < -87.0f ? -87.0f : x;
    const float k = std::nearbyint(clamped * 1.44269504f);
    const float r = (clamped - k * 0.693359375f) + k * 2.12194440e-4f;
    const float poly =
        1.0f +
        r * (1.0f +
             r * (0.5f + r * (1.0f / 6 + r * (1.0f / 24 + r * (1.0f / 120 + r * (1.0f / 720))))));
    const float scale = std::bit_cast<float>(std::uint32_t(std::int32_t(k) + 127) << 23);
    return x < -87.0f ? 0.0f : poly * scale;
}

/// w(d²) = (1 + d²/α)^−α and its repulsive weight w^{1+1/α} = w / (1 + d²/α). Cauchy = (α == 1)
/// is the fast path; otherwise w = e^{−α ln q}, both by the vectorisable functions above.
template <bool Cauchy>
inline void kernel(float d2, float alpha, float& w, float& repulsive) {
    if constexpr (Cauchy) {
        w = reciprocal(1.0f + d2);
        repulsive = w * w;
    } else {
        const float q = 1.0f + d2 / alpha;
        w = expNonPositive(-alpha * logAtLeastOne(q));
        repulsive = w * reciprocal(q);
    }
}

/// log w(d²) = −α ln(1 + d²/α), for the KL divergence.
inline float logKernel(float d2, float alpha) {
    return -alpha * logAtLeastOne(1.0f + d2 / alpha);
}

}  // namespace embedscope::tsne_detail
