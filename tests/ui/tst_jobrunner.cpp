// The job runner behind every long task: cancel stops a job without delivering, and a new job
// supersedes a running one.
#include <QSignalSpy>
#include <QSemaphore>
#include <QTest>
#include <QThreadPool>
#include <atomic>
#include <thread>
#include <vector>

#include <omp.h>
#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "jobs/JobRunner.h"
#include "jobs/PoolStart.h"

using namespace embedscope;
using namespace embedscope::ui;

#if defined(__linux__)
namespace {
int niceOfThisThread() {
    return ::getpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)));
}
}  // namespace
#endif

class TestJobRunner : public QObject {
    Q_OBJECT
private slots:
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

    void jobsLeaveQtsGlobalPoolFree() {
        // Qt's raster engine waits on the GUI thread for fills it splits across the global pool:
        // jobs holding its threads froze the window (3 M rows: an index build and the
        // faithfulness measure). Jobs run on their own pool, as many as are started.
        JobRunner first, second, third;
        QSemaphore running;
        std::atomic<bool> stop{false};
        auto spin = [&](Progress&) {
            running.release();
            while (!stop.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
            return 0;
        };
        for (JobRunner* r : {&first, &second, &third}) r->start<int>(QStringLiteral("spin"), spin, {}, {});
        QVERIFY(running.tryAcquire(3, 5000));  // all three at once, on a 2-core machine too
        QCOMPARE(QThreadPool::globalInstance()->activeThreadCount(), 0);
        QVERIFY(jobPool()->activeThreadCount() >= 3);
        stop.store(true);
        QTRY_VERIFY_WITH_TIMEOUT(!first.isBusy() && !second.isBusy() && !third.isBusy(), 5000);
    }

#if defined(__linux__)
    void backgroundJobsYieldToTheGuiThread() {
        // Linux keeps a nice value per thread. A background job's thread, and the OpenMP team it
        // starts, run 10 nicer than the GUI thread (19 at most); a foreground job's as the GUI's.
        const int gui = niceOfThisThread();
        auto team = [](Progress&) {
            std::vector<int> nices(3, -100);
#pragma omp parallel num_threads(3)
            nices[static_cast<std::size_t>(omp_get_thread_num())] = niceOfThisThread();
            return nices;
        };
        JobRunner background(nullptr, JobPriority::Background), foreground;
        std::vector<int> backgroundNices, foregroundNices;
        background.start<std::vector<int>>(QStringLiteral("team"), team,
                                           [&](std::shared_ptr<std::vector<int>> r) { backgroundNices = *r; }, {});
        foreground.start<std::vector<int>>(QStringLiteral("team"), team,
                                           [&](std::shared_ptr<std::vector<int>> r) { foregroundNices = *r; }, {});
        QTRY_VERIFY_WITH_TIMEOUT(!backgroundNices.empty() && !foregroundNices.empty(), 5000);
        QCOMPARE(backgroundNices, std::vector<int>(3, std::min(19, gui + 10)));
        QCOMPARE(foregroundNices, std::vector<int>(3, gui));
        QVERIFY(niceOfThisThread() == gui);
    }
#endif

    void errorsArriveWithTheirMessage() {
        JobRunner runner;
        QString message;
        runner.start<int>(QStringLiteral("fails"),
                          [](Progress&) -> int { throw Error(SourceLocation::text("f.txt", 3, 2), "bad"); },
                          {}, [&](const QString& m) { message = m; });
        QTRY_COMPARE_WITH_TIMEOUT(message, QStringLiteral("f.txt:3:2: bad"), 5000);
    }

    void cancelBeforeTheJobStartsDeliversNothing() {
        JobRunner runner;
        QSignalSpy finished(&runner, &JobRunner::finished);
        bool delivered = false;
        runner.start<int>(QStringLiteral("x"), [](Progress& p) { p.step(0.0); return 1; },
                          [&](std::shared_ptr<int>) { delivered = true; }, {});
        runner.cancel();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 5000);
        // Either the job ran before the cancel landed (done) or it stopped (cancelled); never both.
        QCOMPARE(delivered, finished[0][1].toString() == QStringLiteral("done"));
    }
};

QTEST_GUILESS_MAIN(TestJobRunner)
#include "tst_jobrunner.moc"
