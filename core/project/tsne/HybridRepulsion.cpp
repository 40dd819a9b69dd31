// The 3-D hybrid: FFT interpolation while the layout is compact enough for a grid of at most
// kMaxBoxes3d boxes of one unit a side, Barnes-Hut from the first step it is not. An early
// (exaggerated) layout is small, so the FFT's grid is small and its cost is mostly O(N); a grown
// layout would need a grid whose volume follows the cube of its extent, where the tree's cost does
// not grow. Auto chooses it from 100 000 points, where its FFT phase beats the tree; at 20 000
// points it was slower (Repulsion.h). The hand-over happens once: a layout that has outgrown the
// grid does not shrink back far, and switching back and forth would only churn the FFT's plans.
#include <algorithm>
#include <cmath>

#include "FftSupport.h"
#include "Repulsion.h"

namespace embedscope {

namespace {

class HybridRepulsion final : public Repulsion {
public:
    HybridRepulsion(double alpha, double theta)
        : m_fft(makeFftRepulsion3d(alpha)), m_tree(makeBarnesHutRepulsion(3, alpha, theta)) {}

    double compute(const float* y, std::size_t n, float* force) override {
        if (m_fft && !fits(y, n)) m_fft.reset();  // frees the grids
        return m_fft ? m_fft->compute(y, n, force) : m_tree->compute(y, n, force);
    }

private:
    static bool fits(const float* y, std::size_t n) {
        if (n == 0) return true;
        float lo[3] = {y[0], y[1], y[2]}, hi[3] = {y[0], y[1], y[2]};
        for (std::size_t i = 0; i < n; ++i)
            for (int a = 0; a < 3; ++a) {
                lo[a] = std::min(lo[a], y[3 * i + a]);
                hi[a] = std::max(hi[a], y[3 * i + a]);
            }
        float side = 0;
        for (int a = 0; a < 3; ++a) side = std::max(side, hi[a] - lo[a]);
        return std::ceil(double(side)) <= tsne_detail::kMaxBoxes3d;
    }

    std::unique_ptr<Repulsion> m_fft, m_tree;
};

}  // namespace

std::unique_ptr<Repulsion> makeHybridRepulsion(double alpha, double theta) {
    return std::make_unique<HybridRepulsion>(alpha, theta);
}

}  // namespace embedscope
