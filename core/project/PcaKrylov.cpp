// Block Krylov PCA: a few passes over the rows, each multiplying one block of directions (16
// wide, or 8 for the narrow residual blocks) by X̃ᵀX̃ (PcaKernels.h), with everything else in
// the D-dimensional space.
#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <algorithm>
#include <cmath>
#include <limits>
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
/// About the residual, relative to θ₁, that the first pass leaves from a sampled start: 1.8e-2
/// and 2.4e-2 on two 1 M × 300 sets, one with a clear gap in its spectrum, one without.
constexpr double kFirstResidual = 2e-2;

/// Dimensions up to which the sample's D × D eigen-decomposition (~30·D³) is cheap next to a pass.
constexpr Index kWarmDims = 512;
/// Gaussian columns kept in a warm start: a direction that no sampled row shows still enters the
/// basis, as with a random start (a start built from the sample alone would never find it).
constexpr Index kRandomColumns = 4;
/// Ritz pairs beyond the k wanted whose residuals also enter the next block when k of them and
/// these fit one narrow block (kNarrowColumns): with a sampled start the leading directions are
/// already in the basis, and what the passes add is their residuals. On datagen's 1 M × 300 the
/// narrow blocks converged in as many passes as full ones (3), each pass 20% cheaper.
constexpr Index kGuard = 5;

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

/// The starting block of `width` columns: the sample's leading directions, then kRandomColumns
/// seeded Gaussian ones. All Gaussian when there is no sample spectrum or the block is too
/// narrow for both.
MatrixXd startBlock(const SampleSpectrum& sample, Index d, Index width, unsigned seed) {
    MatrixXd block = gaussian(d, width, seed);
    const Index warm = width - kRandomColumns;
    if (sample.vectors.cols() < warm || warm < 1) return block;
    block.leftCols(warm) = sample.vectors.leftCols(warm);
    return block;
}

/// The leading `count` eigenvectors of a symmetric matrix (its lower triangle), approximately:
/// subspace iteration from a seeded Gaussian block wider than asked, then Rayleigh-Ritz. A
/// sixth of a full eigen-decomposition's time at D = 300, and as good a start: what the passes
/// need is the span of the leading directions.
MatrixXd leadingDirections(const MatrixXd& lower, Index count, unsigned seed) {
    const Index d = lower.rows();
    const Index width = std::min(d, count + 8);
    const MatrixXd sym = lower.selfadjointView<Eigen::Lower>();
    MatrixXd z = orthonormalise(gaussian(d, width, seed));
    for (int i = 0; i < 16; ++i) z = orthonormalise(sym * z);
    const MatrixXd h = z.transpose() * sym * z;
    const Eigen::SelfAdjointEigenSolver<MatrixXd> es(0.5 * (h + h.transpose()));
    return z * es.eigenvectors().rowwise().reverse().leftCols(count);
}

}  // namespace

SampleSpectrum sampleSpectrum(const Embedding& e, const RowTransform& tr, Index directions,
                              unsigned seed) {
    const Index n = static_cast<Index>(e.rows()), d = static_cast<Index>(e.dims());
    if (d > kWarmDims) return {};
    const Index dp = (d + kGramColumns - 1) / kGramColumns * kGramColumns;
    // Its leading directions lie close to the data's, so the first pass starts near the answer.
    const Index m = sampleSize(n, d);
    // Fixed chunks of rows, each summed in float and then added in double in order: the same
    // sums for any number of threads.
    constexpr Index kRows = 64, kChunk = 2048;
    const Index chunks = (m + kChunk - 1) / kChunk;
    std::vector<std::vector<float>> sums(static_cast<std::size_t>(chunks));
#pragma omp parallel for schedule(dynamic)
    for (Index c = 0; c < chunks; ++c) {
        std::vector<float> x(static_cast<std::size_t>(kRows * dp), 0.0f);
        std::vector<float>& s = sums[static_cast<std::size_t>(c)];
        s.assign(static_cast<std::size_t>(dp * dp), 0.0f);
        const Index end = std::min(m, (c + 1) * kChunk);
        for (Index first = c * kChunk; first < end; first += kRows) {
            const Index count = std::min(kRows, end - first);
            for (Index i = 0; i < count; ++i) {
                PaddedBlock row(x.data() + i * dp, 1, d, Eigen::OuterStride<>(dp));
                tr.apply(e, sampleRow(first + i, m, n), row);
            }
            addLowerGram(x.data(), count, dp, s.data());
        }
    }
    MatrixXd cov = MatrixXd::Zero(d, d);  // the kernels' row-major lower triangles are its lower one
    for (const std::vector<float>& s : sums)
        for (Index j = 0; j < d; ++j)
            for (Index c = 0; c <= j; ++c) cov(j, c) += s[static_cast<std::size_t>(j * dp + c)];
    const Eigen::SelfAdjointEigenSolver<MatrixXd> values(cov, Eigen::EigenvaluesOnly);
    if (values.info() != Eigen::Success) return {};
    return {values.eigenvalues().reverse() / static_cast<double>(m),
            // Another seed than the Gaussian columns the start puts beside these.
            leadingDirections(cov, std::min(directions, d), seed + 1)};
}

