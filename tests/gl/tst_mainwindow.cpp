// The main window as a user meets it (under Xvfb): it opens the bundled sample, shows its
// summary, reports a bad file in a dialog naming the place, and keeps the previous data set.
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include "GlTestMain.h"
#include "MainWindow.h"
#include "export/ExportActions.h"
#include "export/ViewExporter.h"
#include "io/Coordinates.h"
#include "Samples.h"
#include "TestSupport.h"
#include "Workspace.h"
#include "jobs/JobRunner.h"
#include "training/TrainingSession.h"
#include "docks/SummaryPanel.h"
#include "state/Bookmarks.h"
#include "state/WorkspaceFiles.h"
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

    void workspaceRoundTripsCameraAndBookmarks() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("w.embedscope"));
        std::array<double, 10> camera{};
        {
            MainWindow w;
            w.show();
            QSignalSpy changed(w.workspace(), &Workspace::datasetChanged);
            w.openSample(sampleIndex(QStringLiteral("digits")));
            QVERIFY(changed.wait(10000));
            w.workspace()->select(5);
            w.view()->scene().setCameraState({3, 2, 1, 0.1, 0.2, 0.3, 0, 0, 1, 2.5});
            camera = w.view()->scene().cameraState();
            QVERIFY(w.bookmarks()->add(QStringLiteral("mine")));
            w.findChild<QSlider*>(QStringLiteral("pointSize"))->setValue(9);
            w.findChild<QSlider*>(QStringLiteral("opacity"))->setValue(40);
            w.findChild<QSpinBox*>(QStringLiteral("clusterK"))->setValue(7);
            QTest::mouseClick(w.findChild<QPushButton*>(QStringLiteral("runClusters")), Qt::LeftButton);
            QTRY_COMPARE_WITH_TIMEOUT(w.findChild<QTreeWidget*>(QStringLiteral("clusterList"))->topLevelItemCount(), 7, 20000);
            QString error;
            QVERIFY2(w.workspaceFiles()->saveTo(path, &error), qPrintable(error));
        }
        MainWindow w;
        w.show();
        // Other values than the saved ones (the first window's settings persist): the file must set them.
        auto* size = w.findChild<QSlider*>(QStringLiteral("pointSize"));
        auto* opacity = w.findChild<QSlider*>(QStringLiteral("opacity"));
        size->setValue(3);
        opacity->setValue(100);
        w.findChild<QSpinBox*>(QStringLiteral("clusterK"))->setValue(12);
        QSignalSpy opened(w.workspaceFiles(), &WorkspaceFiles::opened);
        w.openFile(path);  // File › Open tells a workspace from embeddings by its content
        QVERIFY(opened.wait(10000));
        const auto now = w.view()->scene().cameraState();
        for (std::size_t i = 0; i < now.size(); ++i)
            QVERIFY2(std::abs(now[i] - camera[i]) < 1e-9, qPrintable(QStringLiteral("camera[%1]").arg(i)));
        QCOMPARE(w.workspace()->selectedRow(), 5LL);
        QCOMPARE(w.workspace()->dataset()->embedding.rows(), std::size_t(1797));
        QCOMPARE(w.bookmarks()->list().size(), std::size_t(1));
        QCOMPARE(w.findChild<QListWidget*>(QStringLiteral("bookmarkList"))->count(), 1);
        QCOMPARE(size->value(), 9);
        QCOMPARE(opacity->value(), 40);
        // The clusters are computed again (seeded) and the dock shows how they were made.
        QTRY_COMPARE_WITH_TIMEOUT(w.findChild<QTreeWidget*>(QStringLiteral("clusterList"))->topLevelItemCount(), 7, 20000);
        QCOMPARE(w.findChild<QSpinBox*>(QStringLiteral("clusterK"))->value(), 7);
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

    // At the default window size, with a word selected and its false and torn-away neighbours
    // listed, the Inspector still shows five whole neighbour rows, and nothing overlaps them (the
    // style's tall rows once left three).
    void inspectorKeepsFiveNeighbourRowsInView() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy changed(w.workspace(), &Workspace::datasetChanged);
        w.openSample(sampleIndex(QStringLiteral("words")));
        QVERIFY(changed.wait(20000));
        const auto row = w.workspace()->dataset()->embedding.find("president");
        QVERIFY(row);
        auto* differences = w.findChild<QLabel*>(QStringLiteral("differences"));
        auto* table = w.findChild<QTableView*>(QStringLiteral("neighbourTable"));
        auto* copy = w.findChild<QPushButton*>(QStringLiteral("neighbourCopy"));
        QVERIFY(differences && table && copy);
        QTRY_VERIFY_WITH_TIMEOUT(w.workspace()->projection(), 20000);
        w.workspace()->select(static_cast<long long>(*row));
        QTRY_VERIFY_WITH_TIMEOUT(differences->text().contains(QStringLiteral("Torn away")), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 20, 20000);
        QApplication::processEvents();
        QVERIFY2(table->rowViewportPosition(4) + table->rowHeight(4) <= table->viewport()->height(),
                 qPrintable(QStringLiteral("rows of %1 px in a %2 px list")
                                .arg(table->rowHeight(4))
                                .arg(table->viewport()->height())));
        const int tableBottom = table->mapTo(&w, QPoint(0, table->height())).y();
        QVERIFY(copy->mapTo(&w, QPoint(0, 0)).y() >= tableBottom);
        QVERIFY(differences->mapTo(&w, QPoint(0, 0)).y() >= copy->mapTo(&w, QPoint(0, copy->height())).y());
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

    void closingMidJobExitsCleanly_data() {
        QTest::addColumn<QString>("job");
        for (const char* job : {"loading", "t-SNE", "training", "superseded t-SNE"}) QTest::newRow(job) << job;
    }

    // bad-inputs.md 15: the window closes while a job runs; every worker has stopped by the time
    // the window is gone (no worker posts to a dead object: the ASan run checks it).
    void closingMidJobExitsCleanly() {
        QFETCH(QString, job);
        auto w = std::make_unique<MainWindow>();
        w->show();
        QSignalSpy changed(w->workspace(), &Workspace::datasetChanged);
        w->openSample(sampleIndex(QStringLiteral("digits")));
        QVERIFY(changed.wait(10000));
        QTemporaryDir dir;
        ProjectionSpec tsne = w->workspace()->projectionSpec();
        tsne.method = ProjectionMethod::Tsne;
        if (job == QLatin1String("loading")) {
            w->openSample(sampleIndex(QStringLiteral("words")));
        } else if (job.endsWith(QLatin1String("t-SNE"))) {
            w->workspace()->setProjectionSpec(tsne);
            if (job.startsWith(QLatin1String("superseded"))) {
                tsne.tsne.perplexity = 20;
                w->workspace()->setProjectionSpec(tsne);
            }
        } else {
            std::string corpus;
            for (int i = 0; i < 20000; ++i) corpus += "the cat sat on the mat while a dog ran by\n";
            const std::string path = testsupport::writeFile(dir, QStringLiteral("corpus.txt"),
                                                            QByteArray::fromStdString(corpus));
            Word2VecOptions options;
            options.minCount = 1;
            w->training()->start({QString::fromStdString(path)}, options);
        }
        QVERIFY(w->workspace()->jobs()->isBusy() || w->training()->isTraining());
        QVERIFY(w->close());
        w.reset();
        QCOMPARE(JobRunner::runningWorkers(), 0);
        QCoreApplication::processEvents();
    }
};

EMBEDSCOPE_GL_TEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
