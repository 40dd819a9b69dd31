// embedscope: the desktop app. Opens the file given on the command line (the first of several),
// else the bundled sample.
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QIcon>
#include <QImage>
#include <QPainter>
#include <QStatusBar>
#include <QSurfaceFormat>
#include <QTimer>
#include <cstdio>
#include <memory>
#include <optional>

#include "BuildInfo.h"
#include "MainWindow.h"
#include "Samples.h"
#include "Workspace.h"
#include "state/WorkspaceFiles.h"
#include "dialogs/AboutDialog.h"
#include "view/ScatterView.h"

namespace {
/// Pixels of the view that are not its background: evidence that points were drawn.
int pointPixels(const QImage& image) {
    int count = 0;
    const QImage img = image.convertToFormat(QImage::Format_RGB32);
    for (int y = 0; y < img.height(); y += 2)
        for (int x = 0; x < img.width(); x += 2)
            if (img.pixel(x, y) != qRgb(255, 255, 255)) ++count;
    return count;
}

/// --screenshot: once the data set is on screen, save the window and quit. Used by the start-up
/// test and to make README's screenshot. Fails (exit 4) when nothing is shown within the deadline.
/// tsneDims 2 or 3 (--tsne, --tsne-dims) runs t-SNE first and --select picks a label, so the
/// picture shows those too; 0 shows the first projection.
void armScreenshot(embedscope::ui::MainWindow& window, const QString& path, double deadlineSeconds, int tsneDims,
                   const QString& select) {
    using embedscope::ui::Workspace;
    // A scripted run: a crashed session's autosave waits for the next interactive start (the
    // question would also cover the picture).
    window.workspaceFiles()->setOffersRecovery(false);
    auto* clock = new QElapsedTimer;
    clock->start();
    auto shoot = [&window, path, clock, select] {
        auto* workspace = window.workspace();
        // Once, 400 ms after the picture is complete: the view settles.
        auto taken = std::make_shared<bool>(false);
        auto grabSoon = [&window, path, clock, taken, select] {
            if (*taken) return;
            *taken = true;
            QTimer::singleShot(400, &window, [&window, path, clock, select] {
                const QImage view = window.view()->grabFramebuffer();
                const int drawn = pointPixels(view);
                // QWidget::grab composes the view from a texture that lacks what QPainter draws over
                // VTK (axes, map labels, legend; seen under Xvfb with llvmpipe), so the view's own
                // framebuffer goes on top, as tst_biasview composes its screenshots.
                QImage shot = window.grab().toImage();
                {
                    QPainter painter(&shot);
                    painter.drawImage(QRect(window.view()->mapTo(&window, QPoint(0, 0)), window.view()->size()), view);
                }
                const bool saved = shot.save(path);
                const auto projection = window.workspace()->projection();
                std::printf("shown after %.2f s: %zu points, %d drawn pixels (sampled), screenshot %s; %s\n",
                            clock->elapsed() / 1000.0, window.workspace()->dataset()->embedding.rows(), drawn,
                            saved ? qPrintable(path) : "NOT saved",
                            projection ? qPrintable(projection->describe()) : "no projection");
                if (window.workspace()->selectedRow() >= 0)
                    std::printf("selected %s: %zu neighbours listed\n", qPrintable(select),
                                window.workspace()->neighbours().size());
                std::fflush(stdout);
                QApplication::exit(saved && drawn > 50 ? 0 : 3);
            });
        };
        std::optional<std::size_t> row;
        if (!select.isEmpty()) row = workspace->dataset()->embedding.find(select.toStdString());
        if (!row) return grabSoon();
        // Large data sets answer the neighbour query off the GUI thread: the picture waits for
        // the Inspector's list (10 s at most), which it used to show still empty.
        QObject::connect(workspace, &Workspace::selectionChanged, &window, [workspace, grabSoon] {
            if (!workspace->neighbours().empty() || !workspace->neighbourError().isEmpty()) grabSoon();
        });
        QTimer::singleShot(10'000, &window, grabSoon);
        workspace->select(static_cast<long long>(*row));
    };
    QObject::connect(window.workspace(), &Workspace::datasetChanged, &window, [&window, tsneDims, shoot] {
        if (tsneDims == 0) return shoot();
        auto spec = window.workspace()->projectionSpec();
        spec.method = embedscope::ui::ProjectionMethod::Tsne;
        spec.dims = tsneDims;
        window.workspace()->setProjectionSpec(spec);
        QObject::connect(window.workspace(), &Workspace::tsneRunningChanged, &window, [shoot](bool running) {
            if (!running) shoot();
        });
    });
    QObject::connect(window.workspace(), &embedscope::ui::Workspace::loadFailed, &window,
                     [](const QString&, const QString& message) {
                         std::fprintf(stderr, "load failed: %s\n", qPrintable(message));
                         QApplication::exit(2);
                     });
    QTimer::singleShot(static_cast<int>(deadlineSeconds * 1000), &window, [] {
        std::fprintf(stderr, "nothing shown within the deadline\n");
        QApplication::exit(4);
    });
}

/// The window icon: the PNG renderings of resources/icons/embedscope.svg (Qt reads SVG only with a
/// plugin that qt6-base does not ship).
QIcon applicationIcon() {
    QIcon icon;
    for (int size : {16, 22, 24, 32, 48, 64, 128, 256})
        icon.addFile(QStringLiteral(":/icons/embedscope-%1.png").arg(size), QSize(size, size));
    return icon;
}

/// --version: the first line as help2man reads it, then what a bug report needs.
void printVersion() {
    std::printf("embedscope %s\ncommit %s\n", embedscope::BuildInfo::version().c_str(),
                embedscope::BuildInfo::commit().c_str());
    for (const auto& [name, version] : embedscope::ui::AboutDialog::libraryVersions())
        std::printf("%s %s\n", qPrintable(name), qPrintable(version));
    std::printf("samples %s\n",
                qPrintable(QDir::toNativeSeparators(embedscope::ui::bundledSamplesDirectory())));
}
}  // namespace

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

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Explore embedding spaces."));
    parser.addHelpOption();
    QCommandLineOption version(
        {QStringLiteral("v"), QStringLiteral("version")},
        QStringLiteral("print the version, the commit and the libraries' versions, then quit"));
    parser.addOption(version);
    parser.addPositionalArgument(
        QStringLiteral("files"),
        QStringLiteral("embeddings to open (default: the bundled digits sample); one data "
                       "set at a time, so only the first is opened"),
        QStringLiteral("[file...]"));
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                  QStringLiteral("save the window as PNG once the data is shown, then quit"),
                                  QStringLiteral("file"));
    QCommandLineOption deadline(QStringLiteral("deadline"),
                                QStringLiteral("with --screenshot: fail unless the data is shown within this many seconds (default 5)"),
                                QStringLiteral("seconds"), QStringLiteral("5"));
    QCommandLineOption tsne(QStringLiteral("tsne"), QStringLiteral("with --screenshot: run t-SNE (2-D) first"));
    QCommandLineOption tsneDims(QStringLiteral("tsne-dims"),
                                QStringLiteral("with --screenshot --tsne: lay out in 2 or 3 dimensions (default 2)"),
                                QStringLiteral("dims"), QStringLiteral("2"));
    QCommandLineOption select(QStringLiteral("select"), QStringLiteral("with --screenshot: select this label"),
                              QStringLiteral("label"));
    parser.addOption(screenshot);
    parser.addOption(deadline);
    parser.addOption(tsne);
    parser.addOption(tsneDims);
    parser.addOption(select);
    // --help and --version answer before QApplication exists, so they work without a display
    // (help2man runs them at build time). The rest is parsed again below, with Qt's own options.
    QStringList rawArguments;
    for (int i = 0; i < argc; ++i) rawArguments << QString::fromLocal8Bit(argv[i]);
    if (parser.parse(rawArguments)) {
        if (parser.isSet(QStringLiteral("help"))) {
            // Without an application object Qt cannot name the program.
            QString help = parser.helpText();
            std::fputs(qPrintable(help.replace(QStringLiteral("<executable_name>"),
                                               QStringLiteral("embedscope"))),
                       stdout);
            return 0;
        }
        if (parser.isSet(version)) {
            // The samples are found relative to the binary, which needs an application object.
            const QCoreApplication core(argc, argv);
            printVersion();
            return 0;
        }
    }

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Embedscope"));
    // Window titles read "digits.tsv — Embedscope".
    QApplication::setApplicationDisplayName(QStringLiteral("Embedscope"));
    QApplication::setOrganizationName(QStringLiteral("Embedscope"));
    QApplication::setApplicationVersion(QString::fromStdString(embedscope::BuildInfo::version()));
    QApplication::setDesktopFileName(QStringLiteral(EMBEDSCOPE_APP_ID));
    QApplication::setWindowIcon(applicationIcon());
    parser.process(app);

    const QString dimsText = parser.value(tsneDims);
    if (dimsText != QStringLiteral("2") && dimsText != QStringLiteral("3")) {
        std::fprintf(stderr, "--tsne-dims takes 2 or 3, not %s\n", qPrintable(dimsText));
        return 1;
    }
    embedscope::ui::MainWindow window;
    if (parser.isSet(screenshot))
        armScreenshot(window, parser.value(screenshot), parser.value(deadline).toDouble(),
                      parser.isSet(tsne) ? dimsText.toInt() : 0, parser.value(select));
    window.show();
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty()) window.openSample();
    else window.openFile(files.first());
    if (files.size() > 1) {
        // A file manager passes all selected files (Exec=embedscope %F); one window, one data set.
        const QString note =
            QObject::tr("Embedscope shows one data set at a time: opened %1, not %2")
                .arg(files.first(), files.mid(1).join(QStringLiteral(", ")));
        std::fprintf(stderr, "embedscope: %s\n", qPrintable(note));
        window.statusBar()->showMessage(note, 15000);
    }
    return app.exec();
}
