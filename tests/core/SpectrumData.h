#pragma once
// Test data with a known spectrum, shared by the PCA tests (tst_pca, tst_pca_krylov).
#include <Eigen/QR>

#include <random>
#include <vector>

#include "Embedding.h"

namespace embedscope {

/// n × d rows: Gaussian coordinates with the given standard deviations along random orthonormal
/// directions, isotropic noise, and an offset on every column.
inline RowMatrixXf spectrum(Eigen::Index n, Eigen::Index d, const std::vector<double>& sd, double noise,
                            unsigned seed, float offset = 0) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> g;  // fine: only statistical properties are asserted
    Eigen::MatrixXd m(d, d);
    for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = g(rng);
    const Eigen::MatrixXd q = Eigen::HouseholderQR<Eigen::MatrixXd>(m).householderQ();
    RowMatrixXf x(n, d);
    for (Eigen::Index r = 0; r < n; ++r) {
        Eigen::VectorXd v = Eigen::VectorXd::Zero(d);
        for (std::size_t i = 0; i < sd.size(); ++i) v += sd[i] * g(rng) * q.col(static_cast<Eigen::Index>(i));
        for (Eigen::Index j = 0; j < d; ++j) v[j] += noise * g(rng);
        x.row(r) = v.transpose().cast<float>().array() + offset;
    }
    return x;
}

}  // namespace embedscope
