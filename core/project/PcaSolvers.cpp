#include "PcaSolvers.h"

#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <string>

#include "../Error.h"
#include "PcaKernels.h"

namespace embedscope::pca_detail {
namespace {

using Eigen::MatrixXd;
using Eigen::MatrixXf;
using Eigen::VectorXd;

/// Rows centred at a time for the Gram kernel: their floats stay in a core's L2 cache while
/// the kernel reads them twice.
constexpr Index kCentreRows = 64;

}  // namespace

MatrixXd orthonormalise(const MatrixXd& m) {
    Eigen::HouseholderQR<MatrixXd> qr(m);
    return qr.householderQ() * MatrixXd::Identity(m.rows(), m.cols());
}

Eigenpairs leading(const MatrixXd& sym, Index k, double scale, const MatrixXd* basis) {
    Eigen::SelfAdjointEigenSolver<MatrixXd> es(sym);
    if (es.info() != Eigen::Success) throw Error("PCA: the eigen-decomposition did not converge");
    const Index m = sym.rows();
    Eigenpairs out;
    out.values.resize(k);
    out.vectors.resize(basis ? basis->rows() : m, k);
    for (Index i = 0; i < k; ++i) {  // SelfAdjointEigenSolver sorts ascending
        out.values[i] = std::max(0.0, es.eigenvalues()[m - 1 - i]) * scale;
        if (basis)
            out.vectors.col(i) = *basis * es.eigenvectors().col(m - 1 - i);
        else
            out.vectors.col(i) = es.eigenvectors().col(m - 1 - i);
    }
    return out;
}

MatrixXd gaussian(Index rows, Index cols, unsigned seed) {
    // Box-Muller on std::mt19937_64: std::normal_distribution differs between standard libraries.
    std::mt19937_64 rng(seed);
    auto uniform = [&] { return static_cast<double>(rng() >> 11) * 0x1.0p-53; };  // [0, 1)
    MatrixXd g(rows, cols);
    for (Index i = 0; i < g.size(); i += 2) {
        const double radius = std::sqrt(-2.0 * std::log(1.0 - uniform()));
        const double angle = 2.0 * std::numbers::pi * uniform();
        g(i % rows, i / rows) = radius * std::cos(angle);
        if (i + 1 < g.size()) g((i + 1) % rows, (i + 1) / rows) = radius * std::sin(angle);
    }
    return g;
}

namespace {

/// Per-thread float sums of one sub-block's rows, folded into a slot's double sums at its end.
struct SubBlockSums {
    std::vector<float> sum, squares;
    explicit SubBlockSums(Index d) : sum(std::size_t(d)), squares(std::size_t(d)) {}
    void clear() {
        std::fill(sum.begin(), sum.end(), 0.0f);
        std::fill(squares.begin(), squares.end(), 0.0f);
    }
};

/// A slot's sums in double: Σ x̃ per column and Σ x̃² per column.
struct SlotSums {
    VectorXd sum, squares;
    explicit SlotSums(Index d) : sum(d), squares(d) {}
    void clear() {
        sum.setZero();
        squares.setZero();
    }
    void add(const SubBlockSums& s) {
        for (Index j = 0; j < sum.size(); ++j) {
            sum[j] += s.sum[static_cast<std::size_t>(j)];
            squares[j] += s.squares[static_cast<std::size_t>(j)];
        }
    }
    /// Adds sums of `rows` uncentred rows as those of the rows minus c.
    void addCentred(const SubBlockSums& s, const VectorXd& c, Index rows) {
        const auto r = static_cast<double>(rows);
        for (Index j = 0; j < sum.size(); ++j) {
            const double x = s.sum[static_cast<std::size_t>(j)];
            sum[j] += x - r * c[j];
            squares[j] += s.squares[static_cast<std::size_t>(j)] - 2 * c[j] * x + r * c[j] * c[j];
        }
    }
};

}  // namespace

MatrixXd gramProduct(const Embedding& e, const RowTransform& tr, const MatrixXd& z, int threads,
                     Progress& progress, RowSums* rowSums) {
    const Index n = static_cast<Index>(e.rows()), d = static_cast<Index>(e.dims());
    const Index l = z.cols();
    // The basis in float, in blocks of kGramColumns columns, the last kNarrowColumns wide when
    // that holds the rest; zero beyond column l.
    struct Block {
        Index first, width, offset;
    };
    std::vector<Block> blocks;
    Index size = 0;
    for (Index c = 0; c < l;) {
        const Index w = l - c <= kNarrowColumns ? kNarrowColumns : kGramColumns;
        blocks.push_back({c, w, size});
        size += d * w;
        c += w;
    }
    std::vector<float> zf(static_cast<std::size_t>(size), 0.0f);
    auto at = [&](const Block& b, Index j, Index c) {
        return static_cast<std::size_t>(b.offset + j * b.width + c - b.first);
    };
    for (const Block& b : blocks)
        for (Index c = b.first; c < std::min(b.first + b.width, l); ++c)
            for (Index j = 0; j < d; ++j) zf[at(b, j, c)] = static_cast<float>(z(j, c));
    // Centring inside the kernel reads the rows where they lie instead of copying them centred
    // first (a fifth of a narrow pass); see RowTransform::centreInProducts.
    const bool direct = tr.centreInProducts && !tr.spherize && tr.scale == 1.0f;
    const VectorXd c = tr.centre.transpose().cast<double>();
    std::vector<float> cz(static_cast<std::size_t>(direct ? size / std::max<Index>(d, 1) : 0));
    if (direct)
        for (const Block& b : blocks)
            for (Index col = b.first; col < std::min(b.first + b.width, l); ++col)
                cz[static_cast<std::size_t>(b.offset / d + col - b.first)] =
                    static_cast<float>(c.dot(z.col(col)));
    const auto perThread = static_cast<std::size_t>(threads);
    std::vector<std::vector<float>> centred(
        direct ? 0 : perThread, std::vector<float>(std::size_t(kCentreRows * d)));
    std::vector<std::vector<float>> sums(perThread, std::vector<float>(zf.size()));
    std::vector<std::vector<float>> ySums(perThread, std::vector<float>(cz.size()));
    std::vector<SubBlockSums> subSums(rowSums ? perThread : 0, SubBlockSums(d));
    // Sums in the kernel's layout, converted to a D × l matrix at the end.
    const auto slots = static_cast<std::size_t>(slotsFor(threads));
    std::vector<std::vector<double>> partial(slots, std::vector<double>(zf.size()));
    std::vector<SlotSums> slotSums(rowSums ? slots : 0, SlotSums(d));
    std::vector<double> product(zf.size(), 0.0);
    SlotSums total(rowSums ? d : 0);
    total.clear();
    runPass(
        n, unitRowsFor(d), threads, progress,
        [&](int t, std::size_t slot, Index first, Index count) {
            const auto thread = static_cast<std::size_t>(t);
            std::vector<double>& p = partial[slot];
            std::fill(p.begin(), p.end(), 0.0);
            if (rowSums) slotSums[slot].clear();
            std::vector<float>& s = sums[thread];
            std::vector<float>& ySum = ySums[thread];
            const Index end = first + count;
            for (Index sub = first; sub < end; sub += kSubRows) {
                const Index subEnd = std::min(sub + kSubRows, end);
                std::fill(s.begin(), s.end(), 0.0f);
                std::fill(ySum.begin(), ySum.end(), 0.0f);
                if (rowSums) subSums[thread].clear();
                for (Index r = sub; r < subEnd; r += kCentreRows) {
                    const Index rows = std::min(kCentreRows, subEnd - r);
                    const float* x = e.data() + r * d;
                    if (!direct) {
                        FloatBlock xb(centred[thread].data(), rows, d);
                        tr.apply(e, r, xb);
                        x = xb.data();
                    }
                    if (rowSums) {
                        SubBlockSums& ss = subSums[thread];
                        addColumnSums(x, rows, d, d, ss.sum.data(), ss.squares.data());
                    }
                    // The kernel is compute-bound: it asks for the next rows meanwhile, so that
                    // reading them from memory overlaps the arithmetic.
                    const Index next = r + kCentreRows;
                    const Index ahead = next < end ? std::min(kCentreRows, end - next) * d : 0;
                    for (const Block& b : blocks) {
                        const GramCentre centre{cz.data() + b.offset / d,
                                                ySum.data() + b.offset / d};
                        addGramProduct(x, rows, d, zf.data() + b.offset, b.width,
                                       s.data() + b.offset, direct ? &centre : nullptr,
                                       b.first == 0 ? e.data() + next * d : nullptr, ahead);
                    }
                }
                // Float sums over at most kSubRows rows, then double (see kSubRows).
#pragma omp simd
                for (std::size_t i = 0; i < s.size(); ++i) p[i] += s[i];
                if (direct) {
                    // The rows were not centred on the left: p −= c ⊗ Σ y.
                    for (const Block& b : blocks)
                        for (Index j = 0; j < d; ++j)
                            for (Index col = 0; col < b.width; ++col)
                                p[static_cast<std::size_t>(b.offset + j * b.width + col)] -=
                                    c[j] * ySum[static_cast<std::size_t>(b.offset / d + col)];
                    if (rowSums) slotSums[slot].addCentred(subSums[thread], c, subEnd - sub);
                } else if (rowSums) {
                    slotSums[slot].add(subSums[thread]);
                }
            }
        },
        [&](std::size_t slot, Index, Index) {
            const std::vector<double>& p = partial[slot];
            for (std::size_t i = 0; i < p.size(); ++i) product[i] += p[i];
            if (rowSums) {
                total.sum += slotSums[slot].sum;
                total.squares += slotSums[slot].squares;
            }
        });
    MatrixXd out(d, l);
    for (const Block& b : blocks)
        for (Index c = b.first; c < std::min(b.first + b.width, l); ++c)
            for (Index j = 0; j < d; ++j) out(j, c) = product[at(b, j, c)];
    if (!out.allFinite()) throw NotFinite();
    if (rowSums) {
        if (!total.sum.allFinite() || !total.squares.allFinite()) throw NotFinite();
        rowSums->sum = total.sum;
        rowSums->squares = total.squares.sum();
    }
    return out;
}

MatrixXd centredProduct(const MatrixXd& product, const MatrixXd& z, const RowSums& sums,
                        Index n) {
    return product - sums.sum * ((sums.sum.transpose() * z) / static_cast<double>(n));
}

Eigenpairs exactSolve(const Embedding& e, const RowTransform& tr, Index k, int maxThreads,
                      Progress& progress) {
    progress.setStage("PCA: covariance");
    const Index n = static_cast<Index>(e.rows()), d = static_cast<Index>(e.dims());
    // Rows padded with zeros to whole kernel tiles; the padding adds zeros to the sums.
    const Index dp = (d + kGramColumns - 1) / kGramColumns * kGramColumns;
    // Each thread needs a float D×D matrix and two double ones (slots): within ~1 GB in all.
    const double perThread = 20.0 * static_cast<double>(dp) * static_cast<double>(dp);
    const int threads =
        static_cast<int>(std::clamp(1e9 / perThread, 1.0, static_cast<double>(maxThreads)));
    const auto perThreadCount = static_cast<std::size_t>(threads);
    std::vector<std::vector<float>> centred(perThreadCount,
                                            std::vector<float>(std::size_t(kCentreRows * dp)));
    std::vector<std::vector<float>> sums(perThreadCount, std::vector<float>(std::size_t(dp * dp)));
    std::vector<SubBlockSums> subSums(perThreadCount, SubBlockSums(d));
    const auto slots = static_cast<std::size_t>(slotsFor(threads));
    std::vector<MatrixXd> partial(slots, MatrixXd(dp, dp));
    std::vector<SlotSums> slotSums(slots, SlotSums(d));
    MatrixXd cov = MatrixXd::Zero(dp, dp);
    VectorXd sum = VectorXd::Zero(d);
    runPass(
        n, unitRowsFor(d), threads, progress,
        [&](int t, std::size_t slot, Index first, Index count) {
            // Kept as the kernel writes them (row-major lower triangle), which is the upper
            // triangle of these column-major double matrices.
            MatrixXd& p = partial[slot];
            p.setZero();
            slotSums[slot].clear();
            std::vector<float>& s = sums[static_cast<std::size_t>(t)];
            SubBlockSums& ss = subSums[static_cast<std::size_t>(t)];
            float* x = centred[static_cast<std::size_t>(t)].data();
            const Index end = first + count;
            for (Index sub = first; sub < end; sub += kSubRows) {
                const Index subEnd = std::min(sub + kSubRows, end);
                std::fill(s.begin(), s.end(), 0.0f);
                ss.clear();
                for (Index r = sub; r < subEnd; r += kCentreRows) {
                    PaddedBlock xb(x, std::min(kCentreRows, subEnd - r), d,
                                   Eigen::OuterStride<>(dp));
                    tr.apply(e, r, xb);
                    addColumnSums(x, xb.rows(), dp, d, ss.sum.data(), nullptr);
                    addLowerGram(x, xb.rows(), dp, s.data());
                }
                slotSums[slot].add(ss);
                // Float sums over at most kSubRows rows, then double (see kSubRows).
                for (Index j = 0; j < dp; ++j) {
                    double* to = p.data() + j * dp;
                    const float* from = s.data() + j * dp;
#pragma omp simd
                    for (Index c = 0; c <= j; ++c) to[c] += from[c];
                }
            }
        },
        [&](std::size_t slot, Index, Index) {
            cov.triangularView<Eigen::Upper>() += partial[slot];
            sum += slotSums[slot].sum;
        });
    if (!cov.allFinite() || !sum.allFinite()) throw NotFinite();
    progress.setStage("PCA: eigen-decomposition");
    const double scale = tr.varianceFactor() / static_cast<double>(n - 1);
    // leading() reads the lower half; centred on the rows' own mean (see centredProduct).
    MatrixXd c = cov.topLeftCorner(d, d).transpose();
    c.triangularView<Eigen::Lower>() -= (sum * sum.transpose()) / static_cast<double>(n);
    Eigenpairs out = leading(c, k, scale);
    out.total = c.trace() * scale;  // so that all the ratios sum to 1
    out.shift = sum / static_cast<double>(n);
    out.passes = 1;
    return out;
}

/// Randomized subspace iteration on the covariance: Z ← orth(X̃ᵀX̃Z), each product one pass over
/// the rows, then Rayleigh-Ritz on the last basis, whose matrix ZᵀX̃ᵀX̃Z comes out of the final
/// pass for free.
Eigenpairs randomizedSolve(const Embedding& e, const RowTransform& tr, Index k, int iterations,
                           unsigned seed, int threads, Progress& progress) {
    const Index n = static_cast<Index>(e.rows()), d = static_cast<Index>(e.dims());
    const Index l = std::min(k + kOversampling, d);
    MatrixXd z = orthonormalise(gaussian(d, l, seed));
    RowSums sums;
    const int passes = iterations + 2;
    for (int pass = 1;; ++pass) {
        progress.setStage("PCA: randomized pass " + std::to_string(pass) + " of " +
                          std::to_string(passes));
        const MatrixXd product = centredProduct(
            gramProduct(e, tr, z, threads, progress, pass == 1 ? &sums : nullptr), z, sums, n);
        if (pass < passes) {
            z = orthonormalise(product);
            continue;
        }
        MatrixXd ritz = z.transpose() * product;
        ritz = (0.5 * (ritz + ritz.transpose())).eval();
        const double scale = tr.varianceFactor() / static_cast<double>(n - 1);
        Eigenpairs out = leading(ritz, k, scale, &z);
        out.total = (sums.squares - sums.sum.squaredNorm() / static_cast<double>(n)) * scale;
        out.shift = sums.sum / static_cast<double>(n);
        out.passes = passes;
        return out;
    }
}

}  // namespace embedscope::pca_detail
