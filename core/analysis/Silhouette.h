#pragma once
/// The mean silhouette of a clustering (Rousseeuw 1987), and a suggestion for k from it.
#include <Eigen/Core>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "../Embedding.h"
#include "../Progress.h"
#include "../neighbours/Metric.h"
#include "KMeans.h"

namespace embedscope {

/// The mean silhouette coefficient of labels over points, as scikit-learn's silhouette_score:
/// s(i) = (b − a) / max(a, b), with a the mean distance from row i to the other rows of its
/// cluster and b the smallest mean distance from i to the rows of another cluster; s(i) = 0 when
/// i is alone in its cluster. Distances are euclidean, or 1 − cos (cosine), in double precision.
/// With sample > 0 and < N, only a seeded sample of rows takes part (their distances among
/// themselves, as scikit-learn's sample_size does): O(sample²·D) instead of O(N²·D).
/// Throws Error when labels.size() ≠ N, the rows taking part hold fewer than 2 or more than
/// (their number − 1) distinct labels (scikit-learn's rule), a value is not finite, a row is zero
/// under cosine, or the metric is Dot. Progress stage: the caller's.
double silhouetteScore(Eigen::Ref<const RowMatrixXf> points, std::span<const std::uint32_t> labels,
                       Metric metric, std::size_t sample = 0, unsigned seed = 42,
                       Progress& progress = Progress::none());

struct KSuggestOptions {
    std::size_t kMin = 2;
    std::size_t kMax = 12;
    /// Rows clustered for every k: a seeded sample, so that a 400 000-word file answers in
    /// seconds (0 = all rows).
    std::size_t clusterRows = 20000;
    /// Rows of those the silhouette is measured on (seeded; the same rows for every k).
    std::size_t sample = 2000;
};

struct KSuggestion {
    std::vector<std::size_t> ks;      ///< kMin..kMax (capped at the rows clustered − 1)
    /// The mean silhouette for each of ks (NaN where the sample holds fewer than 2 clusters).
    std::vector<double> silhouettes;
    std::size_t best = 0;             ///< the k with the highest silhouette (ties: the smaller k)
};

/// Clusters points with k-means (options, its k ignored) for each k in [kMin, kMax] and scores
/// every clustering by its mean silhouette on a sample; the person decides. Throws Error when
/// kMin < 2, kMax < kMin, or fewer than 3 rows; as runKMeans for bad rows. Progress stage
/// "suggesting k".
KSuggestion suggestK(Eigen::Ref<const RowMatrixXf> points, const KMeansOptions& options,
                     const KSuggestOptions& suggest = {}, Progress& progress = Progress::none());

}  // namespace embedscope
