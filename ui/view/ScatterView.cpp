#include "ScatterView.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QPainter>
#include <QRubberBand>
#include <QToolTip>
#include <QWheelEvent>
#include <qopengl.h>
#include <vtkCallbackCommand.h>
#include <vtkCommand.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkImageData.h>
#include <vtkOpenGLState.h>
#include <vtkRenderer.h>
#include <vtkUnsignedCharArray.h>
#include <vtkPointData.h>
#include <vtkWindowToImageFilter.h>

#include "ScatterScene.h"
#include "ScatterStyle.h"

namespace embedscope::ui {

ScatterView::ScatterView(QWidget* parent)
    : QOpenGLWidget(parent), m_scene(std::make_unique<ScatterScene>()),
      m_window(vtkSmartPointer<vtkGenericOpenGLRenderWindow>::New()),
      m_interactor(vtkSmartPointer<vtkGenericRenderWindowInteractor>::New()),
      m_style(vtkSmartPointer<ScatterStyle>::New()) {
    setObjectName(QStringLiteral("scatterView"));
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setMinimumSize(200, 200);

    // No GL context yet: VTK must not render before initializeGL.
    m_window->SetReadyForRendering(false);
    m_window->SetFrameBlitModeToBlitToCurrent();
    m_scene->attach(m_window);
    m_interactor->SetRenderWindow(m_window);
    m_interactor->SetInteractorStyle(m_style);
    m_interactor->EnableRenderOff();

    auto onMakeCurrent = vtkSmartPointer<vtkCallbackCommand>::New();
    onMakeCurrent->SetClientData(this);
    onMakeCurrent->SetCallback([](vtkObject*, unsigned long, void* self, void*) {
        static_cast<ScatterView*>(self)->onMakeCurrent();
    });
    m_window->AddObserver(vtkCommand::WindowMakeCurrentEvent, onMakeCurrent);
    auto onIsCurrent = vtkSmartPointer<vtkCallbackCommand>::New();
    onIsCurrent->SetClientData(this);
    onIsCurrent->SetCallback([](vtkObject*, unsigned long, void* self, void* callData) {
        static_cast<ScatterView*>(self)->onIsCurrent(callData);
    });
    m_window->AddObserver(vtkCommand::WindowIsCurrentEvent, onIsCurrent);
    // VTK-initiated renders (camera moves) become Qt paints.
    auto onRender = vtkSmartPointer<vtkCallbackCommand>::New();
    onRender->SetClientData(this);
    onRender->SetCallback([](vtkObject*, unsigned long, void* self, void*) {
        static_cast<ScatterView*>(self)->update();
    });
    m_interactor->AddObserver(vtkCommand::RenderEvent, onRender);
    // Subsample large scenes while the camera moves.
    auto onInteraction = vtkSmartPointer<vtkCallbackCommand>::New();
    onInteraction->SetClientData(this);
    onInteraction->SetCallback([](vtkObject*, unsigned long event, void* self, void*) {
        auto* view = static_cast<ScatterView*>(self);
        const bool moving = event == vtkCommand::StartInteractionEvent;
        view->m_scene->setInteracting(moving);
        emit view->interactionChanged(moving);
        view->update();
    });
    m_style->AddObserver(vtkCommand::StartInteractionEvent, onInteraction);
    m_style->AddObserver(vtkCommand::EndInteractionEvent, onInteraction);

    m_hoverTimer.setSingleShot(true);
    m_hoverTimer.setInterval(30);
    connect(&m_hoverTimer, &QTimer::timeout, this, [this] {
        const long long row = rowAt(m_hoverPos);
        if (row != m_hovered) {
            m_hovered = row;
            emit pointHovered(row);
        }
    });
    setThreeD(true);
}

ScatterView::~ScatterView() {
    // Disconnect first: the context's destruction must not call into a dead render window.
    if (context()) disconnect(context(), nullptr, this, nullptr);
    if (m_initialized && context()) {
        makeCurrent();
        m_window->Finalize();
        doneCurrent();
    }
}

vtkGenericOpenGLRenderWindow* ScatterView::renderWindow() const { return m_window; }

void ScatterView::setThreeD(bool threeD) {
    m_threeD = threeD;
    m_style->setTwoD(!threeD);
    m_scene->setThreeD(threeD);
    update();
}

void ScatterView::resetCamera() {
    m_scene->resetCamera();
    update();
}

void ScatterView::initializeGL() {
    m_window->SetOwnContext(false);
    m_window->SetForceMaximumHardwareLineWidth(1);
    m_window->SetReadyForRendering(true);
    m_window->InitializeFromCurrentContext();
    if (!m_initialized) {
        m_interactor->Initialize();
        m_initialized = true;
    }
    connect(context(), &QOpenGLContext::aboutToBeDestroyed, this, &ScatterView::releaseGraphics,
            Qt::UniqueConnection);
}

void ScatterView::releaseGraphics() {
    makeCurrent();
    m_window->Finalize();
    doneCurrent();
}

void ScatterView::resizeGL(int w, int h) {
    const double dpr = devicePixelRatioF();
    m_interactor->UpdateSize(static_cast<int>(w * dpr), static_cast<int>(h * dpr));
    m_scene->setDevicePixelRatio(dpr);
    m_scene->setViewportSize(size());
}

void ScatterView::paintGL() {
    vtkOpenGLState* state = m_window->GetState();
    state->Reset();
    state->Push();
    state->vtkglDepthFunc(GL_LEQUAL);
    m_scene->setViewportSize(size());
    m_window->Render();
    if (m_exportScale > 0) {
        // Tiles re-render the scene at scale× the size; done here, where Qt's framebuffer is bound.
        vtkNew<vtkWindowToImageFilter> grab;
        grab->SetInput(m_window);
        grab->SetScale(m_exportScale);
        grab->SetInputBufferTypeToRGB();
        grab->ReadFrontBufferOff();
        grab->ShouldRerenderOn();
        grab->Update();
        vtkImageData* img = grab->GetOutput();
        int dims[3];
        img->GetDimensions(dims);
        auto* pixels = static_cast<unsigned char*>(img->GetScalarPointer());
        QImage out(pixels, dims[0], dims[1], dims[0] * 3, QImage::Format_RGB888);
        m_exported = out.mirrored();  // VTK's rows run bottom-up; mirrored() also deep-copies
        {
            QPainter painter(&m_exported);
            painter.setRenderHint(QPainter::TextAntialiasing);
            const double factor = double(m_exported.width()) / width();
            painter.scale(factor, factor);
            m_overlay.paint(painter, *m_scene, size());
        }
        m_exportScale = 0;
        m_window->Render();
    }
    // Qt composes the widget with its alpha: make every pixel opaque.
    state->vtkglColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_TRUE);
    state->vtkglClearColor(0.0, 0.0, 0.0, 1.0);
    state->vtkglClear(GL_COLOR_BUFFER_BIT);
    state->vtkglColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
    state->Pop();
    // QPainter after VTK: paintGL's next call starts with state->Reset(), so VTK's state cache
    // does not trust what QPainter changed.
    QPainter painter(this);
    painter.setRenderHint(QPainter::TextAntialiasing);
    m_overlay.paint(painter, *m_scene, size());
}

