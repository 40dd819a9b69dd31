// The main window as a user meets it (under Xvfb): it opens the bundled sample, shows its
// summary, reports a bad file in a dialog naming the place, and keeps the previous data set.
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTest>

#include "GlTestMain.h"
#include "MainWindow.h"
#include "export/ExportActions.h"
#include "export/ViewExporter.h"
#include "io/Coordinates.h"
#include "Samples.h"
#include "TestSupport.h"
#include "Workspace.h"
#include "docks/SummaryPanel.h"
#include "view/ScatterScene.h"
#include "view/ScatterView.h"

using namespace embedscope;
using namespace embedscope::ui;

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void opensSampleAndShowsSummary() {
        MainWindow w;
        w.show();
        QSignalSpy changed(w.workspace(), &Workspace::datasetChanged);
        w.openSample(sampleIndex(QStringLiteral("digits")));
        QVERIFY(changed.wait(10000));
        const auto data = w.workspace()->dataset();
        QCOMPARE(data->embedding.rows(), std::size_t(1797));
        QCOMPARE(data->embedding.dims(), std::size_t(64));
        QCOMPARE(data->embedding.label(0), std::string("0#0000"));
        const QString text = w.findChild<SummaryPanel*>()->text();
        QVERIFY2(text.contains(QStringLiteral("1,797 × 64")) || text.contains(QStringLiteral("1797 × 64")),
                 qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("digit (categorical)")));
        QVERIFY(w.windowTitle().startsWith(QStringLiteral("digits.tsv")));
        // Desktop convention: the file is the window's file path; Qt titles it "digits.tsv —
        // Embedscope".
        QCOMPARE(QFileInfo(w.windowFilePath()).fileName(), QStringLiteral("digits.tsv"));
        QVERIFY(!w.isWindowModified());
        // The status bar says what is shown: data set, size, projection, metric.
        const QString status = w.findChild<QLabel*>(QStringLiteral("statusText"))->text();
        QVERIFY2(status.contains(QStringLiteral("digits.tsv")) && status.contains(QStringLiteral("PCA 3-D")) &&
                     status.contains(QStringLiteral("cosine")) && status.contains(QStringLiteral("raw space")),
                 qPrintable(status));
        QCOMPARE(w.view()->scene().pointCount(), std::size_t(1797));
    }

    void projectionShortcutsWorkFromAnywhere() {
        // Ctrl+T used to sit on the hidden t-SNE Run button: with PCA shown it did nothing.
        MainWindow w;
        w.show();
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QSignalSpy changed(w.workspace(), &Workspace::datasetChanged);
        w.openSample(sampleIndex(QStringLiteral("digits")));
        QVERIFY(changed.wait(10000));
        QCOMPARE(w.workspace()->projectionSpec().method, ProjectionMethod::Pca);
        // Long enough that Stop arrives while it runs.
        w.findChild<QSpinBox*>(QStringLiteral("iterations"))->setValue(20000);
        QSignalSpy running(w.workspace(), &Workspace::tsneRunningChanged);
        QSignalSpy steps(w.workspace(), &Workspace::tsneStep);
        QTest::keyClick(&w, Qt::Key_T, Qt::ControlModifier);
        QVERIFY(running.count() > 0 || running.wait(10000));
        QCOMPARE(running.first().first().toBool(), true);
        QCOMPARE(w.workspace()->projectionSpec().method, ProjectionMethod::Tsne);
        QVERIFY(steps.count() > 0 || steps.wait(10000));
        QTest::keyClick(&w, Qt::Key_Period, Qt::ControlModifier);  // Stop
        QTRY_VERIFY_WITH_TIMEOUT(!w.workspace()->isTsneRunning(), 10000);
        QVERIFY(w.workspace()->projection()->stopped);
        QTest::keyClick(&w, Qt::Key_2, Qt::ControlModifier);  // 2-D, PCA again with Ctrl+Shift+P
        QTest::keyClick(&w, Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY_WITH_TIMEOUT(w.workspace()->projection()->spec.method == ProjectionMethod::Pca &&
                                     w.workspace()->projection()->spec.dims == 2, 10000);
    }

    void settingsPersist() {
        {
            MainWindow w;
            w.show();
            NeighbourSettings s = w.workspace()->neighbourSettings();
            s.k = 50;
            s.metric = Metric::Euclidean;
            w.workspace()->setNeighbourSettings(s);
            w.close();
        }
        MainWindow again;
        QCOMPARE(again.workspace()->neighbourSettings().k, 50);
        QCOMPARE(again.workspace()->neighbourSettings().metric, Metric::Euclidean);
        NeighbourSettings s = again.workspace()->neighbourSettings();
        s.k = 20;  // back to the default for the tests after this one
        s.metric = Metric::Cosine;
        again.workspace()->setNeighbourSettings(s);
        again.close();
    }

    void isolateAndShowAll() {
        MainWindow w;
        w.show();
        QSignalSpy changed(w.workspace(), &Workspace::datasetChanged);
        w.openSample(sampleIndex(QStringLiteral("digits")));
        QVERIFY(changed.wait(10000));
        w.workspace()->select(5);
        QCOMPARE(w.workspace()->neighbours().size(), std::size_t(20));
        QSignalSpy projected(w.workspace(), &Workspace::projectionChanged);
        w.findChild<QPushButton*>(QStringLiteral("isolate"))->click();
        QVERIFY(projected.wait(10000));
        QCOMPARE(w.workspace()->projection()->pointCount(), std::size_t(21));
        QCOMPARE(w.view()->scene().pointCount(), std::size_t(21));
        QVERIFY(w.findChild<QLabel*>(QStringLiteral("statusText"))->text().contains(QStringLiteral("21 isolated")));
        w.workspace()->showAll();
        QVERIFY(projected.wait(10000));
        QCOMPARE(w.view()->scene().pointCount(), std::size_t(1797));
    }

    void exportsCoordinatesAndImage() {
        MainWindow w;
        w.show();
        QSignalSpy changed(w.workspace(), &Workspace::datasetChanged);
        w.openSample(sampleIndex(QStringLiteral("digits")));
        QVERIFY(changed.wait(10000));
        QTemporaryDir dir;
        QString error;
        const QString tsv = dir.filePath(QStringLiteral("coords.tsv"));
        QVERIFY2(w.exports()->exportCoordinates(tsv, false, &error), qPrintable(error));
        const QList<QByteArray> lines = testsupport::readFile(tsv.toStdString()).split('\n');
        QCOMPARE(lines[0], QByteArray("label\tx\ty\tz"));
        QVERIFY(lines[1].startsWith("0#0000\t"));
        QCOMPARE(lines.size(), 1797 + 2);
        // Without metadata columns it is a layout the CLI's quality command reads back.
        QCOMPARE(readLayout(tsv.toStdString()).labels.size(), std::size_t(1797));
        const QString png = dir.filePath(QStringLiteral("view.png"));
        QSignalSpy saved(w.exports()->viewExporter(), &ViewExporter::saved);
        const QSize size = w.view()->size() * w.view()->devicePixelRatio() * 2;
        w.exports()->viewExporter()->exportView(png, size);
        QVERIFY(saved.wait(20000));
        QCOMPARE(QImage(png).size(), size);
        // A folder is not a file: refused with a message, nothing written.
        QVERIFY(!w.exports()->exportCoordinates(dir.path(), true, &error));
        QVERIFY(error.endsWith(QStringLiteral("cannot save: it is a folder")));
    }

    void badFileKeepsPreviousDataAndNamesThePlace() {
        MainWindow w;
        w.show();
        QSignalSpy changed(w.workspace(), &Workspace::datasetChanged);
        w.openSample(sampleIndex(QStringLiteral("digits")));
        QVERIFY(changed.wait(10000));
        const auto before = w.workspace()->dataset();

        QTemporaryDir dir;
        const std::string bad = testsupport::writeFile(dir, "bad.txt", "2 3\na 1 2 3\nb 1 2\n");
        QSignalSpy failed(w.workspace(), &Workspace::loadFailed);
        w.openFile(QString::fromStdString(bad));
        QVERIFY(failed.wait(10000));
        QVERIFY2(failed[0][1].toString().startsWith(QString::fromStdString(bad) + ":3:"),
                 qPrintable(failed[0][1].toString()));
        QCOMPARE(w.workspace()->dataset(), before);  // the same object: nothing replaced
        QCOMPARE(changed.count(), 1);
        auto* box = w.findChild<QMessageBox*>(QStringLiteral("loadError"));
        QVERIFY(box);
        QVERIFY(box->informativeText().contains(QStringLiteral(":3:")));
        box->close();
    }

};

EMBEDSCOPE_GL_TEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
