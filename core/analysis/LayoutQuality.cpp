#include "LayoutQuality.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

#include "../Error.h"
#include "../neighbours/Candidates.h"
#include "../neighbours/KnnDetail.h"
#include "KdTree.h"

namespace embedscope {

namespace {

using Pairs = std::vector<std::pair<double, std::uint32_t>>;

void checkLayout(const RowMatrixXf& layout, std::size_t rows) {
    if (static_cast<std::size_t>(layout.rows()) != rows)
        throw Error("the layout has " + std::to_string(layout.rows()) +
                    " points but the embedding has " + std::to_string(rows) + " rows");
    for (Eigen::Index i = 0; i < layout.rows(); ++i)
        if (!layout.row(i).allFinite())
            throw Error("layout point " + std::to_string(i + 1) + " has a non-finite coordinate");
}

void checkRow(std::size_t row, std::size_t rows) {
    if (row >= rows)
        throw Error("row " + std::to_string(row + 1) + " does not exist (" + std::to_string(rows) +
                    " rows)");
}

/// Rows of `a` missing from `b`, in a's order.
std::vector<std::size_t> missing(const std::uint32_t* a, const std::uint32_t* b, std::size_t k) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < k; ++i)
        if (std::find(b, b + k, a[i]) == b + k) out.push_back(a[i]);
    return out;
}

NeighbourDifferences differences(const std::uint32_t* original, const std::uint32_t* layout,
                                 std::size_t k) {
    return {missing(layout, original, k), missing(original, layout, k)};
}

std::vector<std::uint32_t> rowsOf(const Pairs& pairs) {
    std::vector<std::uint32_t> rows(pairs.size());
    for (std::size_t i = 0; i < pairs.size(); ++i) rows[i] = pairs[i].second;
    return rows;
}

/// One sampled point's tallies while the original rows stream past (measureLayout). Its true
/// k nearest are among the rows whose approximate key is within the k-th smallest plus twice the
/// error bound. For the original rank of a layout neighbour u, the rows whose approximate key
/// is below u's by more than twice the bound are surely nearer and only counted; the few inside
/// that band around u's are kept and measured exactly at the end.
class SampleTally {
public:
    SampleTally(const detail::ExactScan& exact, std::uint32_t self, const std::uint32_t* near,
                std::size_t k, double err)
        : m_self(self), m_k(k), m_margin(2 * err) {
        m_nearest.reset(std::max<std::size_t>(256, 4 * k));
        for (std::size_t j = 0; j < k; ++j) {
            Neighbour& u = m_layout.emplace_back();
            u.row = near[j];
            u.key = exact.keys().key(self, u.row);
            const double at = exact.approxOf(u.key);
            u.below = at - m_margin;
            u.above = at + m_margin;
        }
    }

    void add(std::uint32_t first, const float* approx, std::size_t count) {
        detail::keepWithin(approx, count, first, m_nearest, m_k, m_margin);
        for (Neighbour& u : m_layout) {
            // Both counts vectorise; the band is searched only in the rare chunk that has rows
            // in it. approx holds +inf for self, which is never counted.
            std::size_t below = 0, upToAbove = 0;
            for (std::size_t j = 0; j < count; ++j) {
                below += double(approx[j]) < u.below;
                upToAbove += double(approx[j]) <= u.above;
            }
            u.before += below;
            if (upToAbove == below) continue;
            for (std::size_t j = 0; j < count; ++j) {
                const std::uint32_t l = first + std::uint32_t(j);
                if (double(approx[j]) >= u.below && double(approx[j]) <= u.above && l != m_self &&
                    l != u.row)
                    u.band.push_back(l);
            }
        }
    }

