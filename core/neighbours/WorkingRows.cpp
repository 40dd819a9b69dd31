#include <cmath>

#include "KnnDetail.h"

namespace embedscope::detail {

namespace {

constexpr double kUnitRoundoff = 0x1p-24;  // float's unit roundoff u

/// A power of two that brings the largest magnitude to [0.5, 1): scaling by it is exact, and the
/// GEMM's squares and sums of up to ~10⁶ dimensions stay far from float's overflow.
double powerOfTwoScale(double maxAbs) {
    if (!(maxAbs > 0) || !std::isfinite(maxAbs)) return 1.0;
    int exponent = 0;
    std::frexp(maxAbs, &exponent);
    return std::ldexp(1.0, -exponent);
}

}  // namespace

WorkingRows::WorkingRows(const RowKeys& keys, const Progress* progress) : m_keys(keys) {
    // Each pass takes a fraction of a second at a million rows in 300-D, and many times that in
    // a background job on a busy machine: they look for a cancel as they go.
    const auto check = [progress] {
        if (progress) progress->check();
    };
    check();
    using Eigen::Index;
    const Index n = Index(keys.rows()), d = Index(keys.dims());
    const Eigen::Map<const RowMatrixXf> raw(keys.data(), n, d);
    m_centre = Eigen::RowVectorXd::Zero(d);
    if (keys.metric() == Metric::Euclidean && n > 0) {
        for (Index i = 0; i < n; ++i) {
            if (i % 65536 == 0) check();
            m_centre += raw.row(i).cast<double>();
        }
        m_centre /= double(n);
    }
    double maxAbs = 0;
    if (keys.metric() != Metric::Cosine)
        for (Index i = 0; i < n; ++i) {
            if (i % 65536 == 0) check();
            maxAbs = std::max(maxAbs, (raw.row(i).cast<double>() - m_centre).cwiseAbs().maxCoeff());
        }
    m_scale = powerOfTwoScale(maxAbs);
    // Higham's γ_D = D·u / (1 − D·u) bounds |fl(a·b) − a·b| / (|a|·|b|) for any summation order
    // (blocked, FMA); a few more u cover the norms, the scaling and the normalisation.
    const double du = double(d) * kUnitRoundoff;
    m_gamma = (du < 0.5 ? du / (1 - du) : 1.0) + 6 * kUnitRoundoff;
}

void WorkingRows::make(std::size_t row, float* out) const {
    const Eigen::Index d = Eigen::Index(m_keys.dims());
    const Eigen::Map<const Eigen::RowVectorXf> raw(m_keys.data() + row * m_keys.dims(), d);
    const double norm = m_keys.norm(row);
    const double s = m_keys.metric() == Metric::Cosine ? (norm > 0 ? 1.0 / norm : 0.0) : m_scale;
    Eigen::Map<Eigen::RowVectorXf>(out, d) = ((raw.cast<double>() - m_centre) * s).cast<float>();
}

double WorkingRows::approxOf(double key) const {
    // Cosine's approximate key is −(unit a)·(unit b) = key − 1; the others are the key in the
    // working scale (an exact power of two).
    return m_keys.metric() == Metric::Cosine ? key - 1.0 : key * m_scale * m_scale;
}

double WorkingRows::errorBound(double qn, double mn) const {
    // The last term covers working values that underflowed to subnormals (data spanning more
    // than ~10³⁸), which a relative bound does not.
    return 2 * m_gamma * (m_keys.metric() == Metric::Euclidean ? (qn + mn) * (qn + mn) : qn * mn) +
           0x1p-120 * (qn + mn + 1);
}

}  // namespace embedscope::detail
