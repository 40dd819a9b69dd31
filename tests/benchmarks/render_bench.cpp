// Frame time of the scatter view for 10k, 100k and 1M points: a bare VTK render window versus
// the same scene hosted in Qt (ScatterView), each frame a camera turn, render + glFinish; the
// frame time while the camera moves (the subsampled scene above the threshold) and the first
// full frame once it stops; then hover and pick queries at 1 M points through the screen grid
// versus a projection and scan of every point. Run under xvfb-run (llvmpipe).
#include <QApplication>
#include <QElapsedTimer>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QSurfaceFormat>
#include <cmath>
#include <cstdio>
#include <algorithm>
#include <random>
#include <vtkCamera.h>
#include <vtkNew.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>

#include "analysis/ScreenIndex.h"
#include "view/ScatterScene.h"
#include "view/ScatterView.h"

using namespace embedscope;
using namespace embedscope::ui;

namespace {
std::vector<float> cloud(std::size_t n) {
    std::mt19937 rng(3);
    std::normal_distribution<float> g;
    std::vector<float> xyz(n * 3);
    for (auto& v : xyz) v = g(rng);
    return xyz;
}

/// The same scene in VTK's own window, seen through a copy of the hosted view's camera (so both
/// fill the same pixels: sphere impostors make the cost depend on the points' screen size).
double bareVtk(const std::vector<float>& xyz, int frames, vtkCamera* camera) {
    ScatterScene scene;
    scene.setAxesVisible(!qEnvironmentVariableIsSet("NO_AXES"));
    vtkNew<vtkRenderWindow> window;
    window->SetSize(1000, 800);
    window->SetOffScreenRendering(false);
    scene.attach(window);
    scene.setPoints(xyz, {}, false);
    scene.setPointSize(4);
    scene.renderer()->GetActiveCamera()->DeepCopy(camera);
    window->Render();
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < frames; ++i) {
        scene.renderer()->GetActiveCamera()->Azimuth(2);
        window->Render();
        window->WaitForCompletion();
    }
    return t.nsecsElapsed() / 1e6 / frames;
}

struct Hosted {
    double ms;           ///< per frame
    double firstStillMs; ///< the first full frame after moving frames (no new upload expected)
};

Hosted hosted(ScatterView& view, const std::vector<float>& xyz, int frames, bool moving, vtkCamera* start) {
    view.scene().setPoints(xyz, {}, false);
    view.scene().setPointSize(4);
    view.scene().renderer()->GetActiveCamera()->DeepCopy(start);
    view.scene().setInteracting(moving);
    view.grabFramebuffer();
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < frames; ++i) {
        view.scene().renderer()->GetActiveCamera()->Azimuth(2);
        view.renderFrame();
    }
    const double ms = t.nsecsElapsed() / 1e6 / frames;
    view.scene().setInteracting(false);
    t.restart();
    view.renderFrame();
    return {ms, t.nsecsElapsed() / 1e6};
}

/// rowNear as it was before the grid: a scan in point order where a point replaces the best one
/// when it is nearer by more than a pixel², or within a pixel² and nearer the viewer (so ties
/// depend on the order), over every projected point, drawn or in the plot's margins.
long long legacyNearest(const std::vector<float>& projected, float x, float y, double radius, bool reverse) {
    long long best = -1;
    double bestD = radius * radius, bestZ = 2;
    const std::size_t n = projected.size() / 3;
    for (std::size_t k = 0; k < n; ++k) {
        const std::size_t i = reverse ? n - 1 - k : k;
        const double sx = projected[3 * i], sy = projected[3 * i + 1], nz = projected[3 * i + 2];
        if (!std::isfinite(sx)) continue;
        const double d = (sx - x) * (sx - x) + (sy - y) * (sy - y);
        if (d < bestD - 1 || (d <= bestD + 1 && nz < bestZ)) {
            best = static_cast<long long>(i);
            bestD = std::min(d, bestD);
            bestZ = nz;
        }
    }
    return best;
}

