#include "Gradient.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "Kernel.h"

#if defined(__SSE__)
#include <immintrin.h>
#endif

namespace embedscope {

TsneGradient::TsneGradient(SparseAffinities P, std::size_t dims, double alpha,
                           std::unique_ptr<Repulsion> repulsion)
    : m_dims(dims), m_alpha(alpha), m_repulsion(std::move(repulsion)) {
    for (float p : P.values) {
        m_sumP += p;
        if (p > 0) m_entropyTerm += double(p) * std::log(double(p));
    }
    // Renumber the points in breadth-first order over P (see PackedLayout), then pad each row
    // to a multiple of kRowPadding with p = 0 at the row's own column: such an entry adds 0 to
    // both the attraction and Σ p log w. A row keeps its entries' order, so every sum is the
    // same as without the renumbering.
    const std::size_t n = P.rows;
    breadthFirstOrder(P);
    std::size_t padded = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t len = P.rowStart[i + 1] - P.rowStart[i];
        padded += (len + kRowPadding - 1) / kRowPadding * kRowPadding;
    }
    m_P.rows = n;
    m_P.rowStart.resize(n + 1);
    // Columns first, then values, each input array freed once copied: the input and the
    // padded copy never both hold all of P (3 M points: about 3 GB each).
    m_P.columns.resize(padded);
    std::size_t at = 0;
    for (std::size_t r = 0; r < n; ++r) {
        const std::size_t i = m_order[r];
        m_P.rowStart[r] = at;
        const std::size_t begin = P.rowStart[i], len = P.rowStart[i + 1] - begin;
        for (std::size_t e = 0; e < len; ++e) m_P.columns[at + e] = m_rank[P.columns[begin + e]];
        const std::size_t full = (len + kRowPadding - 1) / kRowPadding * kRowPadding;
        std::fill(m_P.columns.begin() + std::ptrdiff_t(at + len),
                  m_P.columns.begin() + std::ptrdiff_t(at + full), std::uint32_t(r));
        at += full;
        m_longestRow = std::max(m_longestRow, full);
    }
    std::vector<std::uint32_t>().swap(P.columns);
    m_P.values.assign(padded, 0.0f);
    for (std::size_t r = 0; r < n; ++r) {
        const std::size_t i = m_order[r];
        std::copy(P.values.begin() + std::ptrdiff_t(P.rowStart[i]),
                  P.values.begin() + std::ptrdiff_t(P.rowStart[i + 1]),
                  m_P.values.begin() + std::ptrdiff_t(m_P.rowStart[r]));
    }
    m_P.rowStart[n] = at;
}

void TsneGradient::breadthFirstOrder(const SparseAffinities& P) {
    const std::size_t n = P.rows;
    constexpr std::uint32_t kUnseen = ~std::uint32_t(0);
    m_rank.assign(n, kUnseen);
    m_order.clear();
    m_order.reserve(n);
    for (std::size_t start = 0; start < n; ++start) {
        if (m_rank[start] != kUnseen) continue;
        m_rank[start] = std::uint32_t(m_order.size());
        m_order.push_back(std::uint32_t(start));
        for (std::size_t next = m_order.size() - 1; next < m_order.size(); ++next) {
            const std::size_t i = m_order[next];
            for (std::size_t e = P.rowStart[i]; e < P.rowStart[i + 1]; ++e) {
                const std::uint32_t j = P.columns[e];
                if (m_rank[j] != kUnseen) continue;
                m_rank[j] = std::uint32_t(m_order.size());
                m_order.push_back(j);
            }
        }
    }
}

double TsneGradient::normalisation(const float* y) {
    m_repulsive.resize(m_P.rows * m_dims);
    return m_repulsion->compute(y, m_P.rows, m_repulsive.data());
}

void TsneGradient::toRowOrder(const float* points, float* rows) const {
    const std::size_t d = m_dims;
    for (std::size_t r = 0; r < m_P.rows; ++r)
        for (std::size_t a = 0; a < d; ++a) rows[r * d + a] = points[m_order[r] * d + a];
}

void TsneGradient::toPointOrder(const float* rows, float* points) const {
    const std::size_t d = m_dims;
    for (std::size_t r = 0; r < m_P.rows; ++r)
        for (std::size_t a = 0; a < d; ++a) points[m_order[r] * d + a] = rows[r * d + a];
}

