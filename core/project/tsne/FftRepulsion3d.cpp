// FFT-accelerated interpolation in 3-D: the scheme of FftRepulsion.cpp (Linderman et al. 2019)
// on a 3-D grid. Written from the paper's description, extended by one axis:
//
//  - the layout's bounding cube is cut into B³ boxes with p³ interpolation nodes each (p = 3);
//  - charges 1, x, y, z are spread onto the nodes with Lagrange weights, convolved with the
//    kernels k = w^{1+1/α} (for the forces) and w (for Z's shares) by real 3-D FFTs of size
//    (2Bp)³, and read back with the same weights.
//
// The grid's volume grows with the cube of the layout's extent, so B is capped (kMaxBoxes3d):
// beyond it the boxes grow wider than one unit and the interpolation too coarse (a layout 2.7
// boxes wide per unit gave a 37% force error in tst_tsne_parts). So it runs only within the hybrid
// (HybridRepulsion.cpp), which hands over to Barnes-Hut once the layout outgrows the cap.
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

using tsne_detail::FftwBuffer;
using tsne_detail::fastBoxCount;
using tsne_detail::kMaxBoxes3d;
using tsne_detail::plannerLock;

constexpr int kNodes = 3;  // per box and axis
constexpr int kMinBoxes = 4;

class FftRepulsion3d final : public Repulsion {
public:
    explicit FftRepulsion3d(double alpha) : m_alpha(alpha) {}
    ~FftRepulsion3d() override { destroyPlans(); }

    double compute(const float* y, std::size_t n, float* force) override;

private:
    // Charges 1, x, y, z; potentials: the four under k, then charge 1 under w.
    static constexpr int kCharges = 4, kPotentials = 5;

    void preparePlans(int fftSize);
    void destroyPlans();
    void fillKernels(double spacing);

    double m_alpha;
    int m_fftSize = 0;
    double m_kernelSpacing = -1;
    fftwf_plan m_forward = nullptr, m_backward = nullptr;
    // Real grids: charge c is spread into grid c and its potential under k comes back there;
    // grid 4 receives the potential of charge 1 under w.
    FftwBuffer<float> m_grid[kPotentials];
    // Spectra of the four charges (each multiplied in place by k's spectrum before going back),
    // of the kernels k and w, and of charge 1 times w's spectrum.
    FftwBuffer<fftwf_complex> m_spectrum[kCharges + 3];
    std::vector<std::uint32_t> m_firstNode;  // per point: offset of its box's first node
    std::vector<float> m_weights;            // per point: p weights for each axis
    std::vector<double> m_share;
};

void FftRepulsion3d::destroyPlans() {
    std::lock_guard guard(plannerLock());
    if (m_forward) fftwf_destroy_plan(m_forward);
    if (m_backward) fftwf_destroy_plan(m_backward);
    m_forward = m_backward = nullptr;
}

void FftRepulsion3d::preparePlans(int fftSize) {
    if (fftSize == m_fftSize) return;
    destroyPlans();
    m_fftSize = 0;
    m_kernelSpacing = -1;
    const std::size_t s = std::size_t(fftSize);
    for (auto& b : m_grid) b.resize(s * s * s);
    for (auto& b : m_spectrum) b.resize(s * s * (s / 2 + 1));
    std::lock_guard guard(plannerLock());
    m_forward = fftwf_plan_dft_r2c_3d(fftSize, fftSize, fftSize, m_grid[0].data,
                                      m_spectrum[0].data, FFTW_ESTIMATE);
    m_backward = fftwf_plan_dft_c2r_3d(fftSize, fftSize, fftSize, m_spectrum[0].data,
                                       m_grid[0].data, FFTW_ESTIMATE);
    if (!m_forward || !m_backward) throw Error("FFTW could not plan a transform");
    m_fftSize = fftSize;
}

void FftRepulsion3d::fillKernels(double spacing) {
    if (spacing == m_kernelSpacing) return;
    const int size = m_fftSize, m = size / 2;
    const double alpha = m_alpha, scale = 1.0 / (double(size) * size * size);
#pragma omp parallel for schedule(static, 1)
    for (int which = 0; which < 2; ++which) {
        float* k = m_grid[which].data;
        for (int u = 0; u < size; ++u) {
            const int du = u < m ? u : size - u;
            for (int v = 0; v < size; ++v) {
                const int dv = v < m ? v : size - v;
                for (int t = 0; t < size; ++t) {
                    const int dt = t < m ? t : size - t;
                    const double d2 = spacing * spacing *
                                      (double(du) * du + double(dv) * dv + double(dt) * dt);
                    const double q = 1.0 + d2 / alpha;
                    const double w = alpha == 1.0 ? 1.0 / q : std::pow(q, -alpha);
                    const double value = which == 0 ? w / q : w;
                    k[(std::size_t(u) * size + v) * size + t] =
                        (u == m || v == m || t == m) ? 0.0f : float(value * scale);
                }
            }
        }
        fftwf_execute_dft_r2c(m_forward, k, m_spectrum[kCharges + which].data);
    }
    m_kernelSpacing = spacing;
}

