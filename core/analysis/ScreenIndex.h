#pragma once
/// Picking and hovering over points as drawn: a uniform grid over their screen positions, so a
/// query looks at the few cells around the cursor instead of every point (a hover over a million
/// points would otherwise cost a projection and a scan per mouse move).
///
/// The front end projects its points once per camera state (x, y in pixels, y down; depth in
/// [-1, 1], smaller = nearer the viewer), builds the index over the drawn area, and asks it until
/// the camera, the area or the positions change. The answers are those of a scan over every point
/// (ScreenIndex::nearestByScan and inRectByScan, the reference the tests compare against):
///
/// - nearest(x, y, r): among the points at distance d ≤ r, with d²min the smallest d², the ones
///   with d² ≤ d²min + 1 (pixels²: points under the cursor within a pixel count as a tie) go to
///   the one nearest the viewer (smallest depth), then to the lowest index.
/// - inRect(l, t, r, b): the points with l ≤ x ≤ r and t ≤ y ≤ b, by increasing index.
///
/// A point takes part when x is finite and it lies in the drawn area (edges included): points
/// that project into the margins are not drawn there, so they cannot be picked there.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace embedscope {

/// A screen rectangle, pixels, edges included.
struct ScreenArea {
    float left = 0, top = 0, right = 0, bottom = 0;
    bool contains(float x, float y) const { return x >= left && x <= right && y >= top && y <= bottom; }
};

class ScreenIndex {
public:
    /// Among points within this many squared pixels of the nearest one, depth decides.
    static constexpr double kTieSquaredPixels = 1.0;

    ScreenIndex() = default;
    /// xyDepth: 3 floats per point (x, y, depth), point i at [3i, 3i + 3). cellSize: the grid's
    /// cell edge in pixels; 0 chooses one from the density (about 16 points a cell).
    ScreenIndex(std::span<const float> xyDepth, ScreenArea area, float cellSize = 0);
    /// The same, reusing this index's memory (no page faults when the camera moves on).
    void rebuild(std::span<const float> xyDepth, ScreenArea area, float cellSize = 0);

    /// The index of the point picked at (x, y) within radius pixels (see above), or -1.
    long long nearest(float x, float y, float radius) const;
    /// The indices of the points inside a rectangle, increasing.
    std::vector<std::uint32_t> inRect(float left, float top, float right, float bottom) const;

    std::size_t size() const { return m_points.size(); }
    float cellSize() const { return m_cell; }

    static long long nearestByScan(std::span<const float> xyDepth, ScreenArea area, float x, float y, float radius);
    static std::vector<std::uint32_t> inRectByScan(std::span<const float> xyDepth, ScreenArea area, float left,
                                                   float top, float right, float bottom);

private:
    struct Point {
        float x, y, depth;
        std::uint32_t index;
    };
    /// The grid cells a range of x or y falls in, clamped to the grid.
    int column(float x) const;
    int row(float y) const;
    template <typename F>
    void forEachInBox(float left, float top, float right, float bottom, F&& f) const;

    ScreenArea m_area;
    float m_cell = 1;
    int m_columns = 0, m_rows = 0;
    std::vector<std::uint32_t> m_cellStart;  ///< m_columns × m_rows + 1 offsets into m_points
    std::vector<Point> m_points;             ///< by cell, then by index
    std::vector<std::uint32_t> m_cellOf, m_next;  ///< scratch of the counting sort
};

}  // namespace embedscope
