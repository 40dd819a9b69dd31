// The Bias dock in the main window (under Xvfb): picking the he – she axis ranks the shipped
// professions and "Colour by axis score" paints the points red toward he and blue toward she. With
// EMBEDSCOPE_SCREENSHOT=path the window is saved there. The
// semantic-axes projection titles the view's axes with the formulas; Compare draws a line between
// the two words. "Preview debiasing" moves exactly the affected words and puts the very same
// layout back (EMBEDSCOPE_SCREENSHOT_DEBIAS=path saves the debiased picture on the he - she axis,
// resources/screenshots/bias.png after `convert -colors 256`, and
// EMBEDSCOPE_SCREENSHOT_DEBIAS_MID=path one frame of a slowed-down animation).
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <algorithm>
#include <cstring>

#include "GlTestMain.h"
#include "MainWindow.h"
#include "Samples.h"
#include "Workspace.h"
#include "analysis/BiasLens.h"
#include "analysis/DebiasPreviewer.h"
#include "analysis/WordTools.h"
#include "docks/BiasChart.h"
#include "docks/BiasDock.h"
#include "docks/CompareDock.h"
#include "view/ScatterScene.h"
#include "view/ScatterView.h"
#include "view/ViewOverlay.h"

using namespace embedscope;
using namespace embedscope::ui;

namespace {
/// The window as shown: its widgets with the view's framebuffer (points, labels, axes) on top.
QImage screenshot(MainWindow& w) {
    QImage image = w.grab().toImage();
    QPainter p(&image);
    const QImage view = w.view()->grabFramebuffer();
    p.drawImage(QRect(w.view()->mapTo(&w, QPoint(0, 0)), w.view()->size()), view);
    return image;
}

/// Pixels within a small distance of a colour.
int pixelsNear(const QImage& image, QColor colour) {
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (std::abs(c.red() - colour.red()) + std::abs(c.green() - colour.green()) +
                    std::abs(c.blue() - colour.blue()) <
                40)
                ++n;
        }
    return n;
}
}  // namespace

Q_DECLARE_METATYPE(embedscope::ui::ProjectionMethod)

class TestBiasView : public QObject {
    Q_OBJECT

private slots:
    void heSheColoursTheView() {
        MainWindow w;
        w.resize(1400, 860);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy changed(w.workspace(), &Workspace::datasetChanged);
        w.workspace()->load(bundledSamplesDirectory() + QStringLiteral("/sotu-words.bin"));
        QVERIFY(changed.wait(10000));
        QSignalSpy projected(w.workspace(), &Workspace::projectionChanged);
        ProjectionSpec spec = w.workspace()->projectionSpec();
        spec.dims = 2;
        w.workspace()->setProjectionSpec(spec);
        QVERIFY(projected.wait(10000));

        auto* dock = w.findChild<BiasDock*>();
        QVERIFY(dock);
        auto* frame = qobject_cast<QDockWidget*>(dock->parentWidget());
        QVERIFY(frame);
        frame->raise();
        const int he = dock->presets()->findText(QStringLiteral("he – she"));
        QVERIFY(he > 0);
        dock->presets()->setCurrentIndex(he);
        emit dock->presets()->activated(he);
        QVERIFY(dock->chart()->count() > 20);

        // A diverging map centred on 0: the he end red, the she end blue, as the chart's bars.
        const QColor red(214, 96, 77), blue(67, 147, 195);
        const QImage before = w.view()->grabFramebuffer().convertToFormat(QImage::Format_RGB32);
        QCOMPARE(pixelsNear(before, red), 0);
        dock->colourByAxis()->setChecked(true);
        QTRY_VERIFY_WITH_TIMEOUT(w.workspace()->derivedColumn() != nullptr, 10000);
        QTest::qWait(200);
        const QImage after = w.view()->grabFramebuffer().convertToFormat(QImage::Format_RGB32);
        QVERIFY(pixelsNear(after, red) > 0);
        QVERIFY(pixelsNear(after, blue) > pixelsNear(before, blue));

        // Select the most "he" profession, as a click on its bar does.
        QTest::mouseClick(dock->chart(), Qt::LeftButton, {}, dock->chart()->barCentre(0));
        QVERIFY(w.workspace()->selectedRow() >= 0);
        QTest::qWait(200);
        const QString shot = qEnvironmentVariable("EMBEDSCOPE_SCREENSHOT");
        if (!shot.isEmpty()) {
            // Room for the chart, as a user would drag the splitter.
            auto* search = w.findChild<QDockWidget*>(QStringLiteral("searchDockWidget"));
            if (search) w.resizeDocks({frame, search}, {640, 120}, Qt::Vertical);
            w.workspace()->select(-1);  // the whole picture in its colours, with its word labels
            QTest::qWait(300);
        }
        if (!shot.isEmpty()) QVERIFY(screenshot(w).save(shot));
    }

