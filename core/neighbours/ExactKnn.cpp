#include "Omp.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>

#include "../analysis/KdTree.h"
#include "Candidates.h"
#include "KnnDetail.h"
#include "RowTiles.h"

namespace embedscope::detail {

namespace {

using Eigen::Index;

double squaredDistanceDouble(const float* a, const float* b, std::size_t n) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    std::size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        const double d0 = double(a[i]) - b[i], d1 = double(a[i + 1]) - b[i + 1];
        const double d2 = double(a[i + 2]) - b[i + 2], d3 = double(a[i + 3]) - b[i + 3];
        s0 += d0 * d0;
        s1 += d1 * d1;
        s2 += d2 * d2;
        s3 += d3 * d3;
    }
    for (; i < n; ++i) {
        const double d = double(a[i]) - b[i];
        s0 += d * d;
    }
    return (s0 + s1) + (s2 + s3);
}

}  // namespace

double dotDouble(const float* a, const float* b, std::size_t n) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    std::size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        s0 += double(a[i]) * b[i];
        s1 += double(a[i + 1]) * b[i + 1];
        s2 += double(a[i + 2]) * b[i + 2];
        s3 += double(a[i + 3]) * b[i + 3];
    }
    for (; i < n; ++i) s0 += double(a[i]) * b[i];
    return (s0 + s1) + (s2 + s3);
}

RowKeys::RowKeys(const float* data, std::size_t rows, std::size_t dims, Metric metric)
    : m_data(data), m_rows(rows), m_dims(dims), m_metric(metric), m_norm(rows) {
#pragma omp parallel for schedule(static)
    for (std::ptrdiff_t i = 0; i < static_cast<std::ptrdiff_t>(rows); ++i)
        m_norm[i] = std::sqrt(dotDouble(data + i * dims, data + i * dims, dims));
}

double RowKeys::key(std::size_t a, std::size_t b) const {
    const float* x = m_data + a * m_dims;
    const float* y = m_data + b * m_dims;
    switch (m_metric) {
        case Metric::Euclidean:
            return squaredDistanceDouble(x, y, m_dims);
        case Metric::Cosine:
            return 1.0 - dotDouble(x, y, m_dims) / (m_norm[a] * m_norm[b]);
        case Metric::Dot:
            break;
    }
    return -dotDouble(x, y, m_dims);
}

float RowKeys::distanceOf(double key) const {
    if (m_metric == Metric::Euclidean) return static_cast<float>(std::sqrt(key));
    if (m_metric == Metric::Cosine) return static_cast<float>(std::max(0.0, key));
    constexpr double big = std::numeric_limits<float>::max();
    return static_cast<float>(std::clamp(key, -big, big));
}

void RowKeys::nearestOf(std::uint32_t self, std::span<const Candidate> candidates, std::size_t k,
                        std::vector<std::pair<double, std::uint32_t>>& out) const {
    out.clear();
    for (const Candidate& c : candidates)
        if (c.row != self) out.emplace_back(key(self, c.row), c.row);
    keepNearest(out, k);
}

void RowKeys::keepNearest(std::vector<std::pair<double, std::uint32_t>>& pairs, std::size_t k) {
    k = std::min(k, pairs.size());
    std::partial_sort(pairs.begin(), pairs.begin() + static_cast<std::ptrdiff_t>(k), pairs.end());
    pairs.resize(k);
}

