// The VTK view hosted in Qt, under Xvfb: it draws opaque frames with points, the mouse turns,
// pans and zooms the camera, clicks and boxes pick the right rows, export renders at a chosen
// resolution, and the explorer around it highlights search matches and survives bad files.
#include <QMouseEvent>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QWheelEvent>
#include <vtkCamera.h>
#include <vtkRenderer.h>

#include "GlTestMain.h"
#include "MainWindow.h"
#include "Samples.h"
#include "Workspace.h"
#include "docks/SearchDock.h"
#include "models/MatchModel.h"
#include "view/ScatterScene.h"
#include "view/ScatterView.h"
#include <QLineEdit>
#include <QCheckBox>
#include <cmath>
#include <random>

using namespace embedscope;
using namespace embedscope::ui;

namespace {
int nonBackground(const QImage& image) {
    const QImage img = image.convertToFormat(QImage::Format_RGB32);
    int n = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x)
            if (img.pixel(x, y) != qRgb(255, 255, 255)) ++n;
    return n;
}

void send(QWidget* w, QEvent::Type type, QPointF pos, Qt::MouseButton button, Qt::MouseButtons buttons,
          Qt::KeyboardModifiers mods = Qt::NoModifier) {
    QMouseEvent e(type, pos, w->mapToGlobal(pos), button, buttons, mods);
    QApplication::sendEvent(w, &e);
}

void drag(QWidget* w, QPointF from, QPointF to, Qt::KeyboardModifiers mods = Qt::NoModifier) {
    send(w, QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton, mods);
    for (int i = 1; i <= 10; ++i)
        send(w, QEvent::MouseMove, from + (to - from) * (i / 10.0), Qt::NoButton, Qt::LeftButton, mods);
    send(w, QEvent::MouseButtonRelease, to, Qt::LeftButton, Qt::NoButton, mods);
}

/// Four corners of a square and its centre, in 2-D.
std::vector<float> square() { return {-1, -1, 0, 1, -1, 0, 1, 1, 0, -1, 1, 0, 0, 0, 0}; }
}  // namespace

class TestScatterView : public QObject {
    Q_OBJECT
    std::unique_ptr<ScatterView> view;

private slots:
    void init() {
        view = std::make_unique<ScatterView>();
        view->resize(400, 300);
        view->scene().setPointSize(8);
        view->show();
        QVERIFY(QTest::qWaitForWindowExposed(view.get()));
    }
    void cleanup() { view.reset(); }

    void framebufferIsOpaqueAndShowsPoints() {
        view->setThreeD(false);
        view->scene().setPoints(square(), {}, false);
        view->update();
        const QImage frame = view->grabFramebuffer();
        QCOMPARE(frame.size(), view->size() * view->devicePixelRatio());
        QCOMPARE(qAlpha(frame.pixel(0, 0)), 255);
        QCOMPARE(frame.pixel(1, frame.height() - 2) & 0xffffff, 0xffffffu);  // background corner
        QVERIFY2(nonBackground(frame) > 5 * 20, "no points drawn");
    }

    void axesOnTwoSidesAndLegendInItsOwnStrip() {
        // 2-D used to draw axis lines on all four sides, and the legend covered the right-hand
        // tick labels and points. Now: x below, y on the left, nothing above or to the right of
        // the plot, and the legend in a strip of its own.
        view->resize(600, 400);
        view->setThreeD(false);
        std::vector<float> xyz;
        for (int i = 0; i < 200; ++i) xyz.insert(xyz.end(), {float(i % 20), float(i / 20), 0});
        view->scene().setPoints(xyz, {}, false);
        view->scene().setAxisTitles(QStringLiteral("PC1"), QStringLiteral("PC2"), QString());
        Legend legend;
        legend.title = QStringLiteral("class");
        legend.categories = {QStringLiteral("a"), QStringLiteral("b")};
        legend.colours = {{200, 0, 0, 255}, {0, 0, 200, 255}};
        view->scene().setLegend(legend);
        const QImage frame = view->grabFramebuffer().convertToFormat(QImage::Format_RGB32);
        if (qEnvironmentVariableIsSet("EMBEDSCOPE_TEST_SHOTS")) frame.save(qEnvironmentVariable("EMBEDSCOPE_TEST_SHOTS") + "/axes2d.png");
        const double dpr = view->devicePixelRatio();
        const QRectF plot = view->scene().plotRect(view->size());
        QVERIFY(plot.right() <= view->width() - ScatterScene::kLegendWidth + 1);
        auto background = [&](double x, double y) { return (frame.pixel(int(x * dpr), int(y * dpr)) & 0xffffff) == 0xffffffu; };
        int top = 0, right = 0, left = 0, bottom = 0, legendPixels = 0;
        for (double x = plot.left() + 2; x < plot.right() - 2; ++x) {
            top += !background(x, plot.top() - 3);
            bottom += !background(x, plot.bottom() - 1) || !background(x, plot.bottom());
        }
        for (double y = plot.top() + 2; y < plot.bottom() - 2; ++y) {
            right += !background(plot.right() + 3, y);
            left += !background(plot.left() - 1, y) || !background(plot.left(), y);  // the axis line
        }
        for (double x = plot.right() + 6; x < view->width() - 1; ++x)
            for (double y = 1; y < view->height() - 1; ++y) legendPixels += !background(x, y);
        QCOMPARE(top, 0);
        QCOMPARE(right, 0);
        QVERIFY2(left > plot.height() * 0.9, qPrintable(QString::number(left)));
        QVERIFY2(bottom > plot.width() * 0.9, qPrintable(QString::number(bottom)));
        QVERIFY(legendPixels > 200);
        // Points are drawn inside the plot area only.
        for (std::size_t row : {0u, 19u, 199u}) {
            const QPointF at = view->scene().screenPosition(row, view->size());
            QVERIFY(plot.contains(at));
        }
    }

