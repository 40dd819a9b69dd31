#include "KdTree.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace embedscope::detail {

namespace {
constexpr std::uint32_t kLeafSize = 16;
}

KdTree::KdTree(const float* points, std::size_t rows, std::size_t dims, const Progress* progress)
    : m_points(points), m_rows(rows), m_dims(dims), m_progress(progress), m_order(rows) {
    std::iota(m_order.begin(), m_order.end(), 0u);
    if (rows > 0) {
        m_nodes.reserve(2 * (rows / kLeafSize + 1));
        build(0, static_cast<std::uint32_t>(rows));
    }
    if (progress) progress->check();
}

std::uint32_t KdTree::build(std::uint32_t begin, std::uint32_t end) {
    const auto id = static_cast<std::uint32_t>(m_nodes.size());
    m_nodes.push_back({begin, end});
    std::uint32_t minRow = *std::min_element(m_order.begin() + begin, m_order.begin() + end);
    // Cancelled: the rest is left as leaves, and the constructor throws.
    if (end - begin > kLeafSize && !(m_progress && m_progress->isCancelled())) {
        // The widest axis keeps cells compact on clustered layouts (t-SNE's are).
        int axis = 0;
        float widest = -1;
        for (std::size_t a = 0; a < m_dims; ++a) {
            float lo = std::numeric_limits<float>::max(), hi = std::numeric_limits<float>::lowest();
            for (std::uint32_t i = begin; i < end; ++i) {
                const float v = m_points[m_order[i] * m_dims + a];
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
            if (hi - lo > widest) widest = hi - lo, axis = static_cast<int>(a);
        }
        const std::uint32_t mid = begin + (end - begin) / 2;
        auto before = [&](std::uint32_t p, std::uint32_t q) {
            const float a = m_points[p * m_dims + axis], b = m_points[q * m_dims + axis];
            return a < b || (a == b && p < q);
        };
        std::nth_element(m_order.begin() + begin, m_order.begin() + mid, m_order.begin() + end,
                         before);
        const float split = m_points[m_order[mid] * m_dims + axis];
        const std::uint32_t left = build(begin, mid);
        const std::uint32_t right = build(mid, end);
        Node& n = m_nodes[id];
        n.axis = axis;
        n.split = split;
        n.left = left;
        n.right = right;
    }
    m_nodes[id].minRow = minRow;
    return id;
}

double squaredDistance(const float* a, const float* b, std::size_t dims) {
    double s = 0;
    for (std::size_t j = 0; j < dims; ++j) {
        const double d = double(a[j]) - b[j];
        s += d * d;
    }
    return s;
}

double KdTree::squaredDistance(std::size_t a, std::size_t b) const {
    return detail::squaredDistance(m_points + a * m_dims, m_points + b * m_dims, m_dims);
}

void KdTree::nearest(std::size_t row, std::size_t k,
                     std::vector<std::pair<double, std::uint32_t>>& out) const {
    out.clear();
    k = std::min(k, m_rows > 0 ? m_rows - 1 : 0);
    if (k == 0) return;
    out.reserve(k + 1);
    search(0, row, k, out);  // out is a max-heap by (distance, row) while searching
    std::sort_heap(out.begin(), out.end());
}

void KdTree::search(std::uint32_t id, std::size_t row, std::size_t k,
                    std::vector<std::pair<double, std::uint32_t>>& heap) const {
    const Node& n = m_nodes[id];
    if (n.left == 0) {
        for (std::uint32_t i = n.begin; i < n.end; ++i) {
            const std::uint32_t p = m_order[i];
            if (p == row) continue;
            const std::pair<double, std::uint32_t> c{squaredDistance(row, p), p};
            if (heap.size() < k) {
                heap.push_back(c);
                std::push_heap(heap.begin(), heap.end());
            } else if (c < heap.front()) {
                std::pop_heap(heap.begin(), heap.end());
                heap.back() = c;
                std::push_heap(heap.begin(), heap.end());
            }
        }
        return;
    }
    // Left holds coordinates ≤ split, right ≥ split: the far side is at least |q − split| away.
    const double diff = double(m_points[row * m_dims + n.axis]) - n.split;
    const std::uint32_t nearSide = diff < 0 ? n.left : n.right;
    const std::uint32_t farSide = diff < 0 ? n.right : n.left;
    search(nearSide, row, k, heap);
    const double bound = diff * diff;
    if (heap.size() < k || bound < heap.front().first ||
        (bound == heap.front().first && m_nodes[farSide].minRow < heap.front().second))
        search(farSide, row, k, heap);
}

}  // namespace embedscope::detail