ExactKnn::ExactKnn(const float* data, std::size_t rows, std::size_t dims, Metric metric,
                   const Progress* progress)
    : m_keys(data, rows, dims, metric),
      m_working(m_keys, progress),
      m_rows(rows),
      m_dims(dims),
      m_metric(metric),
      m_gamma(m_working.gamma()) {
    // Each of the passes below takes a fraction of a second at a million rows in 300-D, and
    // many times that in a background job on a busy machine: they look for a cancel as they go.
    const auto check = [progress] {
        if (progress) progress->check();
    };
    const auto stopped = [progress] { return progress && progress->isCancelled(); };
    check();
    const Index n = static_cast<Index>(rows), d = static_cast<Index>(dims);
    m_work.resize(n, d);
#pragma omp parallel for schedule(static)
    for (Index i = 0; i < n; ++i) {
        if (stopped()) continue;  // no exception may leave the parallel loop
        m_working.make(std::size_t(i), m_work.data() + std::size_t(i) * dims);
    }
    check();
    // The working rows are kept tile by tile (see RowTiles): m_position maps a row to its place.
    m_tiles = tileRows(m_work.data(), rows, dims, kTileRows, progress);
    permuteRows(m_work, m_tiles.order);
    check();
    m_position.resize(rows);
    for (std::size_t p = 0; p < rows; ++p) m_position[m_tiles.order[p]] = std::uint32_t(p);
    m_workNorm.resize(rows);
    m_workSqNorm.resize(rows);
    for (std::size_t i = 0; i < rows; ++i) {
        const float* w = m_work.data() + i * dims;
        const double sq = dotDouble(w, w, dims);
        m_workSqNorm[i] = static_cast<float>(sq);
        m_workNorm[i] = std::sqrt(sq);
        m_maxWorkNorm = std::max(m_maxWorkNorm, m_workNorm[i]);
    }
    const std::size_t tiles = m_tiles.tiles();
    m_centroids.setZero(Index(tiles), d);
    m_radius.assign(tiles, 0.0);
    m_centroidNorm.assign(tiles, 0.0);
#pragma omp parallel for schedule(static)
    for (std::size_t t = 0; t < tiles; ++t) {
        const std::size_t b = m_tiles.begin[t], e = m_tiles.begin[t + 1];
        Eigen::RowVectorXd sum = Eigen::RowVectorXd::Zero(d);
        for (std::size_t p = b; p < e; ++p) sum += m_work.row(Index(p)).cast<double>();
        m_centroids.row(Index(t)) = (sum / double(e - b)).cast<float>();
        const float* c = m_centroids.data() + t * dims;
        double radiusSq = 0;
        for (std::size_t p = b; p < e; ++p)
            radiusSq = std::max(radiusSq, squaredDistance(m_work.data() + p * dims, c, dims));
        // Widened far beyond double's rounding of these sums: the bound must hold.
        m_radius[t] = std::sqrt(radiusSq) * (1 + 1e-9) + 1e-30;
        m_centroidNorm[t] = std::sqrt(dotDouble(c, c, dims));
    }
}

namespace {

void prefetchRow(const float* row, std::size_t dims) {
    for (std::size_t j = 0; j < dims; j += 16) __builtin_prefetch(row + j);
}

/// Appends the rows of one tile row whose key is within the query's limit. The keys are made in
/// place from the dot products: ‖r‖² − 2·q·r (euclidean; ‖q‖² would shift every key alike) or
/// −q·r.
void collect(float* dots, const float* sqNorm, std::size_t count, std::uint32_t first,
             QueryCandidates& q, std::size_t k, double margin) {
    Eigen::Map<Eigen::ArrayXf> keys(dots, Index(count));
    if (sqNorm)
        keys = Eigen::Map<const Eigen::ArrayXf>(sqNorm, Index(count)) - 2 * keys;
    else
        keys = -keys;
    keepWithin(dots, count, first, q, k, margin);
}

}  // namespace

double ExactKnn::tileShare(std::size_t k, std::size_t sampleTiles, Progress& progress) const {
    const std::size_t tiles = m_tiles.tiles();
    if (tiles == 0 || k == 0) return 1.0;
    sampleTiles = std::min(sampleTiles, tiles);
    std::vector<std::uint32_t> rows;
    for (std::size_t s = 0; s < sampleTiles; ++s) {
        const std::size_t t = s * tiles / sampleTiles;
        for (std::size_t p = m_tiles.begin[t]; p < m_tiles.begin[t + 1]; ++p)
            rows.push_back(m_tiles.order[p]);
    }
    std::vector<std::uint32_t> indices(rows.size() * k);
    std::vector<float> distances(rows.size() * k);
    std::atomic<std::size_t> computed{0};
    search(rows, k, indices.data(), distances.data(), progress, &computed);
    return double(computed) / double(sampleTiles * tiles);
}