    /// Adds the point's hits (layout neighbours among its k nearest) and its penalty (rank − k
    /// summed over the others).
    void finish(const detail::RowKeys& keys, std::size_t& hits, double& penalty) {
        m_nearest.prune(m_k, m_margin);
        Pairs exact;
        keys.nearestOf(m_self, m_nearest.kept, m_k, exact);
        for (const Neighbour& u : m_layout) {
            if (std::any_of(exact.begin(), exact.end(), [&](const auto& e) { return e.second == u.row; })) {
                ++hits;
                continue;
            }
            // r(i, u) − 1 = the rows before u in (distance, row) order.
            std::size_t before = u.before;
            for (std::uint32_t l : u.band) {
                const double other = keys.key(m_self, l);
                before += other < u.key || (other == u.key && l < u.row);
            }
            penalty += double(before + 1 - m_k);  // u is not among the k nearest: rank > k
        }
    }

private:
    struct Neighbour {
        std::uint32_t row = 0;
        double key = 0, below = 0, above = 0;
        std::size_t before = 0;
        std::vector<std::uint32_t> band;
    };
    std::uint32_t m_self;
    std::size_t m_k;
    double m_margin;
    detail::QueryCandidates m_nearest;
    std::vector<Neighbour> m_layout;
};

}  // namespace

KnnGraph buildLayoutKnnGraph(const RowMatrixXf& layout, std::size_t k, Progress& progress) {
    const std::size_t n = static_cast<std::size_t>(layout.rows());
    if (k > 0 && k >= n)
        throw Error("k (= " + std::to_string(k) + ") must be smaller than the number of points (" +
                    std::to_string(n) + ")");
    checkLayout(layout, n);
    KnnGraph graph;
    graph.rows = n;
    graph.k = k;
    graph.indices.resize(n * k);
    graph.distances.resize(n * k);
    progress.setStage("layout neighbours");
    if (k == 0) return graph;
    const detail::KdTree tree(layout.data(), n, static_cast<std::size_t>(layout.cols()), &progress);
    detail::parallelChunks(0, n, 0, progress, [&](std::size_t i, float*) {
        thread_local Pairs found;
        tree.nearest(i, k, found);
        for (std::size_t j = 0; j < k; ++j) {
            graph.indices[i * k + j] = found[j].second;
            graph.distances[i * k + j] = static_cast<float>(std::sqrt(found[j].first));
        }
    });
    return graph;
}

LayoutQuality measureLayout(const Embedding& original, const RowMatrixXf& layout,
                            const QualityOptions& options, Progress& progress) {
    const std::size_t n = original.rows(), k = options.k;
    checkLayout(layout, n);
    if (k < 1) throw Error("k must be at least 1");
    // scikit-learn's bound: beyond it 2N − 3k − 1 may vanish and the normalisation breaks down.
    if (2 * k >= n)
        throw Error("k (= " + std::to_string(k) +
                    ") must be smaller than half the number of points (" + std::to_string(n) + ")");
    detail::validateRows(original.data(), n, original.dims(), options.metric);

    const std::vector<std::uint32_t> sample =
        detail::sampleRows(n, options.sample == 0 ? n : options.sample, options.seed);
    const std::size_t s = sample.size();

    // The layout neighbours U_k(i) of the sampled points.
    progress.setStage("layout neighbours");
    const detail::KdTree tree(layout.data(), n, static_cast<std::size_t>(layout.cols()), &progress);
    std::vector<std::uint32_t> near(s * k);
    detail::parallelChunks(0, s, 0, progress, [&](std::size_t i, float*) {
        thread_local Pairs found;
        tree.nearest(sample[i], k, found);
        for (std::size_t j = 0; j < k; ++j) near[i * k + j] = found[j].second;
    });

    // One pass over the original distances of each sampled point, streamed: its exact k nearest
    // (for the recall) and the original ranks of its layout neighbours (for the trustworthiness).
    progress.setStage("trustworthiness");
    const detail::ExactScan exact(original.data(), n, original.dims(), options.metric, &progress);
    std::vector<std::unique_ptr<SampleTally>> tallies(s);
    std::vector<double> penalty(s, 0.0);
    std::vector<std::size_t> hits(s, 0);
    exact.scan(
        sample, progress,
        [&](std::size_t i, std::uint32_t first, const float* approx, std::size_t count, double err) {
            if (!tallies[i])
                tallies[i] = std::make_unique<SampleTally>(exact, sample[i], &near[i * k], k, err);
            tallies[i]->add(first, approx, count);
        },
        [&](std::size_t i) {
            tallies[i]->finish(exact.keys(), hits[i], penalty[i]);
            tallies[i].reset();
        });

    double totalPenalty = 0, totalHits = 0;
    for (std::size_t i = 0; i < s; ++i) {
        totalPenalty += penalty[i];
        totalHits += double(hits[i]);
    }
    LayoutQuality q;
    q.k = k;
    q.sampleSize = s;
    const double dk = double(k), dn = double(n);
    q.trustworthiness = 1.0 - totalPenalty * (2.0 / (double(s) * dk * (2.0 * dn - 3.0 * dk - 1.0)));
    q.knnRecall = totalHits / (double(s) * dk);
    progress.step(1.0);
    return q;
}

