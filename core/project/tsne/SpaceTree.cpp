#include "SpaceTree.h"

#include <algorithm>

namespace embedscope::tsne_detail {

template <int D>
void SpaceTree<D>::build(const float* y, std::size_t n, std::uint32_t leafSize) {
    m_leafSize = std::max<std::uint32_t>(leafSize, 1);
    m_nodes.clear();
    m_groups.clear();
    m_order.resize(n);
    m_scratchOrder.resize(n);
    m_child.resize(n);
    for (int a = 0; a < D; ++a) {
        m_columns[a].resize(n);
        m_scratch[a].resize(n);
    }
    for (std::size_t i = 0; i < n; ++i) {
        m_order[i] = std::uint32_t(i);
        for (int a = 0; a < D; ++a) m_columns[a][i] = y[i * D + a];
    }
    if (n == 0) return;

    // The top levels on this thread, the subtrees below them in parallel, then spliced together
    // in a fixed order: the nodes and groups come out the same for any number of threads.
    Part top;
    top.nodes.reserve(64);
    top.nodes.emplace_back();
    m_pending.clear();
    buildNode(top, 0, 0, std::uint32_t(n), 0, &m_pending);
    m_parts.resize(m_pending.size());
    const std::ptrdiff_t pending = std::ptrdiff_t(m_pending.size());
#pragma omp parallel for schedule(dynamic, 1)
    for (std::ptrdiff_t k = 0; k < pending; ++k) {
        const Pending& p = m_pending[std::size_t(k)];
        Part& part = m_parts[std::size_t(k)];
        part.nodes.clear();
        part.nodes.push_back(top.nodes[p.index]);
        split(part, 0, p.begin, p.end, p.depth, p.mid, nullptr);
    }

    m_nodes = std::move(top.nodes);
    for (std::size_t k = 0; k < m_pending.size(); ++k) {
        const Part& part = m_parts[k];
        const std::uint32_t root = m_pending[k].index;
        const std::uint32_t base =
            std::uint32_t(m_nodes.size()) - 1;  // local node j ≥ 1 → base + j
        auto global = [&](std::uint32_t local) { return local == 0 ? root : base + local; };
        m_nodes[root].firstChild = global(part.nodes[0].firstChild);
        m_nodes[root].children = part.nodes[0].children;
        for (std::size_t j = 1; j < part.nodes.size(); ++j) {
            Node node = part.nodes[j];
            if (node.children) node.firstChild = global(node.firstChild);
            m_nodes.push_back(node);
        }
    }
    collectGroups(0);
    m_leaves.clear();
    for (std::uint32_t k = 0; k < m_nodes.size(); ++k)
        if (m_nodes[k].children == 0) m_leaves.push_back(k);
    m_builtLooseness = looseness();
    fillNodeColumns();
}

template <int D>
void SpaceTree<D>::fillNodeColumns() {
    for (auto& column : m_nodeColumns) column.resize(m_nodes.size());
    for (std::size_t k = 0; k < m_nodes.size(); ++k) {
        const Node& node = m_nodes[k];
        for (int a = 0; a < D; ++a) m_nodeColumns[a][k] = node.centre[a];
        m_nodeColumns[kSizeColumn][k] = node.size;
        m_nodeColumns[kCountColumn][k] = float(node.count);
    }
}

template <int D>
double SpaceTree<D>::looseness() const {
    double total = 0;
    for (const Node& node : m_nodes) total += node.size;
    return m_nodes[0].size > 0 ? total / m_nodes[0].size : 0;
}

template <int D>
bool SpaceTree<D>::refit(const float* y, std::size_t n, double maxLooseness) {
    if (m_nodes.empty() || n != m_order.size()) return false;
    const std::ptrdiff_t count = std::ptrdiff_t(n), leaves = std::ptrdiff_t(m_leaves.size());
    m_lo.resize(m_nodes.size());
    m_hi.resize(m_nodes.size());
#pragma omp parallel
    {
#pragma omp for schedule(static)
        for (std::ptrdiff_t p = 0; p < count; ++p)
            for (int a = 0; a < D; ++a)
                m_columns[a][std::size_t(p)] = y[std::size_t(m_order[std::size_t(p)]) * D + a];
#pragma omp for schedule(static)
        for (std::ptrdiff_t k = 0; k < leaves; ++k) {
            const std::uint32_t leaf = m_leaves[std::size_t(k)];
            Node& node = m_nodes[leaf];
            measure(node, node.begin, node.begin + node.count, m_lo[leaf], m_hi[leaf]);
        }
    }
    // Children come after their parent: from the last node back, each parent's children are
    // done before it.
    for (std::size_t k = m_nodes.size(); k-- > 0;) {
        Node& node = m_nodes[k];
        if (node.children == 0) continue;
        std::array<double, D> sum{};
        std::array<float, D> lo = m_lo[node.firstChild], hi = m_hi[node.firstChild];
        for (std::uint32_t c = node.firstChild; c < node.firstChild + node.children; ++c) {
            for (int a = 0; a < D; ++a) {
                lo[a] = std::min(lo[a], m_lo[c][a]);
                hi[a] = std::max(hi[a], m_hi[c][a]);
                sum[a] += double(m_nodes[c].centre[a]) * m_nodes[c].count;
            }
        }
        node.size = 0;
        for (int a = 0; a < D; ++a) {
            node.centre[a] = float(sum[a] / node.count);
            node.size = std::max(node.size, hi[a] - lo[a]);
        }
        m_lo[k] = lo;
        m_hi[k] = hi;
    }
    fillNodeColumns();
    // NaN fails the test too: a diverged layout is built again, and says so there.
    return m_builtLooseness > 0 && looseness() <= maxLooseness * m_builtLooseness;
}

template <int D>
void SpaceTree<D>::measure(Node& node, std::uint32_t begin, std::uint32_t end,
                           std::array<float, D>& lo, std::array<float, D>& hi) const {
    const std::uint32_t count = end - begin;
    float size = 0;
    for (int a = 0; a < D; ++a) {
        const float* c = m_columns[a].data();
        float low = c[begin], high = c[begin], total = 0;
#pragma omp simd reduction(min : low) reduction(max : high) reduction(+ : total)
        for (std::uint32_t p = begin; p < end; ++p) {
            const float v = c[p];
            low = v < low ? v : low;
            high = v > high ? v : high;
            total += v;
        }
        lo[a] = low;
        hi[a] = high;
        node.centre[a] = float(double(total) / count);
        size = std::max(size, high - low);
    }
    node.size = size;
}

template <int D>
void SpaceTree<D>::collectGroups(std::uint32_t index) {
    const Node& node = m_nodes[index];
    if (node.count <= m_groupSize || node.children == 0) {
        m_groups.push_back({node.begin, node.count});
        return;
    }
    Group run{node.begin, 0};  // children are contiguous in tree order, so a run is too
    auto flush = [&] {
        if (run.count) m_groups.push_back(run);
    };
    for (std::uint32_t c = node.firstChild; c < node.firstChild + node.children; ++c) {
        const Node& child = m_nodes[c];
        if (child.count > m_groupSize) {
            flush();
            collectGroups(c);
            run = {child.begin + child.count, 0};
        } else if (run.count + child.count > m_groupSize) {
            flush();
            run = {child.begin, child.count};
        } else {
            run.count += child.count;
        }
    }
    flush();
}

template <int D>
void SpaceTree<D>::buildNode(Part& part, std::uint32_t index, std::uint32_t begin,
                             std::uint32_t end, int depth, std::vector<Pending>* pending) {
    const std::uint32_t count = end - begin;
    std::array<float, D> lo, hi;
    float size;
    {
        Node& node = part.nodes[index];
        measure(node, begin, end, lo, hi);
        size = node.size;
        node.count = count;
        node.begin = begin;
        node.firstChild = 0;
        node.children = 0;
    }
    if (count <= m_leafSize || size == 0 || depth >= kMaxDepth) return;
    std::array<float, D> mid;  // split at the middle of the bounding box
    for (int a = 0; a < D; ++a) mid[a] = lo[a] + (hi[a] - lo[a]) * 0.5f;
    if (pending && depth == kParallelDepth) {
        pending->push_back({index, begin, end, depth, mid});
        return;
    }
    split(part, index, begin, end, depth, mid, pending);
}

template <int D>
void SpaceTree<D>::split(Part& part, std::uint32_t index, std::uint32_t begin, std::uint32_t end,
                         int depth, const std::array<float, D>& mid,
                         std::vector<Pending>* pending) {
    // Into 2^D cells, by a counting sort that keeps the order within each cell.
    constexpr int cells = 1 << D;
    std::array<std::uint32_t, cells + 1> start{};
    for (std::uint32_t p = begin; p < end; ++p) {
        int cell = 0;
        for (int a = 0; a < D; ++a) cell |= (m_columns[a][p] > mid[a] ? 1 : 0) << a;
        m_child[p] = std::uint8_t(cell);
        ++start[cell + 1];
    }
    for (int c = 0; c < cells; ++c) start[c + 1] += start[c];
    std::array<std::uint32_t, cells> fill;
    for (int c = 0; c < cells; ++c) fill[c] = begin + start[c];
    for (std::uint32_t p = begin; p < end; ++p) {
        const std::uint32_t to = fill[m_child[p]]++;
        m_scratchOrder[to] = m_order[p];
        for (int a = 0; a < D; ++a) m_scratch[a][to] = m_columns[a][p];
    }
    std::copy(m_scratchOrder.begin() + begin, m_scratchOrder.begin() + end,
              m_order.begin() + begin);
    for (int a = 0; a < D; ++a)
        std::copy(m_scratch[a].begin() + begin, m_scratch[a].begin() + end,
                  m_columns[a].begin() + begin);

    std::uint32_t children = 0;
    for (int c = 0; c < cells; ++c) children += start[c + 1] > start[c] ? 1 : 0;
    const std::uint32_t first = std::uint32_t(part.nodes.size());
    part.nodes.resize(part.nodes.size() + children);  // may reallocate: no Node& is held across
    part.nodes[index].firstChild = first;
    part.nodes[index].children = children;
    std::uint32_t slot = first;
    for (int c = 0; c < cells; ++c)
        if (start[c + 1] > start[c])
            buildNode(part, slot++, begin + start[c], begin + start[c + 1], depth + 1, pending);
}

template class SpaceTree<2>;
template class SpaceTree<3>;

}  // namespace embedscope::tsne_detail
