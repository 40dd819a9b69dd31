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
// walking the tree for every point. The tree is refitted rather than built while the layout
// moves little (RefitPolicy).
//
// The opening test knows the kernel's length scale. The classic size / distance < θ is made for
// kernels without one (gravity's 1/d); t-SNE's w = (1 + d²/α)^-α is nearly flat within a unit of
// a point, so a node's centre of mass stands in for its points there as well as at distance
// size / θ, and the test opened every small cell of a dense region for nothing. The monopole's
// error follows w''/w, which is −2 at d = 0 for every α and falls as 2α(2α+1)/d² far off, so
// a node is accepted when size² < θ²·(d² + κ): the classic test far away, cells up to θ√κ wide
// accepted up close. κ = kKernelScale; at κ 0.25 one evaluation of a compact layout (early
// exaggeration, 100 000 points in 3-D) takes 2-3 ms instead of 17, with the same final KL and
// recall (README). κ does not grow with α: as κα, α 8 took cells a unit wide and Z was 2% off.
#include "Omp.h"

#include <algorithm>
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

/// Float columns that keep their storage from one group to the next and grow by appending
/// without std::vector's insert machinery (which took about 5% of a 3-D evaluation).
template <int C>
struct Columns {
    std::vector<float> c[C];
    std::size_t size = 0;
    /// Room for more entries at the end; returns the index of the first.
    std::size_t grow(std::size_t more) {
        const std::size_t at = size;
        size += more;
        if (size > c[0].size())
            for (auto& column : c) column.resize(std::max(2 * size, std::size_t(256)));
        return at;
    }
};

#if defined(__AVX512F__)
/// Sixteen entries of an interaction list (those in mask k; the rest read nothing and add
/// nothing) for the point (x, y, z), added to the accumulators: the Cauchy kernel's force
/// Σ w_j² (p − c_j) · weight_j and sum Σ w_j · weight_j. w = 1/(1 + d²) is the 14-bit
/// reciprocal, relative error below 6.1e-5: two orders under the opening angle's own error
/// (1e-2 at θ 0.7), and a Newton step to refine it cost a fifth of the loop.
template <int D, bool Weighted>
inline void cauchyChunk(__m512 x, __m512 y, __m512 z, const float* lx, const float* ly,
                        const float* lz, const float* lw, __mmask16 k, __m512& ax, __m512& ay,
                        __m512& az, __m512& as) {
    const __m512 one = _mm512_set1_ps(1.0f);
    const __m512 dx = _mm512_sub_ps(x, _mm512_maskz_loadu_ps(k, lx));
    const __m512 dy = _mm512_sub_ps(y, _mm512_maskz_loadu_ps(k, ly));
    __m512 q = _mm512_fmadd_ps(dx, dx, one);
    q = _mm512_fmadd_ps(dy, dy, q);
    __m512 dz = _mm512_setzero_ps();
    if constexpr (D == 3) {
        dz = _mm512_sub_ps(z, _mm512_maskz_loadu_ps(k, lz));
        q = _mm512_fmadd_ps(dz, dz, q);
    }
    __m512 w = _mm512_maskz_rcp14_ps(k, q);
    __m512 r;
    if constexpr (Weighted) {
        const __m512 ww = _mm512_mul_ps(w, _mm512_maskz_loadu_ps(k, lw));
        r = _mm512_mul_ps(ww, w);
        w = ww;
    } else {
        r = _mm512_mul_ps(w, w);
    }
    as = _mm512_add_ps(as, w);
    ax = _mm512_fmadd_ps(r, dx, ax);
    ay = _mm512_fmadd_ps(r, dy, ay);
    if constexpr (D == 3) az = _mm512_fmadd_ps(r, dz, az);
}

template <int D, bool Weighted>
inline void cauchyList(__m512 x, __m512 y, __m512 z, const float* lx, const float* ly,
                       const float* lz, const float* lw, std::size_t m, __m512& ax, __m512& ay,
                       __m512& az, __m512& as) {
    std::size_t j = 0;
    for (; j + 16 <= m; j += 16)
        cauchyChunk<D, Weighted>(x, y, z, lx + j, ly + j, lz + j, Weighted ? lw + j : nullptr,
                                 0xFFFF, ax, ay, az, as);
    if (j < m)
        cauchyChunk<D, Weighted>(x, y, z, lx + j, ly + j, lz + j, Weighted ? lw + j : nullptr,
                                 __mmask16((1u << (m - j)) - 1), ax, ay, az, as);
}

