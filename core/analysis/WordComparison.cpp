#include "WordComparison.h"

#include <algorithm>
#include <cmath>

#include "../Error.h"

namespace embedscope {

namespace {

/// Rows other than the excluded ones with a defined value, the k best by better(), ties to lower
/// row.
template <typename Better>
std::vector<std::size_t> topRows(std::size_t n, std::size_t k, const Eigen::VectorXf& value,
                                 std::size_t skipA, std::size_t skipB, Better better) {
    std::vector<std::size_t> order;
    order.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
        if (i != skipA && i != skipB && !std::isnan(value[static_cast<Eigen::Index>(i)]))
            order.push_back(i);
    k = std::min(k, order.size());
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                      [&](std::size_t x, std::size_t y) {
                          const float vx = value[static_cast<Eigen::Index>(x)];
                          const float vy = value[static_cast<Eigen::Index>(y)];
                          return better(vx, vy) || (vx == vy && x < y);
                      });
    order.resize(k);
    return order;
}

/// Where other ranks among the neighbours of the row whose cosines are given (1-based).
std::size_t rankOf(const Eigen::VectorXf& cos, std::size_t self, std::size_t other) {
    const float target = cos[static_cast<Eigen::Index>(other)];
    std::size_t rank = 1;
    for (Eigen::Index i = 0; i < cos.size(); ++i) {
        const auto r = static_cast<std::size_t>(i);
        if (r == self || r == other || std::isnan(cos[i])) continue;
        if (cos[i] > target || (cos[i] == target && r < other)) ++rank;
    }
    return rank;
}

}  // namespace

WordComparison compareWords(const UnitRows& rows, std::size_t a, std::size_t b, std::size_t k,
                            Progress& progress) {
    const Embedding& e = rows.embedding();
    if (a == b) throw Error("compare needs two different words ('" + e.label(a) + "' twice)");
    const Eigen::VectorXf ua = rows.unit(a), ub = rows.unit(b);
    WordComparison out;
    out.a = a;
    out.b = b;
    out.cosine = ua.cast<double>().dot(ub.cast<double>());
    const auto x = e.matrix();
    out.euclidean = (x.row(static_cast<Eigen::Index>(a)).cast<double>() -
                     x.row(static_cast<Eigen::Index>(b)).cast<double>())
                        .norm();
    progress.step(0.1);
    const Eigen::VectorXf cosA = rows.cosines(ua);
    progress.step(0.4);
    const Eigen::VectorXf cosB = rows.cosines(ub);
    progress.step(0.7);
    out.rankOfBAmongA = rankOf(cosA, a, b);
    out.rankOfAAmongB = rankOf(cosB, b, a);

    const std::size_t n = rows.rows();
    const auto higher = [](float p, float q) { return p > q; };
    // The top-k lists of each word, itself excluded (the other word may be in it).
    const auto nearA = topRows(n, k, cosA, a, a, higher);
    const auto nearB = topRows(n, k, cosB, b, b, higher);
    std::vector<std::size_t> both;
    for (std::size_t r : nearA)
        if (r != b && std::find(nearB.begin(), nearB.end(), r) != nearB.end()) both.push_back(r);
    const auto mean = [&](std::size_t r) {
        return (double(cosA[static_cast<Eigen::Index>(r)]) +
                double(cosB[static_cast<Eigen::Index>(r)])) /
               2;
    };
    std::stable_sort(both.begin(), both.end(), [&](std::size_t p, std::size_t q) {
        return mean(p) > mean(q) || (mean(p) == mean(q) && p < q);
    });
    for (std::size_t r : both) out.shared.push_back({r, e.label(r), mean(r)});

    const Eigen::VectorXf diff = cosA - cosB;  // NaN stays NaN for zero rows
    for (std::size_t r : topRows(n, k, diff, a, b, higher))
        out.closerToA.push_back({r, e.label(r), double(diff[static_cast<Eigen::Index>(r)])});
    const auto lower = [](float p, float q) { return p < q; };
    for (std::size_t r : topRows(n, k, diff, a, b, lower))
        out.closerToB.push_back({r, e.label(r), -double(diff[static_cast<Eigen::Index>(r)])});
    progress.step(1.0);
    return out;
}

}  // namespace embedscope
