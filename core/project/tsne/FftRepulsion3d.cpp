// FFT-accelerated interpolation in 3-D: the scheme of FftRepulsion.cpp (Linderman et al. 2019)
// on a 3-D grid. Written from the paper's description, extended by one axis:
//
//  - the layout's bounding cube is cut into B³ boxes with p³ interpolation nodes each (p = 3);
//  - a charge of 1 per point is spread onto the nodes with Lagrange weights, convolved by real
//    3-D FFTs of size (2Bp)³, and the potentials are read back with the same weights.
//
// Unlike the 2-D scheme, which spreads charges 1, x, y under k = w^{1+1/α} and forms the force as
// y_i·φ₁ − φ_y, this convolves the one charge with the kernels d_a·k(d) (a = x, y, z), whose sums
// Σ_j (y_i − y_j)_a k_ij are the force itself: one transform forward instead of four, four back
// (those three and w, for Z's shares) instead of five, and no cancellation between two large
// potentials.
//
// The grid's volume grows with the cube of the layout's extent, so B is capped (kMaxBoxes3d):
// beyond it the boxes grow wider than one unit and the interpolation too coarse (a layout 2.7
// boxes wide per unit gave a 37% force error in tst_tsne_parts). So it runs only within the hybrid
// (HybridRepulsion.cpp), which hands over to Barnes-Hut once the layout outgrows the cap.
//
// The grid work is FftConvolution3d's. Here: the grid's size, which steps up as the layout grows
// and down only once it has shrunk by a quarter; each point's box and Lagrange weights; the
// spreading, slab by slab over the points bucketed by box; and the read-back.
#include "Omp.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "../../FloatLanes.h"
#include "FftRepulsion3d.h"
#include "FftSupport.h"

