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
#include <numeric>
#include <random>

#include "analysis/ScreenIndex.h"

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

void ScatterScene::setCellsFor(vtkPolyData* poly, std::size_t m, const std::uint32_t* ids) {
    // One vertex cell per drawn point: offsets 0..m, connectivity = the point ids.
    auto offsets = vtkSmartPointer<vtkIdTypeArray>::New();
    auto connectivity = vtkSmartPointer<vtkIdTypeArray>::New();
    offsets->SetNumberOfValues(static_cast<vtkIdType>(m + 1));
    connectivity->SetNumberOfValues(static_cast<vtkIdType>(m));
    for (std::size_t i = 0; i < m; ++i) {
        offsets->SetValue(static_cast<vtkIdType>(i), static_cast<vtkIdType>(i));
        connectivity->SetValue(static_cast<vtkIdType>(i), static_cast<vtkIdType>(ids ? ids[i] : i));
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
    ++m_positionsVersion;
    ++m_pointsVersion;
    setCellsFor(m_full, m);
    chooseSubsample();
    m_full->Modified();
    m_sparse->Modified();
    if (m_colours.size() != m) m_colours.assign(m, kDefaultPoint);
    m_highlights = Highlights();
    refreshColours();
    refreshHighlights();
    refreshAxes();
    if (!keepCamera) resetCamera();
}

void ScatterScene::chooseSubsample() {
    // The interaction subsample: the first kSubsamplePoints of a seeded shuffle, so it has the
    // density of the whole (a stride through the rows would follow the file's order, e.g. sorted
    // by class or frequency) and is the same set every frame. Its size does not grow with N, so
    // a moving camera costs the same at 1 M points as at 200 000. Highlights are drawn by their
    // own layers on top, so selected and matched points stay visible whether sampled or not.
    const std::size_t m = m_rows.size();
    const std::size_t k = std::min(m, kSubsamplePoints);
    std::vector<std::uint32_t> order(m);
    std::iota(order.begin(), order.end(), 0u);
    std::mt19937_64 rng(0x5eed);
    for (std::size_t i = 0; i < k && k < m; ++i)
        std::swap(order[i], order[i + std::uniform_int_distribution<std::size_t>(0, m - 1 - i)(rng)]);
    order.resize(k);
    // In index order: the GPU then reads the shared vertex buffer front to back.
    std::sort(order.begin(), order.end());
    m_subsample = std::move(order);
    setCellsFor(m_sparse, k, m_subsample.data());
}

void ScatterScene::updatePositions(const std::vector<float>& xyz) {
    if (xyz.size() != m_rows.size() * 3) return;
    // In place: the same array (and vertex buffer) for the full set and the subsample; the
    // polydata see the change through their points' modification time.
    std::copy(xyz.begin(), xyz.end(), m_positions->GetPointer(0));
    m_positions->Modified();
    ++m_positionsVersion;
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
        setCellsFor(layer.poly, static_cast<std::size_t>(points->GetNumberOfPoints()));
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

std::array<double, 10> ScatterScene::cameraState() const {
    vtkCamera* c = m_renderer->GetActiveCamera();
    std::array<double, 10> s{};
    c->GetPosition(&s[0]);
    c->GetFocalPoint(&s[3]);
    c->GetViewUp(&s[6]);
    s[9] = c->GetParallelScale();
    return s;
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

void ScatterScene::setCameraState(const std::array<double, 10>& s) {
    vtkCamera* c = m_renderer->GetActiveCamera();
    c->SetPosition(s[0], s[1], s[2]);
    c->SetFocalPoint(s[3], s[4], s[5]);
    c->SetViewUp(s[6], s[7], s[8]);
    if (s[9] > 0) c->SetParallelScale(s[9]);
    m_renderer->ResetCameraClippingRange();
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
