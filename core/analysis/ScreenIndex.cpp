#include "analysis/ScreenIndex.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace embedscope {

namespace {

constexpr double kMaxCells = 1 << 22;
/// Dense enough that a hover's few cells hold a few hundred points, coarse enough that the
/// cell table stays small next to the points.
constexpr double kPointsPerCell = 16;

double squaredDistance(float px, float py, float x, float y) {
    const double dx = double(px) - x, dy = double(py) - y;
    return dx * dx + dy * dy;
}

bool valid(float x, float y, float radius) { return std::isfinite(x) && std::isfinite(y) && radius >= 0; }

/// The tie-break of nearest(): nearer the viewer, then the lower index.
bool before(float depthA, std::uint32_t a, float depthB, std::uint32_t b) {
    return depthA < depthB || (depthA == depthB && a < b);
}

}  // namespace

ScreenIndex::ScreenIndex(std::span<const float> xyDepth, ScreenArea area, float cellSize) {
    rebuild(xyDepth, area, cellSize);
}

void ScreenIndex::rebuild(std::span<const float> xyDepth, ScreenArea area, float cellSize) {
    m_area = area;
    m_points.clear();
    m_cellStart.clear();
    m_columns = m_rows = 0;
    const std::size_t n = xyDepth.size() / 3;
    const double w = double(area.right) - area.left, h = double(area.bottom) - area.top;
    if (!(w >= 0 && h >= 0) || n == 0) return;
    std::size_t inside = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const float x = xyDepth[3 * i], y = xyDepth[3 * i + 1];
        inside += std::isfinite(x) && area.contains(x, y);
    }
    if (inside == 0) return;
    double cell = cellSize > 0 ? cellSize : std::sqrt(std::max(1.0, w * h) * kPointsPerCell / double(inside));
    cell = std::max({cell, 0.5, std::sqrt(std::max(1.0, w * h) / kMaxCells)});
    m_cell = static_cast<float>(cell);
    m_columns = std::max(1, static_cast<int>(std::ceil(w / m_cell)));
    m_rows = std::max(1, static_cast<int>(std::ceil(h / m_cell)));

    // A counting sort by cell; within a cell the points keep increasing index.
    const std::size_t cells = static_cast<std::size_t>(m_columns) * static_cast<std::size_t>(m_rows);
    constexpr std::uint32_t kOut = std::numeric_limits<std::uint32_t>::max();
    std::vector<std::uint32_t>& cellOf = m_cellOf;
    cellOf.resize(n);
    m_cellStart.assign(cells + 1, 0);
    for (std::size_t i = 0; i < n; ++i) {
        const float x = xyDepth[3 * i], y = xyDepth[3 * i + 1];
        if (!(std::isfinite(x) && area.contains(x, y))) {
            cellOf[i] = kOut;
            continue;
        }
        const std::size_t c = static_cast<std::size_t>(row(y)) * static_cast<std::size_t>(m_columns) +
                              static_cast<std::size_t>(column(x));
        cellOf[i] = static_cast<std::uint32_t>(c);
        ++m_cellStart[c + 1];
    }
    for (std::size_t c = 0; c < cells; ++c) m_cellStart[c + 1] += m_cellStart[c];
    std::vector<std::uint32_t>& next = m_next;
    next.assign(m_cellStart.begin(), m_cellStart.end() - 1);
    m_points.resize(inside);
    for (std::size_t i = 0; i < n; ++i)
        if (cellOf[i] != kOut)
            m_points[next[cellOf[i]]++] = {xyDepth[3 * i], xyDepth[3 * i + 1], xyDepth[3 * i + 2],
                                           static_cast<std::uint32_t>(i)};
}

int ScreenIndex::column(float x) const {
    // Monotone in x (rounding is), so a point's cell always lies in the range of a box around it.
    const double c = std::floor((double(x) - m_area.left) / m_cell);
    return static_cast<int>(std::clamp(c, 0.0, double(m_columns - 1)));
}

int ScreenIndex::row(float y) const {
    const double r = std::floor((double(y) - m_area.top) / m_cell);
    return static_cast<int>(std::clamp(r, 0.0, double(m_rows - 1)));
}