namespace embedscope::tsne_detail {

namespace {

constexpr int kNodes = 3;  // per box and axis
constexpr int kMinBoxes = 4;

using Float4 = FloatLanes<4>;

}  // namespace

FftRepulsion3d::FftRepulsion3d(double alpha) : m_grid(alpha, kMaxBoxes3d * kNodes) {}

int FftRepulsion3d::boxesFor(double side) {
    // Written so that a NaN extent (a diverged layout) takes the smallest grid, not an int
    // conversion of NaN.
    const int needed = !(side > kMinBoxes)   ? kMinBoxes
                       : side >= kMaxBoxes3d ? kMaxBoxes3d
                                             : std::min(fastBoxCount(int(std::ceil(side))), kMaxBoxes3d);
    if (needed > m_boxes || 4 * needed <= 3 * m_boxes) m_boxes = needed;
    return m_boxes;
}

/// Adds the charge 1 of the points whose boxes lie in the slab [firstU, endU) of nodes, in point
/// order (so each node's sum is the same however the slabs are shared out).
void FftRepulsion3d::spread(int firstU, int endU, float* charges) const {
    const std::size_t du = m_grid.nodeIndex(1, 0, 0), dv = m_grid.nodeIndex(0, 1, 0);
    const std::uint32_t from = m_bucket[std::size_t(firstU / kNodes)];
    const std::uint32_t to = m_bucket[std::size_t(endU / kNodes)];
    for (std::uint32_t at = from; at < to; ++at) {
        const std::size_t i = m_order[at];
        const float* w = m_weights.data() + i * 3 * kNodes;
        float* g = charges + m_firstNode[i];
        for (int a = 0; a < kNodes; ++a)
            for (int b = 0; b < kNodes; ++b) {
                const float ab = w[a] * w[kNodes + b];
                float* row = g + a * du + b * dv;
                for (int d = 0; d < kNodes; ++d) row[d] += ab * w[2 * kNodes + d];
            }
    }
}

double FftRepulsion3d::compute(const float* y, std::size_t n, float* force) {
    return *evaluate(y, n, force, false);
}

std::optional<double> FftRepulsion3d::computeWithinCap(const float* y, std::size_t n, float* force) {
    return evaluate(y, n, force, true);
}

std::optional<double> FftRepulsion3d::evaluate(const float* y, std::size_t n, float* force,
                                               bool withinCap) {
    if (n == 0) return 0.0;
    float lo[3] = {y[0], y[1], y[2]}, hi[3] = {y[0], y[1], y[2]};
    for (std::size_t i = 0; i < n; ++i)
        for (int a = 0; a < 3; ++a) {
            lo[a] = std::min(lo[a], y[3 * i + a]);
            hi[a] = std::max(hi[a], y[3 * i + a]);
        }
    double side = 0;
    for (int a = 0; a < 3; ++a) side = std::max(side, double(hi[a]) - lo[a]);
    // Written so that a NaN extent does not count as fitting.
    if (withinCap && !(std::ceil(side) <= kMaxBoxes3d)) return std::nullopt;
    side = side > 0 ? side * (1 + 1e-6) : 1e-3;
    const int boxes = boxesFor(side);
    // One unit a box, as FIt-SNE's, even for a tiny layout (so a grid size's kernels never
    // change); wider boxes only beyond the cap, which the hybrid never reaches.
    const double boxWidth = std::max(1.0, side / boxes);
    double origin[3];
    for (int a = 0; a < 3; ++a) origin[a] = (double(lo[a]) + hi[a]) / 2 - boxes * boxWidth / 2;
    m_grid.prepare(boxes * kNodes, boxWidth / kNodes);

    m_firstNode.resize(n);
    m_weights.resize(n * 3 * kNodes);
    m_boxX.resize(n);
    const std::ptrdiff_t count = std::ptrdiff_t(n);
#pragma omp parallel for schedule(static)
    for (std::ptrdiff_t i = 0; i < count; ++i) {
        int box[3];
        for (int a = 0; a < 3; ++a) {
            const double t = (double(y[3 * i + a]) - origin[a]) / boxWidth;
            box[a] = std::clamp(int(t), 0, boxes - 1);
            tsne_detail::lagrangeWeights3(float(t - box[a]),
                                          m_weights.data() + std::size_t(i) * 3 * kNodes + a * kNodes);
        }
        m_firstNode[std::size_t(i)] = std::uint32_t(
            m_grid.nodeIndex(box[0] * kNodes, box[1] * kNodes, box[2] * kNodes));
        m_boxX[std::size_t(i)] = std::uint16_t(box[0]);
    }
    // Bucket the points by their box along x (a stable counting sort).
    m_bucket.assign(std::size_t(boxes) + 1, 0);
    for (std::size_t i = 0; i < n; ++i) ++m_bucket[m_boxX[i] + 1u];
    for (int b = 0; b < boxes; ++b) m_bucket[std::size_t(b) + 1] += m_bucket[std::size_t(b)];
    m_order.resize(n);
    {
        std::vector<std::uint32_t> next(m_bucket.begin(), m_bucket.end() - 1);
        for (std::size_t i = 0; i < n; ++i) m_order[next[m_boxX[i]]++] = std::uint32_t(i);
    }

    m_grid.run([this](int firstU, int endU, float* charges) { spread(firstU, endU, charges); });

    const float* potentials = m_grid.potentials();
    const std::size_t stride = FftConvolution3d::kStride;
    const std::size_t du = m_grid.nodeIndex(1, 0, 0), dv = m_grid.nodeIndex(0, 1, 0);
    m_share.resize(n);
#pragma omp parallel for schedule(static)
    for (std::ptrdiff_t i = 0; i < count; ++i) {
        const float* w = m_weights.data() + std::size_t(i) * 3 * kNodes;
        const float* g = potentials + m_firstNode[std::size_t(i)] * stride;
        Float4 phi = {0, 0, 0, 0};  // under w, then the force along x, y, z
        for (int a = 0; a < kNodes; ++a)
            for (int b = 0; b < kNodes; ++b) {
                const float ab = w[a] * w[kNodes + b];
                const float* row = g + (a * du + b * dv) * stride;
                for (int d = 0; d < kNodes; ++d)
                    phi += (ab * w[2 * kNodes + d]) * loadLanes<Float4>(row + d * stride);
            }
        for (int a = 0; a < 3; ++a) force[3 * i + a] = phi[a + 1];
        m_share[std::size_t(i)] = double(phi[0]) - 1.0;
    }
    double z = 0;
    for (std::size_t i = 0; i < n; ++i) z += m_share[i];
    return z;
}

}  // namespace embedscope::tsne_detail

namespace embedscope {

std::unique_ptr<Repulsion> makeFftRepulsion3d(double alpha) {
    return std::make_unique<tsne_detail::FftRepulsion3d>(alpha);
}

}  // namespace embedscope
