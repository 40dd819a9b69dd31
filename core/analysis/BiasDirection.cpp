#include "BiasDirection.h"

#include <Eigen/Eigenvalues>
#include <cmath>

#include "../Error.h"

namespace embedscope {

BiasDirection fitBiasDirection(const UnitRows& rows, const WordLookup& lookup,
                               const std::vector<WordPair>& pairs) {
    BiasDirection out;
    std::vector<Eigen::VectorXd> centred;
    Eigen::VectorXd orientation = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(rows.dims()));
    for (const auto& pair : pairs) {
        const auto a = lookup.find(pair.first), b = lookup.find(pair.second);
        if (!a || !b || rows.isZero(*a) || rows.isZero(*b) || *a == *b) {
            out.skipped.push_back(pair);
            continue;
        }
        const Eigen::VectorXd ua = rows.unit(*a).cast<double>(), ub = rows.unit(*b).cast<double>();
        const Eigen::VectorXd mid = (ua + ub) / 2;
        centred.push_back(ua - mid);
        centred.push_back(ub - mid);
        orientation += ua - ub;
        out.used.push_back(pair);
    }
    if (out.used.empty()) {
        std::string missing;
        for (const auto& p : pairs)
            for (const auto& w : {p.first, p.second})
                if (!lookup.find(w)) missing += (missing.empty() ? "" : ", ") + w;
        throw Error(pairs.empty()
                        ? "a bias direction needs at least one definitional pair"
                        : "no definitional pair has both words in the vocabulary (missing: " +
                              missing + ")");
    }
    // PCA of the centred vectors (their mean is zero by construction, as scikit-learn's PCA in
    // the authors' code would make it): eigenvectors of their scatter matrix.
    const auto d = static_cast<Eigen::Index>(rows.dims());
    Eigen::MatrixXd m(static_cast<Eigen::Index>(centred.size()), d);
    for (std::size_t i = 0; i < centred.size(); ++i)
        m.row(static_cast<Eigen::Index>(i)) = centred[i].transpose();
    // The Gram matrix is small (2·pairs square): its eigenvectors give the components as mᵀv.
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(m * m.transpose());
    const Eigen::VectorXd values = eig.eigenvalues().cwiseMax(0.0);
    const double total = values.sum();
    const Eigen::Index top = values.size() - 1;
    Eigen::VectorXd g = m.transpose() * eig.eigenvectors().col(top);
    if (!(g.norm() > 0))
        throw Error("the definitional pairs' words coincide: there is no direction between them");
    g.normalize();
    if (g.dot(orientation) < 0) g = -g;
    out.direction = g.cast<float>();
    for (Eigen::Index i = top; i >= 0 && top - i < 10; --i)
        out.varianceRatios.push_back(values[i] / total);
    out.explainedVarianceRatio = out.varianceRatios.front();
    return out;
}

DirectBias directBias(const UnitRows& rows, const Eigen::VectorXf& direction,
                      const std::vector<std::string>& words, double c) {
    if (!(c >= 0)) throw Error("the direct bias strictness c must be ≥ 0");
    const double length = direction.cast<double>().norm();
    if (!(length > 0)) throw Error("the bias direction is a zero vector");
    const Eigen::VectorXd g = direction.cast<double>() / length;
    DirectBias out;
    out.c = c;
    double sum = 0;
    for (const auto& w : words) {
        const auto row = rows.embedding().find(w);
        if (!row || rows.isZero(*row)) {
            out.missing.push_back(w);
            continue;
        }
        const double cos = rows.unit(*row).cast<double>().dot(g);
        out.words.push_back({*row, w, cos});
        sum += std::pow(std::abs(cos), c);
    }
    if (out.words.empty()) throw Error("none of the words is in the vocabulary");
    out.value = sum / double(out.words.size());
    return out;
}

}  // namespace embedscope