/// Not _mm512_reduce_add_ps: in GCC 12 it warns of an uninitialised register.
inline float total(__m512 v) {
    alignas(64) float t[16];
    _mm512_store_ps(t, v);
    float s = 0;
    for (float f : t) s += f;
    return s;
}
#endif

template <int D>
class BarnesHutRepulsion final : public Repulsion {
public:
    BarnesHutRepulsion(double alpha, double theta, std::uint32_t leafSize, std::uint32_t groupSize,
                       double kernelScale)
        : m_alpha(float(alpha)),
          m_theta(float(theta)),
          m_near(float(kernelScale)),
          m_leafSize(leafSize),
          m_tree(groupSize) {}

    double compute(const float* y, std::size_t n, float* force) override {
        const std::uint32_t leaf = m_leafSize ? m_leafSize : n < 8000 ? 32 : 16;
        const bool refitted =
            m_refit.mayRefit() && m_tree.refit(y, n, RefitPolicy::kMaxLooseness);
        if (!refitted) m_tree.build(y, n, leaf);
        m_z.assign(n, 0.0);
        const std::size_t work = m_alpha == 1.0f ? run<true>(force) : run<false>(force);
        m_refit.evaluated(refitted, work);
        double z = 0;
        for (std::size_t i = 0; i < n; ++i) z += m_z[i];
        return z;
    }

private:
    /// When to refit the tree to the moved layout rather than build it. A step moves the
    /// points little once t-SNE has settled, and a refit costs a fraction of a build (4.4 ms of
    /// a 17 ms evaluation at 100 000 points in 3-D); but cells the points have drifted out of
    /// open more nodes, and in early exaggeration, where points move fast, one refit cost 2-4
    /// builds. So the tree is built again when it has grown looser than kMaxLooseness times its
    /// build (SpaceTree::refit) or when an evaluation on it needed more than kMaxWork times the
    /// interactions of the last one on a fresh tree, and at least every kMaxRefits steps. After
    /// a refit that cost too much, the next refit waits 1, 2, 4 … up to kMaxBackoff steps. All
    /// of it counts interactions, not time: the same layouts give the same choices on any
    /// machine and any number of threads.
    struct RefitPolicy {
        static constexpr double kMaxLooseness = 1.1, kMaxWork = 1.1;
        static constexpr std::size_t kMaxRefits = 10, kMaxBackoff = 32;
        std::size_t builtWork = 0, refits = 0, wait = 0, backoff = 0;
        bool rebuild = false;

        bool mayRefit() const { return wait == 0 && !rebuild && refits < kMaxRefits; }
        void evaluated(bool refitted, std::size_t work) {
            if (!refitted) {
                builtWork = work;
                refits = 0;
                wait -= wait > 0 ? 1 : 0;
                rebuild = false;
                return;
            }
            ++refits;
            rebuild = double(work) > kMaxWork * double(builtWork);
            if (rebuild) {
                backoff = std::min(std::max<std::size_t>(1, 2 * backoff), kMaxBackoff);
                wait = backoff;
            } else {
                backoff = 0;
            }
        }
    };

    /// What a group interacts with: accepted nodes (centre and point count, the weight) and
    /// the points of opened leaves, kept apart so the points need no weight of 1 each.
    struct List {
        Columns<D + 1> nodes;
        Columns<D> points;
        void clear() {
            nodes.size = 0;
            points.size = 0;
        }
        void addNode(const float* centre, float count) {
            const std::size_t at = nodes.grow(1);
            for (int a = 0; a < D; ++a) nodes.c[a][at] = centre[a];
            nodes.c[D][at] = count;
        }
        /// count points from tree position begin on.
        void addPoints(const SpaceTree<D>& tree, std::uint32_t begin, std::uint32_t count) {
            const std::size_t at = points.grow(count);
            for (int a = 0; a < D; ++a)
                std::copy(tree.column(a) + begin, tree.column(a) + begin + count,
                          points.c[a].data() + at);
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
        list.clear();
        stack.clear();
        // The root holds the group, so it is never accepted; each node taken off the stack was
        // opened, and its children are tested together.
        if (nodes[0].children == 0) {
            list.addPoints(m_tree, nodes[0].begin, nodes[0].count);
            return;
        }
        stack.push_back(0);
        while (!stack.empty()) {
            const auto& node = nodes[stack.back()];
            stack.pop_back();
            openNode(g, node.firstChild, node.children, list, stack);
        }
    }