const float* tsne_detail::PackedLayout::pack(const float* y, std::size_t n, std::size_t dims) {
    const std::size_t s = stride(dims);
    if (s == dims) return y;
    coords.resize(n * s);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t a = 0; a < dims; ++a) coords[i * s + a] = y[i * dims + a];
        for (std::size_t a = dims; a < s; ++a) coords[i * s + a] = 0.0f;
    }
    return coords.data();
}

namespace {

using tsne_detail::PackedLayout;

/// Row r of P with its neighbours' coordinates gathered into contiguous columns (see
/// PackedLayout): x, y, z (z = y in 2-D) and the values p, len entries each, and the row's own
/// point.
struct GatheredRow {
    const float *x, *y, *z, *p;
    std::ptrdiff_t len;
    float self[3];
};

/// Calls visit(r, row) for every row of P (c: the layout packed, see PackedLayout), rows split
/// statically over the threads, each thread gathering into a buffer of its own.
template <int D, class Visit>
void forEachGatheredRow(const SparseAffinities& P, const float* c, std::size_t longest,
                        Visit visit) {
    constexpr std::size_t s = PackedLayout::stride(D);
    const std::ptrdiff_t rows = std::ptrdiff_t(P.rows);
    const std::uint32_t* columns = P.columns.data();
#pragma omp parallel
    {
        std::vector<float> buffer(D * longest);
        GatheredRow row{buffer.data(),
                        buffer.data() + longest,
                        buffer.data() + (D == 3 ? 2 : 1) * longest,
                        nullptr,
                        0,
                        {}};
#pragma omp for schedule(static)
        for (std::ptrdiff_t r = 0; r < rows; ++r) {
            const std::size_t begin = P.rowStart[std::size_t(r)];
            const std::size_t len = P.rowStart[std::size_t(r) + 1] - begin;
            const std::uint32_t* column = columns + begin;
            float* into = buffer.data();
            std::size_t k = 0;
#if defined(__SSE__)
            // Four neighbours at a time, turned into columns in registers: a load and a
            // store per coordinate of four points instead of a store per coordinate of each.
            if constexpr (D == 3) {
                for (; k + 4 <= len; k += 4) {
                    __m128 a = _mm_loadu_ps(c + s * column[k]);
                    __m128 b = _mm_loadu_ps(c + s * column[k + 1]);
                    __m128 e = _mm_loadu_ps(c + s * column[k + 2]);
                    __m128 f = _mm_loadu_ps(c + s * column[k + 3]);
                    _MM_TRANSPOSE4_PS(a, b, e, f);
                    _mm_storeu_ps(into + k, a);
                    _mm_storeu_ps(into + longest + k, b);
                    _mm_storeu_ps(into + 2 * longest + k, e);
                }
            } else {
                for (; k + 4 <= len; k += 4) {
                    const auto pair = [&](std::size_t i) {
                        double bits;
                        std::memcpy(&bits, c + s * column[i], sizeof bits);
                        return bits;
                    };
                    const __m128 ab = _mm_castpd_ps(_mm_set_pd(pair(k + 1), pair(k)));
                    const __m128 ef = _mm_castpd_ps(_mm_set_pd(pair(k + 3), pair(k + 2)));
                    _mm_storeu_ps(into + k, _mm_shuffle_ps(ab, ef, _MM_SHUFFLE(2, 0, 2, 0)));
                    _mm_storeu_ps(into + longest + k,
                                  _mm_shuffle_ps(ab, ef, _MM_SHUFFLE(3, 1, 3, 1)));
                }
            }
#endif
            for (; k < len; ++k) {
                const float* other = c + s * column[k];
                for (int a = 0; a < D; ++a) into[std::size_t(a) * longest + k] = other[a];
            }
            const float* self = c + s * std::size_t(r);
            for (int a = 0; a < 3; ++a) row.self[a] = a < D ? self[a] : 0.0f;
            row.p = P.values.data() + begin;
            row.len = std::ptrdiff_t(len);
            visit(std::size_t(r), row);
        }
    }
}

/// grad_r = ex · Σ_j p_rj w_rj^{1/α} (y_r − y_j) − repulsive_r / Z, one row at a time.
template <int D, bool Cauchy>
void combine(const SparseAffinities& P, const float* y, std::size_t longest,
             const float* repulsive, float ex, float alpha, float inverseZ, float* grad) {
    forEachGatheredRow<D>(P, y, longest, [&](std::size_t r, const GatheredRow& row) {
        const float x0 = row.self[0], x1 = row.self[1], x2 = row.self[2];
        const float *bx = row.x, *by = row.y, *bz = row.z, *v = row.p;
        float a0 = 0, a1 = 0, a2 = 0;
#pragma omp simd reduction(+ : a0, a1, a2)
        for (std::ptrdiff_t k = 0; k < row.len; ++k) {
            const float d0 = x0 - bx[k], d1 = x1 - by[k];
            const float d2 = D == 3 ? x2 - bz[k] : 0.0f;
            const float sq = d0 * d0 + d1 * d1 + d2 * d2;
            const float w = tsne_detail::attractiveWeight(Cauchy ? sq : sq / alpha, 1.0f);
            const float pw = v[k] * w;
            a0 += pw * d0;
            a1 += pw * d1;
            a2 += pw * d2;
        }
        const float attract[3] = {a0, a1, a2};
        for (std::size_t a = 0; a < D; ++a)
            grad[r * D + a] = ex * attract[a] - inverseZ * repulsive[r * D + a];
    });
}

}  // namespace

