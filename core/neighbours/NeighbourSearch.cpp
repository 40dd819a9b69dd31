#include "NeighbourSearch.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "../Error.h"

namespace embedscope {

namespace {
using ConstVec = Eigen::Map<const Eigen::VectorXf>;
}

NeighbourSearch::NeighbourSearch(const Embedding& embedding, Metric metric, VectorSpace space)
    : m_embedding(embedding), m_metric(metric), m_space(space) {
    const std::size_t n = embedding.rows(), d = embedding.dims();
    m_mean.assign(d, 0.0f);
    if (space == VectorSpace::Centred && n > 0) {
        // Blocks of rows summed in float (vectorised), the blocks accumulated in double: accurate
        // for any N without a double copy of the matrix.
        const auto x = embedding.matrix();
        Eigen::RowVectorXd sum = Eigen::RowVectorXd::Zero(static_cast<Eigen::Index>(d));
        constexpr Eigen::Index kBlock = 1024;
        for (Eigen::Index b = 0; b < x.rows(); b += kBlock)
            sum += x.middleRows(b, std::min(kBlock, x.rows() - b)).colwise().sum().cast<double>();
        for (std::size_t j = 0; j < d; ++j) m_mean[j] = static_cast<float>(sum[static_cast<Eigen::Index>(j)] / double(n));
    }
    const ConstVec mean(m_mean.data(), static_cast<Eigen::Index>(d));
    m_meanSqNorm = mean.squaredNorm();
    // ‖x − μ‖² = ‖x‖² − 2x·μ + ‖μ‖²: one pass, no centred copy of the matrix.
    const auto x = embedding.matrix();
    m_rowDotMean.resize(n);
    m_sqNorm.resize(n);
#pragma omp parallel for schedule(static)
    for (std::ptrdiff_t i = 0; i < static_cast<std::ptrdiff_t>(n); ++i) {
        const float dm = x.row(i).dot(mean.transpose());
        m_rowDotMean[i] = dm;
        m_sqNorm[i] = std::max(0.0f, x.row(i).squaredNorm() - 2 * dm + m_meanSqNorm);
    }
}

std::vector<Neighbour> NeighbourSearch::nearest(std::size_t row, std::size_t k) const {
    if (row >= m_embedding.rows())
        throw Error("row " + std::to_string(row + 1) + " does not exist (" +
                    std::to_string(m_embedding.rows()) + " rows)");
    const std::size_t self[] = {row};
    return nearestTo(m_embedding.row(row), k, self);
}

std::vector<Neighbour> NeighbourSearch::nearestTo(std::span<const float> query, std::size_t k,
                                                  std::span<const std::size_t> exclude) const {
    const std::size_t n = m_embedding.rows(), d = m_embedding.dims();
    if (query.size() != d)
        throw Error("query has " + std::to_string(query.size()) + " values, the vectors " + std::to_string(d));
    const ConstVec q(query.data(), static_cast<Eigen::Index>(d));
    const ConstVec mean(m_mean.data(), static_cast<Eigen::Index>(d));
    const float qDotMean = q.dot(mean);
    const float qSqNorm = std::max(0.0f, q.squaredNorm() - 2 * qDotMean + m_meanSqNorm);
    const bool cosine = m_metric == Metric::Cosine || m_space == VectorSpace::Normalised;
    if (cosine && qSqNorm == 0.0f)
        throw Error(m_metric == Metric::Cosine
                        ? "this vector is all zeros in the " + std::string(spaceName(m_space)) +
                              " space: its cosine with anything is undefined"
                        : "this vector is all zeros: it cannot be normalised");

    // One blocked pass over the matrix, split among the threads: each row's dot product, its
    // distance and the test against the thread's current k-th best, so the matrix is read once
    // and nothing of size N is written. The per-row dot is computed the same way for any block
    // or thread, and candidates are ordered by (distance, row): the answer does not depend on
    // the number of threads.
    const auto x = m_embedding.matrix();
    struct Candidate {
        float dist;
        std::uint32_t row;
    };
    const auto closer = [](const Candidate& a, const Candidate& b) {
        return a.dist < b.dist || (a.dist == b.dist && a.row < b.row);
    };
    k = std::min(k, n);
    std::vector<Candidate> merged;
    if (k > 0) {
#pragma omp parallel
        {
            std::vector<Candidate> heap;  // max-heap under closer: the worst kept on top
            heap.reserve(k + 1);
#pragma omp for schedule(static, 4096) nowait
            for (std::ptrdiff_t i = 0; i < static_cast<std::ptrdiff_t>(n); ++i) {
                const float dot = x.row(i).dot(q.transpose());
                // (x − μ)·(q − μ) = x·q − x·μ − q·μ + ‖μ‖²
                const float dist = fromDot(dot - m_rowDotMean[i] - qDotMean + m_meanSqNorm, m_sqNorm[i], qSqNorm);
                const Candidate c{dist, static_cast<std::uint32_t>(i)};
                // Rows without a defined distance (zero vectors under cosine) are never neighbours.
                if (std::isnan(dist) || (heap.size() == k && !closer(c, heap.front()))) continue;
                if (std::find(exclude.begin(), exclude.end(), static_cast<std::size_t>(i)) != exclude.end())
                    continue;
                heap.push_back(c);
                std::push_heap(heap.begin(), heap.end(), closer);
                if (heap.size() > k) {
                    std::pop_heap(heap.begin(), heap.end(), closer);
                    heap.pop_back();
                }
            }
#pragma omp critical(neighbour_merge)
            merged.insert(merged.end(), heap.begin(), heap.end());
        }
    }
    std::sort(merged.begin(), merged.end(), closer);
    merged.resize(std::min(k, merged.size()));
    std::vector<Neighbour> out(merged.size());
    for (std::size_t i = 0; i < merged.size(); ++i) out[i] = {merged[i].row, merged[i].dist};
    return out;
}

float NeighbourSearch::distance(std::size_t a, std::size_t b) const {
    const auto x = m_embedding.matrix();
    const float dot = x.row(a).dot(x.row(b)) - m_rowDotMean[a] - m_rowDotMean[b] + m_meanSqNorm;
    return fromDot(dot, m_sqNorm[a], m_sqNorm[b]);
}

float NeighbourSearch::fromDot(float dot, float aSq, float bSq) const {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float norms = std::sqrt(aSq) * std::sqrt(bSq);
    if (m_space == VectorSpace::Normalised) {
        // Unit vectors: cosine, euclidean and dot all follow from the cosine.
        const float c = norms > 0 ? dot / norms : nan;
        return m_metric == Metric::Euclidean ? std::sqrt(std::max(0.0f, 2 - 2 * c))
               : m_metric == Metric::Dot     ? -c
                                             : 1 - c;
    }
    if (m_metric == Metric::Cosine) return norms > 0 ? 1 - dot / norms : nan;
    if (m_metric == Metric::Euclidean) return std::sqrt(std::max(0.0f, aSq + bSq - 2 * dot));
    return -dot;
}

}  // namespace embedscope
