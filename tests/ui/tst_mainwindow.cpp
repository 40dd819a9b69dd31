// The main window as a user meets it (offscreen, no GL): it opens the bundled sample, shows its
// summary, reports a bad file in a dialog naming the place, and keeps the previous data set.
#include <QMessageBox>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>
#include <QToolButton>
#include <thread>

#include "MainWindow.h"
#include "TestSupport.h"
#include "Workspace.h"
#include "docks/SummaryPanel.h"
#include "jobs/JobRunner.h"

using namespace embedscope;
using namespace embedscope::ui;

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName(QStringLiteral("EmbedscopeTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    }

    void opensSampleAndShowsSummary() {
        MainWindow w;
        w.show();
        QSignalSpy changed(w.workspace(), &Workspace::datasetChanged);
        w.openSample();
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
    }

    void badFileKeepsPreviousDataAndNamesThePlace() {
        MainWindow w;
        w.show();
        QSignalSpy changed(w.workspace(), &Workspace::datasetChanged);
        w.openSample();
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

    void cancelStopsAJobAndKeepsState() {
        JobRunner runner;
        QSignalSpy finished(&runner, &JobRunner::finished);
        bool done = false;
        runner.start<int>(
            QStringLiteral("spin"),
            [](Progress& p) {
                for (;;) {  // stands for a long load: steps until cancelled
                    p.step(0.5);
                    std::this_thread::sleep_for(std::chrono::milliseconds(1));
                }
                return 0;
            },
            [&](std::shared_ptr<int>) { done = true; }, [&](const QString&) { done = true; });
        QVERIFY(runner.isBusy());
        runner.cancel();
        QVERIFY(finished.wait(2000));
        QCOMPARE(finished[0][1].toString(), QStringLiteral("cancelled"));
        QVERIFY(!done);
        QVERIFY(!runner.isBusy());
    }

    void newJobSupersedesRunningOne() {
        JobRunner runner;
        QSignalSpy finished(&runner, &JobRunner::finished);
        int result = 0;
        runner.start<int>(QStringLiteral("slow"), [](Progress& p) {
                for (;;) { p.step(0.1); std::this_thread::sleep_for(std::chrono::milliseconds(1)); }
                return 1; }, [&](std::shared_ptr<int> r) { result = *r; }, {});
        runner.start<int>(QStringLiteral("fast"), [](Progress&) { return 2; },
                          [&](std::shared_ptr<int> r) { result = *r; }, {});
        QTRY_COMPARE_WITH_TIMEOUT(result, 2, 5000);
        QTest::qWait(50);
        QCOMPARE(result, 2);  // the superseded job never delivers
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
