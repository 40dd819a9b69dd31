#pragma once
/// Principal component analysis of an embedding: always centred, optionally spherized.
///
/// The rows PCA analyses: x − μ, with μ the column mean. With spherize (the TensorFlow Embedding
/// Projector's meaning: centre, then unit-normalise each row), (x − μ)/‖x − μ‖, a row equal to μ
/// staying zero; since PCA always centres, those rows are centred again by their own mean ν.
///
/// Precision: the input stays float32 and is never copied whole. Both solvers centre (and spherize)
/// a block of rows at a time in float. The exact solver multiplies blocks of 512 rows in float and
/// sums those products into a double covariance (relative error ~1e-6 per entry, explained
/// variance ratios within ~1e-8 of a double computation); the randomized solver multiplies float
/// blocks and sums the block products in double. Block sums are merged in row order, so results do
/// not depend on the number of threads.
#include <cstddef>
#include <vector>

#include "../Embedding.h"
#include "../Progress.h"

namespace embedscope {

enum class PcaSolver {
    /// Randomized when more than 10⁶ values and its estimated cost is lower (see fitPca): for
    /// D up to several hundred the exact solver is the faster one; Exact otherwise.
    Auto,
    Exact,      ///< D×D covariance (float products summed in double) + SelfAdjointEigenSolver
    Randomized  ///< Halko, Martinsson & Tropp (2011), oversampling 10, power iterations
};

struct PcaOptions {
    std::size_t components = 3;  ///< how many principal components to compute (≥ 1, ≤ min(N, D))
    bool spherize = false;       ///< centre, then scale each row to unit length, before PCA
    PcaSolver solver = PcaSolver::Auto;
    /// Randomized solver only: subspace iterations, each one pass over the data followed by a QR
    /// re-orthonormalisation. The result is at least as accurate as Halko et al.'s algorithm with
    /// this many power iterations, at powerIterations + 2 passes instead of 2·powerIterations + 2.
    int powerIterations = 4;
    /// Randomized solver only: seeds the Gaussian test matrix (std::mt19937_64 and a Box-Muller
    /// transform written here, so the same seed gives the same matrix with any standard library).
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

    /// Projects rows onto the chosen components (0-based indices into components, any order, e.g.
    /// {0, 1, 2} or {3, 0}), N × axes.size(), spherizing each row first when the fit did. Throws
    /// Error when the dimension differs from the fit's or an index is not below components.rows().
    RowMatrixXf project(const Embedding& embedding, const std::vector<std::size_t>& axes) const;
};

/// Fits PCA. Throws Error when N < 2 (the variance is undefined), D < 1, components is 0 or
/// > min(N, D), powerIterations < 0, or a value is NaN or infinite ("row 17 has a non-finite
/// value", 1-based). Reports progress per stage and can be cancelled between blocks of rows and
/// between iterations (throws Cancelled); the final eigen-decomposition is not interruptible.
///
/// Auto chooses Randomized when N·D > 10⁶, components + 10 < D, and either D > 4096 (the D×D
/// covariance would be too large) or the estimated cost (powerIterations + 2)·N·D·(4·(components +
/// 10) + 64) is below the exact solver's N·D² + 30·D³·max(1, D/512); otherwise Exact. For
/// 100 000 × 300 that is Exact for any number of components (the covariance takes ~0.1 s); for
/// 50 000 × 1536, Randomized for 3 or 50 components (~3× faster than Exact there).
PcaResult fitPca(const Embedding& embedding, const PcaOptions& options,
                 Progress& progress = Progress::none());

}  // namespace embedscope