double TsneGradient::evaluate(const float* y, double exaggeration, float* grad) {
    m_rowLayout.resize(m_P.rows * m_dims);
    m_rowGradient.resize(m_P.rows * m_dims);
    toRowOrder(y, m_rowLayout.data());
    const double z = evaluateInRowOrder(m_rowLayout.data(), exaggeration, m_rowGradient.data());
    toPointOrder(m_rowGradient.data(), grad);
    return z;
}

double TsneGradient::evaluateInRowOrder(const float* y, double exaggeration, float* grad) {
    const double z = normalisation(y);
    const float alpha = float(m_alpha), ex = float(exaggeration);
    const float inverseZ = z > 0 ? float(1.0 / z) : 0.0f;
    const float* rep = m_repulsive.data();
    const bool cauchy = m_alpha == 1.0;
    const float* p = m_packed.pack(y, m_P.rows, m_dims);
    const std::size_t l = m_longestRow;
    if (m_dims == 2 && cauchy)
        combine<2, true>(m_P, p, l, rep, ex, alpha, inverseZ, grad);
    else if (m_dims == 2)
        combine<2, false>(m_P, p, l, rep, ex, alpha, inverseZ, grad);
    else if (cauchy)
        combine<3, true>(m_P, p, l, rep, ex, alpha, inverseZ, grad);
    else
        combine<3, false>(m_P, p, l, rep, ex, alpha, inverseZ, grad);
    return z;
}

namespace {

/// Σ_i Σ_j p_ij log w_ij, each row summed on its own (in float), the rows in order (in double).
template <int D>
double pLogW(const SparseAffinities& P, const float* y, std::size_t longest, float alpha,
             std::vector<double>& rowSums) {
    rowSums.resize(P.rows);
    forEachGatheredRow<D>(P, y, longest, [&](std::size_t r, const GatheredRow& row) {
        const float x0 = row.self[0], x1 = row.self[1], x2 = row.self[2];
        const float *bx = row.x, *by = row.y, *bz = row.z, *v = row.p;
        float sum = 0;
#pragma omp simd reduction(+ : sum)
        for (std::ptrdiff_t k = 0; k < row.len; ++k) {
            const float d0 = x0 - bx[k], d1 = x1 - by[k];
            const float d2 = D == 3 ? x2 - bz[k] : 0.0f;
            sum += v[k] * tsne_detail::logKernel(d0 * d0 + d1 * d1 + d2 * d2, alpha);
        }
        rowSums[r] = sum;
    });
    double total = 0;
    for (double r : rowSums) total += r;
    return total;
}

}  // namespace

double TsneGradient::klDivergence(const float* y, double z) const {
    m_rowLayout.resize(m_P.rows * m_dims);
    toRowOrder(y, m_rowLayout.data());
    return klDivergenceInRowOrder(m_rowLayout.data(), z);
}

double TsneGradient::klDivergenceInRowOrder(const float* y, double z) const {
    if (m_P.rows < 2 || !(z > 0)) return 0;
    const float alpha = float(m_alpha);
    const float* p = m_klPacked.pack(y, m_P.rows, m_dims);
    const double logW = m_dims == 2 ? pLogW<2>(m_P, p, m_longestRow, alpha, m_rowSums)
                                    : pLogW<3>(m_P, p, m_longestRow, alpha, m_rowSums);
    // −Σ p log q = −Σ p log w + (Σ p) log Z: exact even where P's floats do not sum to 1.
    return m_entropyTerm - logW + m_sumP * std::log(z);
}

}  // namespace embedscope