/// Hover queries at random positions over the plot: through the grid (built on the first query
/// after the camera changes) and by projecting and scanning every point (what each hover cost
/// before), with the answers compared.
void picking(ScatterView& view, std::size_t n) {
    ScatterScene& scene = view.scene();
    const QSize size = view.size();
    const QRectF plot = scene.plotRect(size);
    std::mt19937 rng(5);
    // Hovers over the data: at drawn points, a few pixels off.
    std::vector<QPoint> at;
    while (at.size() < 2000) {
        const QPointF p = scene.screenPosition(static_cast<std::size_t>(rng() % n), size);
        if (plot.contains(p)) at.push_back(p.toPoint() + QPoint(int(rng() % 9) - 4, int(rng() % 9) - 4));
    }
    // A new camera state makes the grid stale: the first build allocates, later ones reuse it.
    scene.renderer()->GetActiveCamera()->Azimuth(1);
    QElapsedTimer t;
    t.start();
    scene.rowNear(at[0], size, 8);
    const double firstBuildMs = t.nsecsElapsed() / 1e6;
    scene.renderer()->GetActiveCamera()->Azimuth(-1);
    t.restart();
    long long first = scene.rowNear(at[0], size, 8);
    const double buildMs = t.nsecsElapsed() / 1e6;
    t.restart();
    int hits = first >= 0;
    for (const QPoint& p : at) hits += scene.rowNear(p, size, 8) >= 0;
    const double queryUs = t.nsecsElapsed() / 1e3 / at.size();
    t.restart();
    const auto boxRows = scene.rowsInRect(QRect(at[1] - QPoint(50, 40), QSize(100, 80)), size);
    const double boxMs = t.nsecsElapsed() / 1e6;

    // The scan: every query projects all points and looks at each (as rowNear did before).
    const ScreenArea area{float(plot.left()), float(plot.top()), float(plot.right()), float(plot.bottom())};
    std::vector<float> projected;
    const int scans = 10;
    int same = 0;
    t.restart();
    for (int i = 0; i < scans; ++i) {
        scene.projectAll(size, projected);
        const long long p = ScreenIndex::nearestByScan(projected, area, float(at[i].x()), float(at[i].y()), 8);
        same += p == scene.rowNear(at[i], size, 8);  // rows are the points here
    }
    const double scanMs = t.nsecsElapsed() / 1e6 / scans;
    // And the old rule, which depended on the order of the scan: the same scan backwards
    // shows by how much.
    const int legacyQueries = 200;
    int legacySame = 0, legacySelf = 0;
    for (int i = 0; i < legacyQueries; ++i) {
        const QPoint q = at[static_cast<std::size_t>(i)];
        const long long forward = legacyNearest(projected, float(q.x()), float(q.y()), 8, false);
        legacySame += forward == scene.rowNear(q, size, 8);
        legacySelf += forward == legacyNearest(projected, float(q.x()), float(q.y()), 8, true);
    }
    std::printf("| %zu | %.1f ms | %.1f ms (first %.1f ms) | %.2f µs (%d of %zu over a point) | %.1f ms, %zu rows | %.0f× | %d/%d | %d/%d (old rule "
                "backwards: %d/%d) |\n",
                n, scanMs, buildMs, firstBuildMs, queryUs, hits, at.size() + 1, boxMs, boxRows.size(), scanMs * 1e3 / queryUs, same,
                scans, legacySame, legacyQueries, legacySelf, legacyQueries);
}
/// Frame times at 10 k, 100 k and 1 M points, still and moving, and the moving ratio 1 M / 100 k.
void frameTables(ScatterView& view) {
    std::printf("| points | bare VTK ms/frame | in Qt ms/frame | Qt overhead | while moving ms/frame (fps) | first still frame ms |\n");
    std::printf("|---|---|---|---|---|---|\n");
    double moving100k = 0, moving1M = 0;
    for (std::size_t n : {10'000u, 100'000u, 1'000'000u}) {
        const auto xyz = cloud(n);
        const int frames = n >= 1'000'000 ? 5 : 20;
        view.scene().setPoints(xyz, {}, false);
        view.grabFramebuffer();
        vtkNew<vtkCamera> start;
        start->DeepCopy(view.scene().renderer()->GetActiveCamera());
        const double bare = bareVtk(xyz, frames, start);
        const double qt = hosted(view, xyz, frames, false, start).ms;
        const Hosted moving = hosted(view, xyz, frames, true, start);
        std::printf("| %zu | %.1f | %.1f | %+.0f%% | %.1f (%.0f fps) | %.1f |\n", n, bare, qt, (qt / bare - 1) * 100,
                    moving.ms, 1000.0 / moving.ms, moving.firstStillMs);
        std::fflush(stdout);
        (n == 100'000u ? moving100k : moving1M) = moving.ms;
    }
    std::printf("\nWhile the camera moves: 1 M / 100 k = %.2f (target <= 1.20; %zu-point subsample above %d points)\n",
                moving1M / moving100k, ScatterScene::kSubsamplePoints, 200'000);
    // The machine's load drifts: the ratio again from alternating rounds, 100 k then 1 M.
    {
        const auto small = cloud(100'000), large = cloud(1'000'000);
        std::printf("Alternating rounds, moving ms/frame 100 k / 1 M (ratio):");
        std::vector<double> ratios;
        for (int round = 0; round < 3; ++round) {
            double ms[2];
            for (int k = 0; k < 2; ++k) {
                view.scene().setPoints(k ? large : small, {}, false);
                view.grabFramebuffer();
                vtkNew<vtkCamera> start;
                start->DeepCopy(view.scene().renderer()->GetActiveCamera());
                ms[k] = hosted(view, k ? large : small, 10, true, start).ms;
            }
            ratios.push_back(ms[1] / ms[0]);
            std::printf(" %.1f / %.1f (%.2f);", ms[0], ms[1], ms[1] / ms[0]);
            std::fflush(stdout);
        }
        std::sort(ratios.begin(), ratios.end());
        std::printf(" median %.2f\n\n", ratios[1]);
    }
}
}  // namespace

int main(int argc, char** argv) {
    QSurfaceFormat format;
    format.setRenderableType(QSurfaceFormat::OpenGL);
    format.setVersion(3, 2);
    format.setProfile(QSurfaceFormat::CoreProfile);
    format.setAlphaBufferSize(8);
    format.setDepthBufferSize(24);
    QSurfaceFormat::setDefaultFormat(format);
    QApplication app(argc, argv);
    ScatterView view;
    view.resize(1000, 800);
    view.show();
    view.scene().setSubsampleThreshold(200'000);
    view.scene().setAxesVisible(!qEnvironmentVariableIsSet("NO_AXES"));
    QApplication::processEvents();
    // Arguments: "frames", "picking" (default: both).
    const QStringList parts = QCoreApplication::arguments().mid(1);
    if (parts.isEmpty() || parts.contains(QStringLiteral("frames"))) frameTables(view);
    if (!parts.isEmpty() && !parts.contains(QStringLiteral("picking"))) return 0;
    std::printf("| points | hover by scan (project + scan) | grid build (first hover after a camera change) | "
                "hover through the grid | box 100 × 80 through the grid | speed-up per hover | same row as the scan | same row as the old rule |\n"
                "|---|---|---|---|---|---|---|---|\n");
    for (std::size_t n : {100'000u, 1'000'000u}) {
        view.scene().setPoints(cloud(n), {}, false);
        view.grabFramebuffer();
        picking(view, n);
        std::fflush(stdout);
    }
    return 0;
}