    void axisTitlesStayInside3DView_data() {
        QTest::addColumn<QSize>("size");
        QTest::newRow("portrait, as docked at 1280 x 820") << QSize(560, 650);
        QTest::newRow("square") << QSize(500, 500);
        QTest::newRow("landscape") << QSize(640, 420);
    }
    void axisTitlesStayInside3DView() {
        // At the default camera the cube axes' titles sit outside the points' bounding sphere,
        // which the camera fits: "PC2 (6.6%)" was cut at the view's left edge on the first
        // picture of the words sample. Nothing may touch the view's border.
        QFETCH(QSize, size);
        view->resize(size);
        view->setThreeD(true);
        std::mt19937 rng(5);
        std::normal_distribution<float> normal;
        std::vector<float> xyz;
        for (int i = 0; i < 3000; ++i) {
            const float x = normal(rng), y = normal(rng), z = normal(rng);
            const float r = std::max(1.0f, std::sqrt(x * x + y * y + z * z) / 1.5f);  // a ball
            xyz.insert(xyz.end(), {x / r, y / r, z / r});
        }
        view->scene().setPoints(xyz, {}, true);
        view->scene().setAxisTitles(QStringLiteral("PC1 (11.0%)"), QStringLiteral("PC2 (6.6%)"),
                                    QStringLiteral("PC3 (5.5%)"));
        view->scene().resetCamera();
        const QImage frame = view->grabFramebuffer().convertToFormat(QImage::Format_RGB32);
        if (qEnvironmentVariableIsSet("EMBEDSCOPE_TEST_SHOTS"))
            frame.save(qEnvironmentVariable("EMBEDSCOPE_TEST_SHOTS") +
                       QStringLiteral("/axes3d-%1x%2.png").arg(size.width()).arg(size.height()));
        int touching = 0;  // drawn pixels on the view's outermost ring
        for (int y = 0; y < frame.height(); ++y)
            for (int x = 0; x < frame.width(); ++x)
                if (x == 0 || y == 0 || x == frame.width() - 1 || y == frame.height() - 1)
                    touching += (frame.pixel(x, y) & 0xffffff) != 0xffffffu;
        QCOMPARE(touching, 0);
    }

    void dragRotatesIn3D() {
        view->setThreeD(true);
        std::vector<float> xyz = square();
        xyz[2] = 1;  // some depth
        view->scene().setPoints(xyz, {}, false);
        vtkCamera* camera = view->scene().renderer()->GetActiveCamera();
        double before[3], after[3];
        camera->GetPosition(before);
        drag(view.get(), {200, 150}, {260, 170});
        camera->GetPosition(after);
        QVERIFY(std::hypot(after[0] - before[0], after[1] - before[1], after[2] - before[2]) > 1e-3);
    }

    void dragPansWithoutRotationIn2D() {
        view->setThreeD(false);
        view->scene().setPoints(square(), {}, false);
        vtkCamera* camera = view->scene().renderer()->GetActiveCamera();
        double focalBefore[3], focalAfter[3], dir[3];
        camera->GetFocalPoint(focalBefore);
        drag(view.get(), {200, 150}, {260, 170});
        camera->GetFocalPoint(focalAfter);
        camera->GetDirectionOfProjection(dir);
        QVERIFY(std::abs(focalAfter[0] - focalBefore[0]) > 1e-3);
        QVERIFY(std::abs(dir[2] + 1) < 1e-9);  // still looking straight down −z
    }

