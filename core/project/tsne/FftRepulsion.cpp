// FFT-accelerated interpolation for the 2-D repulsion (Linderman, Rachh, Hoskins, Steinerberger &
// Kluger 2019, "Fast interpolation-based t-SNE for improved visualization of single-cell RNA-seq
// data", Nat. Methods 16:243). Written from the paper's description:
//
//  1. The layout's bounding square is cut into B × B equal boxes, each with p × p equispaced
//     interpolation nodes (p = 3), so the nodes form one uniform grid of m = B·p nodes a side.
//  2. Each point spreads its charges onto the p × p nodes of its box with Lagrange weights.
//  3. The kernel between grid nodes depends only on the node offset (a Toeplitz structure), so
//     the node-to-node sums are a convolution: done as a product of FFTs of size 2m × 2m.
//  4. Each point reads the potentials back with the same Lagrange weights.
//
// Charges 1, x, y under the repulsive kernel k = w^{1+1/α} give Σ_j k_ij (y_i − y_j) =
// y_i φ₁ − φ_(x,y); charge 1 under w itself gives Z's share Σ_j w_ij. Both sums include j = i,
// whose force is 0 and whose w = 1 is taken off. Computing Z with its own kernel (rather than from
// a |y|² charge under k) avoids a cancellation, so single precision suffices on the grid.
//
// Once the layout is wider than kMinBoxes units, the boxes are exactly 1/kBoxesPerUnit wide and
// their number only steps up through FFT-friendly sizes: the kernels' transforms are then reused
// for as long as the grid keeps its size.
#include <fftw3.h>
#include "Omp.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "../../Error.h"
#include "FftSupport.h"
#include "Repulsion.h"

namespace embedscope {

namespace {

/// Interpolation nodes per box and axis (Linderman et al. 2019 use p = 3; lagrangeWeights3).
constexpr int kNodes = 3;
/// Boxes per unit of layout length: the nodes must resolve the kernel, whose scale is 1. FIt-SNE
/// uses 1 box per unit; the gradient then stays within about 1% of the exact one (tst_tsne_parts).
constexpr double kBoxesPerUnit = 1.0;
/// Bounds on the boxes per axis: enough to interpolate a tiny early layout, few enough that the
/// grid stays within memory when a few points fly far out.
constexpr int kMinBoxes = 10;
constexpr int kMaxBoxes = 200;

using tsne_detail::FftwBuffer;
using tsne_detail::fastBoxCount;
using tsne_detail::plannerLock;

class FftRepulsion final : public Repulsion {
public:
    explicit FftRepulsion(double alpha) : m_alpha(alpha) {}
    ~FftRepulsion() override { destroyPlans(); }

    double compute(const float* y, std::size_t n, float* force) override;

private:
    // Spectra: charges 1, x, y; then the kernels k and w. Grids/products: potentials of
    // (1, x, y) under k and of 1 under w.
    static constexpr int kCharges = 3, kPotentials = 4;

    void preparePlans(int fftSize);
    void destroyPlans();
    void fillKernels(double spacing);