int expectedKrylovPasses(const SampleSpectrum& sample, Index k) {
    const Index l = krylovBlock(k);
    if (sample.values.size() <= l) return 1;  // the blocks span all dimensions at once
    const double kth = sample.values[k - 1], beyond = sample.values[l];
    if (beyond <= 0) return 1;
    const double gap = (kth - beyond) / beyond;
    if (gap <= 0) return std::numeric_limits<int>::max();
    // Block Krylov's Chebyshev bound: a pass shrinks the k-th residual by about
    // e^acosh(1 + 2·gap), gap = (λ_k − λ_{l+1})/λ_{l+1}. It matched both 1 M × 300 sets: 1.5×
    // a pass with no gap, 60× with one.
    const double passes = std::log(kFirstResidual / kTolerance) / std::acosh(1 + 2 * gap);
    return 1 + static_cast<int>(std::ceil(std::min(passes, 1e6)));
}

Index krylovBlock(Index k) {
    return (k + kOversampling + kGramColumns - 1) / kGramColumns * kGramColumns;
}

Index startDirections(Index k) {
    return krylovBlock(k) - kRandomColumns;
}

Eigenpairs krylovSolve(const Embedding& e, const RowTransform& tr, Index k, int maxPasses,
                       unsigned seed, int threads, Progress& progress,
                       const SampleSpectrum& sample, bool giveUpEarly) {
    const Index n = static_cast<Index>(e.rows()), d = static_cast<Index>(e.dims());
    const double scale = tr.varianceFactor() / static_cast<double>(n - 1);
    MatrixXd basis(d, 0), image(d, 0);  // K, orthonormal columns, and X̃ᵀX̃K
    MatrixXd block =
        nextBlock(basis, startBlock(sample, d, std::min(krylovBlock(k), d), seed), d, 1.0);
    RowSums sums;
    double previous = 0;  // the last pass's worst residual
    for (int pass = 1;; ++pass) {
        progress.setStage("PCA: Krylov pass " + std::to_string(pass));
        const MatrixXd product = centredProduct(
            gramProduct(e, tr, block, threads, progress, pass == 1 ? &sums : nullptr), block,
            sums, n);
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
        if (giveUpEarly && !done && pass >= 2 && pass < maxPasses) {
            // At the rate of the last pass, would the residuals meet the bound in time?
            const double rate = worst / previous;
            const double left = rate < 1 ? std::log(kTolerance * largest / worst) / std::log(rate)
                                          : std::numeric_limits<double>::infinity();
            if (pass + left > maxPasses) maxPasses = pass;
        }
        previous = worst;
        MatrixXd next;
        if (!done && pass < maxPasses) {
            if (k + kGuard <= kNarrowColumns && kNarrowColumns < h.rows()) {
                // Few components: the residuals of the leading Ritz pairs, one narrow block.
                const MatrixXd cw = es.eigenvectors().rightCols(kNarrowColumns).rowwise().reverse();
                const VectorXd tw = es.eigenvalues().tail(kNarrowColumns).reverse();
                next = nextBlock(basis, image * cw - basis * cw * tw.asDiagonal(),
                                 std::min(kNarrowColumns, d - basis.cols()),
                                 std::max(largest, 1e-300));
            } else {
                next = nextBlock(basis, product, std::min(width, d - basis.cols()),
                                 std::max(largest, 1e-300));
            }
            // Nothing new: span(K) is invariant under X̃ᵀX̃, so the Ritz pairs are exact.
            done = next.cols() == 0;
        }
        if (done || pass >= maxPasses) {
            Eigenpairs out;
            out.values = theta.cwiseMax(0.0) * scale;
            out.vectors = basis * c;
            out.total = (sums.squares - sums.sum.squaredNorm() / static_cast<double>(n)) * scale;
            out.shift = sums.sum / static_cast<double>(n);
            out.passes = pass;
            out.converged = done;
            return out;
        }
        block = std::move(next);
    }
}

}  // namespace embedscope::pca_detail
