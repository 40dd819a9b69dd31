// Block Krylov PCA: a few passes over the rows, each multiplying one block of kGramColumns-wide
// directions by X̃ᵀX̃ (PcaKernels.h), with everything else in the D-dimensional space.
#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "../Error.h"
#include "PcaKernels.h"
#include "PcaSolvers.h"

namespace embedscope::pca_detail {
namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

/// Residual bound, relative to the largest Ritz value. The Gram products are float sums over
/// kSubRows rows (relative error ~1e-6 per block, less once blocks are summed), which puts a
/// floor under the residuals that can be measured; this bound sits above it. With it the error
/// of an eigenvalue is at most ‖r‖²/gap and the angle of a component at most ‖r‖/gap.
constexpr double kTolerance = 1e-5;

/// Rows of the sample whose covariance gives the starting block (at least 4·D of them): its
/// leading directions lie close to the data's, so the first pass starts near the answer.
constexpr Index kStartRows = 16384;
/// Dimensions up to which the sample's D × D eigen-decomposition (~30·D³) is cheap next to a pass.
constexpr Index kWarmDims = 512;
/// Gaussian columns kept in a warm start: a direction that no sampled row shows still enters the
/// basis, as with a random start (a start built from the sample alone would never find it).
constexpr Index kRandomColumns = 4;

/// Removes the span of basis from m's columns (twice: one Gram-Schmidt sweep loses
/// orthogonality when m lies mostly in that span).
void projectOut(const MatrixXd& basis, MatrixXd& m) {
    if (basis.cols() == 0) return;
    for (int sweep = 0; sweep < 2; ++sweep) m -= basis * (basis.transpose() * m);
}

/// An orthonormal basis of the columns of m outside `basis`, at most `limit` columns; empty
/// when m lies in that span (to rounding relative to `size`).
MatrixXd nextBlock(const MatrixXd& basis, MatrixXd m, Index limit, double size) {
    projectOut(basis, m);
    Eigen::ColPivHouseholderQR<MatrixXd> qr(m);
    Index rank = 0;
    const auto r = qr.matrixR();
    while (rank < std::min(m.rows(), m.cols()) && std::abs(r(rank, rank)) > 1e-9 * size) ++rank;
    rank = std::min(rank, limit);
    if (rank == 0) return MatrixXd(m.rows(), 0);
    MatrixXd q = qr.householderQ() * MatrixXd::Identity(m.rows(), rank);
    // Householder's Q is orthonormal but not exactly orthogonal to basis any more.
    projectOut(basis, q);
    return Eigen::HouseholderQR<MatrixXd>(q).householderQ() * MatrixXd::Identity(m.rows(), rank);
}

/// The starting block of `width` columns: the leading eigenvectors of the covariance of rows
/// spread evenly over the data, then kRandomColumns seeded Gaussian ones. All Gaussian when D
/// is large or the block is too narrow for both.
MatrixXd startBlock(const Embedding& e, const RowTransform& tr, Index width, unsigned seed) {
    const Index n = static_cast<Index>(e.rows()), d = static_cast<Index>(e.dims());
    MatrixXd block = gaussian(d, width, seed);
    const Index warm = width - kRandomColumns;
    if (d > kWarmDims || warm < 1) return block;
    const Index dp = (d + kGramColumns - 1) / kGramColumns * kGramColumns;
    const Index m = std::min(n, std::max(kStartRows, 4 * d));
    constexpr Index kRows = 64;
    std::vector<float> x(static_cast<std::size_t>(kRows * dp), 0.0f);
    std::vector<float> sums(static_cast<std::size_t>(dp * dp), 0.0f);
    // One thread, in a fixed order: the start, and so the result, does not depend on threads.
    for (Index first = 0; first < m; first += kRows) {
        const Index count = std::min(kRows, m - first);
        for (Index i = 0; i < count; ++i) {
            PaddedBlock row(x.data() + i * dp, 1, d, Eigen::OuterStride<>(dp));
            tr.apply(e, (first + i) * n / m, row);
        }
        addLowerGram(x.data(), count, dp, sums.data());
    }
    MatrixXd cov(d, d);  // the kernel's row-major lower triangle is this one's lower triangle
    for (Index j = 0; j < d; ++j)
        for (Index c = 0; c <= j; ++c) cov(j, c) = sums[static_cast<std::size_t>(j * dp + c)];
    Eigen::SelfAdjointEigenSolver<MatrixXd> es(cov);
    if (es.info() != Eigen::Success) return block;
    block.leftCols(warm) = es.eigenvectors().rightCols(warm).rowwise().reverse();
    return block;
}

}  // namespace

Index krylovBlock(Index k) {
    return (k + kOversampling + kGramColumns - 1) / kGramColumns * kGramColumns;
}

Eigenpairs krylovSolve(const Embedding& e, const RowTransform& tr, Index k, int maxPasses,
                       unsigned seed, int threads, Progress& progress) {
    const Index n = static_cast<Index>(e.rows()), d = static_cast<Index>(e.dims());
    const double scale = tr.varianceFactor() / static_cast<double>(n - 1);
    MatrixXd basis(d, 0), image(d, 0);  // K, orthonormal columns, and X̃ᵀX̃K
    MatrixXd block = nextBlock(basis, startBlock(e, tr, std::min(krylovBlock(k), d), seed), d, 1.0);
    double sumSquares = 0;
    for (int pass = 1;; ++pass) {
        progress.setStage("PCA: Krylov pass " + std::to_string(pass));
        const MatrixXd product =
            gramProduct(e, tr, block, threads, progress, pass == 1 ? &sumSquares : nullptr);
        const Index old = basis.cols(), width = block.cols();
        basis.conservativeResize(Eigen::NoChange, old + width);
        basis.rightCols(width) = block;
        image.conservativeResize(Eigen::NoChange, old + width);
        image.rightCols(width) = product;

        // Rayleigh-Ritz: the best approximations to eigenpairs within span(K).
        MatrixXd h = basis.transpose() * image;
        h = (0.5 * (h + h.transpose())).eval();
        Eigen::SelfAdjointEigenSolver<MatrixXd> es(h);
        if (es.info() != Eigen::Success)
            throw Error("PCA: the eigen-decomposition did not converge");
        const MatrixXd c = es.eigenvectors().rightCols(k).rowwise().reverse();
        const VectorXd theta = es.eigenvalues().tail(k).reverse();
        const double largest = std::max(theta[0], 0.0);
        const MatrixXd residual = image * c - basis * c * theta.asDiagonal();
        bool done = basis.cols() >= d;  // then the Ritz pairs are the eigenpairs
        double worst = 0;
        for (Index i = 0; i < k; ++i) worst = std::max(worst, residual.col(i).norm());
        done = done || worst <= kTolerance * largest;
        MatrixXd next;
        if (!done && pass < maxPasses) {
            next = nextBlock(basis, product, std::min(width, d - basis.cols()),
                             std::max(largest, 1e-300));
            // Nothing new: span(K) is invariant under X̃ᵀX̃, so the Ritz pairs are exact.
            done = next.cols() == 0;
        }
        if (done || pass >= maxPasses) {
            Eigenpairs out;
            out.values = theta.cwiseMax(0.0) * scale;
            out.vectors = basis * c;
            out.total = sumSquares * scale;
            out.passes = pass;
            out.converged = done;
            return out;
        }
        block = std::move(next);
    }
}

}  // namespace embedscope::pca_detail