    void previewMovesTheWordsAndBack_data() {
        QTest::addColumn<ProjectionMethod>("method");
        QTest::newRow("PCA") << ProjectionMethod::Pca;
        QTest::newRow("he - she axis") << ProjectionMethod::Axes;
        QTest::newRow("t-SNE of an isolated subset") << ProjectionMethod::Tsne;
    }

    void previewMovesTheWordsAndBack() {
        QFETCH(ProjectionMethod, method);
        const bool axes = method == ProjectionMethod::Axes;
        MainWindow w;
        w.resize(1400, 860);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy changed(w.workspace(), &Workspace::datasetChanged);
        w.workspace()->load(bundledSamplesDirectory() + QStringLiteral("/sotu-words.bin"));
        QVERIFY(changed.wait(10000));
        const std::vector<float> values(w.workspace()->dataset()->embedding.values().begin(),
                                        w.workspace()->dataset()->embedding.values().end());

        auto* dock = w.findChild<BiasDock*>();
        auto* preview = w.findChild<DebiasPreviewer*>();
        QVERIFY(dock && preview);
        qobject_cast<QDockWidget*>(dock->parentWidget())->raise();
        // Without an axis there is nothing to debias: the toggle goes back up and says why.
        dock->previewAction()->trigger();
        QVERIFY(!preview->isActive());
        QVERIFY(!dock->previewAction()->isChecked());
        QCOMPARE(dock->findChild<QLabel*>(QStringLiteral("previewStatus"))->text(), QStringLiteral("Pick an axis first"));
        const int he = dock->presets()->findText(QStringLiteral("he – she"));
        dock->presets()->setCurrentIndex(he);
        emit dock->presets()->activated(he);
        QVERIFY(dock->chart()->count() > 20);

        QSignalSpy projected(w.workspace(), &Workspace::projectionChanged);
        ProjectionSpec spec = w.workspace()->projectionSpec();
        spec.dims = 2;
        spec.method = method;
        spec.formulas = {axes ? QStringLiteral("he - she") : QString(), QString(), QString()};
        if (method == ProjectionMethod::Tsne) {
            // A few hundred words with the ranked ones among them, so t-SNE takes seconds.
            std::vector<std::size_t> rows;
            for (std::size_t r = 0; r < 400; ++r) rows.push_back(r);
            for (const ScoredWord& s : w.findChild<BiasLens*>()->ranking()) rows.push_back(s.row);
            w.workspace()->isolate(rows);
            QVERIFY(projected.wait(10000));
            spec.tsne.iterations = 300;
        }
        w.workspace()->setProjectionSpec(spec);
        QVERIFY(projected.wait(10000));
        QTRY_VERIFY_WITH_TIMEOUT(!w.workspace()->isTsneRunning(), 60000);
        const std::vector<std::size_t>& shownRows = w.workspace()->projection()->rows;
        const auto pointOf = [&](std::size_t row) {
            return shownRows.empty() ? row : std::size_t(std::find(shownRows.begin(), shownRows.end(), row) - shownRows.begin());
        };

        if (axes) {  // the picture README shows: the scores' colours stay with the words
            dock->colourByAxis()->setChecked(true);
            QTRY_VERIFY_WITH_TIMEOUT(w.workspace()->derivedColumn() != nullptr, 10000);
        }
        const auto original = w.workspace()->projection();
        const std::vector<float> before = original->xyz;
        const QString mid = axes ? qEnvironmentVariable("EMBEDSCOPE_SCREENSHOT_DEBIAS_MID") : QString();
        if (!mid.isEmpty()) preview->setDuration(4000);
        QSignalSpy settled(preview, &DebiasPreviewer::settled);
        dock->previewAction()->trigger();
        QVERIFY(preview->isActive());
        if (!mid.isEmpty()) {
            QTRY_VERIFY_WITH_TIMEOUT(preview->position() > 0.4, 20000);
            QVERIFY(screenshot(w).save(mid));
        }
        QVERIFY(settled.wait(20000));
        QCOMPARE(settled.last().at(0).toBool(), true);

        // Exactly the moved words moved, to where the preview says; the data set is unchanged.
        const std::vector<DebiasMove>& moves = preview->moves();
        QVERIFY(moves.size() > 20);
        const std::vector<float>& after = w.workspace()->projection()->xyz;
        QCOMPARE(after.size(), before.size());
        std::vector<bool> moved(before.size() / 3, false);
        int travelled = 0;
        for (const DebiasMove& m : moves) {
            const std::size_t p = pointOf(m.row);
            QVERIFY(p < moved.size());
            moved[p] = true;
            for (std::size_t a = 0; a < 3; ++a) {
                QCOMPARE(before[3 * p + a], m.from[a]);
                QVERIFY(std::abs(after[3 * p + a] - m.to[a]) <= 1e-5f * (1 + std::abs(m.to[a])));
            }
            if (m.from != m.to) ++travelled;
        }
        QVERIFY(travelled > 20);
        if (axes) {
            // x is the cosine with he - she: a neutralized word has none left; an equalized pair
            // sits mirrored about 0.
            // The neutralized words come first, then the equalized ones pair by pair.
            std::size_t i = 0;
            for (; i < moves.size() && !moves[i].equalized; ++i)
                QVERIFY(std::abs(after[3 * pointOf(moves[i].row)]) < 1e-4f);
            QCOMPARE((moves.size() - i) % 2, std::size_t(0));
            for (; i < moves.size(); i += 2)
                QVERIFY(std::abs(after[3 * pointOf(moves[i].row)] + after[3 * pointOf(moves[i + 1].row)]) < 1e-4f);
        }
        for (std::size_t p = 0; p < moved.size(); ++p)
            if (!moved[p])
                QVERIFY2(std::equal(before.begin() + 3 * p, before.begin() + 3 * p + 3, after.begin() + 3 * p),
                         qPrintable(QString::number(p)));
        QVERIFY(std::equal(values.begin(), values.end(), w.workspace()->dataset()->embedding.values().begin()));
        QCOMPARE(w.view()->overlay().trails().size(), moves.size());
        QVERIFY(!dock->findChild<QLabel*>(QStringLiteral("previewStatus"))->text().isEmpty());
        const QString shot = axes ? qEnvironmentVariable("EMBEDSCOPE_SCREENSHOT_DEBIAS") : QString();
        if (!shot.isEmpty()) {
            // The whole height for the chart, as a user would close the docks below it.
            for (const char* name : {"searchDockWidget", "summaryPanelWidget", "clustersDockWidget"})
                if (auto* d = w.findChild<QDockWidget*>(QLatin1String(name))) d->close();
            QTest::qWait(300);
            QVERIFY(screenshot(w).save(shot));
        }
        QCOMPARE(dock->findChild<QPushButton*>(QStringLiteral("previewButton"))->isChecked(), true);

        // Off: back to the very projection that was shown, bit for bit.
        dock->previewAction()->trigger();
        QVERIFY(!preview->isActive());
        QVERIFY(settled.wait(20000));
        QCOMPARE(settled.last().at(0).toBool(), false);
        QVERIFY(w.workspace()->projection() == original);
        QVERIFY(std::memcmp(w.workspace()->projection()->xyz.data(), before.data(), before.size() * sizeof(float)) == 0);
        QVERIFY(preview->moves().empty());
        QVERIFY(w.view()->overlay().trails().empty());

        // Another projection ends a preview as it stands, with nothing left behind.
        dock->previewAction()->trigger();
        QVERIFY(settled.wait(20000));
        spec.method = ProjectionMethod::Pca;
        spec.dims = 3;
        w.workspace()->setProjectionSpec(spec);
        QVERIFY(projected.wait(10000));
        QVERIFY(!preview->isActive());
        QVERIFY(!dock->previewAction()->isChecked());
        QVERIFY(preview->moves().empty());
        QVERIFY(w.view()->overlay().trails().empty());
    }

