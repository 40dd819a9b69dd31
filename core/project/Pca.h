#pragma once
/// Principal component analysis of an embedding: always centred, optionally spherized.
///
/// The rows PCA analyses: x − μ, with μ the column mean. With spherize (the TensorFlow Embedding
/// Projector's meaning: centre, then unit-normalise each row), (x − μ)/‖x − μ‖, a row equal to μ
/// staying zero; since PCA always centres, those rows are centred again by their own mean ν.
///
/// Precision: the input stays float32 and is never copied whole. Every solver centres (and
/// spherizes) a block of rows at a time in float. The exact solver multiplies blocks of 512 rows
/// in float and sums those products into a double covariance (relative error ~1e-6 per entry,
/// explained variance ratios within ~1e-8 of a double computation); the randomized and Krylov
/// solvers multiply rows by their float basis and sum the products of 512 rows in double. Block
/// sums are merged in row order, so results do not depend on the number of threads.
#include <cstddef>
#include <vector>

#include "../Embedding.h"
#include "../Progress.h"

namespace embedscope {

enum class PcaSolver {
    /// Small inputs (up to 10⁶ values) and inputs whose Krylov passes would cost as much as the
    /// covariance: Exact. Otherwise Krylov, allowed as many passes as the covariance would cost
    /// (falling back to Exact when they do not converge); for D > 4096, Randomized. See fitPca.
    Auto,
    Exact,       ///< D×D covariance (float products summed in double) + SelfAdjointEigenSolver
    Randomized,  ///< Halko, Martinsson & Tropp (2011), oversampling 10, power iterations
    /// Block Krylov (block Lanczos with full re-orthogonalisation; Musco & Musco 2015): passes
    /// over the data until the k leading eigenpairs are as accurate as the exact solver's.
    Krylov
};

struct PcaOptions {
    std::size_t components = 3;  ///< how many principal components to compute (≥ 1, ≤ min(N, D))
    bool spherize = false;       ///< centre, then scale each row to unit length, before PCA
    PcaSolver solver = PcaSolver::Auto;
    /// Randomized solver only: subspace iterations, each one pass over the data followed by a QR
    /// re-orthonormalisation. The result is at least as accurate as Halko et al.'s algorithm with
    /// this many power iterations, at powerIterations + 2 passes instead of 2·powerIterations + 2.
    int powerIterations = 4;
    /// Krylov solver only: the most passes over the data it may make (≥ 1). It stops earlier once
    /// the k leading Ritz pairs have residuals ‖Cu − θu‖ ≤ 1e-5·θ₁ (C the covariance), or once
    /// its blocks span all D dimensions; otherwise the result says converged = false. (Auto
    /// sets its own limit: the passes that cost as much as the exact solver.)
    int krylovPasses = 30;
    /// Randomized and Krylov solvers: seeds the Gaussian test matrix (std::mt19937_64 and a
    /// Box-Muller transform written here, so the same seed gives the same matrix with any standard
    /// library). Krylov with D ≤ 512 starts from a sample's leading directions and only 4
    /// Gaussian columns.
    unsigned seed = 42;
};

struct PcaResult {
    /// components × D, rows orthonormal; sign fixed so each row's largest-magnitude loading is
    /// positive (the first such entry on a tie; deterministic across runs and solvers).
    RowMatrixXf components;
    /// D, the mean of the rows PCA analysed, subtracted before projection: the column mean μ of the
    /// input, or when spherized the mean ν of the unit-normalised rows.
    Eigen::VectorXf mean;
    /// D, the column mean μ of the input rows (equal to mean unless spherized).
    Eigen::VectorXf inputMean;
    std::vector<double> explainedVariance;  ///< per component, descending (ddof = 1)
    /// explainedVariance / totalVariance; all 0 when totalVariance is 0 (all rows equal).
    std::vector<double> explainedVarianceRatio;
    double totalVariance = 0;  ///< sum of per-column variances (ddof = 1)
    bool spherized = false;
    /// A power of two the input rows are multiplied by before the float products (1 for values
    /// of ordinary size): values near 1e20 or 3e38 would overflow float when squared. Exact, so
    /// the results are those of unscaled arithmetic; variances and projections are given unscaled.
    float inputScale = 1.0f;
    PcaSolver solverUsed = PcaSolver::Exact;
    /// Passes over the data the solver made, besides any mean and spherize passes: 1 for Exact,
    /// powerIterations + 2 for Randomized, as many as it needed for Krylov (under Auto, with
    /// the passes of a Krylov attempt that fell back to Exact included).
    int solverPasses = 0;
    /// False only when the Krylov solver ran out of passes before its residuals met the bound.
    bool converged = true;

    /// Projects rows onto the chosen components (0-based indices into components, any order, e.g.
    /// {0, 1, 2} or {3, 0}), N × axes.size(), spherizing each row first when the fit did. Throws
    /// Error when the dimension differs from the fit's or an index is not below components.rows().
    RowMatrixXf project(const Embedding& embedding, const std::vector<std::size_t>& axes) const;
};

/// Fits PCA. Throws Error when N < 2 (the variance is undefined), D < 1, components is 0 or
/// > min(N, D), powerIterations < 0, krylovPasses < 1, or a value is NaN or infinite ("row 17
/// has a non-finite value", 1-based). Reports progress per stage and can be cancelled between blocks of rows and
/// between iterations (throws Cancelled); the final eigen-decomposition is not interruptible.
///
/// Auto chooses Exact up to 10⁶ values, or when the Krylov block (k + 10 rounded up to 16) is
/// at least D. Beyond D = 4096 (the covariance would be too large) it chooses Randomized. Between,
/// it weighs a Krylov pass, N·D·(2·block + 2) multiply-adds, against the exact solver's
/// N·D·(D/2 + 2) + 30·D³·max(1, D/512). When at least 3 Krylov passes fit in that cost and, for
/// D ≤ 512, the spectrum of a sample of the rows promises convergence within them (a gap after
/// the k-th value), it runs Krylov with that many passes at most; it stops early, and runs Exact,
/// once its residuals shrink too slowly to converge in time. For 1 000 000 × 300 and 3
/// components that is Krylov on data with a gap after its leading directions (datagen's: 3
/// passes) and Exact on data with none; for 2000 × 1000 or 50 000 × 1536, Krylov.
///
/// The mean comes out of the solver's first pass: the rows are centred on the mean of the sampled
/// rows, and the solver corrects for the difference exactly. Only spherizing, or a sample with a
/// non-finite or very large or small value, or a first pass that meets one, costs a pass of its own
/// for the mean.
PcaResult fitPca(const Embedding& embedding, const PcaOptions& options,
                 Progress& progress = Progress::none());

}  // namespace embedscope
