#pragma once
/// Principal component analysis of an embedding: always centred, optionally spherized.
#include <cstddef>
#include <vector>

#include "../Embedding.h"
#include "../Progress.h"

namespace embedscope {

enum class PcaSolver {
    Auto,        ///< Randomized when few components of a wide matrix are asked, else Exact
    Exact,       ///< D×D covariance in double precision + SelfAdjointEigenSolver
    Randomized   ///< Halko, Martinsson & Tropp (2011), oversampling 10, power iterations
};

struct PcaOptions {
    std::size_t components = 3;  ///< how many principal components to compute (≥ 1, ≤ D)
    bool spherize = false;       ///< centre, then scale each row to unit length, before PCA
    PcaSolver solver = PcaSolver::Auto;
    int powerIterations = 4;     ///< randomized solver only
    unsigned seed = 42;          ///< randomized solver only
};

struct PcaResult {
    /// components × D, rows orthonormal; sign fixed so each row's largest-magnitude loading is
    /// positive (deterministic across runs and solvers).
    RowMatrixXf components;
    Eigen::VectorXf mean;                       ///< D, subtracted before projection
    std::vector<double> explainedVariance;      ///< per component, descending (ddof = 1)
    std::vector<double> explainedVarianceRatio; ///< explainedVariance / total variance
    double totalVariance = 0;                   ///< sum of per-column variances (ddof = 1)
    bool spherized = false;
    PcaSolver solverUsed = PcaSolver::Exact;

    /// Projects rows onto the chosen components (0-based indices into components), N × axes.size().
    RowMatrixXf project(const Embedding& embedding, const std::vector<std::size_t>& axes) const;
};

/// Fits PCA. Throws Error when N < 2, D < 1, or components is 0 or > min(N, D)... for N < 2 the
/// variance is undefined. Reports progress and can be cancelled (throws Cancelled).
PcaResult fitPca(const Embedding& embedding, const PcaOptions& options,
                 Progress& progress = Progress::none());

}  // namespace embedscope