double FftRepulsion3d::compute(const float* y, std::size_t n, float* force) {
    if (n == 0) return 0;
    float lo[3] = {y[0], y[1], y[2]}, hi[3] = {y[0], y[1], y[2]};
    for (std::size_t i = 0; i < n; ++i)
        for (int a = 0; a < 3; ++a) {
            lo[a] = std::min(lo[a], y[3 * i + a]);
            hi[a] = std::max(hi[a], y[3 * i + a]);
        }
    double side = 0;
    for (int a = 0; a < 3; ++a) side = std::max(side, double(hi[a]) - lo[a]);
    side = side > 0 ? side * (1 + 1e-6) : 1e-3;
    int boxes = kMinBoxes;
    double boxWidth = side / kMinBoxes;
    if (side > kMinBoxes) {
        boxes = std::min(fastBoxCount(int(std::ceil(side))), kMaxBoxes3d);
        boxWidth = std::max(1.0, side / boxes);
    }
    double centre[3], origin[3];
    for (int a = 0; a < 3; ++a) {
        centre[a] = (double(lo[a]) + hi[a]) / 2;
        origin[a] = centre[a] - boxes * boxWidth / 2;
    }
    const int m = boxes * kNodes, size = 2 * m;
    preparePlans(size);
    fillKernels(boxWidth / kNodes);
    const std::size_t plane = std::size_t(size) * size;

    m_firstNode.resize(n);
    m_weights.resize(n * 3 * kNodes);
    const std::ptrdiff_t count = std::ptrdiff_t(n);
#pragma omp parallel for schedule(static)
    for (std::ptrdiff_t i = 0; i < count; ++i) {
        std::size_t node[3];
        for (int a = 0; a < 3; ++a) {
            const double t = (double(y[3 * i + a]) - origin[a]) / boxWidth;
            const int box = std::clamp(int(t), 0, boxes - 1);
            const double local = t - box;
            node[a] = std::size_t(box) * kNodes;
            float* w = m_weights.data() + std::size_t(i) * 3 * kNodes + a * kNodes;
            for (int k = 0; k < kNodes; ++k) {
                const double tk = (k + 0.5) / kNodes;
                double l = 1;
                for (int j = 0; j < kNodes; ++j)
                    if (j != k) l *= (local - (j + 0.5) / kNodes) / (tk - (j + 0.5) / kNodes);
                w[k] = float(l);
            }
        }
        m_firstNode[std::size_t(i)] = std::uint32_t(node[0] * plane + node[1] * size + node[2]);
    }

    // One charge per task, each going through the points in order: sums independent of threads.
#pragma omp parallel for schedule(static, 1)
    for (int c = 0; c < kCharges; ++c) {
        float* grid = m_grid[c].data;
        std::fill(grid, grid + plane * size, 0.0f);
        for (std::size_t i = 0; i < n; ++i) {
            const float charge = c == 0 ? 1.0f : float(double(y[3 * i + c - 1]) - centre[c - 1]);
            const float* wx = m_weights.data() + i * 3 * kNodes;
            const float* wy = wx + kNodes;
            const float* wz = wy + kNodes;
            float* g = grid + m_firstNode[i];
            for (int a = 0; a < kNodes; ++a)
                for (int b = 0; b < kNodes; ++b) {
                    const float ab = charge * wx[a] * wy[b];
                    float* row = g + a * plane + b * size;
                    for (int d = 0; d < kNodes; ++d) row[d] += ab * wz[d];
                }
        }
        fftwf_execute_dft_r2c(m_forward, grid, m_spectrum[c].data);
    }

    // Products with the kernels' spectra, then back: charge 1 under w first (it reads charge 1's
    // spectrum before that is overwritten by its product under k).
    const std::size_t spectrum = plane * std::size_t(size / 2 + 1);
    auto multiply = [spectrum](const fftwf_complex* s, const fftwf_complex* k, fftwf_complex* out) {
        for (std::size_t f = 0; f < spectrum; ++f) {
            const float re = s[f][0] * k[f][0] - s[f][1] * k[f][1];
            const float im = s[f][0] * k[f][1] + s[f][1] * k[f][0];
            out[f][0] = re;
            out[f][1] = im;
        }
    };
    multiply(m_spectrum[0].data, m_spectrum[kCharges + 1].data, m_spectrum[kCharges + 2].data);
#pragma omp parallel for schedule(static, 1)
    for (int p = 0; p < kPotentials; ++p) {
        fftwf_complex* s = m_spectrum[p < kCharges ? p : kCharges + 2].data;
        if (p < kCharges) multiply(s, m_spectrum[kCharges].data, s);
        fftwf_execute_dft_c2r(m_backward, s, m_grid[p].data);
    }

    m_share.resize(n);
#pragma omp parallel for schedule(static)
    for (std::ptrdiff_t i = 0; i < count; ++i) {
        const float* wx = m_weights.data() + std::size_t(i) * 3 * kNodes;
        const float* wy = wx + kNodes;
        const float* wz = wy + kNodes;
        double phi[kPotentials] = {0, 0, 0, 0, 0};
        for (int p = 0; p < kPotentials; ++p) {
            const float* g = m_grid[p].data + m_firstNode[std::size_t(i)];
            double sum = 0;
            for (int a = 0; a < kNodes; ++a)
                for (int b = 0; b < kNodes; ++b) {
                    const float* row = g + a * plane + b * size;
                    const float ab = wx[a] * wy[b];
                    for (int d = 0; d < kNodes; ++d) sum += double(ab * wz[d]) * row[d];
                }
            phi[p] = sum;
        }
        for (int a = 0; a < 3; ++a) {
            const double x = double(y[3 * i + a]) - centre[a];
            force[3 * i + a] = float(x * phi[0] - phi[a + 1]);
        }
        m_share[std::size_t(i)] = phi[4] - 1.0;
    }
    double z = 0;
    for (std::size_t i = 0; i < n; ++i) z += m_share[i];
    return z;
}

}  // namespace

std::unique_ptr<Repulsion> makeFftRepulsion3d(double alpha) {
    return std::make_unique<FftRepulsion3d>(alpha);
}

}  // namespace embedscope
