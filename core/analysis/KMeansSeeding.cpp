// Greedy k-means++ seeding (Arthur & Vassilvitskii 2007) with triangle-inequality skips.
#include <cmath>
#include <limits>

#include "KMeansDetail.h"

namespace embedscope::detail {

namespace {

/// The row where the cumulative sum of weights first reaches target (numpy's searchsorted on the
/// cumulative sum, as scikit-learn draws k-means++ candidates), found through the chunk sums.
std::size_t drawRow(const std::vector<float>& weights, const std::vector<double>& chunkSums,
                    double target) {
    double cumulative = 0;
    std::size_t c = 0;
    for (; c + 1 < chunkSums.size(); ++c) {
        if (cumulative + chunkSums[c] >= target) break;
        cumulative += chunkSums[c];
    }
    const std::size_t end = std::min(weights.size(), (c + 1) * kChunkRows);
    for (std::size_t i = c * kChunkRows; i < end; ++i) {
        cumulative += weights[i];
        if (cumulative >= target) return i;
    }
    return end - 1;  // rounding left the target past the last row
}

}  // namespace

RowMatrixXf seedKMeansPlusPlus(const KMeansData& data, std::size_t k, std::mt19937_64& rng,
                               const ProgressSpan& progress) {
    const std::size_t n = data.rows, d = data.dims;
    const std::size_t chunks = chunkCount(n);
    RowMatrixXf centres(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(d));
    auto setCentre = [&](std::size_t j, std::size_t row) {
        std::copy_n(data.row(row), d, centres.data() + j * d);
    };

    // Per row: squared distance to the nearest centre so far, that distance, and that centre.
    std::vector<float> nearestSq(n), nearest(n);
    std::vector<std::uint32_t> owner(n, 0);
    std::vector<double> chunkSums(chunks);
    setCentre(0, static_cast<std::size_t>(rng() % n));
    forChunks(n, {progress.progress, progress.base, progress.span / double(k)},
              [&](std::size_t c, std::size_t begin, std::size_t end) {
                  double sum = 0;
                  for (std::size_t i = begin; i < end; ++i) {
                      nearestSq[i] = squaredDistance(data.row(i), centres.data(), d);
                      nearest[i] = std::sqrt(nearestSq[i]);
                      sum += nearestSq[i];
                  }
                  chunkSums[c] = sum;
              });

    // scikit-learn's number of local trials: 2 + ⌊ln k⌋ (Arthur & Vassilvitskii's greedy variant).
    const std::size_t trials = 2 + static_cast<std::size_t>(std::log(double(k)));
    const std::size_t trials8 = (trials + 7) / 8 * 8;
    std::vector<std::size_t> candidates(trials);
    std::vector<float> candidateSq(trials * n);
    // toCentres[c·trials8 + t] = d(candidate t, centre c); padding lanes +inf (never needed).
    std::vector<float> toCentres(k * trials8, std::numeric_limits<float>::infinity());
    std::vector<double> potentials(trials * chunks);
    std::vector<float> columns(d * trials8, 0.0f);
    for (std::size_t j = 1; j < k; ++j) {
        double total = 0;
        for (double s : chunkSums) total += s;
        for (std::size_t t = 0; t < trials; ++t) {
            candidates[t] = drawRow(nearestSq, chunkSums, uniform01(rng) * total);
            for (std::size_t c = 0; c < j; ++c)
                toCentres[c * trials8 + t] =
                    std::sqrt(squaredDistance(data.row(candidates[t]), centres.data() + c * d, d));
        }
        const ProgressSpan part{progress.progress,
                                progress.base + progress.span * double(j) / double(k),
                                progress.span / double(k)};
        // The candidates transposed (D × trials8): one row's distances to all of them come from
        // D vector steps, eight candidates per step.
        for (std::size_t t = 0; t < trials; ++t)
            for (std::size_t q = 0; q < d; ++q)
                columns[q * trials8 + t] = data.row(candidates[t])[q];
        forChunks(n, part, [&](std::size_t c, std::size_t begin, std::size_t end) {
            double sums[64] = {};  // trials ≤ 2 + ln(2⁶⁴) < 64
            double unchanged = 0;  // rows no candidate can come nearer to
            std::vector<float> all(trials8);
            for (std::size_t i = begin; i < end; ++i) {
                // d(x_i, y) ≥ d(y, c) − d(x_i, c) ≥ d(x_i, c) when d(y, c) ≥ 2·d(x_i, c): such a
                // candidate cannot come nearer than the row's own centre.
                const float* toOwner = toCentres.data() + std::size_t(owner[i]) * trials8;
                const float limit = 2 * nearest[i];
                bool any = false;
                for (std::size_t t = 0; t < trials8; t += 8)
                    any = any || (Eigen::Map<const Lanes>(toOwner + t) < limit).any();
                if (!any) {
                    unchanged += nearestSq[i];
                    continue;
                }
                squaredDistancesToColumns(data.row(i), columns.data(), d, trials8, all.data());
                for (std::size_t t = 0; t < trials; ++t) {
                    candidateSq[t * n + i] = all[t];
                    sums[t] += toOwner[t] >= limit ? nearestSq[i] : std::min(all[t], nearestSq[i]);
                }
            }
            for (std::size_t t = 0; t < trials; ++t)
                potentials[t * chunks + c] = unchanged + sums[t];
        });
        std::size_t best = 0;
        double bestPotential = 0;
        for (std::size_t t = 0; t < trials; ++t) {
            double p = 0;
            for (std::size_t c = 0; c < chunks; ++c) p += potentials[t * chunks + c];
            if (t == 0 || p < bestPotential) best = t, bestPotential = p;
        }
        setCentre(j, candidates[best]);
        const float* sq = candidateSq.data() + best * n;
        forChunks(n, {progress.progress, part.base, 0},
                  [&](std::size_t c, std::size_t begin, std::size_t end) {
                      double sum = 0;
                      for (std::size_t i = begin; i < end; ++i) {
                          // The same test as above: sq[i] was only measured where it can win.
                          const float toOwner = toCentres[std::size_t(owner[i]) * trials8 + best];
                          if (toOwner < 2 * nearest[i] && sq[i] < nearestSq[i]) {
                              nearestSq[i] = sq[i];
                              nearest[i] = std::sqrt(sq[i]);
                              owner[i] = static_cast<std::uint32_t>(j);
                          }
                          sum += nearestSq[i];
                      }
                      chunkSums[c] = sum;
                  });
    }
    return centres;
}

}  // namespace embedscope::detail
