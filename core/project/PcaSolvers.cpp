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

/// Rows centred at a time for the Gram kernel: their floats stay in a core's L2 cache while
/// the kernel reads them twice.
constexpr Index kCentreRows = 64;

MatrixXd orthonormalise(const MatrixXd& m) {
    Eigen::HouseholderQR<MatrixXd> qr(m);
    return qr.householderQ() * MatrixXd::Identity(m.rows(), m.cols());
}

}  // namespace

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

MatrixXd gramProduct(const Embedding& e, const RowTransform& tr, const MatrixXd& z, int threads,
                     Progress& progress, double* sumSquares) {
    const Index n = static_cast<Index>(e.rows()), d = static_cast<Index>(e.dims());
    const Index l = z.cols();
    const Index blocks = (l + kGramColumns - 1) / kGramColumns;
    const Index blockSize = d * kGramColumns;
    // The basis in float, kGramColumns columns per block, zero beyond column l.
    std::vector<float> zf(static_cast<std::size_t>(blocks * blockSize), 0.0f);
    for (Index c = 0; c < l; ++c)
        for (Index j = 0; j < d; ++j)
            zf[static_cast<std::size_t>((c / kGramColumns) * blockSize + j * kGramColumns +
                                        c % kGramColumns)] = static_cast<float>(z(j, c));
    const auto perThread = static_cast<std::size_t>(threads);
    std::vector<std::vector<float>> centred(perThread,
                                            std::vector<float>(std::size_t(kCentreRows * d)));
    std::vector<std::vector<float>> sums(perThread, std::vector<float>(zf.size()));
    // Sums in the kernel's layout, converted to a D × l matrix at the end.
    std::vector<std::vector<double>> partial(static_cast<std::size_t>(slotsFor(threads)),
                                             std::vector<double>(zf.size()));
    std::vector<double> squares(partial.size());
    std::vector<double> product(zf.size(), 0.0);
    double total = 0;
    runPass(
        n, unitRowsFor(d), threads, progress,
        [&](int t, std::size_t slot, Index first, Index count) {
            std::vector<double>& p = partial[slot];
            std::fill(p.begin(), p.end(), 0.0);
            squares[slot] = 0;
            std::vector<float>& s = sums[static_cast<std::size_t>(t)];
            float* x = centred[static_cast<std::size_t>(t)].data();
            const Index end = first + count;
            for (Index sub = first; sub < end; sub += kSubRows) {
                const Index subEnd = std::min(sub + kSubRows, end);
                std::fill(s.begin(), s.end(), 0.0f);
                for (Index r = sub; r < subEnd; r += kCentreRows) {
                    FloatBlock xb(x, std::min(kCentreRows, subEnd - r), d);
                    tr.apply(e, r, xb);
                    if (sumSquares) squares[slot] += xb.cast<double>().squaredNorm();
                    // The kernel is compute-bound: it asks for the next rows meanwhile, so that
                    // reading them from memory overlaps the arithmetic.
                    const Index next = r + kCentreRows;
                    const Index ahead = next < end ? std::min(kCentreRows, end - next) * d : 0;
                    for (Index b = 0; b < blocks; ++b)
                        addGramProduct(x, xb.rows(), d, zf.data() + b * blockSize,
                                       s.data() + b * blockSize,
                                       b == 0 ? e.data() + next * d : nullptr, ahead);
                }
                // Float sums over at most kSubRows rows, then double (see kSubRows).
#pragma omp simd
                for (std::size_t i = 0; i < s.size(); ++i) p[i] += s[i];
            }
        },
        [&](std::size_t slot, Index, Index) {
            const std::vector<double>& p = partial[slot];
            for (std::size_t i = 0; i < p.size(); ++i) product[i] += p[i];
            total += squares[slot];
        });
    if (sumSquares) *sumSquares = total;
    MatrixXd out(d, l);
    for (Index c = 0; c < l; ++c)
        for (Index j = 0; j < d; ++j)
            out(j, c) = product[static_cast<std::size_t>((c / kGramColumns) * blockSize +
                                                         j * kGramColumns + c % kGramColumns)];
    return out;
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
    std::vector<MatrixXd> partial(static_cast<std::size_t>(slotsFor(threads)), MatrixXd(dp, dp));
    MatrixXd cov = MatrixXd::Zero(dp, dp);
    runPass(
        n, unitRowsFor(d), threads, progress,
        [&](int t, std::size_t slot, Index first, Index count) {
            // Kept as the kernel writes them (row-major lower triangle), which is the upper
            // triangle of these column-major double matrices.
            MatrixXd& p = partial[slot];
            p.setZero();
            std::vector<float>& s = sums[static_cast<std::size_t>(t)];
            float* x = centred[static_cast<std::size_t>(t)].data();
            const Index end = first + count;
            for (Index sub = first; sub < end; sub += kSubRows) {
                const Index subEnd = std::min(sub + kSubRows, end);
                std::fill(s.begin(), s.end(), 0.0f);
                for (Index r = sub; r < subEnd; r += kCentreRows) {
                    PaddedBlock xb(x, std::min(kCentreRows, subEnd - r), d,
                                   Eigen::OuterStride<>(dp));
                    tr.apply(e, r, xb);
                    addLowerGram(x, xb.rows(), dp, s.data());
                }
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
        });
    progress.setStage("PCA: eigen-decomposition");
    const double scale = tr.varianceFactor() / static_cast<double>(n - 1);
    const MatrixXd c = cov.topLeftCorner(d, d).transpose();  // leading() reads the lower half
    Eigenpairs out = leading(c, k, scale);
    out.total = c.trace() * scale;  // so that all the ratios sum to 1
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
    double sumSquares = 0;
    const int passes = iterations + 2;
    for (int pass = 1;; ++pass) {
        progress.setStage("PCA: randomized pass " + std::to_string(pass) + " of " +
                          std::to_string(passes));
        const MatrixXd product =
            gramProduct(e, tr, z, threads, progress, pass == 1 ? &sumSquares : nullptr);
        if (pass < passes) {
            z = orthonormalise(product);
            continue;
        }
        MatrixXd ritz = z.transpose() * product;
        ritz = (0.5 * (ritz + ritz.transpose())).eval();
        const double scale = tr.varianceFactor() / static_cast<double>(n - 1);
        Eigenpairs out = leading(ritz, k, scale, &z);
        out.total = sumSquares * scale;
        out.passes = passes;
        return out;
    }
}

}  // namespace embedscope::pca_detail