void ExactKnn::search(std::span<const std::uint32_t> queries, std::size_t k, std::uint32_t* indices,
                      float* distances, Progress& progress,
                      std::atomic<std::size_t>* computed) const {
    if (k == 0 || queries.empty()) return;
    // Queries in tile order, cut into blocks: for all rows a block is one tile, whose rows lie
    // close together. Each block meets the tiles nearest it first (its own first), and skips a
    // tile when no row of it can come within any of the block's limits.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> sorted(queries.size());  // position, i
    for (std::size_t i = 0; i < queries.size(); ++i)
        sorted[i] = {m_position[queries[i]], std::uint32_t(i)};
    std::sort(sorted.begin(), sorted.end());
    std::vector<std::size_t> blockStart{0};
    for (std::size_t i = 1, tile = 0; i < sorted.size(); ++i) {
        const std::size_t size = i - blockStart.back();
        while (m_tiles.begin[tile + 1] <= sorted[i].first) ++tile;
        const bool tileStarts = m_tiles.begin[tile] > sorted[i - 1].first;
        if (size == kTileRows || (tileStarts && size >= kTileRows / 2)) blockStart.push_back(i);
    }
    const std::size_t blocks = blockStart.size();
    blockStart.push_back(sorted.size());

    const std::size_t tiles = m_tiles.tiles();
    const std::size_t firstPrune = std::max<std::size_t>(256, 4 * k);
    const bool euclidean = m_metric == Metric::Euclidean;
    std::atomic<bool> stop{false};
    std::atomic<std::size_t> done{0};
#pragma omp parallel
    {
        RowMatrixXf q{Index(kTileRows), Index(m_dims)};
        RowMatrixXf dots{Index(kTileRows), Index(kTileRows)};
        RowMatrixXf bounds{Index(tiles), Index(kTileRows)};  // tile × query, see tileBounds
        std::vector<std::pair<float, std::uint32_t>> tileOrder(tiles);
        std::vector<QueryCandidates> found(kTileRows);
        std::vector<double> margin(kTileRows);
        std::vector<float> slack(kTileRows), threshold(kTileRows), shift(kTileRows);
        std::vector<std::pair<double, std::uint32_t>> exactKeys;
#pragma omp for schedule(dynamic, 1)
        for (std::size_t b = 0; b < blocks; ++b) {
            if (stop.load(std::memory_order_relaxed)) continue;
            const std::size_t first = blockStart[b], count = blockStart[b + 1] - first;
            const Index c = Index(count);
            for (std::size_t r = 0; r < count; ++r) {
                const std::uint32_t at = sorted[first + r].first;
                q.row(Index(r)) = m_work.row(at);
                found[r].reset(firstPrune);
                margin[r] = 2 * errorBound(at);
                shift[r] = euclidean ? m_workSqNorm[at] : 0.0f;
            }
            tileBounds(q.topRows(c), sorted.data() + first, bounds, slack);
            for (std::size_t t = 0; t < tiles; ++t) {
                // Nearest first (by the bound on the distance itself): the limits tighten
                // early, and the far tiles are skipped.
                const float* bound = bounds.data() + t * kTileRows;
                float nearest = std::numeric_limits<float>::infinity();
                for (std::size_t r = 0; r < count; ++r)
                    nearest = std::min(nearest, bound[r] + shift[r]);
                tileOrder[t] = {nearest, std::uint32_t(t)};
            }
            for (std::size_t r = 0; r < count; ++r) threshold[r] = found[r].limit + slack[r];
            std::sort(tileOrder.begin(), tileOrder.end());
            for (const auto& [unused, t] : tileOrder) {
                const float* bound = bounds.data() + std::size_t(t) * kTileRows;
                int needed = 0;
                for (std::size_t r = 0; r < count; ++r) needed |= bound[r] <= threshold[r];
                if (!needed) continue;
                if (computed) ++*computed;
                const std::size_t from = m_tiles.begin[t], tn = m_tiles.begin[t + 1] - from;
                const Index tc = Index(tn);
                // Inside the parallel region Eigen runs the product on this thread alone.
                dots.topLeftCorner(c, tc).noalias() =
                    q.topRows(c) * m_work.middleRows(Index(from), tc).transpose();
                for (std::size_t r = 0; r < count; ++r) {
                    if (bound[r] > threshold[r]) continue;
                    float* keys = dots.data() + r * kTileRows;
                    const std::size_t self = sorted[first + r].first;
                    if (self >= from && self < from + tn)  // its key becomes +inf
                        keys[self - from] = -std::numeric_limits<float>::infinity();
                    collect(keys, euclidean ? m_workSqNorm.data() + from : nullptr, tn,
                            std::uint32_t(from), found[r], k, margin[r]);
                    threshold[r] = found[r].limit + slack[r];
                }
            }
            for (std::size_t r = 0; r < count; ++r) {
                const std::uint32_t self = m_tiles.order[sorted[first + r].first];
                QueryCandidates& f = found[r];
                f.prune(k, margin[r]);
                // The candidates' original rows lie anywhere in memory: fetch them all at once.
                for (Candidate& cand : f.kept) {
                    cand.row = m_tiles.order[cand.row];
                    prefetchRow(m_keys.data() + std::size_t(cand.row) * m_dims, m_dims);
                }
                m_keys.nearestOf(self, f.kept, k, exactKeys);
                const std::size_t at = std::size_t(sorted[first + r].second) * k;
                for (std::size_t i = 0; i < k; ++i) {
                    indices[at + i] = exactKeys[i].second;
                    distances[at + i] = m_keys.distanceOf(exactKeys[i].first);
                }
            }
            reportBlockDone(progress, stop, ++done, blocks);
        }
    }
    progress.check();
}

