// The scatter view at a scaled size (300 000 points, subsample threshold lowered to 100 000):
// hover and pick answers through the screen grid equal a projection and scan of every point, in
// 3-D and 2-D, after camera moves and t-SNE-style position updates; the moving-camera subsample
// is the same set every frame, keeps every part of the data in proportion, shares the full set's
// vertex data (nothing is marked for upload while the camera moves), and selected points stay
// drawn on top of it.
#include <QSignalSpy>
#include <cmath>
#include <random>
#include <vtkActor.h>
#include <vtkActorCollection.h>
#include <vtkCamera.h>
#include <vtkDataArray.h>
#include <vtkMapper.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkRenderer.h>

#include "GlTestMain.h"
#include "analysis/ScreenIndex.h"
#include "view/ScatterScene.h"
#include "view/ScatterView.h"

using namespace embedscope;
using namespace embedscope::ui;

namespace {

constexpr std::size_t kPoints = 300'000;
constexpr int kClusters = 20;

/// Point i belongs to cluster i % 20 (a file ordered round-robin by class: a stride through the
/// rows would keep only some classes), clusters on a circle, Gaussian spread.
std::vector<float> clusters(std::size_t n, bool flat, unsigned seed = 1) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> g(0, 0.35f);
    std::vector<float> xyz(3 * n);
    for (std::size_t i = 0; i < n; ++i) {
        const double a = 2 * M_PI * double(i % kClusters) / kClusters;
        xyz[3 * i] = float(4 * std::cos(a)) + g(rng);
        xyz[3 * i + 1] = float(4 * std::sin(a)) + g(rng);
        xyz[3 * i + 2] = flat ? 0.0f : g(rng) * 3;
    }
    return xyz;
}

ScreenArea areaOf(const QRectF& plot) {
    return {float(plot.left()), float(plot.top()), float(plot.right()), float(plot.bottom())};
}

/// The big polydata (full set and subsample), found through the renderer's actors.
std::vector<vtkPolyData*> bigPolyData(ScatterScene& scene) {
    std::vector<vtkPolyData*> out;
    vtkActorCollection* actors = scene.renderer()->GetActors();
    actors->InitTraversal();
    while (vtkActor* a = actors->GetNextActor()) {
        auto* poly = a->GetMapper() ? vtkPolyData::SafeDownCast(a->GetMapper()->GetInputAsDataSet()) : nullptr;
        if (poly && static_cast<std::size_t>(poly->GetNumberOfPoints()) == kPoints) out.push_back(poly);
    }
    return out;
}

}  // namespace

class TestScatterScale : public QObject {
    Q_OBJECT
    std::unique_ptr<ScatterView> view;

