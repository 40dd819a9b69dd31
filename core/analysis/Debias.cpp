#include "Debias.h"

#include <cmath>

#include "../Error.h"

namespace embedscope {

namespace {

Eigen::VectorXd unitDirection(const Eigen::VectorXf& direction) {
    const Eigen::VectorXd g = direction.cast<double>();
    const double length = g.norm();
    if (!(length > 0) || !std::isfinite(length)) throw Error("the bias direction is a zero vector");
    return g / length;
}

void append(DebiasPreview& out, const UnitRows& rows, std::size_t row,
            const Eigen::VectorXd& moved) {
    out.rows.push_back(row);
    out.words.push_back(rows.embedding().label(row));
    const Eigen::Index i = out.before.rows();
    out.before.conservativeResize(i + 1, static_cast<Eigen::Index>(rows.dims()));
    out.after.conservativeResize(i + 1, static_cast<Eigen::Index>(rows.dims()));
    out.before.row(i) = rows.embedding().matrix().row(static_cast<Eigen::Index>(row));
    out.after.row(i) = moved.transpose().cast<float>();
}

}  // namespace

DebiasPreview neutralizePreview(const UnitRows& rows, const Eigen::VectorXf& direction,
                                const std::vector<std::string>& words, bool keepNorm) {
    const Eigen::VectorXd g = unitDirection(direction);
    DebiasPreview out;
    for (const auto& w : words) {
        const auto row = rows.embedding().find(w);
        if (!row || rows.isZero(*row)) {
            out.missing.push_back(w);
            continue;
        }
        const Eigen::VectorXd u = rows.unit(*row).cast<double>();
        Eigen::VectorXd v = u - u.dot(g) * g;
        const double length = v.norm();
        v = length > 1e-12 ? Eigen::VectorXd(v / length) : Eigen::VectorXd::Zero(g.size());
        append(out, rows, *row, keepNorm ? Eigen::VectorXd(v * double(rows.norm(*row))) : v);
    }
    return out;
}

DebiasPreview equalizePreview(const UnitRows& rows, const Eigen::VectorXf& direction,
                              const std::vector<WordPair>& pairs, bool keepNorm) {
    const Eigen::VectorXd g = unitDirection(direction);
    DebiasPreview out;
    for (const auto& [first, second] : pairs) {
        const auto a = rows.embedding().find(first), b = rows.embedding().find(second);
        const bool aOk = a && !rows.isZero(*a), bOk = b && !rows.isZero(*b);
        if (!aOk || !bOk) {
            if (!aOk) out.missing.push_back(first);
            if (!bOk) out.missing.push_back(second);
            continue;
        }
        const Eigen::VectorXd ua = rows.unit(*a).cast<double>(), ub = rows.unit(*b).cast<double>();
        const Eigen::VectorXd mu = (ua + ub) / 2;
        const Eigen::VectorXd muB = mu.dot(g) * g;
        const Eigen::VectorXd nu = mu - muB;
        const double along = std::sqrt(std::max(0.0, 1.0 - nu.squaredNorm()));
        for (auto [row, u] : {std::pair{*a, ua}, std::pair{*b, ub}}) {
            Eigen::VectorXd offset = u.dot(g) * g - muB;
            const double length = offset.norm();
            // Both words equal along g: no side to push them to; they meet at ν.
            offset =
                length > 1e-12 ? Eigen::VectorXd(offset / length) : Eigen::VectorXd::Zero(g.size());
            const Eigen::VectorXd moved = nu + along * offset;
            append(out, rows, row,
                   keepNorm ? Eigen::VectorXd(moved * double(rows.norm(row))) : moved);
        }
    }
    return out;
}

}  // namespace embedscope
