#include "PcaKernels.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "../FloatLanes.h"

namespace embedscope::pca_detail {
namespace {

using Eigen::Index;

// GCC/Clang vector extensions: registers of L floats. The widest is 16 floats where AVX-512 is
// enabled (-march=native), 8 with AVX, else 4 (SSE2, NEON), so the code is the same everywhere.
// With AVX-512 a block of 16 columns is one register, and the narrow block of 8 columns half of
// one (AVX-512's 32 registers and its multiply by a value straight from memory serve both).
#if defined(__AVX512F__) && defined(__AVX512VL__)
constexpr int kLanes = 16;
constexpr int kRegisters = 32;
#elif defined(__AVX__)
constexpr int kLanes = 8;
constexpr int kRegisters = 16;
#else
constexpr int kLanes = 4;
constexpr int kRegisters = 16;
#endif
template <int L>
using VecOf = FloatLanes<L>;
using Vec = VecOf<kLanes>;
constexpr int kVecs = kGramColumns / kLanes;  // registers per row of a basis block
static_assert(kGramColumns % kLanes == 0 && kNarrowColumns <= kLanes);
/// Rows of the lower triangle held in registers at once: with the row's kVecs registers and a
/// broadcast value, within the registers.
constexpr int kGroup = (kRegisters - 4) / kVecs;

template <int L = kLanes>
inline VecOf<L> load(const float* p) {
    return loadLanes<VecOf<L>>(p);
}
template <int L>
inline void store(float* p, VecOf<L> v) {
    storeLanes(p, v);
}

/// f(integral_constant<0>), …, f(integral_constant<N − 1>): unrolled at compile time, so that
/// arrays indexed by them live in registers.
template <int N, class F>
inline void unrolled(F&& f) {
    [&]<int... i>(std::integer_sequence<int, i...>) {
        (f(std::integral_constant<int, i>{}), ...);
    }(std::make_integer_sequence<int, N>{});
}

constexpr Index kLine = 64 / sizeof(float);  // floats per cache line

/// G rows, V registers of L columns: y_g = x_g z (V·L values each, in registers), then
/// p += Σ_g x_gᵀ y_g, with the rows' products in kChains independent sums per register so that
/// they do not wait on each other. Asks for `fetch` cache lines from `ahead` along the way, one
/// per column.
template <int L, int V, int G>
void gramRows(const float* __restrict x, Index dims, const float* __restrict z,
              float* __restrict p, const GramCentre* centre, const float* ahead = nullptr,
              Index fetch = 0) {
    using Vec = VecOf<L>;
    constexpr int width = V * L;
    constexpr int kChains = V == 1 ? 4 : 2;
    Vec y[G][V];
    unrolled<G>([&](auto g) { unrolled<V>([&](auto v) { y[g][v] = Vec{}; }); });
    for (Index j = 0; j < dims; ++j) {
        if (j < fetch) __builtin_prefetch(ahead + j * kLine);
        Vec zj[V];
        unrolled<V>([&](auto v) { zj[v] = load<L>(z + j * width + v * L); });
        unrolled<G>([&](auto g) {
            const float xv = x[g * dims + j];
            unrolled<V>([&](auto v) { y[g][v] += xv * zj[v]; });
        });
    }
    if (centre) {  // y_g = (x_g − c)z = x_g z − cz, and Σ_g y_g for the caller's correction
        unrolled<V>([&](auto v) {
            const Vec cz = load<L>(centre->cz + v * L);
            Vec total = load<L>(centre->ySum + v * L);
            unrolled<G>([&](auto g) {
                y[g][v] -= cz;
                total += y[g][v];
            });
            store<L>(centre->ySum + v * L, total);
        });
    }
    for (Index j = 0; j < dims; ++j) {
        Vec sum[kChains][V];
        unrolled<kChains>([&](auto c) {
            unrolled<V>([&](auto v) { sum[c][v] = c == 0 ? load<L>(p + j * width + v * L) : Vec{}; });
        });
        unrolled<G>([&](auto g) {
            const float xv = x[g * dims + j];
            unrolled<V>([&](auto v) { sum[g % kChains][v] += xv * y[g][v]; });
        });
        unrolled<V>([&](auto v) {
            Vec total = sum[0][v];
            unrolled<kChains - 1>([&](auto c) { total += sum[c + 1][v]; });
            store<L>(p + j * width + v * L, total);
        });
    }
}

/// Rows multiplied together for V registers of columns: enough independent sums to hide the
/// multiply-add latency while they, the basis row and the broadcast value stay within 16
/// registers. One register: 8 rows (39 against 34 GFMA/s with 12 on one Zen 3 core; 4 rows 28).
/// With AVX-512's 32 registers 12 or 16 rows ran no faster: 16 rows need more addresses than
/// there are general registers.
template <int V>
constexpr int kGramGroup = V == 1 ? 8 : 12 / V;

template <int L, int V, int G>
void gramTail(const float* x, Index rows, Index dims, const float* z, float* p,
              const GramCentre* centre) {
    if constexpr (G > 0) {
        if (rows == G)
            gramRows<L, V, G>(x, dims, z, p, centre);
        else
            gramTail<L, V, G - 1>(x, rows, dims, z, p, centre);
    }
}

template <int L, int V>
void gramProductOf(const float* x, Index rows, Index dims, const float* z, float* p,
                   const GramCentre* centre, const float* ahead, Index aheadCount) {
    constexpr int G = kGramGroup<V>;
    const Index groups = rows / G;
    const Index lines = ahead ? (aheadCount + kLine - 1) / kLine : 0;
    // Cache lines to request per group of rows, so that the requests keep coming.
    const Index perGroup = groups ? (lines + groups - 1) / groups : 0;
    Index r = 0;
    for (Index g = 0; g < groups; ++g, r += G) {
        const Index from = std::min(g * perGroup, lines);
        gramRows<L, V, G>(x + r * dims, dims, z, p, centre, ahead + from * kLine,
                          std::min(perGroup, lines - from));
    }
    gramTail<L, V, G - 1>(x + r * dims, rows - r, dims, z, p, centre);
}

/// Rows j0 … j0 + J − 1 and columns c0 … c0 + kGramColumns − 1 of p, held in registers while
/// every row's products are added.
template <int J>
void lowerTile(const float* __restrict x, Index rows, Index stride, Index j0, Index c0,
               float* __restrict p) {
    Vec acc[J][kVecs];
    unrolled<J>([&](auto j) {
        unrolled<kVecs>([&](auto v) { acc[j][v] = load(p + (j0 + j) * stride + c0 + v * kLanes); });
    });
    for (Index r = 0; r < rows; ++r) {
        const float* xr = x + r * stride;
        Vec xc[kVecs];
        unrolled<kVecs>([&](auto v) { xc[v] = load(xr + c0 + v * kLanes); });
        unrolled<J>([&](auto j) {
            const float b = xr[j0 + j];
            unrolled<kVecs>([&](auto v) { acc[j][v] += b * xc[v]; });
        });
    }
    unrolled<J>([&](auto j) {
        unrolled<kVecs>([&](auto v) { store<kLanes>(p + (j0 + j) * stride + c0 + v * kLanes, acc[j][v]); });
    });
}

template <int J>
void lowerTail(const float* x, Index rows, Index stride, Index j0, Index c0, Index left,
               float* p) {
    if constexpr (J > 0) {
        if (left == J)
            lowerTile<J>(x, rows, stride, j0, c0, p);
        else
            lowerTail<J - 1>(x, rows, stride, j0, c0, left, p);
    }
}

/// The lanes of v added pairwise into half as many.
template <int L>
inline VecOf<L / 2> halved(VecOf<L> v) {
    VecOf<L / 2> low, high;
    std::memcpy(&low, &v, sizeof low);
    std::memcpy(&high, reinterpret_cast<const char*>(&v) + sizeof low, sizeof high);
    return low + high;
}

/// Σ acc + Σ_{t ≥ j} (x_t − centre_t) w_t: what is left of the row taken in one vector of L lanes
/// if it fits, then the sum halved into L/2 lanes, down to 4 and a scalar rest (dims 300: one
/// vector of 8 and one of 4, where a scalar tail cost more than the vector loop).
template <int L>
inline float finishDot(VecOf<L> acc, const float* x, const float* centre, const float* w,
                       Index j, Index dims) {
    if (j + L <= dims) {
        acc += (load<L>(x + j) - load<L>(centre + j)) * load<L>(w + j);
        j += L;
    }
    if constexpr (L > 4) {
        return finishDot<L / 2>(halved<L>(acc), x, centre, w, j, dims);
    } else {
        float sum = (acc[0] + acc[1]) + (acc[2] + acc[3]);
        for (; j < dims; ++j) sum += (x[j] - centre[j]) * w[j];
        return sum;
    }
}

/// Up to four axes of one row: two sums per axis (even and odd vectors of the row), so that
/// several independent multiply-adds are in flight.
template <int A>
void dotsOfRow(const float* __restrict x, Index dims, const float* __restrict centre,
               const float* __restrict w, Index stride, float* __restrict out) {
    Vec even[A], odd[A];
    unrolled<A>([&](auto a) { even[a] = odd[a] = Vec{}; });
    Index j = 0;
    for (; j + 2 * kLanes <= dims; j += 2 * kLanes) {
        const Vec x0 = load(x + j) - load(centre + j);
        const Vec x1 = load(x + j + kLanes) - load(centre + j + kLanes);
        unrolled<A>([&](auto a) {
            even[a] += x0 * load(w + a * stride + j);
            odd[a] += x1 * load(w + a * stride + j + kLanes);
        });
    }
    unrolled<A>([&](auto a) {
        out[a] = finishDot<kLanes>(even[a] + odd[a], x, centre, w + a * stride, j, dims);
    });
}

}  // namespace

void addGramProduct(const float* x, Index rows, Index dims, const float* z, Index width,
                    float* p, const GramCentre* centre, const float* ahead, Index aheadCount) {
    if (width == kNarrowColumns)
        gramProductOf<kNarrowColumns, 1>(x, rows, dims, z, p, centre, ahead, aheadCount);
    else
        gramProductOf<kLanes, kVecs>(x, rows, dims, z, p, centre, ahead, aheadCount);
}

void addLowerGram(const float* x, Index rows, Index stride, float* p) {
    for (Index c0 = 0; c0 < stride; c0 += kGramColumns) {
        Index j0 = c0;
        for (; j0 + kGroup <= stride; j0 += kGroup) lowerTile<kGroup>(x, rows, stride, j0, c0, p);
        lowerTail<kGroup - 1>(x, rows, stride, j0, c0, stride - j0, p);
    }
}

void addColumnSums(const float* x, Index rows, Index stride, Index dims, float* sum,
                   float* squares) {
    // Four rows at a time along the row, so that each value is read in order and the sums are
    // loaded and stored once per four rows.
    Index r = 0;
    for (; r + 4 <= rows; r += 4) {
        const float* a = x + r * stride;
        const float* b = a + stride;
        const float* c = b + stride;
        const float* e = c + stride;
#pragma omp simd
        for (Index j = 0; j < dims; ++j) sum[j] += ((a[j] + b[j]) + (c[j] + e[j]));
        if (!squares) continue;
#pragma omp simd
        for (Index j = 0; j < dims; ++j)
            squares[j] += ((a[j] * a[j] + b[j] * b[j]) + (c[j] * c[j] + e[j] * e[j]));
    }
    for (; r < rows; ++r) {
        const float* a = x + r * stride;
#pragma omp simd
        for (Index j = 0; j < dims; ++j) sum[j] += a[j];
        if (!squares) continue;
#pragma omp simd
        for (Index j = 0; j < dims; ++j) squares[j] += a[j] * a[j];
    }
}

void centredDots(const float* x, Index rows, Index dims, const float* centre, const float* w,
                 Index axes, float* out) {
    for (Index r = 0; r < rows; ++r) {
        const float* row = x + r * dims;
        float* o = out + r * axes;
        Index a = 0;
        for (; a + 4 <= axes; a += 4) dotsOfRow<4>(row, dims, centre, w + a * dims, dims, o + a);
        switch (axes - a) {
            case 3: dotsOfRow<3>(row, dims, centre, w + a * dims, dims, o + a); break;
            case 2: dotsOfRow<2>(row, dims, centre, w + a * dims, dims, o + a); break;
            case 1: dotsOfRow<1>(row, dims, centre, w + a * dims, dims, o + a); break;
            default: break;
        }
    }
}

}  // namespace embedscope::pca_detail
