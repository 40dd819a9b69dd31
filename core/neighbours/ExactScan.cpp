#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>

#include "KnnDetail.h"

namespace embedscope::detail {

using Eigen::Index;

ExactScan::ExactScan(const float* data, std::size_t rows, std::size_t dims, Metric metric,
                     const Progress* progress)
    : m_keys(data, rows, dims, metric), m_working(m_keys, progress) {
    // The error bound needs the largest working norm: the rows are made once here, and dropped.
    std::atomic<bool> stop{false};
    double largest = 0;
#pragma omp parallel reduction(max : largest)
    {
        std::vector<float> w(dims);
#pragma omp for schedule(static)
        for (std::size_t i = 0; i < rows; ++i) {
            if (stop.load(std::memory_order_relaxed)) continue;
            if (i % 16384 == 0 && progress && progress->isCancelled()) stop = true;
            m_working.make(i, w.data());
            largest = std::max(largest, dotDouble(w.data(), w.data(), dims));
        }
    }
    if (progress) progress->check();
    m_maxWorkNorm = std::sqrt(largest);
}

void ExactScan::scan(std::span<const std::uint32_t> queries, Progress& progress,
                     const Visitor& visit, const std::function<void(std::size_t)>& done) const {
    if (queries.empty()) return;
    const std::size_t n = m_keys.rows(), dims = m_keys.dims();
    const bool euclidean = m_keys.metric() == Metric::Euclidean;
    // Each block of queries streams the whole matrix once: blocks as large as 64 rows keep the
    // passes few and the GEMM efficient, and there are enough of them to share among threads.
    const std::size_t threads = std::size_t(omp_get_max_threads());
    const std::size_t block =
        std::clamp<std::size_t>((queries.size() + 2 * threads - 1) / (2 * threads), 1, 64);
    const std::size_t blocks = (queries.size() + block - 1) / block;
    const std::size_t chunk = std::max<std::size_t>(chunkRows, 1);
    std::atomic<bool> stop{false};
    std::atomic<std::size_t> finished{0};
#pragma omp parallel
    {
        RowMatrixXf q{Index(block), Index(dims)}, w{Index(chunk), Index(dims)};
        RowMatrixXf dots{Index(block), Index(chunk)};
        std::vector<float> rowSq(chunk), selfSq(block), keys(chunk);
        std::vector<double> err(block);
#pragma omp for schedule(dynamic, 1)
        for (std::size_t b = 0; b < blocks; ++b) {
            if (stop.load(std::memory_order_relaxed)) continue;
            const std::size_t first = b * block, count = std::min(block, queries.size() - first);
            for (std::size_t r = 0; r < count; ++r) {
                float* row = q.data() + r * dims;
                m_working.make(queries[first + r], row);
                const double sq = dotDouble(row, row, dims);
                selfSq[r] = static_cast<float>(sq);
                err[r] = m_working.errorBound(std::sqrt(sq), m_maxWorkNorm);
            }
            for (std::size_t from = 0; from < n && !stop.load(std::memory_order_relaxed);
                 from += chunk) {
                const std::size_t rows = std::min(chunk, n - from);
                for (std::size_t j = 0; j < rows; ++j) {
                    float* row = w.data() + j * dims;
                    m_working.make(from + j, row);
                    if (euclidean) rowSq[j] = static_cast<float>(dotDouble(row, row, dims));
                }
                // Inside the parallel region Eigen runs the product on this thread alone.
                dots.topLeftCorner(Index(count), Index(rows)).noalias() =
                    q.topRows(Index(count)) * w.topRows(Index(rows)).transpose();
                for (std::size_t r = 0; r < count; ++r) {
                    const float* dot = dots.data() + r * chunk;
                    if (euclidean)
                        for (std::size_t j = 0; j < rows; ++j)
                            keys[j] = selfSq[r] + rowSq[j] - 2 * dot[j];
                    else
                        for (std::size_t j = 0; j < rows; ++j) keys[j] = -dot[j];
                    const std::uint32_t self = queries[first + r];
                    if (self >= from && self < from + rows)
                        keys[self - from] = std::numeric_limits<float>::infinity();
                    visit(first + r, std::uint32_t(from), keys.data(), rows, err[r]);
                }
                if (progress.isCancelled()) stop = true;
            }
            if (stop.load(std::memory_order_relaxed)) continue;
            for (std::size_t r = 0; r < count; ++r) done(first + r);
            reportBlockDone(progress, stop, ++finished, blocks);
        }
    }
    progress.check();
}

void ExactScan::nearest(std::span<const std::uint32_t> queries, std::size_t k,
                        std::uint32_t* indices, float* distances, Progress& progress) const {
    if (k == 0) return;
    std::vector<QueryCandidates> candidates(queries.size());
    std::vector<double> margin(queries.size());
    for (QueryCandidates& c : candidates) c.reset(std::max<std::size_t>(256, 4 * k));
    scan(
        queries, progress,
        [&](std::size_t i, std::uint32_t first, const float* approx, std::size_t count, double err) {
            margin[i] = 2 * err;
            keepWithin(approx, count, first, candidates[i], k, margin[i]);
        },
        [&](std::size_t i) {
            QueryCandidates& c = candidates[i];
            if (c.kept.size() > k) c.prune(k, margin[i]);
            std::vector<std::pair<double, std::uint32_t>> exact;
            m_keys.nearestOf(queries[i], c.kept, k, exact);
            for (std::size_t j = 0; j < k; ++j) {
                indices[i * k + j] = exact[j].second;
                distances[i * k + j] = m_keys.distanceOf(exact[j].first);
            }
            std::vector<Candidate>().swap(c.kept);
        });
}

}  // namespace embedscope::detail