    /// Tests children [first, first + count) of an opened node against group g: an accepted
    /// one joins the list as one entry, an opened leaf adds its points, an opened inner node
    /// goes on the stack. The same lists in the same order either way.
    void openNode(const GroupShape& g, std::uint32_t first, std::uint32_t count, List& list,
                  std::vector<std::uint32_t>& stack) const {
        const float theta2 = m_theta * m_theta;
        const auto& nodes = m_tree.nodes();
#if defined(__AVX512F__)
        static_assert((1 << D) <= 16, "one vector holds all children");
        const __mmask16 all = __mmask16((1u << count) - 1);
        __m512 c[D];
        __m512 d2 = _mm512_set1_ps(m_near);
        for (int a = 0; a < D; ++a) {
            c[a] = _mm512_maskz_loadu_ps(all, m_tree.nodeColumn(a) + first);
            // Masked forms: the plain _mm512_max_ps makes GCC 12 warn of an uninitialised
            // register, as rcp14 does.
            const __m512 out = _mm512_maskz_max_ps(
                all,
                _mm512_maskz_max_ps(all, _mm512_sub_ps(_mm512_set1_ps(g.lo[a]), c[a]),
                                    _mm512_sub_ps(c[a], _mm512_set1_ps(g.hi[a]))),
                _mm512_setzero_ps());
            d2 = _mm512_fmadd_ps(out, out, d2);
        }
        const __m512 size =
            _mm512_maskz_loadu_ps(all, m_tree.nodeColumn(SpaceTree<D>::kSizeColumn) + first);
        const __mmask16 accepted = _mm512_mask_cmp_ps_mask(
            all, _mm512_mul_ps(size, size), _mm512_mul_ps(_mm512_set1_ps(theta2), d2), _CMP_LT_OQ);
        if (accepted) {
            const int taken = __builtin_popcount(accepted);
            const std::size_t at = list.nodes.grow(std::size_t(taken));
            for (int a = 0; a < D; ++a)
                _mm512_mask_compressstoreu_ps(list.nodes.c[a].data() + at, accepted, c[a]);
            _mm512_mask_compressstoreu_ps(
                list.nodes.c[D].data() + at, accepted,
                _mm512_maskz_loadu_ps(all, m_tree.nodeColumn(SpaceTree<D>::kCountColumn) + first));
        }
        for (unsigned rest = all & ~accepted; rest; rest &= rest - 1) {
            const std::uint32_t k = first + std::uint32_t(__builtin_ctz(rest));
            if (nodes[k].children == 0)
                list.addPoints(m_tree, nodes[k].begin, nodes[k].count);
            else
                stack.push_back(k);
        }
#else
        for (std::uint32_t k = first; k < first + count; ++k) {
            const auto& node = nodes[k];
            float d2 = m_near;
            for (int a = 0; a < D; ++a) {
                const float out =
                    std::max({0.0f, g.lo[a] - node.centre[a], node.centre[a] - g.hi[a]});
                d2 += out * out;
            }
            if (node.size * node.size < theta2 * d2)
                list.addNode(node.centre.data(), float(node.count));
            else if (node.children == 0)
                list.addPoints(m_tree, node.begin, node.count);
            else
                stack.push_back(k);
        }
#endif
    }

    /// The forces and the Z share that list gives the point p (D coordinates).
    template <bool Cauchy>
    static void listSums(const float* p, const List& list, float alpha, float* f, float& sum) {
        const auto& nodes = list.nodes;
        const auto& points = list.points;
#if defined(__AVX512F__)
        if constexpr (Cauchy) {
            const __m512 x = _mm512_set1_ps(p[0]), y = _mm512_set1_ps(p[1]);
            const __m512 z = _mm512_set1_ps(D == 3 ? p[D - 1] : 0.0f);
            __m512 ax = _mm512_setzero_ps(), ay = ax, az = ax, as = ax;
            cauchyList<D, true>(x, y, z, nodes.c[0].data(), nodes.c[1].data(),
                                nodes.c[D - 1].data(), nodes.c[D].data(), nodes.size, ax, ay, az,
                                as);
            cauchyList<D, false>(x, y, z, points.c[0].data(), points.c[1].data(),
                                 points.c[D - 1].data(), nullptr, points.size, ax, ay, az, as);
            f[0] = total(ax);
            f[1] = total(ay);
            if constexpr (D == 3) f[2] = total(az);
            sum = total(as);
            return;
        }
#endif
        sum = 0;
        for (int a = 0; a < D; ++a) f[a] = 0;
        portableSums<Cauchy, true>(p, nodes.c[0].data(), nodes.c[1].data(), nodes.c[D - 1].data(),
                                   nodes.c[D].data(), nodes.size, alpha, f, sum);
        portableSums<Cauchy, false>(p, points.c[0].data(), points.c[1].data(),
                                    points.c[D - 1].data(), nullptr, points.size, alpha, f, sum);
    }

