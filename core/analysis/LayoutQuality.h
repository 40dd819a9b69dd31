#pragma once
/// How well a 2-D/3-D layout (PCA, t-SNE, anything) keeps the neighbourhoods of the original
/// vectors: trustworthiness, kNN recall, per-point faithfulness, and for one point the neighbours
/// the layout invented or tore away.
///
/// Neighbours in the original space use the chosen metric on the original vectors (exact, as
/// buildKnnGraph's exact path defines them); neighbours in the layout are Euclidean, exact, found
/// with a k-d tree. Ties go to the lower row everywhere.
#include <cstddef>
#include <optional>
#include <vector>

#include "../Embedding.h"
#include "../Progress.h"
#include "../neighbours/KnnGraph.h"
#include "../neighbours/Metric.h"

namespace embedscope {

struct QualityOptions {
    std::size_t k = 10;
    Metric metric = Metric::Euclidean;  ///< in the original space; the layout is Euclidean
    /// Points the sampled measures (trustworthiness, kNN recall) average over; 0 or ≥ N: all.
    std::size_t sample = 1000;
    unsigned seed = 42;  ///< picks the sample
};

struct LayoutQuality {
    std::size_t k = 0;
    std::size_t sampleSize = 0;  ///< points averaged over (N when not sampled)
    /// Venna & Kaski (2001), as scikit-learn's sklearn.manifold.trustworthiness computes it; over
    /// a sample S the normalisation uses |S| in place of N (see measureLayout).
    double trustworthiness = 0;
    /// Mean over the sampled points of |N_k^original ∩ N_k^layout| / k.
    double knnRecall = 0;
    /// The final KL divergence, when the layout comes from t-SNE (filled by t-SNE).
    std::optional<double> kl;
};

/// Trustworthiness and kNN recall of layout (N × 2 or 3; row i is original's row i).
///
/// T(k) = 1 − 2 / (|S|·k·(2N − 3k − 1)) · Σ_{i∈S} Σ_{j ∈ U_k(i)} max(0, r(i, j) − k), where S is
/// a seeded sample of options.sample points (all when sample is 0 or ≥ N: then T equals
/// scikit-learn's value), U_k(i) the k nearest of i in the layout and r(i, j) the rank (1 = the
/// nearest, i itself not counted) of j among i's neighbours in the original space. Ranks of the
/// layout neighbours that are not original neighbours need the distances from i to all N points:
/// one blocked GEMM pass, O(|S|·N·D) time (about 3·10¹¹ multiply-adds for |S| = 1000,
/// N = 10⁶, D = 300) and a working copy of the original matrix; the layout side costs
/// O(N log N) for the k-d tree. Points with equal distances rank by row.
/// Throws Error when the sizes disagree, k < 1 or k ≥ N/2 (as scikit-learn), the layout holds a
/// NaN or infinity, or the original vectors are unusable for the metric (see buildKnnGraph);
/// Cancelled when cancelled. Progress stages: "layout neighbours", "trustworthiness".
LayoutQuality measureLayout(const Embedding& original, const RowMatrixXf& layout,
                            const QualityOptions& options, Progress& progress = Progress::none());

/// The exact k-nearest-neighbour graph of the layout's points (Euclidean), from a k-d tree:
/// O(N log N) to build, O(log N + k) per point on spread-out layouts, so 10⁶ points take seconds.
/// Throws Error when k ≥ N (k = 0 gives an empty graph) or a coordinate is not finite.
/// Progress stage "layout neighbours".
KnnGraph buildLayoutKnnGraph(const RowMatrixXf& layout, std::size_t k,
                             Progress& progress = Progress::none());

/// Faithfulness of every point: the share of its k nearest in the original space that are also
/// among its k nearest in the layout, k = the smaller of the graphs' k (their lists are nearest
/// first, so a prefix is the smaller neighbourhood). The original graph may be approximate (HNSW),
/// the layout graph should come from buildLayoutKnnGraph. Throws Error when the rows differ.
std::vector<float> faithfulness(const KnnGraph& original, const KnnGraph& layout);

/// Builds both graphs (the original one with buildKnnGraph's Auto method: exact, or HNSW when
/// exact search would cost too much) and returns faithfulness(). N up to 10⁶ in minutes rather than hours.
std::vector<float> faithfulness(const Embedding& original, const RowMatrixXf& layout, std::size_t k,
                                Metric metric, Progress& progress = Progress::none());

/// What the layout got wrong about one point.
struct NeighbourDifferences {
    /// Among its k nearest in the layout but not in the original space, nearest in the layout
    /// first.
    std::vector<std::size_t> falseNeighbours;
    /// Among its k nearest in the original space but not in the layout, nearest originally first.
    std::vector<std::size_t> tornAway;
};

/// From two graphs (as faithfulness() uses them, so the lists agree with the point's colour).
NeighbourDifferences neighbourDifferences(const KnnGraph& original, const KnnGraph& layout,
                                          std::size_t row);
/// From scratch, exactly: O(N·D) for the one point. Throws Error when row is out of range, k ≥ N,
/// or the sizes disagree.
NeighbourDifferences neighbourDifferences(const Embedding& original, const RowMatrixXf& layout,
                                          std::size_t row, std::size_t k, Metric metric);

}  // namespace embedscope
