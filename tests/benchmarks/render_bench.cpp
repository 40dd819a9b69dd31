// Frame time of the scatter view for 10k, 100k and 1M points: a bare VTK render window versus
// the same scene hosted in Qt (ScatterView), each frame a camera turn, render + glFinish; and the
// frame time while the camera moves (the subsampled scene). Run under xvfb-run (llvmpipe).
#include <QApplication>
#include <QElapsedTimer>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QSurfaceFormat>
#include <cstdio>
#include <random>
#include <vtkCamera.h>
#include <vtkNew.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>

#include "view/ScatterScene.h"
#include "view/ScatterView.h"

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

double hosted(ScatterView& view, const std::vector<float>& xyz, int frames, bool moving, vtkCamera* start) {
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
    return ms;
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

    std::printf("| points | bare VTK ms/frame | in Qt ms/frame | Qt overhead | while moving ms/frame (fps) |\n");
    std::printf("|---|---|---|---|---|\n");
    for (std::size_t n : {10'000u, 100'000u, 1'000'000u}) {
        const auto xyz = cloud(n);
        const int frames = n >= 1'000'000 ? 5 : 20;
        view.scene().setPoints(xyz, {}, false);
        view.grabFramebuffer();
        vtkNew<vtkCamera> start;
        start->DeepCopy(view.scene().renderer()->GetActiveCamera());
        const double bare = bareVtk(xyz, frames, start);
        const double qt = hosted(view, xyz, frames, false, start);
        const double moving = hosted(view, xyz, frames, true, start);
        std::printf("| %zu | %.1f | %.1f | %+.0f%% | %.1f (%.0f fps) |\n", n, bare, qt, (qt / bare - 1) * 100, moving,
                    1000.0 / moving);
        std::fflush(stdout);
    }
    return 0;
}
