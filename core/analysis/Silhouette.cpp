#include "Silhouette.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "../Error.h"
#include "../neighbours/KnnDetail.h"
#include "KMeansDetail.h"

namespace embedscope {

namespace {

using Eigen::Index;

double pairDistance(const float* a, const float* b, std::size_t d, Metric metric, double normA,
                    double normB) {
    if (metric == Metric::Cosine) return 1.0 - detail::dotDouble(a, b, d) / (normA * normB);
    double s = 0;
    for (std::size_t q = 0; q < d; ++q) {
        const double diff = double(a[q]) - double(b[q]);
        s += diff * diff;
    }
    return std::sqrt(s);
}

double silhouette(Eigen::Ref<const RowMatrixXf> points, std::span<const std::uint32_t> labels,
                  Metric metric, std::size_t sample, unsigned seed,
                  const detail::ProgressSpan& progress) {
    const std::size_t n = static_cast<std::size_t>(points.rows());
    const std::size_t d = static_cast<std::size_t>(points.cols());
    if (metric == Metric::Dot)
        throw Error("the silhouette needs a distance: choose euclidean or cosine, not dot");
    if (labels.size() != n)
        throw Error("the silhouette needs one label per row: " + std::to_string(labels.size()) +
                    " labels for " + std::to_string(n) + " rows");
    const detail::KMeansData data{points.data(), n, d,
                                  static_cast<std::size_t>(points.outerStride())};
    detail::checkRows(data, metric);

    const std::vector<std::uint32_t> rows = detail::sampleRows(n, sample == 0 ? n : sample, seed);
    const std::size_t m = rows.size();
    // Labels may be any numbers: renumber those present among the rows 0..k−1.
    std::vector<std::uint32_t> present;
    for (std::uint32_t r : rows) present.push_back(labels[r]);
    std::sort(present.begin(), present.end());
    present.erase(std::unique(present.begin(), present.end()), present.end());
    const auto k = static_cast<std::uint32_t>(present.size());
    std::vector<std::uint32_t> cluster(m);
    for (std::size_t i = 0; i < m; ++i)
        cluster[i] = static_cast<std::uint32_t>(
            std::lower_bound(present.begin(), present.end(), labels[rows[i]]) - present.begin());
    std::vector<std::size_t> count(k, 0);
    for (std::uint32_t c : cluster) ++count[c];
    const auto distinct = static_cast<std::size_t>(
        std::count_if(count.begin(), count.end(), [](std::size_t c) { return c > 0; }));
    if (distinct < 2 || distinct > m - 1)
        throw Error("the silhouette needs 2 to " + std::to_string(m > 0 ? m - 1 : 0) +
                    " clusters among the rows it measures, not " + std::to_string(distinct));

    std::vector<double> norm(m, 1.0);
    if (metric == Metric::Cosine)
        for (std::size_t i = 0; i < m; ++i) {
            const float* x = data.row(rows[i]);
            norm[i] = std::sqrt(detail::dotDouble(x, x, d));
        }
    std::vector<double> score(m, 0.0);
    detail::forChunks(
        m, progress,
        [&](std::size_t, std::size_t begin, std::size_t end) {
            std::vector<double> sums(k);
            for (std::size_t i = begin; i < end; ++i) {
                std::fill(sums.begin(), sums.end(), 0.0);
                const float* x = data.row(rows[i]);
                for (std::size_t j = 0; j < m; ++j)
                    if (j != i)
                        sums[cluster[j]] +=
                            pairDistance(x, data.row(rows[j]), d, metric, norm[i], norm[j]);
                const std::uint32_t own = cluster[i];
                if (count[own] < 2) continue;  // alone in its cluster: s = 0 (Rousseeuw)
                const double a = sums[own] / double(count[own] - 1);
                double b = std::numeric_limits<double>::infinity();
                for (std::uint32_t c = 0; c < k; ++c)
                    if (c != own && count[c] > 0) b = std::min(b, sums[c] / double(count[c]));
                const double denominator = std::max(a, b);
                score[i] = denominator > 0 ? (b - a) / denominator : 0.0;
            }
        },
        16, 64);  // each row costs a pass over the sample: small chunks keep cancelling prompt
    double total = 0;
    for (double s : score) total += s;
    return total / double(m);
}

}  // namespace

double silhouetteScore(Eigen::Ref<const RowMatrixXf> points, std::span<const std::uint32_t> labels,
                       Metric metric, std::size_t sample, unsigned seed, Progress& progress) {
    return silhouette(points, labels, metric, sample, seed, {progress, 0, 1});
}

KSuggestion suggestK(Eigen::Ref<const RowMatrixXf> points, const KMeansOptions& options,
                     const KSuggestOptions& suggest, Progress& progress) {
    const std::size_t n = static_cast<std::size_t>(points.rows());
    if (suggest.kMin < 2)
        throw Error("suggesting k starts at k = 2 (one cluster has no silhouette)");
    if (suggest.kMax < suggest.kMin)
        throw Error("suggesting k needs a range: " + std::to_string(suggest.kMin) + ".." +
                    std::to_string(suggest.kMax) + " is empty");
    if (n < 3) throw Error("suggesting k needs at least 3 rows");
    progress.setStage("suggesting k");

    // Cluster a seeded sample of rows (the same for every k) so large files answer quickly.
    const std::vector<std::uint32_t> chosen =
        detail::sampleRows(n, suggest.clusterRows == 0 ? n : suggest.clusterRows, options.seed);
    RowMatrixXf subset(Index(chosen.size()), points.cols());
    for (std::size_t i = 0; i < chosen.size(); ++i) subset.row(Index(i)) = points.row(chosen[i]);

    KSuggestion result;
    const std::size_t kMax = std::min(suggest.kMax, chosen.size() - 1);
    for (std::size_t k = suggest.kMin; k <= kMax; ++k) result.ks.push_back(k);
    const double span = 1.0 / double(std::max<std::size_t>(1, result.ks.size()));
    double bestScore = -std::numeric_limits<double>::infinity();
    for (std::size_t s = 0; s < result.ks.size(); ++s) {
        KMeansOptions o = options;
        o.k = result.ks[s];
        const double base = double(s) * span;
        const KMeansResult clusters = detail::kMeans(subset, o, {progress, base, span * 0.8});
        double score = std::numeric_limits<double>::quiet_NaN();
        try {
            score = silhouette(subset, clusters.assignment, options.metric, suggest.sample,
                               options.seed, {progress, base + span * 0.8, span * 0.2});
        } catch (const Error&) {
            // The sample holds fewer than 2 of the clusters: no silhouette for this k.
        }
        result.silhouettes.push_back(score);
        // A sample where some k leaves fewer than 2 clusters scores NaN and never wins.
        if (score > bestScore) {
            bestScore = score;
            result.best = result.ks[s];
        }
    }
    progress.step(1.0);
    return result;
}

}  // namespace embedscope
