#include "NeighbourSearch.h"

#include <algorithm>
#include <cmath>
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

    // One GEMV over the raw matrix; the space's corrections are per-row scalars.
    const Eigen::VectorXf dots = m_embedding.matrix() * q;
    std::vector<float> dist(n);
    for (std::size_t i = 0; i < n; ++i)
        // (x − μ)·(q − μ) = x·q − x·μ − q·μ + ‖μ‖²
        dist[i] = fromDot(dots[i] - m_rowDotMean[i] - qDotMean + m_meanSqNorm, m_sqNorm[i], qSqNorm);
    // Rows without a defined distance (zero vectors under cosine) are never neighbours.
    std::vector<std::uint32_t> order;
    order.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
        if (!std::isnan(dist[i]) && std::find(exclude.begin(), exclude.end(), i) == exclude.end())
            order.push_back(static_cast<std::uint32_t>(i));
    k = std::min(k, order.size());
    auto closer = [&](std::uint32_t a, std::uint32_t b) {
        return dist[a] < dist[b] || (dist[a] == dist[b] && a < b);
    };
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(), closer);
    std::vector<Neighbour> out(k);
    for (std::size_t i = 0; i < k; ++i) out[i] = {order[i], dist[order[i]]};
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
