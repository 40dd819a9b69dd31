#pragma once
// Hosts VTK in a Qt 6 QOpenGLWidget (Debian's VTK Qt module is built for Qt 5), as
// ../shared/design/vtk-in-qt6.md describes: VTK renders only inside paintGL, into Qt's framebuffer.
// Also turns mouse input into camera moves, point picks, hovers and box selections.
#include <QOpenGLWidget>
#include <QTimer>
#include <vtkNew.h>
#include <vtkSmartPointer.h>
#include <memory>
#include <vector>

#include "ViewOverlay.h"

class vtkGenericOpenGLRenderWindow;
class vtkGenericRenderWindowInteractor;
class vtkObject;
class QRubberBand;

namespace embedscope::ui {

class ScatterScene;
class ScatterStyle;

class ScatterView : public QOpenGLWidget {
    Q_OBJECT
public:
    explicit ScatterView(QWidget* parent = nullptr);
    ~ScatterView() override;

    ScatterScene& scene() { return *m_scene; }
    ViewOverlay& overlay() { return m_overlay; }
    vtkGenericOpenGLRenderWindow* renderWindow() const;

    /// 2-D: orthographic, left drag pans, no rotation. 3-D: trackball (left drag rotates).
    void setThreeD(bool threeD);
    bool isThreeD() const { return m_threeD; }

    /// When on, a left drag draws a box and selects the points inside (Ctrl+drag does it anyway).
    void setBoxSelectMode(bool on) { m_boxMode = on; }

    /// The row drawn nearest to a widget position, within radius pixels, or -1.
    long long rowAt(const QPoint& pos, double radius = 8.0) const;

    /// The view rendered at scale × its size in device pixels (for export).
    QImage renderImage(int scale);
    /// Renders one frame now and waits for the GPU (glFinish): for benchmarks.
    void renderFrame();

public slots:
    void resetCamera();

signals:
    void pointPicked(long long row);   ///< a click on a point (-1: a click on empty space)
    void pointHovered(long long row);  ///< -1 when the pointer leaves points
    void boxSelected(const std::vector<std::size_t>& rows);
    void interactionChanged(bool interacting);

protected:
    void initializeGL() override;
    void resizeGL(int w, int h) override;
    void paintGL() override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    void onMakeCurrent();
    void onIsCurrent(void* callData);
    void releaseGraphics();
    void forwardMouse(QMouseEvent* event, unsigned long vtkEvent);
    void setEventPosition(const QPointF& pos, Qt::KeyboardModifiers modifiers);

    std::unique_ptr<ScatterScene> m_scene;
    ViewOverlay m_overlay;
    vtkSmartPointer<vtkGenericOpenGLRenderWindow> m_window;
    vtkSmartPointer<vtkGenericRenderWindowInteractor> m_interactor;
    vtkSmartPointer<ScatterStyle> m_style;
    bool m_threeD = true;
    bool m_boxMode = false;
    bool m_initialized = false;
    QPoint m_pressPos;
    bool m_dragging = false;
    bool m_boxing = false;
    QRubberBand* m_band = nullptr;
    QTimer m_hoverTimer;
    QPoint m_hoverPos;
    long long m_hovered = -1;
    int m_exportScale = 0;
    QImage m_exported;
};

}  // namespace embedscope::ui
