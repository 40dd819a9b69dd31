#include "LayoutQuality.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "../Error.h"
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

    // One pass over the original distances of each sampled point: its exact k nearest (for the
    // recall) and the original ranks of its layout neighbours (for the trustworthiness).
    progress.setStage("trustworthiness");
    const detail::ExactKnn exact(original.data(), n, original.dims(), options.metric, &progress);
    const detail::RowKeys& keys = exact.keys();
    std::vector<double> penalty(s, 0.0);
    std::vector<std::size_t> hits(s, 0);
    exact.scan(sample, progress, [&](std::size_t i, const float* approx, double err) {
        const std::uint32_t self = sample[i];
        thread_local std::vector<std::uint32_t> nearest;
        thread_local std::vector<float> distances;
        nearest.resize(k);
        distances.resize(k);
        exact.nearest(self, approx, err, k, nearest.data(), distances.data());
        for (std::size_t j = 0; j < k; ++j) {
            const std::uint32_t u = near[i * k + j];
            if (std::find(nearest.begin(), nearest.end(), u) != nearest.end()) {
                ++hits[i];
                continue;
            }
            // r(i, u) − 1 = the rows before u in (distance, row) order. approx is within err of
            // each row's true key (in approxOf's scale), so only rows inside the 2·err band around
            // u's key need their distance measured exactly.
            const double key = keys.key(self, u);
            const double at = exact.approxOf(key);
            const double below = at - 2 * err, above = at + 2 * err;
            std::size_t before = 0;
            for (std::size_t l = 0; l < n; ++l) {
                const double a = approx[l];  // +inf for self: never counted
                if (a < below)
                    ++before;
                else if (a <= above && l != self && l != u) {
                    const double other = keys.key(self, l);
                    before += other < key || (other == key && l < u);
                }
            }
            penalty[i] += double(before + 1 - k);  // u is not among the k nearest: rank > k
        }
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