template <typename F>
void ScreenIndex::forEachInBox(float left, float top, float right, float bottom, F&& f) const {
    if (m_points.empty() || !(left <= right && top <= bottom)) return;
    if (right < m_area.left || left > m_area.right || bottom < m_area.top || top > m_area.bottom) return;
    const int c0 = column(left), c1 = column(right), r0 = row(top), r1 = row(bottom);
    for (int r = r0; r <= r1; ++r) {
        const std::size_t base = static_cast<std::size_t>(r) * static_cast<std::size_t>(m_columns);
        const std::uint32_t begin = m_cellStart[base + static_cast<std::size_t>(c0)];
        const std::uint32_t end = m_cellStart[base + static_cast<std::size_t>(c1) + 1];
        for (std::uint32_t k = begin; k < end; ++k) f(m_points[k]);
    }
}

long long ScreenIndex::nearest(float x, float y, float radius) const {
    if (!valid(x, y, radius)) return -1;
    const double r2 = double(radius) * radius;
    // The box is widened by a pixel so that rounding in x ± radius never drops a point on the
    // circle; the distance test below decides.
    const float left = static_cast<float>(double(x) - radius - 1), right = static_cast<float>(double(x) + radius + 1);
    const float top = static_cast<float>(double(y) - radius - 1), bottom = static_cast<float>(double(y) + radius + 1);
    double best = std::numeric_limits<double>::infinity();
    forEachInBox(left, top, right, bottom, [&](const Point& p) {
        const double d = squaredDistance(p.x, p.y, x, y);
        if (d <= r2) best = std::min(best, d);
    });
    if (!std::isfinite(best)) return -1;
    const double tie = std::min(r2, best + kTieSquaredPixels);
    const Point* chosen = nullptr;
    forEachInBox(left, top, right, bottom, [&](const Point& p) {
        if (squaredDistance(p.x, p.y, x, y) <= tie && (!chosen || before(p.depth, p.index, chosen->depth, chosen->index)))
            chosen = &p;
    });
    return chosen ? static_cast<long long>(chosen->index) : -1;
}

std::vector<std::uint32_t> ScreenIndex::inRect(float left, float top, float right, float bottom) const {
    std::vector<std::uint32_t> out;
    forEachInBox(left, top, right, bottom, [&](const Point& p) {
        if (p.x >= left && p.x <= right && p.y >= top && p.y <= bottom) out.push_back(p.index);
    });
    std::sort(out.begin(), out.end());
    return out;
}

long long ScreenIndex::nearestByScan(std::span<const float> xyDepth, ScreenArea area, float x, float y, float radius) {
    if (!valid(x, y, radius)) return -1;
    const std::size_t n = xyDepth.size() / 3;
    const double r2 = double(radius) * radius;
    auto drawn = [&](std::size_t i) { return std::isfinite(xyDepth[3 * i]) && area.contains(xyDepth[3 * i], xyDepth[3 * i + 1]); };
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < n; ++i) {
        if (!drawn(i)) continue;
        const double d = squaredDistance(xyDepth[3 * i], xyDepth[3 * i + 1], x, y);
        if (d <= r2) best = std::min(best, d);
    }
    if (!std::isfinite(best)) return -1;
    const double tie = std::min(r2, best + kTieSquaredPixels);
    long long chosen = -1;
    for (std::size_t i = 0; i < n; ++i) {
        if (!drawn(i) || squaredDistance(xyDepth[3 * i], xyDepth[3 * i + 1], x, y) > tie) continue;
        const auto c = static_cast<std::size_t>(chosen);
        if (chosen < 0 || before(xyDepth[3 * i + 2], static_cast<std::uint32_t>(i), xyDepth[3 * c + 2],
                                 static_cast<std::uint32_t>(c)))
            chosen = static_cast<long long>(i);
    }
    return chosen;
}

std::vector<std::uint32_t> ScreenIndex::inRectByScan(std::span<const float> xyDepth, ScreenArea area, float left,
                                                     float top, float right, float bottom) {
    std::vector<std::uint32_t> out;
    const std::size_t n = xyDepth.size() / 3;
    for (std::size_t i = 0; i < n; ++i) {
        const float x = xyDepth[3 * i], y = xyDepth[3 * i + 1];
        if (std::isfinite(x) && area.contains(x, y) && x >= left && x <= right && y >= top && y <= bottom)
            out.push_back(static_cast<std::uint32_t>(i));
    }
    return out;
}

}  // namespace embedscope
