// t-SNE in the explorer: Run animates the layout in place (same points, camera not reset), Stop
// keeps the partial layout, the same seed gives the same picture, quality figures appear, and
// the inspector and colouring show per-point faithfulness.
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <vtkCamera.h>
#include <vtkRenderer.h>

#include "GlTestMain.h"
#include "MainWindow.h"
#include "Samples.h"
#include "Workspace.h"
#include "analysis/NeighbourIndex.h"
#include "docks/ProjectionDock.h"
#include "view/ScatterScene.h"
#include "view/ScatterView.h"

using namespace embedscope;
using namespace embedscope::ui;

class TestTsneView : public QObject {
    Q_OBJECT
    std::unique_ptr<MainWindow> window;
    ProjectionDock* dock = nullptr;

    void runToEnd(unsigned seed, int iterations, double perplexity = 30) {
        ProjectionSpec spec = window->workspace()->projectionSpec();
        spec.method = ProjectionMethod::Tsne;
        spec.dims = 2;
        spec.tsne.seed = seed;
        spec.tsne.perplexity = perplexity;
        spec.tsne.iterations = iterations;
        QSignalSpy running(window->workspace(), &Workspace::tsneRunningChanged);
        window->workspace()->setProjectionSpec(spec);
        QTRY_VERIFY_WITH_TIMEOUT(!window->workspace()->isTsneRunning(), 120000);
    }

private slots:
    void init() {
        window = std::make_unique<MainWindow>();
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QSignalSpy changed(window->workspace(), &Workspace::datasetChanged);
        window->openSample(sampleIndex(QStringLiteral("digits")));
        QVERIFY(changed.wait(15000));
        dock = window->findChild<ProjectionDock*>();
        QVERIFY(dock);
    }
    void cleanup() { window.reset(); }

    void runAnimatesInPlaceAndStopKeepsTheLayout() {
        Workspace* ws = window->workspace();
        ProjectionSpec spec = ws->projectionSpec();
        spec.method = ProjectionMethod::Tsne;
        spec.dims = 2;
        spec.tsne.iterations = 5000;  // long enough to stop midway
        QSignalSpy steps(ws, &Workspace::tsneStep);
        QSignalSpy replaced(ws, &Workspace::projectionChanged);
        QSignalSpy moved(ws, &Workspace::projectionUpdated);
        ws->setProjectionSpec(spec);
        QVERIFY(ws->isTsneRunning());
        QVERIFY(dock->stopButton()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(steps.count() >= 5, 60000);
        QCOMPARE(replaced.count(), 1);  // the first frame set the points; the rest moved them
        QVERIFY(moved.count() >= 4);
        QCOMPARE(window->view()->scene().pointCount(), std::size_t(1797));

        // The user turns the camera: later frames must not reset it.
        vtkCamera* camera = window->view()->scene().renderer()->GetActiveCamera();
        emit window->view()->interactionChanged(true);
        emit window->view()->interactionChanged(false);
        camera->SetParallelScale(123.0);
        const int before = steps.count();
        QTRY_VERIFY_WITH_TIMEOUT(steps.count() > before + 2, 60000);
        QCOMPARE(camera->GetParallelScale(), 123.0);

        dock->stopButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(!ws->isTsneRunning(), 30000);
        const auto p = ws->projection();
        QVERIFY(p->stopped);
        QVERIFY(p->iterations > 0 && p->iterations < 5000);
        QCOMPARE(p->pointCount(), std::size_t(1797));
        QVERIFY(p->describe().contains(QStringLiteral("stopped")));
        bool spread = false;
        for (std::size_t i = 0; i < p->pointCount() && !spread; ++i) spread = std::abs(p->xyz[3 * i]) > 1;
        QVERIFY2(spread, "the partial layout was kept, not the initialisation");
    }

    void sameSeedSamePictureAndQualityShown() {
        runToEnd(7, 500);
        const std::vector<float> first = window->workspace()->projection()->xyz;
        QCOMPARE(window->workspace()->projection()->iterations, std::size_t(500));
        // The dock reports the result, not the last frame (the run's end comes before its result).
        const QString outcome = window->findChild<QLabel*>(QStringLiteral("tsneProgress"))->text();
        QVERIFY2(outcome.startsWith(QStringLiteral("done: 500 iterations")), qPrintable(outcome));
        QTRY_VERIFY_WITH_TIMEOUT(window->workspace()->quality().has_value(), 60000);
        const LayoutQuality q = *window->workspace()->quality();
        QVERIFY(q.kl.has_value());
        QVERIFY2(q.knnRecall > 0.3 && q.trustworthiness > 0.9, "t-SNE on digits keeps neighbourhoods");
        QVERIFY(window->findChild<QLabel*>(QStringLiteral("quality"))->text().contains(QStringLiteral("trustworthiness")));

        runToEnd(7, 500);
        QCOMPARE(window->workspace()->projection()->xyz, first);
        // (With the default PCA initialisation the seed has nothing random left to fix.)
        runToEnd(7, 500, 10);
        QVERIFY(window->workspace()->projection()->xyz != first);
    }

    void faithfulnessColoursAndDifferences() {
        Workspace* ws = window->workspace();
        ws->setColourColumn(Workspace::kFaithfulnessColour);
        QTRY_VERIFY_WITH_TIMEOUT(ws->faithfulness().size() == 1797, 60000);
        for (float f : ws->faithfulness()) QVERIFY(f >= 0 && f <= 1);
        ws->select(0);
        const auto& d = ws->differences();
        // PCA squeezes 64-D into 3-D: some neighbours are invented, as many torn away.
        QCOMPARE(d.falseNeighbours.size(), d.tornAway.size());
        QVERIFY(!d.falseNeighbours.empty());
        const NeighbourDifferences onGuiThread = d;

        // Large data sets find them off the GUI thread: none at once, the same ones later.
        ws->neighbourIndex()->setThresholds(NeighbourIndex::kHnswRows, 0);
        ws->select(1);
        ws->select(0);
        QVERIFY(ws->differences().falseNeighbours.empty());
        QTRY_VERIFY_WITH_TIMEOUT(!ws->differences().falseNeighbours.empty(), 10000);
        QCOMPARE(ws->differences().falseNeighbours, onGuiThread.falseNeighbours);
        QCOMPARE(ws->differences().tornAway, onGuiThread.tornAway);
        QCOMPARE(ws->selectedRow(), 0LL);
        ws->neighbourIndex()->setThresholds(NeighbourIndex::kHnswRows, NeighbourIndex::kAsyncValues);
    }
};

EMBEDSCOPE_GL_TEST_MAIN(TestTsneView)
#include "tst_tsneview.moc"
