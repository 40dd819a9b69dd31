#pragma once
// Internal to the core: exact k-nearest neighbours among the points of a low-dimensional layout.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "../Progress.h"

namespace embedscope::detail {

/// Squared Euclidean distance in double, summed in coordinate order (deterministic).
double squaredDistance(const float* a, const float* b, std::size_t dims);

/// A k-d tree over N points of dimension D (meant for 2-D/3-D layouts; correct for any D).
/// Split on the widest axis at the median, leaves of up to 16 points: building is O(N log N),
/// a query O(log N + k) on spread-out points. Distances are squared Euclidean in double from the
/// float coordinates; ties go to the lower row, so results are exact and deterministic.
class KdTree {
public:
    /// Keeps points (row-major N × D): it must outlive the tree. With progress, a cancel stops
    /// the build (a second or more at a million points) and throws Cancelled.
    KdTree(const float* points, std::size_t rows, std::size_t dims,
           const Progress* progress = nullptr);

    /// The k nearest points of point `row` (itself excluded) as (squared distance, row), nearest
    /// first. k is capped at N − 1. out is reused.
    void nearest(std::size_t row, std::size_t k,
                 std::vector<std::pair<double, std::uint32_t>>& out) const;

    double squaredDistance(std::size_t a, std::size_t b) const;

private:
    struct Node {
        std::uint32_t begin, end;           // the node's points: m_order[begin, end)
        std::uint32_t left = 0, right = 0;  // children (0: a leaf; node 0 is the root)
        std::uint32_t minRow = 0;  // the lowest row below: decides ties at the pruning bound
        int axis = 0;
        float split = 0;
    };
    std::uint32_t build(std::uint32_t begin, std::uint32_t end);
    void search(std::uint32_t node, std::size_t row, std::size_t k,
                std::vector<std::pair<double, std::uint32_t>>& heap) const;

    const float* m_points;
    std::size_t m_rows, m_dims;
    const Progress* m_progress;
    std::vector<std::uint32_t> m_order;
    std::vector<Node> m_nodes;
};

}  // namespace embedscope::detail
