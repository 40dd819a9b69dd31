#include "RowTiles.h"

#include <algorithm>
#include <utility>

#include "../analysis/KdTree.h"
#include "Omp.h"

namespace embedscope::detail {

namespace {

struct Splitter {
    const float* x;
    std::size_t dims, maxTile;
    std::vector<std::uint32_t>& idx;
    const Progress* progress;

    /// The line through two far-apart rows of an even sample of [first, last): the farthest
    /// sampled row from the sample's mean, and the farthest from that one.
    std::vector<float> direction(std::size_t first, std::size_t last) const {
        const std::size_t n = last - first, samples = std::min<std::size_t>(n, 256);
        std::vector<const float*> s(samples);
        for (std::size_t i = 0; i < samples; ++i) s[i] = x + idx[first + i * n / samples] * dims;
        std::vector<float> mean(dims, 0.0f);
        for (const float* r : s)
            for (std::size_t j = 0; j < dims; ++j) mean[j] += r[j] / float(samples);
        auto farthestFrom = [&](const float* from) {
            const float* best = s[0];
            double bestSq = -1;
            for (const float* r : s)
                if (const double d = squaredDistance(r, from, dims); d > bestSq) {
                    bestSq = d;
                    best = r;
                }
            return best;
        };
        const float* a = farthestFrom(mean.data());
        const float* b = farthestFrom(a);
        std::vector<float> dir(dims);
        for (std::size_t j = 0; j < dims; ++j) dir[j] = b[j] - a[j];
        return dir;
    }

    void split(std::size_t first, std::size_t last, std::vector<std::size_t>& leaves) {
        // Cancelled: the rest stays whole (an exception may not leave an OpenMP task), and
        // tileRows throws once the tasks are done.
        if (last - first <= maxTile || (progress && progress->isCancelled())) {
            leaves.push_back(first);
            return;
        }
        const std::vector<float> dir = direction(first, last);
        const Eigen::Map<const Eigen::VectorXf> line(dir.data(), Eigen::Index(dims));
        std::vector<std::pair<float, std::uint32_t>> along(last - first);
        for (std::size_t i = first; i < last; ++i) {
            const Eigen::Map<const Eigen::VectorXf> r(x + std::size_t(idx[i]) * dims,
                                                      Eigen::Index(dims));
            along[i - first] = {r.dot(line), idx[i]};  // ties (identical rows) split by row
        }
        const std::size_t half = (last - first) / 2;
        std::nth_element(along.begin(), along.begin() + std::ptrdiff_t(half), along.end());
        for (std::size_t i = first; i < last; ++i) idx[i] = along[i - first].second;
        std::vector<std::size_t> right;
        // Large halves become tasks: the top splits read all rows, the rest run side by side.
#pragma omp task shared(leaves) if (last - first > 65536)
        split(first, first + half, leaves);
#pragma omp task shared(right) if (last - first > 65536)
        split(first + half, last, right);
#pragma omp taskwait
        leaves.insert(leaves.end(), right.begin(), right.end());
    }
};

}  // namespace

RowTiles tileRows(const float* x, std::size_t rows, std::size_t dims, std::size_t maxTile,
                  const Progress* progress) {
    RowTiles t;
    t.order.resize(rows);
    for (std::size_t i = 0; i < rows; ++i) t.order[i] = std::uint32_t(i);
    if (rows == 0) return t;
    Splitter splitter{x, dims, std::max<std::size_t>(maxTile, 1), t.order, progress};
#pragma omp parallel
#pragma omp single
    splitter.split(0, rows, t.begin);
    if (progress) progress->check();
    t.begin.push_back(rows);
    return t;
}

void permuteRows(RowMatrixXf& m, const std::vector<std::uint32_t>& order) {
    const std::size_t n = order.size(), d = static_cast<std::size_t>(m.cols());
    std::vector<bool> placed(n, false);
    std::vector<float> held(d);
    float* data = m.data();
    for (std::size_t start = 0; start < n; ++start) {
        if (placed[start] || order[start] == start) continue;
        // Follow the cycle: position cur takes old row order[cur], which frees that position.
        std::copy_n(data + start * d, d, held.begin());
        std::size_t cur = start;
        while (true) {
            placed[cur] = true;
            const std::size_t from = order[cur];
            if (from == start) {
                std::copy_n(held.begin(), d, data + cur * d);
                break;
            }
            std::copy_n(data + from * d, d, data + cur * d);
            cur = from;
        }
    }
}

}  // namespace embedscope::detail
