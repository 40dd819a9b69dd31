#include "UnitRows.h"

#include <cmath>
#include <limits>

#include "../Error.h"

namespace embedscope {

UnitRows::UnitRows(const Embedding& embedding) : m_embedding(embedding), m_norms(embedding.rows()) {
    const auto x = embedding.matrix();
#pragma omp parallel for schedule(static)
    for (std::ptrdiff_t i = 0; i < x.rows(); ++i)
        m_norms[static_cast<std::size_t>(i)] = x.row(i).norm();
}

Eigen::VectorXf UnitRows::unit(std::size_t row) const {
    if (row >= rows()) throw Error("row " + std::to_string(row + 1) + " does not exist");
    if (isZero(row))
        throw Error("'" + m_embedding.label(row) +
                    "' is a zero vector: its direction (and any cosine with it) is undefined");
    return m_embedding.matrix().row(static_cast<Eigen::Index>(row)).transpose() / m_norms[row];
}

Eigen::VectorXf UnitRows::cosines(const Eigen::VectorXf& direction) const {
    if (static_cast<std::size_t>(direction.size()) != dims())
        throw Error("a direction of " + std::to_string(direction.size()) +
                    " values for vectors of " + std::to_string(dims()));
    const float length = direction.norm();
    if (!(length > 0) || !std::isfinite(length))
        throw Error("the direction is a zero vector: cosines with it are undefined");
    const Eigen::VectorXf unitDirection = direction / length;
    Eigen::VectorXf out = m_embedding.matrix() * unitDirection;
    const float nan = std::numeric_limits<float>::quiet_NaN();
    for (Eigen::Index i = 0; i < out.size(); ++i) {
        const float n = m_norms[static_cast<std::size_t>(i)];
        out[i] = n > 0 ? out[i] / n : nan;
    }
    return out;
}

double UnitRows::cosine(std::size_t a, std::size_t b) const {
    const Eigen::VectorXd ua = unit(a).cast<double>(), ub = unit(b).cast<double>();
    return ua.dot(ub);
}

}  // namespace embedscope