    double m_alpha;
    int m_fftSize = 0;
    double m_kernelSpacing = -1;
    fftwf_plan m_forward = nullptr, m_backward = nullptr;
    FftwBuffer<float> m_grid[kPotentials];
    FftwBuffer<fftwf_complex> m_spectrum[kCharges + 2];
    FftwBuffer<fftwf_complex> m_product[kPotentials];
    std::vector<std::uint32_t> m_firstNode;  // per point: x node · size + y node
    std::vector<float> m_weights;            // per point: p x-weights, then p y-weights
    std::vector<double> m_share;             // per point: Σ_j w_ij − 1
};

void FftRepulsion::destroyPlans() {
    std::lock_guard guard(plannerLock());
    if (m_forward) fftwf_destroy_plan(m_forward);
    if (m_backward) fftwf_destroy_plan(m_backward);
    m_forward = m_backward = nullptr;
}

void FftRepulsion::preparePlans(int fftSize) {
    if (fftSize == m_fftSize) return;
    destroyPlans();
    m_fftSize = 0;
    m_kernelSpacing = -1;
    const std::size_t real = std::size_t(fftSize) * fftSize;
    const std::size_t complex = std::size_t(fftSize) * (fftSize / 2 + 1);
    for (auto& b : m_grid) b.resize(real);
    for (auto& b : m_spectrum) b.resize(complex);
    for (auto& b : m_product) b.resize(complex);
    std::lock_guard guard(plannerLock());
    // The plans are executed on every buffer through the new-array interface: all buffers come
    // from fftwf_malloc with identical sizes, hence identical alignment.
    m_forward =
        fftwf_plan_dft_r2c_2d(fftSize, fftSize, m_grid[0].data, m_spectrum[0].data, FFTW_ESTIMATE);
    m_backward =
        fftwf_plan_dft_c2r_2d(fftSize, fftSize, m_product[0].data, m_grid[0].data, FFTW_ESTIMATE);
    if (!m_forward || !m_backward) throw Error("FFTW could not plan a transform");
    m_fftSize = fftSize;
}

/// Both kernels at every node offset, wrapped around the 2m × 2m torus, transformed; divided by
/// the transform size here since FFTW's inverse is unnormalised. Skipped when the grid is the
/// same as last time.
void FftRepulsion::fillKernels(double spacing) {
    if (spacing == m_kernelSpacing) return;
    const int size = m_fftSize, m = size / 2;
    const double alpha = m_alpha, scale = 1.0 / (double(size) * size);
#pragma omp parallel for schedule(static, 1)
    for (int which = 0; which < 2; ++which) {
        float* k = m_grid[which].data;
        for (int u = 0; u < size; ++u) {
            const int du = u < m ? u : size - u;
            for (int v = 0; v < size; ++v) {
                const int dv = v < m ? v : size - v;
                const double d2 = spacing * spacing * (double(du) * du + double(dv) * dv);
                const double q = 1.0 + d2 / alpha;
                const double w = alpha == 1.0 ? 1.0 / q : std::pow(q, -alpha);
                const double value = which == 0 ? w / q : w;  // k = w^{1+1/α} = w / q
                k[std::size_t(u) * size + v] = (u == m || v == m) ? 0.0f : float(value * scale);
            }
        }
        fftwf_execute_dft_r2c(m_forward, k, m_spectrum[kCharges + which].data);
    }
    m_kernelSpacing = spacing;
}

double FftRepulsion::compute(const float* y, std::size_t n, float* force) {
    if (n == 0) return 0;
    float lo[2] = {y[0], y[1]}, hi[2] = {y[0], y[1]};
    for (std::size_t i = 0; i < n; ++i)
        for (int a = 0; a < 2; ++a) {
            lo[a] = std::min(lo[a], y[2 * i + a]);
            hi[a] = std::max(hi[a], y[2 * i + a]);
        }
    double side = std::max(double(hi[0]) - lo[0], double(hi[1]) - lo[1]);
    side = side > 0 ? side * (1 + 1e-6) : 1e-3;  // keep the largest point inside its box
    int boxes = kMinBoxes;
    double boxWidth = side / kMinBoxes;
    if (side * kBoxesPerUnit > kMinBoxes) {
        boxes = std::min(fastBoxCount(int(std::ceil(side * kBoxesPerUnit))), kMaxBoxes);
        boxWidth = std::max(1.0 / kBoxesPerUnit, side / boxes);
    }
    const double centre[2] = {(double(lo[0]) + hi[0]) / 2, (double(lo[1]) + hi[1]) / 2};
    const double origin[2] = {centre[0] - boxes * boxWidth / 2, centre[1] - boxes * boxWidth / 2};
    const int m = boxes * kNodes, size = 2 * m;
    const double spacing = boxWidth / kNodes;
    preparePlans(size);
    fillKernels(spacing);

    // Lagrange weights of each point for the nodes of its box, at (k + ½)/p of the box width.
    m_firstNode.resize(n);
    m_weights.resize(n * 2 * kNodes);
    const std::ptrdiff_t count = std::ptrdiff_t(n);
#pragma omp parallel for schedule(static)
    for (std::ptrdiff_t i = 0; i < count; ++i) {
        int node[2];
        for (int a = 0; a < 2; ++a) {
            const double t = (double(y[2 * i + a]) - origin[a]) / boxWidth;
            const int box = std::clamp(int(t), 0, boxes - 1);
            node[a] = box * kNodes;
            tsne_detail::lagrangeWeights3(float(t - box),
                                          m_weights.data() + std::size_t(i) * 2 * kNodes + a * kNodes);
        }
        m_firstNode[std::size_t(i)] = std::uint32_t(node[0] * size + node[1]);
    }

    // Spread and transform one charge per task, each task going through the points in order (so
    // the grid sums do not depend on the thread count).
#pragma omp parallel for schedule(static, 1)
    for (int c = 0; c < kCharges; ++c) {
        float* grid = m_grid[c].data;
        std::fill(grid, grid + std::size_t(size) * size, 0.0f);
        for (std::size_t i = 0; i < n; ++i) {
            const float charge = c == 0 ? 1.0f : float(double(y[2 * i + c - 1]) - centre[c - 1]);
            const float* wx = m_weights.data() + i * 2 * kNodes;
            const float* wy = wx + kNodes;
            float* g = grid + m_firstNode[i];
            for (int a = 0; a < kNodes; ++a)
                for (int b = 0; b < kNodes; ++b) g[a * size + b] += charge * wx[a] * wy[b];
        }
        fftwf_execute_dft_r2c(m_forward, grid, m_spectrum[c].data);
    }

    // Multiply by a kernel's spectrum and transform back: (1, x, y) under k, 1 under w.
    const std::size_t spectrum = std::size_t(size) * (size / 2 + 1);
#pragma omp parallel for schedule(static, 1)
    for (int p = 0; p < kPotentials; ++p) {
        const fftwf_complex* s = m_spectrum[p < kCharges ? p : 0].data;
        const fftwf_complex* k = m_spectrum[p < kCharges ? kCharges : kCharges + 1].data;
        fftwf_complex* out = m_product[p].data;
        for (std::size_t f = 0; f < spectrum; ++f) {
            out[f][0] = s[f][0] * k[f][0] - s[f][1] * k[f][1];
            out[f][1] = s[f][0] * k[f][1] + s[f][1] * k[f][0];
        }
        fftwf_execute_dft_c2r(m_backward, out, m_grid[p].data);
    }

    // Interpolate the potentials back; assemble forces and each point's share of Z.
    m_share.resize(n);
#pragma omp parallel for schedule(static)
    for (std::ptrdiff_t i = 0; i < count; ++i) {
        const float* wx = m_weights.data() + std::size_t(i) * 2 * kNodes;
        const float* wy = wx + kNodes;
        double phi[kPotentials] = {0, 0, 0, 0};
        for (int p = 0; p < kPotentials; ++p) {
            const float* g = m_grid[p].data + m_firstNode[std::size_t(i)];
            for (int a = 0; a < kNodes; ++a)
                for (int b = 0; b < kNodes; ++b) phi[p] += double(wx[a] * wy[b]) * g[a * size + b];
        }
        const double x = double(y[2 * i]) - centre[0], yy = double(y[2 * i + 1]) - centre[1];
        force[2 * i] = float(x * phi[0] - phi[1]);
        force[2 * i + 1] = float(yy * phi[0] - phi[2]);
        m_share[std::size_t(i)] = phi[3] - 1.0;
    }
    double z = 0;
    for (std::size_t i = 0; i < n; ++i) z += m_share[i];
    return z;
}

}  // namespace

std::unique_ptr<Repulsion> makeFftRepulsion(double alpha) {
    return std::make_unique<FftRepulsion>(alpha);
}

}  // namespace embedscope
