#pragma once
/// The embedding's rows seen as unit vectors without a second copy of the matrix: only the norms
/// are stored (O(N)), and cosines with all rows are one matrix-vector product divided by them, as
/// gensim's KeyedVectors.most_similar computes them.
#include <Eigen/Core>
#include <cstddef>
#include <vector>

#include "../Embedding.h"

namespace embedscope {

class UnitRows {
public:
    /// Keeps a reference to embedding: it must outlive this object. O(N·D).
    explicit UnitRows(const Embedding& embedding);

    const Embedding& embedding() const { return m_embedding; }
    std::size_t rows() const { return m_embedding.rows(); }
    std::size_t dims() const { return m_embedding.dims(); }

    /// ‖x_row‖ in float (as gensim's norms).
    float norm(std::size_t row) const { return m_norms[row]; }
    bool isZero(std::size_t row) const { return m_norms[row] == 0.0f; }
    /// x_row / ‖x_row‖. Throws Error naming the word when the row is all zeros (its direction, and
    /// so any cosine with it, is undefined).
    Eigen::VectorXf unit(std::size_t row) const;
    /// The cosine of every row with direction (any length > 0, normalised here), computed in float
    /// as gensim does; NaN for zero rows. Throws Error when direction is zero or its size is not D.
    Eigen::VectorXf cosines(const Eigen::VectorXf& direction) const;
    /// cos(row a, row b) in double. Throws Error when either is a zero row.
    double cosine(std::size_t a, std::size_t b) const;

private:
    const Embedding& m_embedding;
    std::vector<float> m_norms;
};

}  // namespace embedscope
