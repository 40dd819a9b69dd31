// ScatterScene's screen-space side: where points land in the widget (for labels, exports and
// the overlay), the picture's points as marks for vector export, and picking through a grid
// over the projected points (no GL picking pass).
#include <vtkCamera.h>
#include <vtkFloatArray.h>
#include <vtkMatrix4x4.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkUnsignedCharArray.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "ScatterScene.h"
#include "ScatterSceneParts.h"

namespace embedscope::ui {

ScatterScene::Projector ScatterScene::projector(QSize widget) const {
    Projector p{};
    const QRectF plot = plotRect(widget);
    if (widget.isEmpty() || plot.isEmpty()) return p;  // width 0: nothing is on screen
    const double aspect = plot.width() / plot.height();
    vtkMatrix4x4* m = m_renderer->GetActiveCamera()->GetCompositeProjectionTransformMatrix(aspect, -1, 1);
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) p.e[i][j] = m->GetElement(i, j);
    p.width = plot.width();
    p.height = plot.height();
    p.left = plot.left();
    p.top = plot.top();
    return p;
}

template <typename F>
void ScatterScene::forEachScreenPoint(QSize widget, F&& f) const {
    if (m_rows.empty()) return;
    const Projector project = projector(widget);
    if (project.width <= 0) return;
    const float* p = m_positions->GetPointer(0);
    double sx, sy, nz;
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        if (project(p[3 * i], p[3 * i + 1], p[3 * i + 2], sx, sy, nz)) f(i, sx, sy, nz);
}

bool ScatterScene::visibleRange(QSize widget, double range[4]) const {
    const QRectF plot = plotRect(widget);
    vtkCamera* camera = m_renderer->GetActiveCamera();
    if (plot.isEmpty() || !camera->GetParallelProjection()) return false;
    double focal[3];
    camera->GetFocalPoint(focal);
    const double halfH = camera->GetParallelScale(), halfW = halfH * plot.width() / plot.height();
    range[0] = focal[0] - halfW;
    range[1] = focal[0] + halfW;
    range[2] = focal[1] - halfH;
    range[3] = focal[1] + halfH;
    return true;
}

void ScatterScene::screenPoints(QSize widget, std::vector<ScreenPoint>& out) const {
    out.clear();
    const QRectF plot = plotRect(widget);
    forEachScreenPoint(widget, [&](std::size_t i, double sx, double sy, double nz) {
        if (plot.contains(sx, sy))
            out.push_back({static_cast<std::uint32_t>(i), static_cast<float>(sx), static_cast<float>(sy),
                           static_cast<float>(nz)});
    });
}

void ScatterScene::projectAll(QSize widget, std::vector<float>& xyDepth) const {
    xyDepth.assign(3 * m_rows.size(), std::numeric_limits<float>::quiet_NaN());
    forEachScreenPoint(widget, [&](std::size_t i, double sx, double sy, double nz) {
        xyDepth[3 * i] = static_cast<float>(sx);
        xyDepth[3 * i + 1] = static_cast<float>(sy);
        xyDepth[3 * i + 2] = static_cast<float>(nz);
    });
}

void ScatterScene::projectPoints(QSize widget, std::span<const std::uint32_t> points,
                                 std::vector<float>& xyDepth) const {
    xyDepth.assign(3 * points.size(), std::numeric_limits<float>::quiet_NaN());
    const Projector project = projector(widget);
    if (project.width <= 0) return;
    const float* p = m_positions->GetPointer(0);
    double sx, sy, nz;
    for (std::size_t k = 0; k < points.size(); ++k) {
        const std::size_t i = points[k];
        if (i >= m_rows.size() || !project(p[3 * i], p[3 * i + 1], p[3 * i + 2], sx, sy, nz)) continue;
        xyDepth[3 * k] = static_cast<float>(sx);
        xyDepth[3 * k + 1] = static_cast<float>(sy);
        xyDepth[3 * k + 2] = static_cast<float>(nz);
    }
}