QImage ScatterView::renderImage(int scale) {
    m_exportScale = std::max(1, scale);
    m_exported = QImage();
    const QImage plain = grabFramebuffer();  // renders now, through paintGL
    if (m_exported.isNull()) m_exported = plain;
    m_exportScale = 0;
    return m_exported;
}

void ScatterView::renderFrame() {
    makeCurrent();  // binds Qt's framebuffer, as paintGL expects
    paintGL();
    context()->functions()->glFinish();
    doneCurrent();
}

void ScatterView::onMakeCurrent() {
    // Never QOpenGLWidget::makeCurrent() here: it re-binds Qt's framebuffer behind VTK's state
    // cache and VTK's textures end up attached to it (GL_FRAMEBUFFER_UNSUPPORTED, blank view).
    if (context() && QOpenGLContext::currentContext() != context()) context()->makeCurrent(context()->surface());
}

void ScatterView::onIsCurrent(void* callData) {
    *static_cast<bool*>(callData) = context() && QOpenGLContext::currentContext() == context();
}

void ScatterView::setEventPosition(const QPointF& pos, Qt::KeyboardModifiers modifiers) {
    const double dpr = devicePixelRatioF();
    m_interactor->SetEventInformationFlipY(static_cast<int>(pos.x() * dpr), static_cast<int>(pos.y() * dpr),
                                           (modifiers & Qt::ControlModifier) ? 1 : 0,
                                           (modifiers & Qt::ShiftModifier) ? 1 : 0);
    m_interactor->SetAltKey((modifiers & Qt::AltModifier) ? 1 : 0);
}

