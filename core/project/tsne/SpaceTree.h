#pragma once
// A quadtree (D = 2) or octree (D = 3) over the current layout for the Barnes-Hut repulsion,
// built into flat arrays (no allocation per node, points stored contiguously in tree order so a
// node's points are one slice of the coordinate columns) and refitted to the layout's next steps
// until it has grown too loose.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace embedscope::tsne_detail {

template <int D>
class SpaceTree {
public:
    struct Node {
        std::array<float, D> centre;   ///< centre of mass of the node's points
        float size = 0;                ///< longest side of the points' bounding box
        std::uint32_t count = 0;       ///< points below this node
        std::uint32_t begin = 0;       ///< first point, in tree order
        std::uint32_t firstChild = 0;  ///< children are contiguous; 0 children = leaf
        std::uint32_t children = 0;
    };

    /// groupSize points at most share one interaction list (see BarnesHut.cpp), unless they are
    /// one leaf; 128 was the fastest measured for 2-D and 3-D layouts of 2 000 – 20 000 points at
    /// θ = 0.5, and larger groups are also more accurate (their acceptance test is stricter).
    static constexpr std::uint32_t kGroupSize = 128;

    static constexpr int kMaxDepth = 40;

    /// Points [begin, begin + count) in tree order.
    struct Group {
        std::uint32_t begin = 0, count = 0;
    };

    explicit SpaceTree(std::uint32_t groupSize = kGroupSize) : m_groupSize(groupSize) {}

    /// y: n × D row-major. A leaf holds at most leafSize points unless they are all identical
    /// or the depth limit is reached (then it holds them all).
    void build(const float* y, std::size_t n, std::uint32_t leafSize);

    /// Moves the n points of the last build to their places in y, keeping the tree's shape: its
    /// nodes, their points and the groups stay, each node's centre of mass and size are
    /// recomputed from its points. A few times cheaper than build, and as exact for Barnes-Hut,
    /// whose test reads the current size and centre; only looser cells cost it more work.
    /// Returns false, and the tree must then be built, when there is no tree of n points or
    /// when it has grown looser than maxLooseness times its looseness when built (Σ size over
    /// the nodes / the root's size: cells that overlap as their points drift apart).
    bool refit(const float* y, std::size_t n, double maxLooseness);

    const std::vector<Node>& nodes() const { return m_nodes; }
    /// The nodes' fields as float columns, node k at index k, for tests of several nodes at
    /// once (masked vector loads: lanes past the end are not read): a < D the centre's
    /// coordinate a, then size and count.
    const float* nodeColumn(int a) const { return m_nodeColumns[std::size_t(a)].data(); }
    static constexpr int kSizeColumn = D, kCountColumn = D + 1;
    /// The points in groups of nearby ones: runs of sibling nodes that hold at most groupSize
    /// points together (a node of more is split into its children's runs; a leaf of more is one
    /// group). Every point is in exactly one group. Merging siblings matters: in 3-D a node just
    /// over the limit has eight children of an eighth each, and groups of single nodes averaged
    /// 30 points where 128 were allowed (a 3-D layout of 100 000 points; runs average 77–88).
    const std::vector<Group>& groups() const { return m_groups; }
    /// Coordinate a of the point at tree position p.
    const float* column(int a) const { return m_columns[a].data(); }
    /// The original index of the point at tree position p.
    const std::vector<std::uint32_t>& order() const { return m_order; }

private:
    /// Nodes under construction: the top of the tree, or one subtree built by a thread of its
    /// own (then spliced in, so the tree is the same for any thread count).
    struct Part {
        std::vector<Node> nodes;
    };
    /// A node at kParallelDepth that still has to be split.
    struct Pending {
        std::uint32_t index, begin, end;
        int depth;
        std::array<float, D> mid;
    };
    static constexpr int kParallelDepth = 2;

    /// Fills node index of part from points [begin, end), then splits it, unless it is a leaf
    /// or (pending given) it lies at kParallelDepth: then it is queued there.
    void buildNode(Part& part, std::uint32_t index, std::uint32_t begin, std::uint32_t end,
                   int depth, std::vector<Pending>* pending);
    void split(Part& part, std::uint32_t index, std::uint32_t begin, std::uint32_t end, int depth,
               const std::array<float, D>& mid, std::vector<Pending>* pending);
    /// Appends the groups of node index's points (see groups()).
    void collectGroups(std::uint32_t index);
    /// Bounds and centre of mass of points [begin, end) into node.
    void measure(Node& node, std::uint32_t begin, std::uint32_t end, std::array<float, D>& lo,
                 std::array<float, D>& hi) const;
    double looseness() const;
    void fillNodeColumns();

    std::uint32_t m_leafSize = 16, m_groupSize;
    std::vector<Node> m_nodes;
    std::vector<Group> m_groups;
    std::vector<std::uint32_t> m_order, m_scratchOrder;
    std::array<std::vector<float>, D> m_columns, m_scratch;
    std::vector<std::uint8_t> m_child;
    std::vector<Pending> m_pending;
    std::vector<Part> m_parts;
    std::vector<std::uint32_t> m_leaves;
    std::array<std::vector<float>, D + 2> m_nodeColumns;
    std::vector<std::array<float, D>> m_lo, m_hi;  ///< refit's bounds per node
    double m_builtLooseness = 0;
};

extern template class SpaceTree<2>;
extern template class SpaceTree<3>;

}  // namespace embedscope::tsne_detail
