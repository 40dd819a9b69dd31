#pragma once
// Internal to ScatterScene (ScatterScene.cpp, ScatterScreen.cpp): the pieces both files need.
#include <vtkActor.h>
#include <vtkPolyData.h>
#include <vtkSmartPointer.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "ScatterScene.h"
#include "analysis/ScreenIndex.h"

namespace embedscope::ui {

/// The camera's composite projection for a plot area: world → widget pixels and depth.
struct ScatterScene::Projector {
    double e[4][4];
    double width, height, left, top;
    /// False when the point is behind the camera or beyond the clipping range.
    bool operator()(double x, double y, double z, double& sx, double& sy, double& nz) const {
        const double cw = e[3][0] * x + e[3][1] * y + e[3][2] * z + e[3][3];
        if (cw <= 0) return false;
        const double nx = (e[0][0] * x + e[0][1] * y + e[0][2] * z + e[0][3]) / cw;
        const double ny = (e[1][0] * x + e[1][1] * y + e[1][2] * z + e[1][3]) / cw;
        nz = (e[2][0] * x + e[2][1] * y + e[2][2] * z + e[2][3]) / cw;
        if (nz < -1 || nz > 1) return false;
        sx = left + (nx + 1) * 0.5 * width;
        sy = top + (1 - ny) * 0.5 * height;
        return true;
    }
    bool operator==(const Projector& o) const {
        return std::equal(&e[0][0], &e[0][0] + 16, &o.e[0][0]) && width == o.width && height == o.height &&
               left == o.left && top == o.top;
    }
};

/// The points projected at one camera, plot area and set of positions, and the grid over them.
struct ScatterScene::PickCache {
    Projector projector{};
    std::uint64_t positionsVersion = 0;
    bool valid = false;
    std::vector<float> projected;
    ScreenIndex index;
};

/// A highlight kind: its points (copied positions) drawn as a halo and a fill.
struct ScatterScene::Layer {
    vtkSmartPointer<vtkPolyData> poly = vtkSmartPointer<vtkPolyData>::New();
    vtkSmartPointer<vtkActor> halo, fill;
    double sizeFactor = 2;
};

}  // namespace embedscope::ui
