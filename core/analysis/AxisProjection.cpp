#include "AxisProjection.h"

#include <Eigen/Eigenvalues>
#include <cmath>

#include "../Error.h"

namespace embedscope {

namespace {

constexpr Eigen::Index kBlock = 512;

/// Rows first..first+count, unit-normalised (zero rows stay zero).
RowMatrixXf unitBlock(const UnitRows& rows, Eigen::Index first, Eigen::Index count) {
    RowMatrixXf block = rows.embedding().matrix().middleRows(first, count);
    for (Eigen::Index i = 0; i < count; ++i) {
        const float n = rows.norm(static_cast<std::size_t>(first + i));
        if (n > 0) block.row(i) /= n;
    }
    return block;
}

}  // namespace

AxisProjection projectOnAxes(const UnitRows& rows, const std::vector<SemanticAxis>& axes,
                             std::size_t dims, Progress& progress) {
    if (dims != 2 && dims != 3)
        throw Error("an axis projection has 2 or 3 dimensions, not " + std::to_string(dims));
    if (axes.empty()) throw Error("an axis projection needs at least one axis");
    if (axes.size() > dims)
        throw Error(std::to_string(axes.size()) + " axes do not fit a " + std::to_string(dims) +
                    "-D projection");
    const auto d = static_cast<Eigen::Index>(rows.dims());
    const auto n = static_cast<Eigen::Index>(rows.rows());
    AxisProjection out;
    out.axisCount = axes.size();

    // Gram–Schmidt (modified, in double) in the order given.
    std::vector<Eigen::VectorXd> basis;
    for (std::size_t i = 0; i < axes.size(); ++i) {
        if (axes[i].direction().size() != d)
            throw Error("axis '" + axes[i].title() + "' has the wrong dimension");
        Eigen::VectorXd v = axes[i].direction().cast<double>().normalized();
        for (const auto& u : basis) v -= v.dot(u) * u;
        const double rest = v.norm();
        if (rest < kMinAxisIndependence) {
            std::string earlier;
            for (std::size_t j = 0; j < i; ++j) earlier += (j ? "', '" : "'") + axes[j].title();
            throw Error("axis " + std::to_string(i + 1) + " ('" + axes[i].title() +
                        "') is nearly parallel to " +
                        (i == 1 ? "axis 1 (" : "the axes before it (") + earlier +
                        "'): less than 3 degrees apart, it would add no new direction");
        }
        basis.push_back(v / rest);
        out.titles.push_back(axes[i].title());
    }

    // Residual PCA: covariance of the unit rows (float block products summed in double), then the
    // part orthogonal to the axes, P C P with P = I − B Bᵀ.
    Eigen::MatrixXd scatter = Eigen::MatrixXd::Zero(d, d);
    Eigen::VectorXd sum = Eigen::VectorXd::Zero(d);
    std::size_t used = 0;
    progress.setStage("axis projection");
    for (Eigen::Index b = 0; b < n; b += kBlock) {
        const Eigen::Index count = std::min(kBlock, n - b);
        const RowMatrixXf block = unitBlock(rows, b, count);
        const Eigen::MatrixXf product = block.transpose() * block;
        scatter += product.cast<double>();
        sum += block.colwise().sum().transpose().cast<double>();
        for (Eigen::Index i = 0; i < count; ++i)
            used += rows.isZero(static_cast<std::size_t>(b + i)) ? 0 : 1;
        progress.step(0.5 * double(b + count) / double(n));
    }
    out.zeroRows = rows.rows() - used;
    if (used == 0) throw Error("every vector is zero: there is nothing to project");
    const Eigen::VectorXd mean = sum / double(used);
    Eigen::MatrixXd cov = (scatter - double(used) * mean * mean.transpose()) /
                          double(std::max<std::size_t>(used - 1, 1));
    const double total = cov.trace();
    for (const auto& u : basis)
        out.varianceRatio.push_back(total > 0 ? u.dot(cov * u) / total : 0.0);
    if (dims > basis.size()) {
        Eigen::MatrixXd p = Eigen::MatrixXd::Identity(d, d);
        for (const auto& u : basis) p -= u * u.transpose();
        const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(p * cov * p);
        for (std::size_t j = 0; basis.size() < dims; ++j) {
            const Eigen::Index col = d - 1 - static_cast<Eigen::Index>(j);
            if (col < 0)
                throw Error("the vectors have too few dimensions for " + std::to_string(dims) +
                            " columns");
            Eigen::VectorXd v = eig.eigenvectors().col(col);
            Eigen::Index largest = 0;
            v.cwiseAbs().maxCoeff(&largest);
            if (v[largest] < 0) v = -v;  // sign fixed as Pca does: largest loading positive
            basis.push_back(v);
            out.titles.push_back("residual PC" + std::to_string(j + 1));
            out.varianceRatio.push_back(total > 0 ? std::max(0.0, eig.eigenvalues()[col]) / total
                                                  : 0.0);
        }
    }

    Eigen::MatrixXf basisMatrix(d, static_cast<Eigen::Index>(dims));
    Eigen::RowVectorXf& shift = out.offset;
    shift = Eigen::RowVectorXf::Zero(static_cast<Eigen::Index>(dims));
    for (std::size_t j = 0; j < dims; ++j) {
        basisMatrix.col(static_cast<Eigen::Index>(j)) = basis[j].cast<float>();
        out.basis.push_back(basis[j].cast<float>());
        if (j >= axes.size())
            shift[static_cast<Eigen::Index>(j)] = static_cast<float>(mean.dot(basis[j]));
    }
    out.coordinates.resize(n, static_cast<Eigen::Index>(dims));
    for (Eigen::Index b = 0; b < n; b += kBlock) {
        const Eigen::Index count = std::min(kBlock, n - b);
        out.coordinates.middleRows(b, count) = unitBlock(rows, b, count) * basisMatrix;
        for (Eigen::Index i = 0; i < count; ++i)
            if (!rows.isZero(static_cast<std::size_t>(b + i)))
                out.coordinates.row(b + i) -= shift;
            else
                out.coordinates.row(b + i).setZero();
        progress.step(0.5 + 0.5 * double(b + count) / double(n));
    }
    return out;
}

RowMatrixXf AxisProjection::place(const RowMatrixXf& vectors) const {
    const Eigen::Index dims = static_cast<Eigen::Index>(basis.size());
    if (dims == 0 || vectors.cols() != basis[0].size())
        throw Error("vectors of " + std::to_string(vectors.cols()) +
                    " values cannot be placed in a layout of " +
                    (dims ? std::to_string(basis[0].size()) : std::string("no")) +
                    "-dimensional vectors");
    RowMatrixXf out(vectors.rows(), dims);
    for (Eigen::Index i = 0; i < vectors.rows(); ++i) {
        const float n = vectors.row(i).norm();
        for (Eigen::Index j = 0; j < dims; ++j)
            out(i, j) = n > 0
                            ? vectors.row(i).dot(basis[std::size_t(j)].transpose()) / n - offset[j]
                            : 0.0f;
    }
    return out;
}

}  // namespace embedscope