    /// Many positions (most near drawn points, some anywhere): the view's answer equals the scan.
    void compareWithScan(const char* where) {
        ScatterScene& scene = view->scene();
        const QSize size = view->size();
        // The reference: every point projected, and a scan of them all for each query.
        std::vector<float> projected;
        scene.projectAll(size, projected);
        const QRectF plot = scene.plotRect(size);
        const ScreenArea area = areaOf(plot);
        std::mt19937 rng(3);
        std::uniform_int_distribution<std::size_t> anyRow(0, kPoints - 1);
        std::uniform_int_distribution<int> jitter(-6, 6), ux(0, size.width() - 1), uy(0, size.height() - 1);
        std::vector<QPoint> at;
        while (at.size() < 75) {
            const QPointF p = scene.screenPosition(anyRow(rng), size);
            if (plot.contains(p)) at.push_back(p.toPoint() + QPoint(jitter(rng), jitter(rng)));
        }
        for (int i = 0; i < 25; ++i) at.push_back(QPoint(ux(rng), uy(rng)));
        int hits = 0;
        for (const QPoint& p : at) {
            const long long point = ScreenIndex::nearestByScan(projected, area, float(p.x()), float(p.y()), 8);
            const long long expected = point >= 0 ? static_cast<long long>(scene.rows()[std::size_t(point)]) : -1;
            QVERIFY2(view->rowAt(p) == expected, qPrintable(QStringLiteral("%1 at %2, %3: %4 vs %5")
                                                                .arg(where).arg(p.x()).arg(p.y())
                                                                .arg(view->rowAt(p)).arg(expected)));
            hits += expected >= 0;
        }
        QVERIFY2(hits > 60, where);
        // Boxes: the rows inside equal the scan's.
        std::size_t inBoxes = 0;
        for (int i = 0; i < 10; ++i) {
            const QRect box(at[static_cast<std::size_t>(i)], QSize(20 + 15 * i, 10 + 9 * i));
            std::vector<std::size_t> expected;
            for (std::uint32_t p : ScreenIndex::inRectByScan(projected, area, float(box.left()), float(box.top()),
                                                             float(box.right() + 1), float(box.bottom() + 1)))
                expected.push_back(scene.rows()[p]);
            std::sort(expected.begin(), expected.end());
            QCOMPARE(scene.rowsInRect(box, size), expected);
            inBoxes += expected.size();
        }
        qInfo("%s: %d of %zu hovers hit, %zu rows in boxes", where, hits, at.size(), inBoxes);
        QVERIFY2(inBoxes > 10, where);
    }

private slots:
    void init() {
        view = std::make_unique<ScatterView>();
        view->resize(500, 400);
        view->scene().setPointSize(3);
        view->scene().setSubsampleThreshold(100'000);
        view->show();
        QVERIFY(QTest::qWaitForWindowExposed(view.get()));
    }
    void cleanup() { view.reset(); }

    void pickingThroughTheGridEqualsTheScan() {
        ScatterScene& scene = view->scene();
        // Rows shown out of order (an isolated subset answers in data set rows).
        std::vector<std::size_t> rows(kPoints);
        for (std::size_t i = 0; i < kPoints; ++i) rows[i] = 2 * (kPoints - 1 - i) + 1;
        scene.setPoints(clusters(kPoints, false), rows, false);
        view->grabFramebuffer();
        compareWithScan("3-D");
        // A turn of the camera: the grid follows (it is keyed by the projection).
        scene.renderer()->GetActiveCamera()->Azimuth(35);
        scene.renderer()->GetActiveCamera()->Elevation(20);
        scene.renderer()->ResetCameraClippingRange();
        compareWithScan("3-D turned");
        // New positions at the same camera (a t-SNE frame).
        scene.updatePositions(clusters(kPoints, false, 2));
        compareWithScan("3-D moved points");

        view->setThreeD(false);
        scene.setPoints(clusters(kPoints, true), {}, false);
        compareWithScan("2-D");
        scene.renderer()->GetActiveCamera()->Zoom(3);
        compareWithScan("2-D zoomed");
    }

    void subsampleIsStableAndInProportion() {
        ScatterScene& scene = view->scene();
        scene.setPoints(clusters(kPoints, false), {}, false);
        const std::vector<std::uint32_t> chosen = scene.subsample();
        QCOMPARE(chosen.size(), ScatterScene::kSubsamplePoints);
        QVERIFY(std::adjacent_find(chosen.begin(), chosen.end(), std::greater_equal<>()) == chosen.end());
        // Every cluster keeps its share (1/20, ±10%), though rows cycle through the clusters.
        std::vector<int> count(kClusters);
        for (std::uint32_t p : chosen) ++count[p % kClusters];
        for (int c : count) QVERIFY2(std::abs(c - 2500) < 250, qPrintable(QString::number(c)));

        // The same set while the camera moves, frame after frame, and after t-SNE steps.
        QSignalSpy changed(view.get(), &ScatterView::interactionChanged);
        std::vector<std::vector<std::uint32_t>> seen;
        connect(view.get(), &ScatterView::interactionChanged, this, [&](bool moving) {
            if (moving) seen.push_back(scene.subsample());
        });
        QTest::mousePress(view.get(), Qt::LeftButton, {}, {250, 200});
        for (int i = 1; i <= 4; ++i) {
            QMouseEvent move(QEvent::MouseMove, QPointF(250 + 10 * i, 200), view->mapToGlobal(QPointF(250 + 10 * i, 200)),
                             Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(view.get(), &move);
            QVERIFY(scene.isSubsampling());
            view->grabFramebuffer();
            QCOMPARE(scene.subsample(), chosen);
        }
        QTest::mouseRelease(view.get(), Qt::LeftButton, {}, {290, 200});
        QCOMPARE(seen.size(), std::size_t(1));
        QCOMPARE(seen[0], chosen);
        scene.updatePositions(clusters(kPoints, false, 9));
        QCOMPARE(scene.subsample(), chosen);
        scene.setPoints(clusters(kPoints, false, 4), {}, true);  // same size: same set (seeded)
        QCOMPARE(scene.subsample(), chosen);
    }

    void movingFramesUploadNothingAndKeepHighlights() {
        ScatterScene& scene = view->scene();
        view->setThreeD(false);
        scene.setPoints(clusters(kPoints, true), {}, false);
        // A selected point that is not in the subsample.
        std::size_t selected = 0;
        while (std::binary_search(scene.subsample().begin(), scene.subsample().end(), std::uint32_t(selected))) ++selected;
        Highlights h;
        h.selected = static_cast<long long>(selected);
        scene.setHighlights(h);
        const QImage still = view->grabFramebuffer().convertToFormat(QImage::Format_RGB32);

        // One vertex data for both sets: the same points and colour arrays.
        const auto polys = bigPolyData(scene);
        QCOMPARE(polys.size(), std::size_t(2));
        QCOMPARE(polys[0]->GetPoints(), polys[1]->GetPoints());
        QCOMPARE(polys[0]->GetPointData()->GetScalars(), polys[1]->GetPointData()->GetScalars());
        const vtkMTimeType pointsTime = polys[0]->GetPoints()->GetMTime();
        const vtkMTimeType coloursTime = polys[0]->GetPointData()->GetScalars()->GetMTime();
        const vtkMTimeType polyTimes[2] = {polys[0]->GetMTime(), polys[1]->GetMTime()};

        scene.setInteracting(true);
        QVERIFY(scene.isSubsampling());
        QImage moving;
        for (int i = 0; i < 3; ++i) moving = view->grabFramebuffer().convertToFormat(QImage::Format_RGB32);
        scene.setInteracting(false);
        view->grabFramebuffer();
        // Nothing the mappers read changed: VTK uploads vertex buffers only when their input does.
        QCOMPARE(polys[0]->GetPoints()->GetMTime(), pointsTime);
        QCOMPARE(polys[0]->GetPointData()->GetScalars()->GetMTime(), coloursTime);
        QCOMPARE(polys[0]->GetMTime(), polyTimes[0]);
        QCOMPARE(polys[1]->GetMTime(), polyTimes[1]);

        // The selection is drawn on top of the subsample as of the full set.
        const QPointF at = scene.screenPosition(selected, view->size()) * view->devicePixelRatio();
        const QRgb a = still.pixel(at.toPoint()), b = moving.pixel(at.toPoint());
        QCOMPARE(b, a);
        QVERIFY((a & 0xffffff) != 0xffffffu);
        QVERIFY(qRed(a) > qBlue(a) + 60);  // the selection's orange, not a blue data point
    }
};

EMBEDSCOPE_GL_TEST_MAIN(TestScatterScale)
#include "tst_scatterscale.moc"
