#pragma once
// The 3-D FFT repulsion (FftRepulsion3d.cpp), declared here for the hybrid, which asks it to
// compute only while the layout fits its grid.
#include <cstdint>
#include <optional>
#include <vector>

#include "FftConvolution3d.h"
#include "Repulsion.h"

namespace embedscope::tsne_detail {

class FftRepulsion3d final : public Repulsion {
public:
    explicit FftRepulsion3d(double alpha);

    /// Any extent; beyond kMaxBoxes3d units the boxes grow wider than one unit (coarse).
    double compute(const float* y, std::size_t n, float* force) override;
    /// As compute(), or nothing (force untouched) when the layout is wider than kMaxBoxes3d
    /// units: the hybrid's hand-over test, on the same pass over the points as the grid's bounds.
    std::optional<double> computeWithinCap(const float* y, std::size_t n, float* force);

private:
    std::optional<double> evaluate(const float* y, std::size_t n, float* force, bool withinCap);
    /// Boxes a side for a layout `side` wide, with the hysteresis described in the .cpp.
    int boxesFor(double side);
    void spread(int firstU, int endU, float* charges) const;

    FftConvolution3d m_grid;
    int m_boxes = 0;
    std::vector<std::uint32_t> m_firstNode;  // per point: its box's first node
    std::vector<float> m_weights;            // per point: p weights for each axis
    std::vector<std::uint16_t> m_boxX;       // per point: its box along the first axis
    std::vector<std::uint32_t> m_order;      // points by m_boxX, then index
    std::vector<std::uint32_t> m_bucket;     // per box along x: its first place in m_order
    std::vector<double> m_share;
};

}  // namespace embedscope::tsne_detail