void ExactKnn::tileBounds(const Eigen::Ref<const RowMatrixXf>& q,
                          const std::pair<std::uint32_t, std::uint32_t>* at,
                          RowMatrixXf& bounds, std::vector<float>& slack) const {
    const Index count = q.rows(), tiles = Index(m_tiles.tiles());
    bounds.leftCols(count).noalias() = m_centroids * q.transpose();
    const bool euclidean = m_metric == Metric::Euclidean;
    for (Index r = 0; r < count; ++r) {
        const double qn = m_workNorm[at[r].first];
        // A tile is needed while its bound is within the limit plus the keys' own error, and
        // the float bound's rounding.
        slack[r] = static_cast<float>(errorBound(at[r].first) +
                                      1e-6 * (qn + m_maxWorkNorm) * (qn + m_maxWorkNorm));
    }
    for (Index t = 0; t < tiles; ++t) {
        const double cn = m_centroidNorm[t], radius = m_radius[t];
        float* row = bounds.data() + t * bounds.cols();
        for (Index r = 0; r < count; ++r) {
            const double qn = m_workNorm[at[r].first];
            // The product's rounding error, as errorBound's, with the centroid as the other row.
            const double dotErr = m_gamma * qn * cn + 0x1p-120 * (qn + cn + 1);
            double lower;
            if (euclidean) {
                // Every row of the tile lies at least ‖q − c‖ − radius from q.
                const double sq = qn * qn + cn * cn - 2 * double(row[r]) - 2 * dotErr -
                                  m_gamma * (qn + cn) * (qn + cn);
                const double gap = std::max(0.0, std::sqrt(std::max(0.0, sq)) - radius);
                lower = gap * gap - qn * qn;  // a key without ‖q‖², as collect's
            } else {
                lower = -double(row[r]) - dotErr - qn * radius;  // −q·x ≥ −q·c − ‖q‖·radius
            }
            row[r] = static_cast<float>(lower);
        }
    }
}

double ExactKnn::errorBound(std::uint32_t at) const {
    return m_working.errorBound(m_workNorm[at], m_maxWorkNorm);
}

}  // namespace embedscope::detail
