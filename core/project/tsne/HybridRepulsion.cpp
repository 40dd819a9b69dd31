// The 3-D hybrid: FFT interpolation while the layout is compact enough for a grid of at most
// kMaxBoxes3d boxes of one unit a side, Barnes-Hut from the first step it is not. An early
// (exaggerated) layout is small, so the FFT's grid is small and its cost is mostly O(N); a grown
// layout would need a grid whose volume follows the cube of its extent, where the tree's cost does
// not grow. Auto chooses it from 100 000 points, where its FFT phase beats the tree; at 20 000
// points it was slower (Repulsion.h). The hand-over happens once: a layout that has outgrown the
// grid does not shrink back far, and switching back and forth would only churn the FFT's plans.
#include "FftRepulsion3d.h"
#include "Repulsion.h"

namespace embedscope {

namespace {

class HybridRepulsion final : public Repulsion {
public:
    HybridRepulsion(double alpha, double theta)
        : m_fft(std::make_unique<tsne_detail::FftRepulsion3d>(alpha)),
          m_tree(makeBarnesHutRepulsion(3, alpha, theta)) {}

    double compute(const float* y, std::size_t n, float* force) override {
        if (m_fft) {
            if (const auto z = m_fft->computeWithinCap(y, n, force)) return *z;
            m_fft.reset();  // frees the grids
        }
        return m_tree->compute(y, n, force);
    }

private:
    std::unique_ptr<tsne_detail::FftRepulsion3d> m_fft;
    std::unique_ptr<Repulsion> m_tree;
};

}  // namespace

std::unique_ptr<Repulsion> makeHybridRepulsion(double alpha, double theta) {
    return std::make_unique<HybridRepulsion>(alpha, theta);
}

}  // namespace embedscope
