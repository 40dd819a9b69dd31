// Map labels in the real view (under Xvfb): words are drawn without overlapping, the selected
// word always gets its label, zooming in keeps every label that stays in view and adds more,
// "None" draws nothing, and cluster names appear at overview zoom.
#include <QSignalSpy>
#include <QTest>
#include <set>
#include <vtkCamera.h>
#include <vtkRenderer.h>

#include "GlTestMain.h"
#include "MainWindow.h"
#include "Samples.h"
#include "Workspace.h"
#include "analysis/ClusterModel.h"
#include "view/MapLabels.h"
#include "view/ScatterScene.h"
#include "view/ScatterView.h"

using namespace embedscope;
using namespace embedscope::ui;

namespace {
bool anyOverlap(const std::vector<MapLabels::Drawn>& drawn) {
    for (std::size_t i = 0; i < drawn.size(); ++i)
        for (std::size_t j = i + 1; j < drawn.size(); ++j)
            if (drawn[i].box.intersects(drawn[j].box) && !(drawn[i].forced && drawn[j].forced)) return true;
    return false;
}

int darkPixels(const QImage& frame, const QRectF& box, double dpr) {
    int n = 0;
    for (int y = int(box.top() * dpr); y < int(box.bottom() * dpr); ++y)
        for (int x = int(box.left() * dpr); x < int(box.right() * dpr); ++x)
            if (qGray(frame.pixel(x, y)) < 90) ++n;
    return n;
}
}  // namespace

class TestMapLabels : public QObject {
    Q_OBJECT
    std::unique_ptr<MainWindow> w;

    MapLabels& labels() { return w->view()->overlay().labels(); }
    QImage frame() { return w->view()->grabFramebuffer().convertToFormat(QImage::Format_RGB32); }

private slots:
    void init() {
        w = std::make_unique<MainWindow>();
        w->resize(1200, 800);
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        QSignalSpy changed(w->workspace(), &Workspace::datasetChanged);
        w->openSample(sampleIndex(QStringLiteral("digits")));
        QVERIFY(changed.wait(10000));
        QSignalSpy projected(w->workspace(), &Workspace::projectionChanged);
        ProjectionSpec spec = w->workspace()->projectionSpec();
        spec.dims = 2;
        w->workspace()->setProjectionSpec(spec);
        QVERIFY(projected.wait(10000));
    }
    void cleanup() { w.reset(); }

    void wordsDrawnWithoutOverlap() {
        const QImage image = frame();
        const auto drawn = labels().lastDrawn();
        QVERIFY2(drawn.size() >= 10, qPrintable(QString::number(drawn.size())));
        QVERIFY(!anyOverlap(drawn));
        // The text is really in the framebuffer: dark pixels inside the first labels' boxes.
        const double dpr = w->view()->devicePixelRatio();
        for (std::size_t i = 0; i < 5; ++i) QVERIFY(darkPixels(image, drawn[i].box, dpr) > 5);
        // Labels sit next to their own points.
        for (const auto& d : drawn) {
            const QPointF at = w->view()->scene().screenPosition(d.row, w->view()->size());
            QVERIFY(std::hypot(at.x() - d.box.center().x(), at.y() - d.box.center().y()) < d.box.width());
        }
    }

    void selectedLabelAlwaysDrawn() {
        frame();
        const auto before = labels().lastDrawn();
        // A row whose label the map did not have room for.
        std::size_t row = 0;
        for (std::size_t r = 1700;; ++r)
            if (std::none_of(before.begin(), before.end(), [&](const auto& d) { return d.row == r; })) {
                row = r;
                break;
            }
        w->workspace()->select(static_cast<long long>(row));
        frame();
        const auto after = labels().lastDrawn();
        const auto it = std::find_if(after.begin(), after.end(), [&](const auto& d) { return d.row == row; });
        QVERIFY(it != after.end());
        QVERIFY(it->forced);
        QVERIFY(!anyOverlap(after));
    }

    void zoomingInKeepsLabelsAndAddsMore() {
        frame();
        const auto before = labels().lastDrawn();
        vtkCamera* camera = w->view()->scene().renderer()->GetActiveCamera();
        camera->SetParallelScale(camera->GetParallelScale() / 2);
        w->view()->update();
        frame();
        const auto after = labels().lastDrawn();
        const QRectF plot = w->view()->scene().plotRect(w->view()->size());
        int kept = 0, stillInView = 0;
        for (const auto& d : before) {
            const QPointF at = w->view()->scene().screenPosition(d.row, w->view()->size());
            if (!plot.contains(at)) continue;
            ++stillInView;
            kept += std::any_of(after.begin(), after.end(), [&](const auto& a) { return a.row == d.row; });
        }
        QVERIFY(stillInView > 0);
        QCOMPARE(kept, stillInView);
        QVERIFY(after.size() > static_cast<std::size_t>(stillInView));
        QVERIFY(!anyOverlap(after));
    }