    void axesTitleTheView() {
        MainWindow w;
        w.resize(1400, 860);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy changed(w.workspace(), &Workspace::datasetChanged);
        w.workspace()->load(bundledSamplesDirectory() + QStringLiteral("/sotu-words.bin"));
        QVERIFY(changed.wait(10000));
        QSignalSpy projected(w.workspace(), &Workspace::projectionChanged);
        ProjectionSpec spec = w.workspace()->projectionSpec();
        spec.method = ProjectionMethod::Axes;
        spec.dims = 2;
        spec.formulas = {QStringLiteral("he - she"), QStringLiteral("rich - poor"), QString()};
        w.workspace()->setProjectionSpec(spec);
        QVERIFY(projected.wait(10000));
        QTest::qWait(200);
        QCOMPARE(w.view()->scene().axisTitle(0), QStringLiteral("he - she"));
        QCOMPARE(w.view()->scene().axisTitle(1), QStringLiteral("rich - poor"));
        const QString shot = qEnvironmentVariable("EMBEDSCOPE_SCREENSHOT_AXES");
        if (!shot.isEmpty()) QVERIFY(screenshot(w).save(shot));
    }

    void compareLinksTheWords() {
        MainWindow w;
        w.resize(1400, 860);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy changed(w.workspace(), &Workspace::datasetChanged);
        w.workspace()->load(bundledSamplesDirectory() + QStringLiteral("/sotu-words.bin"));
        QVERIFY(changed.wait(10000));
        auto* dock = w.findChild<CompareDock*>();
        QVERIFY(dock);
        qobject_cast<QDockWidget*>(dock->parentWidget())->raise();
        dock->wordA()->setText(QStringLiteral("war"));
        dock->wordB()->setText(QStringLiteral("peace"));
        QSignalSpy ready(w.findChild<WordTools*>(), &WordTools::comparisonReady);
        dock->compareButton()->click();
        QVERIFY(ready.wait(10000));
        const Embedding& e = w.workspace()->dataset()->embedding;
        QVERIFY(w.view()->overlay().link());
        QCOMPARE(w.view()->overlay().link()->first, *e.find("war"));
        QCOMPARE(w.view()->overlay().link()->second, *e.find("peace"));
        const QString shot = qEnvironmentVariable("EMBEDSCOPE_SCREENSHOT_COMPARE");
        if (!shot.isEmpty()) {
            QTest::qWait(200);
            QVERIFY(screenshot(w).save(shot));
        }
        // A new data set ends the comparison and its line.
        w.workspace()->load(bundledSamplesDirectory() + QStringLiteral("/sotu-words.bin"));
        QVERIFY(changed.wait(10000));
        QVERIFY(!w.view()->overlay().link());
    }
};

EMBEDSCOPE_GL_TEST_MAIN(TestBiasView)
#include "tst_biasview.moc"