    /// listSums without AVX-512: m entries added to f and sum, each of weight lw[j] (Weighted)
    /// or 1.
    template <bool Cauchy, bool Weighted>
    static void portableSums(const float* p, const float* lx, const float* ly, const float* lz,
                             const float* lw, std::size_t m, float alpha, float* f, float& sum) {
        const float px = p[0], py = p[1], pz = D == 3 ? p[D - 1] : 0.0f;
        float fx = 0, fy = 0, fz = 0, s = 0;
#pragma omp simd reduction(+ : fx, fy, fz, s)
        for (std::size_t j = 0; j < m; ++j) {
            const float dx = px - lx[j], dy = py - ly[j];
            const float dz = D == 3 ? pz - lz[j] : 0.0f;
            float w, r;
            kernel<Cauchy>(dx * dx + dy * dy + dz * dz, alpha, w, r);
            if constexpr (Weighted) {
                w *= lw[j];
                r *= lw[j];
            }
            s += w;
            fx += r * dx;
            fy += r * dy;
            fz += r * dz;
        }
        f[0] += fx;
        f[1] += fy;
        if constexpr (D == 3) f[2] += fz;
        sum += s;
    }

    template <bool Cauchy>
    std::size_t run(float* force) {
        std::size_t work = 0;
        const auto& groups = m_tree.groups();
        const auto& order = m_tree.order();
        const float alpha = m_alpha;
        const std::ptrdiff_t count = std::ptrdiff_t(groups.size());
#pragma omp parallel reduction(+ : work)
        {
            List list;
            std::vector<std::uint32_t> stack;
#pragma omp for schedule(dynamic, 1)
            for (std::ptrdiff_t gi = 0; gi < count; ++gi) {
                const GroupShape group = shape(groups[std::size_t(gi)]);
                interactions(group, list, stack);
                work += (group.end - group.begin) * (list.nodes.size + list.points.size);
                for (std::uint32_t p = group.begin; p < group.end; ++p) {
                    float point[D], f[D], sum = 0;
                    for (int a = 0; a < D; ++a) point[a] = m_tree.column(a)[p];
                    listSums<Cauchy>(point, list, alpha, f, sum);
                    const std::uint32_t i = order[p];
                    for (int a = 0; a < D; ++a) force[std::size_t(i) * D + a] = f[a];
                    m_z[i] = double(sum) - 1.0;
                }
            }
        }
        return work;
    }

    float m_alpha, m_theta;
    float m_near;  // κ: added to d² in the opening test (see the top of this file)
    std::uint32_t m_leafSize;  // 0: by N (measured: larger leaves pay off for small N)
    SpaceTree<D> m_tree;
    std::vector<double> m_z;
    RefitPolicy m_refit;
};

}  // namespace

std::unique_ptr<Repulsion> makeBarnesHutRepulsion(std::size_t dims, double alpha, double theta) {
    return tsne_detail::makeBarnesHutRepulsion(dims, alpha, theta, 0, SpaceTree<2>::kGroupSize);
}

std::unique_ptr<Repulsion> tsne_detail::makeBarnesHutRepulsion(std::size_t dims, double alpha,
                                                               double theta, std::uint32_t leafSize,
                                                               std::uint32_t groupSize,
                                                               double kernelScale) {
    if (!(theta >= 0)) throw Error("theta must be 0 or more");
    if (groupSize < 1) throw Error("the tree's group size must be positive");
    if (!(kernelScale >= 0)) throw Error("the kernel scale term must be 0 or more");
    if (dims == 2)
        return std::make_unique<BarnesHutRepulsion<2>>(alpha, theta, leafSize, groupSize,
                                                       kernelScale);
    if (dims == 3)
        return std::make_unique<BarnesHutRepulsion<3>>(alpha, theta, leafSize, groupSize,
                                                       kernelScale);
    throw Error("t-SNE lays out in 2 or 3 dimensions");
}

}  // namespace embedscope
