// Barnes-Hut repulsion (van der Maaten 2014, "Accelerating t-SNE using tree-based algorithms",
// JMLR 15:3221): a node of the tree whose points are far enough away acts as one point of weight
// count at their centre of mass.
//
// Points are handled in groups of up to kGroupSize neighbours in the tree (runs of sibling nodes,
// see SpaceTree::groups; Barnes 1990, "A modified tree code: don't laugh; it runs", J. Comput.
// Phys. 87:161): the tree is walked once per group, a node is accepted when size / distance < θ
// holds for the nearest point of the group's bounding box (so for every point of the group), and
// the resulting interaction list is then evaluated for each point of the group in a vectorised
// loop. This is at least as accurate as the per-point criterion and several times faster than
// walking the tree for every point.
#include "Omp.h"

#include <vector>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

#include "../../Error.h"
#include "Kernel.h"
#include "Repulsion.h"
#include "SpaceTree.h"

namespace embedscope {

using tsne_detail::kernel;
using tsne_detail::SpaceTree;

namespace {

#if defined(__AVX512F__)
/// The Cauchy kernel's sums over one interaction list (m a multiple of 16) for the point
/// (px, py, pz): 1/(1 + d²) from the 14-bit reciprocal and one Newton step (relative error
/// ~1e-7, as the plain reciprocal's three) in 3 instructions instead of 7.
template <int D>
void cauchyList(float px, float py, float pz, const float* lx, const float* ly, const float* lz,
                const float* lw, std::ptrdiff_t m, float& fx, float& fy, float& fz, float& sum) {
    const __m512 x = _mm512_set1_ps(px), y = _mm512_set1_ps(py), z = _mm512_set1_ps(pz);
    const __m512 one = _mm512_set1_ps(1.0f), two = _mm512_set1_ps(2.0f);
    __m512 ax = _mm512_setzero_ps(), ay = ax, az = ax, as = ax;
    for (std::ptrdiff_t j = 0; j < m; j += 16) {
        const __m512 dx = _mm512_sub_ps(x, _mm512_loadu_ps(lx + j));
        const __m512 dy = _mm512_sub_ps(y, _mm512_loadu_ps(ly + j));
        __m512 q = _mm512_fmadd_ps(dx, dx, one);
        q = _mm512_fmadd_ps(dy, dy, q);
        __m512 dz = _mm512_setzero_ps();
        if constexpr (D == 3) {
            dz = _mm512_sub_ps(z, _mm512_loadu_ps(lz + j));
            q = _mm512_fmadd_ps(dz, dz, q);
        }
        // All lanes; the unmasked form makes GCC 12 warn of an uninitialised register.
        const __m512 r0 = _mm512_maskz_rcp14_ps(0xFFFF, q);
        const __m512 w = _mm512_mul_ps(r0, _mm512_fnmadd_ps(q, r0, two));
        const __m512 weight = _mm512_loadu_ps(lw + j);
        const __m512 ww = _mm512_mul_ps(w, weight);
        as = _mm512_add_ps(as, ww);
        const __m512 r = _mm512_mul_ps(ww, w);
        ax = _mm512_fmadd_ps(r, dx, ax);
        ay = _mm512_fmadd_ps(r, dy, ay);
        if constexpr (D == 3) az = _mm512_fmadd_ps(r, dz, az);
    }
    // Not _mm512_reduce_add_ps: in GCC 12 it warns of an uninitialised register.
    const auto total = [](__m512 v) {
        alignas(64) float t[16];
        _mm512_store_ps(t, v);
        float s = 0;
        for (float f : t) s += f;
        return s;
    };
    fx = total(ax);
    fy = total(ay);
    fz = total(az);
    sum = total(as);
}
#endif

template <int D>
class BarnesHutRepulsion final : public Repulsion {
public:
    BarnesHutRepulsion(double alpha, double theta, std::uint32_t leafSize, std::uint32_t groupSize)
        : m_alpha(float(alpha)), m_theta(float(theta)), m_leafSize(leafSize), m_tree(groupSize) {}

    double compute(const float* y, std::size_t n, float* force) override {
        m_tree.build(y, n, m_leafSize ? m_leafSize : n < 8000 ? 32 : 16);
        m_z.assign(n, 0.0);
        if (m_alpha == 1.0f)
            run<true>(force);
        else
            run<false>(force);
        double z = 0;
        for (std::size_t i = 0; i < n; ++i) z += m_z[i];
        return z;
    }

private:
    static constexpr std::size_t kListPadding = 16;

    struct List {
        std::vector<float> c[D];
        std::vector<float> weight;
        void clear() {
            for (auto& v : c) v.clear();
            weight.clear();
        }
        void add(const float* point, float w) {
            for (int a = 0; a < D; ++a) c[a].push_back(point[a]);
            weight.push_back(w);
        }
        /// count points from tree position begin on, each of weight 1.
        void addPoints(const SpaceTree<D>& tree, std::uint32_t begin, std::uint32_t count) {
            for (int a = 0; a < D; ++a)
                c[a].insert(c[a].end(), tree.column(a) + begin, tree.column(a) + begin + count);
            weight.insert(weight.end(), count, 1.0f);
        }
    };

    /// A group's points and their bounding box.
    struct GroupShape {
        std::uint32_t begin, end;
        float lo[D], hi[D];
    };

    GroupShape shape(const typename SpaceTree<D>::Group& group) const {
        GroupShape g;
        g.begin = group.begin;
        g.end = group.begin + group.count;
        for (int a = 0; a < D; ++a) {
            const float* c = m_tree.column(a);
            float low = c[g.begin], high = c[g.begin];
            for (std::uint32_t p = g.begin; p < g.end; ++p) {
                low = std::min(low, c[p]);
                high = std::max(high, c[p]);
            }
            g.lo[a] = low;
            g.hi[a] = high;
        }
        return g;
    }

