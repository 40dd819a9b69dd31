#pragma once
/// k-means clustering of any float matrix (the vectors, or a 2-D/3-D layout): euclidean k-means,
/// or spherical k-means for cosine data, with named clusters.
///
/// Seeding is greedy k-means++ (Arthur & Vassilvitskii 2007, with 2 + ⌊ln k⌋ candidates per
/// centre as scikit-learn draws them); a candidate's distances skip every point whose current
/// centre is at least twice the point's distance away from the candidate (triangle inequality).
/// Lloyd iterations use Hamerly's bounds (Hamerly 2010): one upper bound to the own centre and one
/// lower bound to every other centre per point, so once the clusters settle most points need no
/// distance at all; the centroid sums are updated by the rows that moved only. Spherical k-means
/// (Dhillon & Modha 2001) runs the same on unit rows with renormalised centroids: for unit vectors
/// ‖x − c‖² = 2 − 2·cos(x, c), so the euclidean bounds hold and the assignment maximises cosine.
///
/// Stopping as scikit-learn 1.2's KMeans (algorithm "lloyd"): after at most maxIterations, when
/// no point changed its cluster, or when Σ_j ‖c_j − c_j'‖² ≤ tolerance · (mean variance of the
/// columns); then one more assignment so that the labels match the centroids.
///
/// Determinism: every per-point step writes only its own point's state, and every sum (centroids,
/// inertia, the seeding's potential) adds in a fixed order, so the same input, options and seed
/// give bitwise identical results for any number of OpenMP threads. Threads: with several
/// restarts each thread runs whole restarts (no barrier per step); one restart spreads its own
/// loops over the threads.
///
/// Cost: seeding O(N·k·D) at worst (the skips remove most of it once the centres cover the data);
/// each iteration O(N) bound checks plus D·k per point whose bounds fail; memory O(N) beyond the
/// input (plus a unit copy of it for cosine). 100 000 × 50, k = 50, 10 restarts: seconds on 2
/// cores.
#include <Eigen/Core>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "../Embedding.h"
#include "../Progress.h"
#include "../neighbours/Metric.h"

namespace embedscope {

struct KMeansOptions {
    std::size_t k = 8;
    /// Euclidean: k-means on the rows as given. Cosine: spherical k-means on the unit rows
    /// (a zero row is an Error). Dot is refused (it is no distance).
    Metric metric = Metric::Euclidean;
    /// Independent seeded runs; the one with the lowest inertia wins (scikit-learn's n_init).
    std::size_t restarts = 4;
    /// Lloyd iterations per run (scikit-learn's max_iter default).
    std::size_t maxIterations = 300;
    /// Relative to the data's mean column variance, as scikit-learn's tol (default 1e-4).
    double tolerance = 1e-4;
    unsigned seed = 42;
    /// Members listed per cluster as its name (issue 11: the 3 nearest the centroid).
    std::size_t centralMembers = 3;
};

struct KMeansResult {
    Metric metric = Metric::Euclidean;
    /// Per row: its cluster in [0, k). Clusters are numbered by size, largest first (ties: the
    /// cluster holding the lower row first), so colours stay put when the data does.
    std::vector<std::uint32_t> assignment;
    /// k × D. Cosine: unit rows (the spherical centroids).
    RowMatrixXf centroids;
    /// Per row: distance to its centroid, in the metric's sense: ‖x − c‖ (euclidean) or
    /// 1 − cos(x, c) (cosine).
    std::vector<float> distance;
    /// Per cluster: its number of rows (≥ 1 whenever k ≤ N).
    std::vector<std::size_t> sizes;
    /// Per cluster: up to centralMembers rows nearest its centroid, nearest first (ties: lower
    /// row). With labels from the Embedding they are the cluster's name.
    std::vector<std::vector<std::size_t>> central;
    /// Σ ‖x − c‖² over all rows (euclidean, as scikit-learn's inertia_), or Σ (1 − cos(x, c))
    /// (cosine, the spherical k-means objective), in double precision.
    double inertia = 0;
    std::size_t iterations = 0;  ///< Lloyd iterations of the winning run
    std::size_t restart = 0;     ///< which run won (0-based)
    bool converged = false;      ///< the winning run stopped before maxIterations
    /// Distance computations of the Lloyd phase over all runs, as a share of N·k per iteration:
    /// how much the bounds saved (1 = none).
    double distanceShare = 1;
    double seconds = 0;
};

/// Clusters the N rows of points (any row-major float matrix: vectors or a layout).
/// Throws Error when k = 0, k > N (N = 0 included), restarts = 0, maxIterations = 0, a value is
/// NaN or infinite (naming the 1-based row), the metric is Dot, or under cosine a row is all
/// zeros (naming it). Cancelled when cancelled (progress stage "k-means").
KMeansResult runKMeans(Eigen::Ref<const RowMatrixXf> points, const KMeansOptions& options,
                       Progress& progress = Progress::none());

/// The same on an embedding's vectors (labels for the names come from embedding.label(row)).
KMeansResult runKMeans(const Embedding& embedding, const KMeansOptions& options,
                       Progress& progress = Progress::none());

/// Each cluster's name: the labels of its central rows joined by separator ("cat, dog, mouse").
/// labels are the clustered rows' labels (Embedding::labels(), or a metadata column).
std::vector<std::string> clusterNames(const KMeansResult& clusters,
                                      const std::vector<std::string>& labels,
                                      std::string_view separator = ", ");

}  // namespace embedscope