void ScatterView::forwardMouse(QMouseEvent* event, unsigned long vtkEvent) {
    setEventPosition(event->position(), event->modifiers());
    m_interactor->InvokeEvent(vtkEvent, event);
}

void ScatterView::mousePressEvent(QMouseEvent* event) {
    m_pressPos = event->position().toPoint();
    m_dragging = false;
    QToolTip::hideText();
    if (event->button() == Qt::LeftButton && (m_boxMode || (event->modifiers() & Qt::ControlModifier))) {
        m_boxing = true;
        if (!m_band) m_band = new QRubberBand(QRubberBand::Rectangle, this);
        m_band->setGeometry(QRect(m_pressPos, QSize()));
        m_band->show();
        return;
    }
    const unsigned long ev = event->button() == Qt::LeftButton    ? vtkCommand::LeftButtonPressEvent
                             : event->button() == Qt::RightButton ? vtkCommand::RightButtonPressEvent
                                                                  : vtkCommand::MiddleButtonPressEvent;
    forwardMouse(event, ev);
}

void ScatterView::mouseMoveEvent(QMouseEvent* event) {
    const QPoint pos = event->position().toPoint();
    if ((pos - m_pressPos).manhattanLength() > 3) m_dragging = true;
    if (m_boxing) {
        m_band->setGeometry(QRect(m_pressPos, pos).normalized());
        return;
    }
    forwardMouse(event, vtkCommand::MouseMoveEvent);
    if (event->buttons() == Qt::NoButton) {
        m_hoverPos = pos;
        m_hoverTimer.start();
    }
}

void ScatterView::mouseReleaseEvent(QMouseEvent* event) {
    const QPoint pos = event->position().toPoint();
    if (m_boxing) {
        m_boxing = false;
        m_band->hide();
        emit boxSelected(m_scene->rowsInRect(QRect(m_pressPos, pos).normalized(), size()));
        return;
    }
    const unsigned long ev = event->button() == Qt::LeftButton    ? vtkCommand::LeftButtonReleaseEvent
                             : event->button() == Qt::RightButton ? vtkCommand::RightButtonReleaseEvent
                                                                  : vtkCommand::MiddleButtonReleaseEvent;
    forwardMouse(event, ev);
    if (event->button() == Qt::LeftButton && !m_dragging) emit pointPicked(rowAt(pos));
}

void ScatterView::wheelEvent(QWheelEvent* event) {
    setEventPosition(event->position(), event->modifiers());
    // One VTK step per 120 units (one notch).
    const int steps = event->angleDelta().y() / 120;
    for (int i = 0; i < std::abs(steps); ++i)
        m_interactor->InvokeEvent(steps > 0 ? vtkCommand::MouseWheelForwardEvent
                                            : vtkCommand::MouseWheelBackwardEvent, event);
    event->accept();
}

void ScatterView::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_R && event->modifiers() == Qt::NoModifier) {
        resetCamera();
        return;
    }
    QOpenGLWidget::keyPressEvent(event);
}

void ScatterView::leaveEvent(QEvent* event) {
    m_hoverTimer.stop();
    if (m_hovered != -1) {
        m_hovered = -1;
        emit pointHovered(-1);
    }
    QOpenGLWidget::leaveEvent(event);
}

long long ScatterView::rowAt(const QPoint& pos, double radius) const {
    return m_scene->rowNear(pos, size(), radius);
}

}  // namespace embedscope::ui
