// embedscope: the desktop app. Opens the file given on the command line, else the bundled sample.
#include <QApplication>
#include <QCommandLineParser>
#include <QSurfaceFormat>

#include "MainWindow.h"

int main(int argc, char** argv) {
    // VTK 9.1's GLEW cannot initialise on EGL (Wayland) contexts; prefer X11 unless the user chose.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "xcb");
    // VTK renders into our QOpenGLWidget: a 3.2 core profile, double-buffered, RGBA8, depth 24.
    QSurfaceFormat format;
    format.setRenderableType(QSurfaceFormat::OpenGL);
    format.setVersion(3, 2);
    format.setProfile(QSurfaceFormat::CoreProfile);
    format.setSwapBehavior(QSurfaceFormat::DoubleBuffer);
    format.setRedBufferSize(8);
    format.setGreenBufferSize(8);
    format.setBlueBufferSize(8);
    format.setAlphaBufferSize(8);
    format.setDepthBufferSize(24);
    format.setSamples(0);
    QSurfaceFormat::setDefaultFormat(format);

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Embedscope"));
    QApplication::setOrganizationName(QStringLiteral("Embedscope"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Explore embedding spaces."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("embeddings to open (default: the bundled digits sample)"));
    parser.process(app);

    embedscope::ui::MainWindow window;
    window.show();
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty()) window.openSample();
    else window.openFile(files.first());
    return app.exec();
}
