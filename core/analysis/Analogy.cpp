#include "Analogy.h"

#include <algorithm>
#include <cmath>

namespace embedscope {

std::vector<ScoredWord> solveAnalogy(const UnitRows& rows, std::size_t a, std::size_t b,
                                     std::size_t c, const AnalogyOptions& options,
                                     Progress& progress) {
    const Eigen::VectorXf ua = rows.unit(a), ub = rows.unit(b), uc = rows.unit(c);
    const std::size_t n = rows.rows();
    std::vector<double> score(n);
    if (options.method == AnalogyMethod::Add) {
        const Eigen::VectorXf cos = rows.cosines(ub - ua + uc);
        for (std::size_t i = 0; i < n; ++i) score[i] = cos[static_cast<Eigen::Index>(i)];
    } else {
        const Eigen::VectorXf ca = rows.cosines(ua);
        progress.step(0.3);
        const Eigen::VectorXf cb = rows.cosines(ub);
        progress.step(0.6);
        const Eigen::VectorXf cc = rows.cosines(uc);
        for (std::size_t i = 0; i < n; ++i) {
            const auto j = static_cast<Eigen::Index>(i);
            const double sa = (1.0 + ca[j]) / 2, sb = (1.0 + cb[j]) / 2, sc = (1.0 + cc[j]) / 2;
            score[i] = sb * sc / (sa + options.epsilon);
        }
    }
    progress.step(0.9);
    std::vector<std::size_t> order;
    order.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
        if (i != a && i != b && i != c && !std::isnan(score[i])) order.push_back(i);
    const std::size_t k = std::min(options.k, order.size());
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                      [&](std::size_t p, std::size_t q) {
                          return score[p] > score[q] || (score[p] == score[q] && p < q);
                      });
    std::vector<ScoredWord> out;
    for (std::size_t i = 0; i < k; ++i)
        out.push_back({order[i], rows.embedding().label(order[i]), score[order[i]]});
    progress.step(1.0);
    return out;
}

}  // namespace embedscope
