#pragma once
/// Exact k-nearest-neighbour queries for one point at a time (the Inspector), over the original
/// vectors. Memory is O(N) beyond the embedding: norms and mean products are precomputed, so the
/// centred and normalised spaces need no second copy of the matrix.
#include <cstddef>
#include <span>
#include <vector>

#include "../Embedding.h"
#include "../Progress.h"
#include "Metric.h"

namespace embedscope {

struct Neighbour {
    std::size_t row = 0;
    float distance = 0;  ///< in the metric's sense (see Metric); ascending in results
};

class NeighbourSearch {
public:
    /// Keeps a reference to embedding: it must outlive the search. Precomputation is O(N·D).
    NeighbourSearch(const Embedding& embedding, Metric metric, VectorSpace space);

    const Embedding& embedding() const { return m_embedding; }
    Metric metric() const { return m_metric; }
    /// The column mean subtracted in the centred space (zeros in the other spaces).
    std::span<const float> mean() const { return m_mean; }
    VectorSpace space() const { return m_space; }
    /// ‖row − mean‖² of each row, before any normalising.
    std::span<const float> squaredNorms() const { return m_sqNorm; }

    /// The k nearest rows to row (itself excluded), nearest first; ties broken by lower row.
    /// k is capped at N − 1. Throws Error when the row is a zero vector under cosine (cosine is
    /// undefined there: the message says so) or out of range.
    std::vector<Neighbour> nearest(std::size_t row, std::size_t k) const;
    /// The k nearest rows to an arbitrary query vector of dimension D (in raw space; the search
    /// maps it into its space), excluding the rows listed in exclude.
    std::vector<Neighbour> nearestTo(std::span<const float> query, std::size_t k,
                                     std::span<const std::size_t> exclude = {}) const;
    /// Distance between two rows in this metric and space.
    float distance(std::size_t a, std::size_t b) const;

private:
    /// The metric's distance from the inner product in the search space and the squared norms.
    float fromDot(float dot, float aSqNorm, float bSqNorm) const;

    const Embedding& m_embedding;
    Metric m_metric;
    VectorSpace m_space;
    std::vector<float> m_mean;        // D (zero unless Centred)
    std::vector<float> m_rowDotMean;  // N: x·μ
    std::vector<float> m_sqNorm;      // N: ‖x − μ‖² in the search space before normalising
    float m_meanSqNorm = 0;           // ‖μ‖²
};

}  // namespace embedscope
