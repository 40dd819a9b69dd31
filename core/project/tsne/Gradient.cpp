#include "Gradient.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>

#include "Kernel.h"

namespace embedscope {

TsneGradient::TsneGradient(SparseAffinities P, std::size_t dims, double alpha,
                           std::unique_ptr<Repulsion> repulsion)
    : m_dims(dims), m_alpha(alpha), m_repulsion(std::move(repulsion)) {
    for (float p : P.values) {
        m_sumP += p;
        if (p > 0) m_entropyTerm += double(p) * std::log(double(p));
    }
    // Pad each row to a multiple of kRowPadding with p = 0 at the row's own column: such an
    // entry adds 0 to both the attraction and Σ p log w.
    const std::size_t n = P.rows;
    std::size_t padded = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t len = P.rowStart[i + 1] - P.rowStart[i];
        padded += (len + kRowPadding - 1) / kRowPadding * kRowPadding;
    }
    m_P.rows = n;
    m_P.rowStart.resize(n + 1);
    m_P.columns.resize(padded);
    m_P.values.resize(padded);
    std::size_t at = 0;
    for (std::size_t i = 0; i < n; ++i) {
        m_P.rowStart[i] = at;
        const std::size_t begin = P.rowStart[i], end = P.rowStart[i + 1];
        const std::size_t len = end - begin;
        std::copy(P.columns.begin() + std::ptrdiff_t(begin),
                  P.columns.begin() + std::ptrdiff_t(end),
                  m_P.columns.begin() + std::ptrdiff_t(at));
        std::copy(P.values.begin() + std::ptrdiff_t(begin), P.values.begin() + std::ptrdiff_t(end),
                  m_P.values.begin() + std::ptrdiff_t(at));
        const std::size_t full = (len + kRowPadding - 1) / kRowPadding * kRowPadding;
        for (std::size_t e = len; e < full; ++e) {
            m_P.columns[at + e] = std::uint32_t(i);
            m_P.values[at + e] = 0.0f;
        }
        at += full;
    }
    m_P.rowStart[n] = at;
}

double TsneGradient::normalisation(const float* y) {
    m_repulsive.resize(m_P.rows * m_dims);
    return m_repulsion->compute(y, m_P.rows, m_repulsive.data());
}

namespace {

/// x and y of a point as one 64-bit word (see PackedLayout).
std::uint64_t pack(float x, float y) {
    return std::uint64_t(std::bit_cast<std::uint32_t>(x)) |
           std::uint64_t(std::bit_cast<std::uint32_t>(y)) << 32;
}
float lowHalf(std::uint64_t v) {
    return std::bit_cast<float>(std::uint32_t(v));
}
float highHalf(std::uint64_t v) {
    return std::bit_cast<float>(std::uint32_t(v >> 32));
}

}  // namespace

void tsne_detail::PackedLayout::fill(const float* y, std::size_t n, std::size_t dims) {
    xy.resize(n);
    z.resize(dims == 3 ? n : 0);
    for (std::size_t i = 0; i < n; ++i) {
        xy[i] = pack(y[i * dims], y[i * dims + 1]);
        if (dims == 3) z[i] = y[i * dims + 2];
    }
}

namespace {

using tsne_detail::PackedLayout;

/// grad_i = ex · Σ_j p_ij w_ij^{1/α} (y_i − y_j) − repulsive_i / Z, one point at a time.
template <int D, bool Cauchy>
void combine(const SparseAffinities& P, const PackedLayout& y, const float* repulsive, float ex,
             float alpha, float inverseZ, float* grad) {
    const std::ptrdiff_t n = std::ptrdiff_t(P.rows);
    const std::uint32_t* columns = P.columns.data();
    const float* values = P.values.data();
    const std::uint64_t* xy = y.xy.data();
    const float* zs = y.z.data();
#pragma omp parallel for schedule(static)
    for (std::ptrdiff_t i = 0; i < n; ++i) {
        const float x0 = lowHalf(xy[i]), x1 = highHalf(xy[i]), x2 = D == 3 ? zs[i] : 0.0f;
        float a0 = 0, a1 = 0, a2 = 0;
        const std::ptrdiff_t begin = std::ptrdiff_t(P.rowStart[i]),
                             end = std::ptrdiff_t(P.rowStart[i + 1]);
#pragma omp simd reduction(+ : a0, a1, a2)
        for (std::ptrdiff_t e = begin; e < end; ++e) {
            const std::uint32_t j = columns[e];
            const std::uint64_t other = xy[j];
            const float d0 = x0 - lowHalf(other), d1 = x1 - highHalf(other);
            const float d2 = D == 3 ? x2 - zs[j] : 0.0f;
            const float s = d0 * d0 + d1 * d1 + d2 * d2;
            const float w = tsne_detail::attractiveWeight(Cauchy ? s : s / alpha, 1.0f);
            const float pw = values[e] * w;
            a0 += pw * d0;
            a1 += pw * d1;
            a2 += pw * d2;
        }
        const float attract[3] = {a0, a1, a2};
        for (int a = 0; a < D; ++a)
            grad[i * D + a] = ex * attract[a] - inverseZ * repulsive[i * D + a];
    }
}

}  // namespace