    void wheelZooms() {
        view->setThreeD(true);
        view->scene().setPoints(square(), {}, false);
        vtkCamera* camera = view->scene().renderer()->GetActiveCamera();
        const double before = camera->GetDistance();
        QWheelEvent wheel(QPointF(200, 150), view->mapToGlobal(QPointF(200, 150)), QPoint(), QPoint(0, 120),
                          Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(view.get(), &wheel);
        QVERIFY(camera->GetDistance() < before);

        view->setThreeD(false);
        const double scale = camera->GetParallelScale();
        QApplication::sendEvent(view.get(), &wheel);
        QVERIFY(camera->GetParallelScale() < scale);
    }

    void clickPicksTheRow() {
        view->setThreeD(false);
        // Rows 10..14 shown (an isolated subset): the pick answers in data set rows.
        view->scene().setPoints(square(), {10, 11, 12, 13, 14}, false);
        view->grabFramebuffer();
        QSignalSpy picked(view.get(), &ScatterView::pointPicked);
        for (std::size_t row : {12u, 14u}) {
            const QPointF at = view->scene().screenPosition(row, view->size());
            QVERIFY(at.x() > 0 && at.x() < 400 && at.y() > 0 && at.y() < 300);
            send(view.get(), QEvent::MouseButtonPress, at, Qt::LeftButton, Qt::LeftButton);
            send(view.get(), QEvent::MouseButtonRelease, at, Qt::LeftButton, Qt::NoButton);
            QCOMPARE(picked.last()[0].toLongLong(), static_cast<long long>(row));
        }
        send(view.get(), QEvent::MouseButtonPress, {3, 3}, Qt::LeftButton, Qt::LeftButton);
        send(view.get(), QEvent::MouseButtonRelease, {3, 3}, Qt::LeftButton, Qt::NoButton);
        QCOMPARE(picked.last()[0].toLongLong(), -1LL);
    }

    void ctrlDragSelectsABox() {
        view->setThreeD(false);
        view->scene().setPoints(square(), {}, false);
        view->grabFramebuffer();
        const QPointF a = view->scene().screenPosition(2, view->size());  // (1, 1): top right
        const QPointF c = view->scene().screenPosition(4, view->size());  // centre
        QSignalSpy box(view.get(), &ScatterView::boxSelected);
        drag(view.get(), a + QPointF(10, -10), c + QPointF(-5, 5), Qt::ControlModifier);
        QCOMPARE(box.count(), 1);
        QCOMPARE(box[0][0].value<std::vector<std::size_t>>(), (std::vector<std::size_t>{2, 4}));
    }

    void largeScenesSubsampleWhileMoving() {
        std::vector<float> xyz(300'000 * 3);
        for (std::size_t i = 0; i < xyz.size(); ++i) xyz[i] = float((i * 7919) % 1000) / 1000.0f;
        view->scene().setSubsampleThreshold(100'000);
        view->scene().setPoints(xyz, {}, false);
        bool sawSubsample = false;
        connect(view.get(), &ScatterView::interactionChanged, this,
                [&](bool moving) { if (moving) sawSubsample = view->scene().isSubsampling(); });
        drag(view.get(), {200, 150}, {250, 150});
        QVERIFY(sawSubsample);
        QVERIFY(!view->scene().isSubsampling());  // full set once the camera stops
    }

    void exportRendersAtScale() {
        view->setThreeD(false);
        view->scene().setPoints(square(), {}, false);
        const QImage image = view->renderImage(2);
        QCOMPARE(image.size(), view->size() * view->devicePixelRatio() * 2);
        QVERIFY(nonBackground(image) > 5 * 40);
    }

    void explorerSearchAndBadFile() {
        view.reset();
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy changed(window.workspace(), &Workspace::datasetChanged);
        window.openSample(sampleIndex(QStringLiteral("digits")));
        QVERIFY(changed.wait(15000));
        QTest::qWait(100);
        QVERIFY(nonBackground(window.view()->grabFramebuffer()) > 1000);

        // Regex search: the digit-3 images are labelled "3#…"; the sample has 183 of them.
        auto* search = window.findChild<SearchDock*>();
        search->findChild<QCheckBox*>(QStringLiteral("searchRegex"))->setChecked(true);
        search->field()->setText(QStringLiteral("^3#"));
        QTest::keyClick(search->field(), Qt::Key_Return);
        QCOMPARE(window.workspace()->matches().size(), std::size_t(183));
        QCOMPARE(search->model()->rowCount(), 183);
        QCOMPARE(window.workspace()->selectedRow(), static_cast<long long>(window.workspace()->matches().front()));
        QVERIFY(!window.workspace()->neighbours().empty());

        // A bad file: an error names the place, and the picture and data stay.
        const auto before = window.workspace()->dataset();
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("bad.txt"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("2 3\na 1 2 3\nb 1 2\n");
        f.close();
        QSignalSpy failed(window.workspace(), &Workspace::loadFailed);
        window.openFile(bad);
        QVERIFY(failed.wait(10000));
        QVERIFY(failed[0][1].toString().startsWith(bad + QStringLiteral(":3:")));
        QCOMPARE(window.workspace()->dataset(), before);
        QCOMPARE(window.view()->scene().pointCount(), std::size_t(1797));
        QVERIFY(nonBackground(window.view()->grabFramebuffer()) > 1000);
    }
};

EMBEDSCOPE_GL_TEST_MAIN(TestScatterView)
#include "tst_scatterview.moc"