void ScatterScene::pointMarks(QSize widget, std::vector<PointMark>& points,
                              std::vector<PointMark>& highlights) const {
    std::vector<ScreenPoint> shown;
    screenPoints(widget, shown);
    // Depth runs from -1 (near) to 1 (far): the far ones are painted first.
    std::stable_sort(shown.begin(), shown.end(), [](const ScreenPoint& a, const ScreenPoint& b) { return a.depth > b.depth; });
    points.clear();
    points.reserve(shown.size());
    const unsigned char* colours = m_colourArray->GetPointer(0);
    const auto alpha = static_cast<unsigned char>(std::clamp(m_opacity, 0.0, 1.0) * 255 + 0.5);
    const auto radius = static_cast<float>(m_pointSize / 2);
    for (const ScreenPoint& s : shown) {
        const unsigned char* c = colours + 4 * std::size_t(s.point);
        points.push_back({s.x, s.y, radius, {c[0], c[1], c[2], alpha}});
    }
    highlights.clear();
    const QRectF plot = plotRect(widget);
    std::vector<float> projected;
    projectAll(widget, projected);
    const std::vector<std::size_t>* kinds[5] = {&m_highlights.matches, &m_highlights.marked, &m_highlights.neighbours,
                                                nullptr, nullptr};
    const std::vector<std::size_t> selected =
        m_highlights.selected >= 0 ? std::vector<std::size_t>{std::size_t(m_highlights.selected)} : std::vector<std::size_t>{};
    kinds[4] = &selected;
    for (std::size_t k = 0; k < 5; ++k) {
        if (!kinds[k]) continue;  // the hovered point: a mouse artefact, not part of the picture
        const Layer& layer = *m_layers[k];
        double rgb[3];
        layer.fill->GetProperty()->GetColor(rgb);
        const Rgba fill{static_cast<unsigned char>(rgb[0] * 255 + 0.5), static_cast<unsigned char>(rgb[1] * 255 + 0.5),
                        static_cast<unsigned char>(rgb[2] * 255 + 0.5), 255};
        const auto size = static_cast<float>(std::max(5.0, m_pointSize * layer.sizeFactor));
        for (std::size_t row : *kinds[k]) {
            const long long p = pointOfRow(row);
            if (p < 0) continue;
            const float x = projected[3 * std::size_t(p)], y = projected[3 * std::size_t(p) + 1];
            if (std::isnan(x) || !plot.contains(x, y)) continue;
            highlights.push_back({x, y, (size + 3) / 2, {26, 26, 26, 255}});
            highlights.push_back({x, y, size / 2, fill});
        }
    }
}

const ScatterScene::PickCache& ScatterScene::pickCache(QSize widget) const {
    if (!m_pick) m_pick = std::make_unique<PickCache>();
    PickCache& c = *m_pick;
    // Keyed by the whole projection (camera pose, view angle, clipping range, plot area) and
    // the positions: hovers between camera moves reuse one grid.
    const Projector now = projector(widget);
    if (c.valid && c.projector == now && c.positionsVersion == m_positionsVersion) return c;
    c.projector = now;
    c.positionsVersion = m_positionsVersion;
    c.valid = true;
    projectAll(widget, c.projected);
    const QRectF plot = plotRect(widget);
    const ScreenArea area{static_cast<float>(plot.left()), static_cast<float>(plot.top()),
                          static_cast<float>(plot.right()), static_cast<float>(plot.bottom())};
    c.index.rebuild(c.projected, area);
    return c;
}

long long ScatterScene::rowNear(QPoint pos, QSize widget, double radius) const {
    if (m_rows.empty() || widget.isEmpty()) return -1;
    const long long p = pickCache(widget).index.nearest(static_cast<float>(pos.x()), static_cast<float>(pos.y()),
                                                        static_cast<float>(radius));
    return p >= 0 ? static_cast<long long>(m_rows[static_cast<std::size_t>(p)]) : -1;
}

std::vector<std::size_t> ScatterScene::rowsInRect(QRect rect, QSize widget) const {
    std::vector<std::size_t> out;
    if (m_rows.empty() || widget.isEmpty()) return out;
    // A QRect's right and bottom are its last pixels: the box runs to their far edges.
    for (std::uint32_t p : pickCache(widget).index.inRect(static_cast<float>(rect.left()), static_cast<float>(rect.top()),
                                                          static_cast<float>(rect.right() + 1),
                                                          static_cast<float>(rect.bottom() + 1)))
        out.push_back(m_rows[p]);
    std::sort(out.begin(), out.end());
    return out;
}

std::optional<QPointF> ScatterScene::screenPositionOf(const std::array<float, 3>& xyz, QSize widget) const {
    const Projector project = projector(widget);
    double sx, sy, nz;
    if (project.width <= 0 || !project(xyz[0], xyz[1], xyz[2], sx, sy, nz)) return std::nullopt;
    return QPointF(sx, sy);
}

QPointF ScatterScene::screenPosition(std::size_t row, QSize widget) const {
    const long long p = pointOfRow(row);
    if (p < 0) return {-1, -1};
    const float* xyz = m_positions->GetPointer(3 * p);
    return screenPositionOf({xyz[0], xyz[1], xyz[2]}, widget).value_or(QPointF(-1, -1));
}

}  // namespace embedscope::ui