double TsneGradient::evaluate(const float* y, double exaggeration, float* grad) {
    const double z = normalisation(y);
    const float alpha = float(m_alpha), ex = float(exaggeration);
    const float inverseZ = z > 0 ? float(1.0 / z) : 0.0f;
    const float* rep = m_repulsive.data();
    const bool cauchy = m_alpha == 1.0;
    m_packed.fill(y, m_P.rows, m_dims);
    const PackedLayout& p = m_packed;
    if (m_dims == 2 && cauchy)
        combine<2, true>(m_P, p, rep, ex, alpha, inverseZ, grad);
    else if (m_dims == 2)
        combine<2, false>(m_P, p, rep, ex, alpha, inverseZ, grad);
    else if (cauchy)
        combine<3, true>(m_P, p, rep, ex, alpha, inverseZ, grad);
    else
        combine<3, false>(m_P, p, rep, ex, alpha, inverseZ, grad);
    return z;
}

namespace {

/// Σ_i Σ_j p_ij log w_ij, each row summed on its own (in float), the rows in order (in double).
template <int D>
double pLogW(const SparseAffinities& P, const PackedLayout& y, float alpha,
             std::vector<double>& rowSums) {
    const std::ptrdiff_t rows = std::ptrdiff_t(P.rows);
    const std::uint32_t* columns = P.columns.data();
    const float* values = P.values.data();
    const std::uint64_t* xy = y.xy.data();
    const float* zs = y.z.data();
    rowSums.resize(P.rows);
#pragma omp parallel for schedule(static)
    for (std::ptrdiff_t i = 0; i < rows; ++i) {
        const float x0 = lowHalf(xy[i]), x1 = highHalf(xy[i]), x2 = D == 3 ? zs[i] : 0.0f;
        const std::ptrdiff_t begin = std::ptrdiff_t(P.rowStart[i]),
                             end = std::ptrdiff_t(P.rowStart[i + 1]);
        float sum = 0;
#pragma omp simd reduction(+ : sum)
        for (std::ptrdiff_t e = begin; e < end; ++e) {
            const std::uint32_t j = columns[e];
            const std::uint64_t other = xy[j];
            const float d0 = x0 - lowHalf(other), d1 = x1 - highHalf(other);
            const float d2 = D == 3 ? x2 - zs[j] : 0.0f;
            sum += values[e] * tsne_detail::logKernel(d0 * d0 + d1 * d1 + d2 * d2, alpha);
        }
        rowSums[std::size_t(i)] = sum;
    }
    double total = 0;
    for (double r : rowSums) total += r;
    return total;
}

}  // namespace

double TsneGradient::klDivergence(const float* y, double z) const {
    if (m_P.rows < 2 || !(z > 0)) return 0;
    const float alpha = float(m_alpha);
    m_klPacked.fill(y, m_P.rows, m_dims);
    const double logW = m_dims == 2 ? pLogW<2>(m_P, m_klPacked, alpha, m_rowSums)
                                    : pLogW<3>(m_P, m_klPacked, alpha, m_rowSums);
    // −Σ p log q = −Σ p log w + (Σ p) log Z: exact even where P's floats do not sum to 1.
    return m_entropyTerm - logW + m_sumP * std::log(z);
}

}  // namespace embedscope
