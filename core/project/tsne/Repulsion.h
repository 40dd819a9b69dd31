#pragma once
/// The repulsive half of the t-SNE gradient: the all-pairs sums over the output kernel
/// w(d) = (1 + d²/α)^−α (α = 1: the Cauchy kernel of standard t-SNE).
///
/// With q_ij = w_ij / Z and Z = Σ_{k≠l} w_kl, the KL gradient is (up to the factor 4 that the
/// learning rate absorbs, see TsneOptions::learningRate)
///     ∂C/∂y_i = Σ_j p_ij w_ij^{1/α} (y_i − y_j)  −  (1/Z) Σ_j w_ij^{1+1/α} (y_i − y_j).
/// A Repulsion computes the second sum without the 1/Z, and Z. Every implementation computes each
/// point's share independently and adds the shares of Z in point order, so its result does not
/// depend on the number of OpenMP threads.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "TsneOptions.h"

namespace embedscope {

class Repulsion {
public:
    virtual ~Repulsion() = default;
    /// y: N × dims row-major. Fills force (N × dims) with Σ_j w_ij^{1+1/α} (y_i − y_j) and returns
    /// Z = Σ_{i≠j} w_ij. Not thread-safe (reuses buffers), but parallel inside.
    virtual double compute(const float* y, std::size_t n, float* force) = 0;
};

/// Exact, O(N²): every pair, vectorised.
std::unique_ptr<Repulsion> makeExactRepulsion(std::size_t dims, double alpha);
/// Barnes-Hut (van der Maaten 2014) on a quadtree (2-D) or octree (3-D); see BarnesHut.h.
std::unique_ptr<Repulsion> makeBarnesHutRepulsion(std::size_t dims, double alpha, double theta);
namespace tsne_detail {
/// κ of Barnes-Hut's opening test size² < θ²·(d² + κ) (BarnesHut.cpp); 0 is the classic test.
inline constexpr double kKernelScale = 0.25;
/// Barnes-Hut with explicit tree parameters (see SpaceTree; leafSize 0 = chosen by N) and κ, for
/// tuning and tests.
std::unique_ptr<Repulsion> makeBarnesHutRepulsion(std::size_t dims, double alpha, double theta,
                                                  std::uint32_t leafSize, std::uint32_t groupSize,
                                                  double kernelScale = kKernelScale);
}  // namespace tsne_detail
/// FFT-accelerated interpolation (Linderman et al. 2019) in 2-D; see FftRepulsion.cpp.
std::unique_ptr<Repulsion> makeFftRepulsion(double alpha);
/// The same on a 3-D grid of at most kMaxBoxes3d boxes a side (FftRepulsion3d.cpp).
std::unique_ptr<Repulsion> makeFftRepulsion3d(double alpha);
/// 3-D: FFT while the layout fits the grid at one box per unit, then Barnes-Hut (HybridRepulsion.cpp).
std::unique_ptr<Repulsion> makeHybridRepulsion(double alpha, double theta);

/// The opening angle when none is given: 0.5 in 2-D (van der Maaten 2014); in 3-D a wider one,
/// since an octree walk at the same angle visits about (1/θ)³ rather than (1/θ)² cells per
/// point and the layout's 10-NN recall did not measurably change (README, t-SNE at scale).
double defaultTheta(std::size_t dims);

/// The method Auto picks for N points in dims dimensions: Exact below 1 000 points; in 2-D FFT
/// from 80 000 points; in 3-D the hybrid from 100 000 points; Barnes-Hut otherwise (in 3-D at
/// defaultTheta(3)). The FFT's cost is mostly its grid, whose size follows the layout's extent
/// rather than N; measured here (one thread, final layouts of 10 Gaussian blobs): 20 000 points
/// BH 5.5 ms / FFT 17 ms per gradient, 100 000 points BH 33 ms / FFT 28 ms. (FIt-SNE's advice of FFT from ~10 000 points assumes a per-point
/// tree walk, several times slower than the grouped, vectorised one here.) The 3-D hybrid, whole
/// runs of 1 000 iterations from one P (README, t-SNE at scale; its pruned, one-charge FFT):
/// 20 000 points 5.3–5.6 s against Barnes-Hut's 4.1–4.8 s; 100 000 points 22.0–24.7 s against
/// 32.2 s, with the same 10-NN recall (1 M points, before that FFT: 542 s against 669 s). With
/// the refitted tree (BarnesHut.cpp) at 100 000 points: 3-D hybrid 23.1–24.2 s against
/// Barnes-Hut 27.7–28.7 s, 2-D FFT 12.3–15.0 s against Barnes-Hut 15.6–18.9 s.
RepulsionMethod chooseRepulsion(RepulsionMethod requested, std::size_t n, std::size_t dims);

std::unique_ptr<Repulsion> makeRepulsion(RepulsionMethod method, std::size_t dims, double alpha,
                                         double theta);

}  // namespace embedscope
