#include "ScatterScene.h"

#include <vtkTextProperty.h>

#include <vtkActor.h>
#include <vtkActor2D.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkCubeAxesActor.h>
#include <vtkFloatArray.h>
#include <vtkIdTypeArray.h>
#include <vtkMath.h>
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

#include "ScatterSceneParts.h"

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
    if (m_threeD) {
        makeRoomForAxes(b);
        return;
    }
    // 2-D: ResetCamera fits the bounding sphere, which leaves a wide margin; fit the box instead,
    // by its height or its width, whichever the plot's aspect makes tighter.
    vtkCamera* camera = m_renderer->GetActiveCamera();
    const double cx = (b[0] + b[1]) / 2, cy = (b[2] + b[3]) / 2;
    double position[3];
    camera->GetPosition(position);
    camera->SetFocalPoint(cx, cy, 0);
    camera->SetPosition(cx, cy, position[2]);
    const QRectF plot = currentPlot();
    const double aspect = plot.width() / plot.height();
    const double half = std::max((b[3] - b[2]) / 2, (b[1] - b[0]) / 2 / aspect);
    camera->SetParallelScale(half > 0 ? half * 1.06 : 1.0);
}

void ScatterScene::makeRoomForAxes(const double b[6]) {
    // The camera fits the points' bounding sphere, but the cube axes' ticks and titles lie
    // outside the box, and seen from above its front edges project below the sphere: titles were
    // cut at the view's edges (tst_scatterview axisTitlesStayInside3DView). So the box's
    // projection is centred in the view and, if it and a margin for the labels do not fit, the
    // camera backs off. Two passes, since a move changes the perspective a little.
    vtkCamera* camera = m_renderer->GetActiveCamera();
    const QRectF plot = currentPlot();
    const double aspect = plot.width() / plot.height();
    const double roomX = 1 - 2 * kAxesMargin3d / plot.width();
    const double roomY = 1 - 2 * kAxesMargin3d / plot.height();
    if (roomX <= 0.2 || roomY <= 0.2) return;  // a view too small to keep a margin
    for (int pass = 0; pass < 2; ++pass) {
        vtkMatrix4x4* m = camera->GetCompositeProjectionTransformMatrix(aspect, -1, 1);
        constexpr double inf = std::numeric_limits<double>::infinity();
        double lo[2] = {inf, inf}, hi[2] = {-inf, -inf};
        for (int c = 0; c < 8; ++c) {
            const double p[4] = {b[c & 1], b[2 + ((c >> 1) & 1)], b[4 + ((c >> 2) & 1)], 1};
            double q[4];
            m->MultiplyPoint(p, q);
            if (!(q[3] > 0)) return;  // a corner behind the camera: keep the plain fit
            for (int a = 0; a < 2; ++a) {
                lo[a] = std::min(lo[a], q[a] / q[3]);
                hi[a] = std::max(hi[a], q[a] / q[3]);
            }
        }
        // Centre: move the camera in its view plane by the box centre's offset, in world units
        // at the focal distance (normalised x = ±1 is ±half the view's width there).
        camera->OrthogonalizeViewUp();
        double up[3], dop[3], right[3], focal[3], position[3];
        camera->GetViewUp(up);
        camera->GetDirectionOfProjection(dop);
        vtkMath::Cross(dop, up, right);
        vtkMath::Normalize(right);
        const double halfHeight =
            camera->GetDistance() * std::tan(vtkMath::RadiansFromDegrees(camera->GetViewAngle()) / 2);
        const double cx = (lo[0] + hi[0]) / 2 * halfHeight * aspect;
        const double cy = (lo[1] + hi[1]) / 2 * halfHeight;
        camera->GetFocalPoint(focal);
        camera->GetPosition(position);
        for (int a = 0; a < 3; ++a) {
            focal[a] += cx * right[a] + cy * up[a];
            position[a] += cx * right[a] + cy * up[a];
        }
        camera->SetFocalPoint(focal);
        camera->SetPosition(position);
        const double need = std::max((hi[0] - lo[0]) / 2 / roomX, (hi[1] - lo[1]) / 2 / roomY);
        if (need > 1) camera->Zoom(1 / need);
    }
    m_renderer->ResetCameraClippingRange();
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

std::array<double, 10> ScatterScene::cameraState() const {
    vtkCamera* c = m_renderer->GetActiveCamera();
    std::array<double, 10> s{};
    c->GetPosition(&s[0]);
    c->GetFocalPoint(&s[3]);
    c->GetViewUp(&s[6]);
    s[9] = c->GetParallelScale();
    return s;
}

void ScatterScene::setCameraState(const std::array<double, 10>& s) {
    vtkCamera* c = m_renderer->GetActiveCamera();
    c->SetPosition(s[0], s[1], s[2]);
    c->SetFocalPoint(s[3], s[4], s[5]);
    c->SetViewUp(s[6], s[7], s[8]);
    if (s[9] > 0) c->SetParallelScale(s[9]);
    m_renderer->ResetCameraClippingRange();
}

}  // namespace embedscope::ui