    /// Collects what group g interacts with: accepted nodes as (centre, count), points of opened
    /// leaves one by one (the group's own points among them: d = 0 adds w = 1 to the point's Z
    /// share, which is taken off, and nothing to its force).
    void interactions(const GroupShape& g, List& list, std::vector<std::uint32_t>& stack) const {
        const auto& nodes = m_tree.nodes();
        const float theta2 = m_theta * m_theta;
        list.clear();
        stack.clear();
        stack.push_back(0);
        while (!stack.empty()) {
            const auto& node = nodes[stack.back()];
            stack.pop_back();
            float d2 = 0;
            for (int a = 0; a < D; ++a) {
                const float out =
                    std::max({0.0f, g.lo[a] - node.centre[a], node.centre[a] - g.hi[a]});
                d2 += out * out;
            }
            if (node.size * node.size < theta2 * d2) {
                list.add(node.centre.data(), float(node.count));
            } else if (node.children == 0) {
                list.addPoints(m_tree, node.begin, node.count);
            } else {
                for (std::uint32_t c = node.children; c-- > 0;)
                    stack.push_back(node.firstChild + c);
            }
        }
        // Weightless entries up to a multiple of the vector width: no scalar remainder loop.
        const float origin[D] = {};
        while (list.weight.size() % kListPadding) list.add(origin, 0.0f);
    }

    /// The forces and the Z share that a list of m entries (a multiple of kListPadding) gives
    /// the point (px, py, pz).
    template <bool Cauchy>
    static void listSums(float px, float py, float pz, const float* lx, const float* ly,
                         const float* lz, const float* lw, std::ptrdiff_t m, float alpha,
                         float& fx, float& fy, float& fz, float& sum) {
#if defined(__AVX512F__)
        if constexpr (Cauchy) {
            static_assert(kListPadding % 16 == 0, "cauchyList reads 16 entries at a time");
            cauchyList<D>(px, py, pz, lx, ly, lz, lw, m, fx, fy, fz, sum);
            return;
        }
#endif
#pragma omp simd reduction(+ : fx, fy, fz, sum)
        for (std::ptrdiff_t j = 0; j < m; ++j) {
            const float dx = px - lx[j], dy = py - ly[j];
            const float dz = D == 3 ? pz - lz[j] : 0.0f;
            float w, r;
            kernel<Cauchy>(dx * dx + dy * dy + dz * dz, alpha, w, r);
            sum += lw[j] * w;
            r *= lw[j];
            fx += r * dx;
            fy += r * dy;
            fz += r * dz;
        }
    }

    template <bool Cauchy>
    void run(float* force) {
        const auto& groups = m_tree.groups();
        const auto& order = m_tree.order();
        const float alpha = m_alpha;
        const std::ptrdiff_t count = std::ptrdiff_t(groups.size());
#pragma omp parallel
        {
            List list;
            std::vector<std::uint32_t> stack;
#pragma omp for schedule(dynamic, 1)
            for (std::ptrdiff_t gi = 0; gi < count; ++gi) {
                const GroupShape group = shape(groups[std::size_t(gi)]);
                interactions(group, list, stack);
                const std::ptrdiff_t m = std::ptrdiff_t(list.weight.size());
                const float* lw = list.weight.data();
                const float* lx = list.c[0].data();
                const float* ly = list.c[1].data();
                const float* lz = list.c[D - 1].data();
                for (std::uint32_t p = group.begin; p < group.end; ++p) {
                    const float px = m_tree.column(0)[p], py = m_tree.column(1)[p];
                    const float pz = D == 3 ? m_tree.column(D - 1)[p] : 0.0f;
                    float fx = 0, fy = 0, fz = 0, sum = 0;
                    listSums<Cauchy>(px, py, pz, lx, ly, lz, lw, m, alpha, fx, fy, fz, sum);
                    const std::uint32_t i = order[p];
                    force[std::size_t(i) * D] = fx;
                    force[std::size_t(i) * D + 1] = fy;
                    if constexpr (D == 3) force[std::size_t(i) * D + 2] = fz;
                    m_z[i] = double(sum) - 1.0;
                }
            }
        }
    }

    float m_alpha, m_theta;
    std::uint32_t m_leafSize;  // 0: by N (measured: larger leaves pay off for small N)
    SpaceTree<D> m_tree;
    std::vector<double> m_z;
};

}  // namespace

std::unique_ptr<Repulsion> makeBarnesHutRepulsion(std::size_t dims, double alpha, double theta) {
    return tsne_detail::makeBarnesHutRepulsion(dims, alpha, theta, 0, SpaceTree<2>::kGroupSize);
}

std::unique_ptr<Repulsion> tsne_detail::makeBarnesHutRepulsion(std::size_t dims, double alpha,
                                                               double theta, std::uint32_t leafSize,
                                                               std::uint32_t groupSize) {
    if (!(theta >= 0)) throw Error("theta must be 0 or more");
    if (groupSize < 1) throw Error("the tree's group size must be positive");
    if (dims == 2)
        return std::make_unique<BarnesHutRepulsion<2>>(alpha, theta, leafSize, groupSize);
    if (dims == 3)
        return std::make_unique<BarnesHutRepulsion<3>>(alpha, theta, leafSize, groupSize);
    throw Error("t-SNE lays out in 2 or 3 dimensions");
}

}  // namespace embedscope
