#pragma once
/// Internal to PCA: the solvers behind fitPca, each given the map from input rows to the rows it
/// analyses (centred, maybe spherized; see PcaPasses.h).
#include <Eigen/Core>

#include "../Embedding.h"
#include "../Progress.h"
#include "PcaPasses.h"

namespace embedscope::pca_detail {

/// Columns beyond the k wanted in the randomized and Krylov bases (Halko et al.'s p).
constexpr Index kOversampling = 10;

struct Eigenpairs {
    Eigen::VectorXd values;   // descending, variances (ddof = 1)
    Eigen::MatrixXd vectors;  // D × k, columns orthonormal
    double total = 0;         // total variance
    /// The mean of the analysed rows x̃ (zero when the transform's centre was the exact mean):
    /// the solvers centre on it, so the true centre is the transform's plus this.
    Eigen::VectorXd shift;
    int passes = 0;           // passes over the rows the solver made
    bool converged = true;    // Krylov only: false when it ran out of passes first
};

/// Sums over the analysed rows x̃ that a pass gathers on the way.
struct RowSums {
    Eigen::VectorXd sum;  // Σ x̃, per column
    double squares = 0;   // Σ ‖x̃‖²
};

/// Thrown by a pass whose sums are not finite: the input holds a NaN or an infinity, or values
/// whose products overflow float. fitPca then checks the input in a pass of its own.
struct NotFinite {};

/// The k leading eigenpairs of the symmetric matrix (only its lower triangle is read), their
/// values times scale, their vectors times basis when one is given.
Eigenpairs leading(const Eigen::MatrixXd& sym, Index k, double scale,
                   const Eigen::MatrixXd* basis = nullptr);

/// An orthonormal basis of m's columns (as many as m has), by Householder QR.
Eigen::MatrixXd orthonormalise(const Eigen::MatrixXd& m);

/// Gaussian rows × cols matrix, reproducible from the seed with any standard library.
Eigen::MatrixXd gaussian(Index rows, Index cols, unsigned seed);

/// One pass: X̃ᵀX̃Z for a D × l basis Z (any l), X̃ the transformed rows, on `threads` threads.
/// Float products over kSubRows rows are summed in double, in row order. When sums is given,
/// the pass also gathers them. Throws NotFinite.
Eigen::MatrixXd gramProduct(const Embedding& e, const RowTransform& tr, const Eigen::MatrixXd& z,
                            int threads, Progress& progress, RowSums* sums = nullptr);

/// The rows' covariance times Z, times n − 1, from a product X̃ᵀX̃Z whose rows x̃ were centred on
/// a point near their mean: X̃ᵀX̃Z − s(sᵀZ)/n with s = Σ x̃. Exact algebra, and without
/// cancellation since s is small.
Eigen::MatrixXd centredProduct(const Eigen::MatrixXd& product, const Eigen::MatrixXd& z,
                               const RowSums& sums, Index n);

Eigenpairs exactSolve(const Embedding& e, const RowTransform& tr, Index k, int threads,
                      Progress& progress);
Eigenpairs randomizedSolve(const Embedding& e, const RowTransform& tr, Index k, int iterations,
                           unsigned seed, int threads, Progress& progress);

/// The covariance of the sampled rows (PcaPasses.h): all its eigenvalues, descending, and its
/// leading `directions` eigenvectors (approximately; seeded); empty when D > 512, where its
/// eigen-decomposition would cost more than the start it gives.
struct SampleSpectrum {
    Eigen::VectorXd values;
    Eigen::MatrixXd vectors;
};
SampleSpectrum sampleSpectrum(const Embedding& e, const RowTransform& tr, Index directions,
                              unsigned seed);
/// The sample directions the Krylov solver's start uses for k components.
Index startDirections(Index k);

/// The passes the Krylov solver should need for k components from a sampled start, by the
/// spectral gap the sample shows between λ_k and λ_{l+1} (l the block width); 1 when the block
/// spans all dimensions.
int expectedKrylovPasses(const SampleSpectrum& sample, Index k);

/// Block Krylov subspace width: k plus at least 10, in whole blocks of the Gram kernel.
Index krylovBlock(Index k);
/// Block Krylov (block Lanczos with full re-orthogonalisation) on X̃ᵀX̃. The first block holds
/// the leading directions of the sample's spectrum (when there is one) beside 4 seeded Gaussian
/// columns, else only Gaussian ones. Each pass multiplies the newest block, then Rayleigh-Ritz on
/// all the blocks so far; for k ≤ 3 the blocks after the first are narrow: the residuals of the
/// 8 leading Ritz pairs.
/// Stops once every one of the k leading Ritz pairs has a residual ‖X̃ᵀX̃u − θu‖ at most
/// kKrylovTolerance·θ₁, once the blocks span all D dimensions (then the result is exact), or
/// after maxPasses passes (converged = false). With giveUpEarly, it also stops unconverged as
/// soon as the residuals, shrinking at the last pass's rate, would not meet the bound within
/// maxPasses (so that Auto loses little before it falls back to Exact).
Eigenpairs krylovSolve(const Embedding& e, const RowTransform& tr, Index k, int maxPasses,
                       unsigned seed, int threads, Progress& progress,
                       const SampleSpectrum& sample, bool giveUpEarly = false);

}  // namespace embedscope::pca_detail