std::vector<float> faithfulness(const KnnGraph& original, const KnnGraph& layout) {
    if (original.rows != layout.rows)
        throw Error("the layout graph has " + std::to_string(layout.rows) +
                    " points but the original graph " + std::to_string(original.rows));
    const std::size_t k = std::min(original.k, layout.k);
    std::vector<float> share(original.rows, 1.0f);
    if (k == 0) return share;
#pragma omp parallel for schedule(static)
    for (std::ptrdiff_t i = 0; i < static_cast<std::ptrdiff_t>(original.rows); ++i) {
        const std::uint32_t* o = original.indices.data() + std::size_t(i) * original.k;
        const std::uint32_t* l = layout.indices.data() + std::size_t(i) * layout.k;
        std::size_t kept = 0;
        for (std::size_t j = 0; j < k; ++j) kept += std::find(l, l + k, o[j]) != l + k;
        share[i] = static_cast<float>(double(kept) / double(k));
    }
    return share;
}

std::vector<float> faithfulness(const Embedding& original, const RowMatrixXf& layout, std::size_t k,
                                Metric metric, Progress& progress) {
    checkLayout(layout, original.rows());
    KnnOptions options;
    options.k = k;
    options.metric = metric;
    const KnnGraph o = buildKnnGraph(original, options, progress);
    const KnnGraph l = buildLayoutKnnGraph(layout, k, progress);
    return faithfulness(o, l);
}

NeighbourDifferences neighbourDifferences(const KnnGraph& original, const KnnGraph& layout,
                                          std::size_t row) {
    if (original.rows != layout.rows)
        throw Error("the layout graph has " + std::to_string(layout.rows) +
                    " points but the original graph " + std::to_string(original.rows));
    checkRow(row, original.rows);
    const std::size_t k = std::min(original.k, layout.k);
    return differences(original.indices.data() + row * original.k,
                       layout.indices.data() + row * layout.k, k);
}

NeighbourDifferences neighbourDifferences(const Embedding& original, const RowMatrixXf& layout,
                                          std::size_t row, std::size_t k, Metric metric) {
    const std::size_t n = original.rows();
    checkLayout(layout, n);
    checkRow(row, n);
    if (k >= n)
        throw Error("k (= " + std::to_string(k) + ") must be smaller than the number of rows (" +
                    std::to_string(n) + ")");
    detail::validateRows(original.data(), n, original.dims(), metric);
    const detail::RowKeys keys(original.data(), n, original.dims(), metric);
    const std::size_t dims = static_cast<std::size_t>(layout.cols());
    Pairs o(n), l(n);
#pragma omp parallel for schedule(static)
    for (std::ptrdiff_t j = 0; j < static_cast<std::ptrdiff_t>(n); ++j) {
        const auto r = static_cast<std::uint32_t>(j);
        o[j] = {keys.key(row, r), r};
        l[j] = {detail::squaredDistance(layout.data() + row * dims, layout.data() + r * dims, dims),
                r};
    }
    o.erase(o.begin() + static_cast<std::ptrdiff_t>(row));
    l.erase(l.begin() + static_cast<std::ptrdiff_t>(row));
    detail::RowKeys::keepNearest(o, k);
    detail::RowKeys::keepNearest(l, k);
    return differences(rowsOf(o).data(), rowsOf(l).data(), k);
}

}  // namespace embedscope
