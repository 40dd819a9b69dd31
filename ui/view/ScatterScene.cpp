#include "ScatterScene.h"

#include <vtkTextProperty.h>

#include <vtkActor.h>
#include <vtkActor2D.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkCubeAxesActor.h>
#include <vtkFloatArray.h>
#include <vtkIdTypeArray.h>
#include <vtkMatrix4x4.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkUnsignedCharArray.h>
#include <algorithm>
#include <cmath>
#include <limits>

namespace embedscope::ui {

namespace {

vtkSmartPointer<vtkActor> pointActor(vtkPolyData* poly, bool scalars) {
    auto mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
    mapper->SetInputData(poly);
    mapper->SetScalarVisibility(scalars);
    if (scalars) {
        mapper->SetColorModeToDirectScalars();
        mapper->SetScalarModeToUsePointData();
    }
    auto actor = vtkSmartPointer<vtkActor>::New();
    actor->SetMapper(mapper);
    actor->GetProperty()->SetRenderPointsAsSpheres(true);
    actor->GetProperty()->SetAmbient(0.35);
    actor->GetProperty()->SetDiffuse(0.75);
    actor->PickableOff();
    return actor;
}
}  // namespace

/// A highlight kind: its points (copied positions) drawn as a halo and a fill.
struct ScatterScene::Layer {
    vtkSmartPointer<vtkPolyData> poly = vtkSmartPointer<vtkPolyData>::New();
    vtkSmartPointer<vtkActor> halo, fill;
    double sizeFactor = 2;
};

ScatterScene::ScatterScene()
    : m_frame(vtkSmartPointer<vtkRenderer>::New()), m_renderer(vtkSmartPointer<vtkRenderer>::New()),
      m_overlay(vtkSmartPointer<vtkRenderer>::New()),
      m_full(vtkSmartPointer<vtkPolyData>::New()), m_sparse(vtkSmartPointer<vtkPolyData>::New()),
      m_positions(vtkSmartPointer<vtkFloatArray>::New()),
      m_colourArray(vtkSmartPointer<vtkUnsignedCharArray>::New()),
      m_axes(vtkSmartPointer<vtkCubeAxesActor>::New()) {
    // The frame fills the window behind the plot: the margins where 2-D axes and the legend go.
    for (vtkRenderer* r : {m_frame.Get(), m_renderer.Get()})
        r->SetBackground(kBackground[0] / 255.0, kBackground[1] / 255.0, kBackground[2] / 255.0);
    m_frame->InteractiveOff();
    m_overlay->SetLayer(1);
    m_overlay->InteractiveOff();
    m_overlay->SetActiveCamera(m_renderer->GetActiveCamera());

    m_positions->SetNumberOfComponents(3);
    auto points = vtkSmartPointer<vtkPoints>::New();
    points->SetData(m_positions);
    m_colourArray->SetNumberOfComponents(4);
    m_colourArray->SetName("colours");
    // The full set and the interaction subsample share points and colours.
    for (vtkPolyData* poly : {m_full.Get(), m_sparse.Get()}) {
        poly->SetPoints(points);
        poly->GetPointData()->SetScalars(m_colourArray);
    }
    m_fullActor = pointActor(m_full, true);
    m_sparseActor = pointActor(m_sparse, true);
    m_sparseActor->VisibilityOff();
    // While the camera moves, flat points: sphere impostors cost a shader pass per fragment.
    m_sparseActor->GetProperty()->SetRenderPointsAsSpheres(false);
    m_renderer->AddActor(m_fullActor);
    m_renderer->AddActor(m_sparseActor);

    // Highlight kinds, drawn in this order (later on top): matches, marked, neighbours, hovered, selected.
    const double colours[5][3] = {{1.0, 0.69, 0.0}, {0.58, 0.40, 0.74}, {0.84, 0.15, 0.16},
                                  {0.2, 0.2, 0.2}, {1.0, 0.45, 0.0}};
    const double factors[5] = {1.5, 1.6, 1.6, 2.2, 2.6};
    for (int i = 0; i < 5; ++i) {
        auto layer = std::make_unique<Layer>();
        layer->poly->SetPoints(vtkSmartPointer<vtkPoints>::New());
        layer->sizeFactor = factors[i];
        layer->halo = pointActor(layer->poly, false);
        layer->halo->GetProperty()->SetColor(0.1, 0.1, 0.1);
        layer->halo->GetProperty()->SetRenderPointsAsSpheres(false);  // a crisp dark rim
        layer->fill = pointActor(layer->poly, false);
        layer->fill->GetProperty()->SetColor(colours[i][0], colours[i][1], colours[i][2]);
        m_overlay->AddActor(layer->halo);
        m_overlay->AddActor(layer->fill);
        m_layers.push_back(std::move(layer));
    }


    m_axes->SetCamera(m_renderer->GetActiveCamera());
    for (int i = 0; i < 3; ++i) {
        m_axes->GetTitleTextProperty(i)->SetColor(0.35, 0.35, 0.35);
        m_axes->GetLabelTextProperty(i)->SetColor(0.45, 0.45, 0.45);
    }
    m_axes->GetXAxesLinesProperty()->SetColor(0.7, 0.7, 0.7);
    m_axes->GetYAxesLinesProperty()->SetColor(0.7, 0.7, 0.7);
    m_axes->GetZAxesLinesProperty()->SetColor(0.7, 0.7, 0.7);
    m_axes->SetFlyModeToOuterEdges();
    m_axes->SetScreenSize(12);
    m_axes->VisibilityOff();
    m_renderer->AddActor(m_axes);
}

ScatterScene::~ScatterScene() = default;

vtkRenderer* ScatterScene::renderer() const { return m_renderer; }

void ScatterScene::attach(vtkRenderWindow* window) {
    window->SetNumberOfLayers(2);
    window->AddRenderer(m_frame);
    window->AddRenderer(m_renderer);
    window->AddRenderer(m_overlay);
}

void ScatterScene::setCellsFor(vtkPolyData* poly, std::size_t count, std::size_t stride) {
    // One vertex cell per drawn point: offsets 0..m, connectivity = the point ids.
    const std::size_t m = (count + stride - 1) / stride;
    auto offsets = vtkSmartPointer<vtkIdTypeArray>::New();
    auto connectivity = vtkSmartPointer<vtkIdTypeArray>::New();
    offsets->SetNumberOfValues(static_cast<vtkIdType>(m + 1));
    connectivity->SetNumberOfValues(static_cast<vtkIdType>(m));
    for (std::size_t i = 0; i < m; ++i) {
        offsets->SetValue(static_cast<vtkIdType>(i), static_cast<vtkIdType>(i));
        connectivity->SetValue(static_cast<vtkIdType>(i), static_cast<vtkIdType>(i * stride));
    }
    offsets->SetValue(static_cast<vtkIdType>(m), static_cast<vtkIdType>(m));
    auto cells = vtkSmartPointer<vtkCellArray>::New();
    cells->SetData(offsets, connectivity);
    poly->SetVerts(cells);
}

void ScatterScene::setPoints(const std::vector<float>& xyz, std::vector<std::size_t> rows, bool keepCamera) {
    const std::size_t m = xyz.size() / 3;
    if (rows.empty()) {
        rows.resize(m);
        for (std::size_t i = 0; i < m; ++i) rows[i] = i;
    }
    m_rows = std::move(rows);
    const std::size_t maxRow = m_rows.empty() ? 0 : *std::max_element(m_rows.begin(), m_rows.end()) + 1;
    m_pointOfRow.assign(maxRow, -1);
    for (std::size_t i = 0; i < m; ++i) m_pointOfRow[m_rows[i]] = static_cast<long long>(i);

    m_positions->SetNumberOfTuples(static_cast<vtkIdType>(m));
    std::copy(xyz.begin(), xyz.begin() + static_cast<std::ptrdiff_t>(m * 3), m_positions->GetPointer(0));
    m_positions->Modified();
    setCellsFor(m_full, m, 1);
    // The subsample keeps about 50 000 points: enough to see the shape while it turns, and fast
    // enough on a software renderer (llvmpipe) to stay interactive.
    setCellsFor(m_sparse, m, std::max<std::size_t>(1, m / 50'000));
    m_full->Modified();
    m_sparse->Modified();
    if (m_colours.size() != m) m_colours.assign(m, kDefaultPoint);
    m_highlights = Highlights();
    refreshColours();
    refreshHighlights();
    refreshAxes();
    if (!keepCamera) resetCamera();
}

void ScatterScene::updatePositions(const std::vector<float>& xyz) {
    if (xyz.size() != m_rows.size() * 3) return;
    std::copy(xyz.begin(), xyz.end(), m_positions->GetPointer(0));
    m_positions->Modified();
    m_full->Modified();
    m_sparse->Modified();
    refreshHighlights();
    refreshAxes();
}

void ScatterScene::setColours(std::vector<Rgba> colours) {
    if (colours.size() != m_rows.size()) colours.assign(m_rows.size(), kDefaultPoint);
    m_colours = std::move(colours);
    refreshColours();
}

void ScatterScene::refreshColours() {
    const std::size_t m = m_rows.size();
    m_colourArray->SetNumberOfTuples(static_cast<vtkIdType>(m));
    unsigned char* out = m_colourArray->GetPointer(0);
    // With something in focus the rest steps back (blended towards the background).
    const bool dim = m_highlights.any();
    for (std::size_t i = 0; i < m; ++i) {
        for (int c = 0; c < 3; ++c) {
            const int v = m_colours[i][c];
            out[4 * i + c] = static_cast<unsigned char>(dim ? (v + 3 * kBackground[c]) / 4 : v);
        }
        out[4 * i + 3] = 255;
    }
    m_colourArray->Modified();
}

void ScatterScene::setLegend(const Legend& legend) {
    const bool toggled = m_legendVisible == legend.empty();
    m_legendVisible = !legend.empty();
    m_legend = legend;
    layoutViewports();
    // The plot area just changed width: fit the points in it again.
    if (toggled) fitCamera();
}

void ScatterScene::setPointSize(double pixels) {
    m_pointSize = pixels;
    m_fullActor->GetProperty()->SetPointSize(static_cast<float>(m_pointSize * m_dpr));
    m_sparseActor->GetProperty()->SetPointSize(static_cast<float>(m_pointSize * m_dpr));
    for (auto& l : m_layers) {
        const double fill = std::max(5.0, m_pointSize * l->sizeFactor) * m_dpr;
        l->fill->GetProperty()->SetPointSize(static_cast<float>(fill));
        l->halo->GetProperty()->SetPointSize(static_cast<float>(fill + 3 * m_dpr));
    }
}

void ScatterScene::setOpacity(double opacity) {
    m_opacity = opacity;
    m_fullActor->GetProperty()->SetOpacity(opacity);
    m_sparseActor->GetProperty()->SetOpacity(opacity);
}

void ScatterScene::setDevicePixelRatio(double dpr) {
    m_dpr = dpr;
    setPointSize(m_pointSize);
}

long long ScatterScene::pointOfRow(std::size_t row) const {
    return row < m_pointOfRow.size() ? m_pointOfRow[row] : -1;
}

void ScatterScene::setHighlights(const Highlights& highlights) {
    const bool dimChanged = highlights.any() != m_highlights.any();
    m_highlights = highlights;
    if (dimChanged) refreshColours();
    refreshHighlights();
}

void ScatterScene::refreshHighlights() {
    auto fill = [this](Layer& layer, const std::vector<std::size_t>& rows) {
        auto points = vtkSmartPointer<vtkPoints>::New();
        for (std::size_t r : rows) {
            const long long p = pointOfRow(r);
            if (p >= 0) points->InsertNextPoint(m_positions->GetTuple3(static_cast<vtkIdType>(p)));
        }
        layer.poly->SetPoints(points);
        setCellsFor(layer.poly, static_cast<std::size_t>(points->GetNumberOfPoints()), 1);
        layer.poly->Modified();
    };
    auto one = [](long long row) {
        return row >= 0 ? std::vector<std::size_t>{static_cast<std::size_t>(row)} : std::vector<std::size_t>{};
    };
    fill(*m_layers[0], m_highlights.matches);
    fill(*m_layers[1], m_highlights.marked);
    fill(*m_layers[2], m_highlights.neighbours);
    fill(*m_layers[3], one(m_highlights.hovered));
    fill(*m_layers[4], one(m_highlights.selected));
}

void ScatterScene::setAxisTitles(const QString& x, const QString& y, const QString& z) {
    m_axisTitles[0] = x;
    m_axisTitles[1] = y;
    m_axisTitles[2] = z;
    m_axes->SetXTitle(x.toStdString().c_str());
    m_axes->SetYTitle(y.toStdString().c_str());
    m_axes->SetZTitle(z.toStdString().c_str());
}

void ScatterScene::setAxesVisible(bool visible) {
    m_axesVisible = visible;
    refreshAxes();
}

void ScatterScene::refreshAxes() {
    if (m_rows.empty() || !m_axesVisible) {
        m_axes->VisibilityOff();
        return;
    }
    double b[6];
    m_full->GetPoints()->Modified();
    m_full->GetPoints()->GetBounds(b);
    m_axes->SetBounds(b);
    // 2-D axes are painted in the plot's margins, on two sides, by ViewOverlay.
    m_axes->SetVisibility(m_threeD);
}

void ScatterScene::setThreeD(bool threeD) {
    m_threeD = threeD;
    refreshAxes();
    layoutViewports();
    resetCamera();
}

void ScatterScene::resetCamera() {
    vtkCamera* camera = m_renderer->GetActiveCamera();
    camera->SetFocalPoint(0, 0, 0);
    if (m_threeD) {
        camera->ParallelProjectionOff();
        camera->SetPosition(1, 0.8, 1.4);
        camera->SetViewUp(0, 1, 0);
    } else {
        camera->ParallelProjectionOn();
        camera->SetPosition(0, 0, 1);
        camera->SetViewUp(0, 1, 0);
    }
    fitCamera();
}

void ScatterScene::fitCamera() {
    // Fit the points, not the axes' labels.
    double b[6] = {-1, 1, -1, 1, -1, 1};
    if (!m_rows.empty()) m_full->GetPoints()->GetBounds(b);
    m_renderer->ResetCamera(b);
    if (m_threeD) return;
    // 2-D: ResetCamera fits the bounding sphere, which leaves a wide margin; fit the box instead,
    // by its height or its width, whichever the plot's aspect makes tighter.
    vtkCamera* camera = m_renderer->GetActiveCamera();
    const double cx = (b[0] + b[1]) / 2, cy = (b[2] + b[3]) / 2;
    double position[3];
    camera->GetPosition(position);
    camera->SetFocalPoint(cx, cy, 0);
    camera->SetPosition(cx, cy, position[2]);
    const QRectF plot = plotRect(m_widget.isEmpty() ? QSize(800, 600) : m_widget);
    const double aspect = plot.width() / plot.height();
    const double half = std::max((b[3] - b[2]) / 2, (b[1] - b[0]) / 2 / aspect);
    camera->SetParallelScale(half > 0 ? half * 1.06 : 1.0);
}

void ScatterScene::setInteracting(bool interacting) {
    m_interacting = interacting;
    const bool sparse = isSubsampling();
    m_sparseActor->SetVisibility(sparse);
    m_fullActor->SetVisibility(!sparse);
}

bool ScatterScene::isSubsampling() const {
    return m_interacting && m_rows.size() > m_subsampleThreshold;
}

template <typename F>
void ScatterScene::forEachScreenPoint(QSize widget, F&& f) const {
    if (widget.isEmpty() || m_rows.empty()) return;
    const QRectF plot = plotRect(widget);
    if (plot.isEmpty()) return;
    vtkCamera* camera = m_renderer->GetActiveCamera();
    const double aspect = plot.width() / plot.height();
    vtkMatrix4x4* m = camera->GetCompositeProjectionTransformMatrix(aspect, -1, 1);
    double e[4][4];
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) e[i][j] = m->GetElement(i, j);
    const float* p = m_positions->GetPointer(0);
    const double w = plot.width(), h = plot.height(), left = plot.left(), top = plot.top();
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        const double x = p[3 * i], y = p[3 * i + 1], z = p[3 * i + 2];
        const double cw = e[3][0] * x + e[3][1] * y + e[3][2] * z + e[3][3];
        if (cw <= 0) continue;
        const double nx = (e[0][0] * x + e[0][1] * y + e[0][2] * z + e[0][3]) / cw;
        const double ny = (e[1][0] * x + e[1][1] * y + e[1][2] * z + e[1][3]) / cw;
        const double nz = (e[2][0] * x + e[2][1] * y + e[2][2] * z + e[2][3]) / cw;
        if (nz < -1 || nz > 1) continue;
        f(i, left + (nx + 1) * 0.5 * w, top + (1 - ny) * 0.5 * h, nz);
    }
}

QRectF ScatterScene::plotRect(QSize widget) const {
    // Margins in pixels: 2-D axes take the left and bottom, the legend its own strip on the right.
    const double left = m_threeD ? 0 : 62, bottom = m_threeD ? 0 : 46, top = m_threeD ? 0 : 14;
    const double right = m_legendVisible ? kLegendWidth : (m_threeD ? 0 : 18);
    const QRectF r(left, top, widget.width() - left - right, widget.height() - top - bottom);
    return r.width() > 40 && r.height() > 40 ? r : QRectF(QPointF(0, 0), QSizeF(widget));
}

void ScatterScene::setViewportSize(QSize widget) {
    m_widget = widget;
    layoutViewports();
}

void ScatterScene::layoutViewports() {
    if (m_widget.isEmpty()) return;
    const QRectF r = plotRect(m_widget);
    const double w = m_widget.width(), h = m_widget.height();
    // VTK viewports run bottom-up in [0, 1].
    const double vp[4] = {r.left() / w, 1 - r.bottom() / h, r.right() / w, 1 - r.top() / h};
    m_renderer->SetViewport(vp[0], vp[1], vp[2], vp[3]);
    m_overlay->SetViewport(vp[0], vp[1], vp[2], vp[3]);
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

std::array<double, 10> ScatterScene::cameraState() const {
    vtkCamera* c = m_renderer->GetActiveCamera();
    std::array<double, 10> s{};
    c->GetPosition(&s[0]);
    c->GetFocalPoint(&s[3]);
    c->GetViewUp(&s[6]);
    s[9] = c->GetParallelScale();
    return s;
}

long long ScatterScene::rowNear(QPoint pos, QSize widget, double radius) const {
    long long best = -1;
    double bestD = radius * radius, bestZ = 2;
    forEachScreenPoint(widget, [&](std::size_t i, double sx, double sy, double nz) {
        const double d = (sx - pos.x()) * (sx - pos.x()) + (sy - pos.y()) * (sy - pos.y());
        // Among points under the cursor, the one in front wins.
        if (d < bestD - 1 || (d <= bestD + 1 && nz < bestZ)) {
            best = static_cast<long long>(m_rows[i]);
            bestD = std::min(d, bestD);
            bestZ = nz;
        }
    });
    return best;
}

std::vector<std::size_t> ScatterScene::rowsInRect(QRect rect, QSize widget) const {
    std::vector<std::size_t> out;
    forEachScreenPoint(widget, [&](std::size_t i, double sx, double sy, double) {
        if (sx >= rect.left() && sx <= rect.right() + 1 && sy >= rect.top() && sy <= rect.bottom() + 1)
            out.push_back(m_rows[i]);
    });
    std::sort(out.begin(), out.end());
    return out;
}

QPointF ScatterScene::screenPosition(std::size_t row, QSize widget) const {
    QPointF out(-1, -1);
    const long long p = pointOfRow(row);
    forEachScreenPoint(widget, [&](std::size_t i, double sx, double sy, double) {
        if (static_cast<long long>(i) == p) out = QPointF(sx, sy);
    });
    return out;
}

}  // namespace embedscope::ui
