#include "Omp.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>

#include "KnnDetail.h"

namespace embedscope::detail {

namespace {

using Eigen::Index;
constexpr double kUnitRoundoff = 0x1p-24;  // float's unit roundoff u

/// A power of two that brings the largest magnitude to [0.5, 1): scaling by it is exact, and the
/// GEMM's squares and sums of up to ~10⁶ dimensions stay far from float's overflow.
double powerOfTwoScale(double maxAbs) {
    if (!(maxAbs > 0) || !std::isfinite(maxAbs)) return 1.0;
    int exponent = 0;
    std::frexp(maxAbs, &exponent);
    return std::ldexp(1.0, -exponent);
}

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

/// Query rows per GEMM block: the block × N result stays near 16 MB per thread, and there are
/// enough blocks to keep every thread busy.
std::size_t blockRows(std::size_t rows, std::size_t queries) {
    const std::size_t byMemory =
        std::clamp<std::size_t>((std::size_t(1) << 22) / std::max<std::size_t>(rows, 1), 8, 1024);
    const std::size_t threads = static_cast<std::size_t>(omp_get_max_threads());
    const std::size_t byBalance =
        std::max<std::size_t>(8, (queries + 4 * threads - 1) / (4 * threads));
    return std::min(byMemory, byBalance);
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

void RowKeys::keepNearest(std::vector<std::pair<double, std::uint32_t>>& pairs, std::size_t k) {
    k = std::min(k, pairs.size());
    std::partial_sort(pairs.begin(), pairs.begin() + static_cast<std::ptrdiff_t>(k), pairs.end());
    pairs.resize(k);
}

ExactKnn::ExactKnn(const float* data, std::size_t rows, std::size_t dims, Metric metric)
    : m_keys(data, rows, dims, metric), m_rows(rows), m_dims(dims), m_metric(metric) {
    const Index n = static_cast<Index>(rows), d = static_cast<Index>(dims);
    const Eigen::Map<const RowMatrixXf> raw(data, n, d);
    m_work.resize(n, d);

    Eigen::RowVectorXd centre = Eigen::RowVectorXd::Zero(d);
    if (metric == Metric::Euclidean && n > 0) {
        // Distances do not change under translation, but the GEMM's cancellation error grows with
        // the norms: centring keeps the candidate band narrow for data far from the origin.
        for (Index i = 0; i < n; ++i) centre += raw.row(i).cast<double>();
        centre /= double(n);
    }
    double maxAbs = 0;
    if (metric != Metric::Cosine)
        for (Index i = 0; i < n; ++i)
            maxAbs = std::max(maxAbs, (raw.row(i).cast<double>() - centre).cwiseAbs().maxCoeff());
    const double scale = m_scale = powerOfTwoScale(maxAbs);
#pragma omp parallel for schedule(static)
    for (Index i = 0; i < n; ++i) {
        const double s =
            metric == Metric::Cosine ? (m_keys.norm(i) > 0 ? 1.0 / m_keys.norm(i) : 0.0) : scale;
        m_work.row(i) = ((raw.row(i).cast<double>() - centre) * s).cast<float>();
    }
    m_workNorm.resize(rows);
    m_workSqNorm.resize(rows);
    for (std::size_t i = 0; i < rows; ++i) {
        const float* w = m_work.data() + i * dims;
        const double sq = dotDouble(w, w, dims);
        m_workSqNorm[i] = static_cast<float>(sq);
        m_workNorm[i] = std::sqrt(sq);
        m_maxWorkNorm = std::max(m_maxWorkNorm, m_workNorm[i]);
    }
    // Higham's γ_D = D·u / (1 − D·u) bounds |fl(a·b) − a·b| / (|a|·|b|) for any summation order
    // (blocked, FMA); a few more u cover the norms, the scaling and the normalisation.
    const double du = double(dims) * kUnitRoundoff;
    m_gamma = (du < 0.5 ? du / (1 - du) : 1.0) + 6 * kUnitRoundoff;
}

double ExactKnn::approxOf(double key) const {
    // Cosine's approximate key is −(unit a)·(unit b) = key − 1; the others are the key in the
    // working matrix's scale (an exact power of two).
    return m_metric == Metric::Cosine ? key - 1.0 : key * m_scale * m_scale;
}

void ExactKnn::nearest(std::uint32_t self, const float* approx, double err, std::size_t k,
                       std::uint32_t* indices, float* distances) const {
    thread_local std::vector<float> heap;
    thread_local std::vector<std::pair<double, std::uint32_t>> candidates;
    const std::size_t n = m_rows;
    // The k-th smallest approximate key: a max-heap of the k smallest seen (approx[self] = +inf).
    heap.clear();
    for (std::size_t j = 0; j < n; ++j) {
        const float a = approx[j];
        if (heap.size() < k) {
            heap.push_back(a);
            std::push_heap(heap.begin(), heap.end());
        } else if (a < heap.front()) {
            std::pop_heap(heap.begin(), heap.end());
            heap.back() = a;
            std::push_heap(heap.begin(), heap.end());
        }
    }
    // |approx − true| ≤ err for every row, so each of the true k nearest has approx ≤ kth + 2·err.
    const double limit = double(heap.front()) + 2 * err;
    candidates.clear();
    for (std::size_t j = 0; j < n; ++j)
        if (j != self && double(approx[j]) <= limit)
            candidates.emplace_back(m_keys.key(self, j), static_cast<std::uint32_t>(j));
    RowKeys::keepNearest(candidates, k);
    for (std::size_t i = 0; i < k; ++i) {
        indices[i] = candidates[i].second;
        distances[i] = m_keys.distanceOf(candidates[i].first);
    }
}

void ExactKnn::search(std::span<const std::uint32_t> queries, std::size_t k, std::uint32_t* indices,
                      float* distances, Progress& progress) const {
    if (k == 0) return;
    scan(queries, progress, [&](std::size_t i, const float* approx, double err) {
        nearest(queries[i], approx, err, k, indices + i * k, distances + i * k);
    });
}

void ExactKnn::scan(std::span<const std::uint32_t> queries, Progress& progress,
                    const Visitor& visit) const {
    if (queries.empty()) return;
    const std::size_t block = blockRows(m_rows, queries.size());
    const std::size_t blocks = (queries.size() + block - 1) / block;
    std::atomic<bool> stop{false};
    std::atomic<std::size_t> done{0};
#pragma omp parallel
    {
        RowMatrixXf q(static_cast<Index>(block), static_cast<Index>(m_dims));
        RowMatrixXf dots(static_cast<Index>(block), static_cast<Index>(m_rows));
#pragma omp for schedule(dynamic, 1)
        for (std::size_t b = 0; b < blocks; ++b) {
            if (stop.load(std::memory_order_relaxed)) continue;
            const std::size_t first = b * block, count = std::min(block, queries.size() - first);
            const Index c = static_cast<Index>(count);
            for (Index r = 0; r < c; ++r) q.row(r) = m_work.row(queries[first + r]);
            // One GEMM per block; inside the parallel region Eigen runs it on this thread alone.
            dots.topRows(c).noalias() = q.topRows(c) * m_work.transpose();
            for (std::size_t r = 0; r < count; ++r) {
                const std::uint32_t self = queries[first + r];
                float* approx = dots.data() + r * m_rows;
                if (m_metric == Metric::Euclidean) {
                    const float selfSq = m_workSqNorm[self];
                    for (std::size_t j = 0; j < m_rows; ++j)
                        approx[j] = selfSq + m_workSqNorm[j] - 2 * approx[j];
                } else {
                    for (std::size_t j = 0; j < m_rows; ++j) approx[j] = -approx[j];
                }
                approx[self] = std::numeric_limits<float>::infinity();
                const double qn = m_workNorm[self], mn = m_maxWorkNorm;
                // The last term covers working values that underflowed to subnormals (data
                // spanning more than ~10³⁸), which a relative bound does not.
                const double err =
                    2 * m_gamma *
                        (m_metric == Metric::Euclidean ? (qn + mn) * (qn + mn) : qn * mn) +
                    0x1p-120 * (qn + mn + 1);
                visit(first + r, approx, err);
            }
            const std::size_t finished = ++done;
            if (progress.isCancelled()) stop = true;
            if (omp_get_thread_num() == 0 && !stop) {
                // step() throws once cancelled; an exception must not leave the parallel region.
                try {
                    progress.step(double(finished) / double(blocks));
                } catch (const Cancelled&) {
                    stop = true;
                }
            }
        }
    }
    progress.check();
}

}  // namespace embedscope::detail
