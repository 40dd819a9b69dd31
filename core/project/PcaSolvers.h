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
    int passes = 0;           // passes over the rows the solver made
    bool converged = true;    // Krylov only: false when it ran out of passes first
};

/// The k leading eigenpairs of the symmetric matrix (only its lower triangle is read), their
/// values times scale, their vectors times basis when one is given.
Eigenpairs leading(const Eigen::MatrixXd& sym, Index k, double scale,
                   const Eigen::MatrixXd* basis = nullptr);

/// Gaussian rows × cols matrix, reproducible from the seed with any standard library.
Eigen::MatrixXd gaussian(Index rows, Index cols, unsigned seed);

/// One pass: X̃ᵀX̃Z for a D × l basis Z (any l), X̃ the transformed rows, on `threads` threads.
/// Float products over kSubRows rows are summed in double, in row order. When sumSquares is
/// given, Σ‖x̃‖² (the trace of X̃ᵀX̃) goes there.
Eigen::MatrixXd gramProduct(const Embedding& e, const RowTransform& tr, const Eigen::MatrixXd& z,
                            int threads, Progress& progress, double* sumSquares = nullptr);

Eigenpairs exactSolve(const Embedding& e, const RowTransform& tr, Index k, int threads,
                      Progress& progress);
Eigenpairs randomizedSolve(const Embedding& e, const RowTransform& tr, Index k, int iterations,
                           unsigned seed, int threads, Progress& progress);

/// Block Krylov subspace width: k plus at least 10, in whole blocks of the Gram kernel.
Index krylovBlock(Index k);
/// Block Krylov (block Lanczos with full re-orthogonalisation) on X̃ᵀX̃. The first block holds,
/// for D ≤ 512, the leading directions of a sample of the rows beside 4 seeded Gaussian columns,
/// else only Gaussian ones. Each pass multiplies the newest block, then Rayleigh-Ritz on all the
/// blocks so far.
/// Stops once every one of the k leading Ritz pairs has a residual ‖X̃ᵀX̃u − θu‖ at most
/// kKrylovTolerance·θ₁, once the blocks span all D dimensions (then the result is exact), or
/// after maxPasses passes (converged = false).
Eigenpairs krylovSolve(const Embedding& e, const RowTransform& tr, Index k, int maxPasses,
                       unsigned seed, int threads, Progress& progress);

}  // namespace embedscope::pca_detail