    void noneDrawsNothing() {
        LabelSettings s = labels().settings();
        s.mode = LabelMode::None;
        labels().setSettings(s);
        frame();
        QVERIFY(labels().lastDrawn().empty());
        s.mode = LabelMode::SelectionOnly;
        labels().setSettings(s);
        w->workspace()->select(3);
        frame();
        // The selected point and its 20 neighbours, nothing else.
        QVERIFY(!labels().lastDrawn().empty());
        for (const auto& d : labels().lastDrawn()) QVERIFY(d.forced);
    }

    void wordSampleIsAReadableMap() {
        // What a person sees first: the word sample in 3-D, words drawn in the framebuffer, the
        // most frequent ones among them.
        QSignalSpy changed(w->workspace(), &Workspace::datasetChanged);
        w->openSample(sampleIndex(QStringLiteral("words")));
        QVERIFY(changed.wait(10000));
        QCOMPARE(w->workspace()->dataset()->embedding.rows(), std::size_t(10000));
        const QImage image = frame();
        const auto drawn = labels().lastDrawn();
        QVERIFY2(drawn.size() >= 20, qPrintable(QString::number(drawn.size())));
        QVERIFY(!anyOverlap(drawn));
        const double dpr = w->view()->devicePixelRatio();
        int withText = 0;
        for (const auto& d : drawn) withText += darkPixels(image, d.box, dpr) > 5;
        QVERIFY(withText >= int(drawn.size()) * 9 / 10);
        // Priority by frequency: the median drawn word is among the most frequent tenth.
        std::vector<std::size_t> rows;
        for (const auto& d : drawn) rows.push_back(d.row);
        std::nth_element(rows.begin(), rows.begin() + rows.size() / 2, rows.end());
        QVERIFY2(rows[rows.size() / 2] < 1000, qPrintable(QString::number(rows[rows.size() / 2])));
    }

    void crowdedNamesDoNotStack() {
        // "war" selected and searched in the word sample: its 20 neighbours and the 50 words
        // that contain it crowd the middle of the map. Their names go where there is room, the
        // selected one first; none is drawn over another.
        QSignalSpy changed(w->workspace(), &Workspace::datasetChanged);
        w->openSample(sampleIndex(QStringLiteral("words")));
        QVERIFY(changed.wait(10000));
        const auto war = w->workspace()->dataset()->embedding.find("war");
        QVERIFY(war);
        w->workspace()->search(QStringLiteral("war"), false);
        QCOMPARE(w->workspace()->matches().size(), std::size_t(50));
        w->workspace()->select(static_cast<long long>(*war));
        QTRY_COMPARE(w->workspace()->neighbours().size(), std::size_t(20));
        frame();
        const auto drawn = labels().lastDrawn();
        for (std::size_t i = 0; i < drawn.size(); ++i)
            for (std::size_t j = i + 1; j < drawn.size(); ++j)
                QVERIFY2(!drawn[i].box.intersects(drawn[j].box),
                         qPrintable(QString("rows %1 and %2").arg(drawn[i].row).arg(drawn[j].row)));
        QVERIFY(std::any_of(drawn.begin(), drawn.end(), [&](const auto& d) { return d.row == *war && d.forced; }));
        std::set<std::size_t> wanted(w->workspace()->matches().begin(), w->workspace()->matches().end());
        for (const auto& n : w->workspace()->neighbours()) wanted.insert(n.row);
        const auto named = std::count_if(drawn.begin(), drawn.end(), [](const auto& d) { return d.forced; });
        // Many are named, and not all fit: the case this is about.
        QVERIFY2(named >= 10 && named < std::ptrdiff_t(wanted.size()),
                 qPrintable(QString("%1 of %2").arg(named).arg(wanted.size())));
    }

    void clusterNamesAtOverview() {
        auto* model = w->findChild<ClusterModel*>();
        QVERIFY(model);
        QSignalSpy done(model, &ClusterModel::clustersChanged);
        ClusterSettings settings;
        settings.k = 6;
        model->run(settings);
        QVERIFY(done.wait(20000));
        frame();
        QVERIFY(!labels().lastDrawnAreas().empty());
        for (const auto& [cluster, box] : labels().lastDrawnAreas()) QVERIFY(cluster >= 0 && cluster < 6);
    }
};

EMBEDSCOPE_GL_TEST_MAIN(TestMapLabels)
#include "tst_maplabels.moc"
