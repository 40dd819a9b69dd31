#pragma once
// Runs one core job at a time off the GUI thread (Qt's pool + QPromise + QFutureWatcher) and
// reports progress, cancellation and errors back on the GUI thread.
#include <QFutureWatcher>
#include <QObject>
#include <QPromise>
#include <QString>
#include <functional>
#include <memory>
#include <mutex>
#include <tuple>

#include "Error.h"
#include "Progress.h"
#include "PoolStart.h"

namespace embedscope::ui {

class JobRunner : public QObject {
    Q_OBJECT
public:
    /// priority: the pool its jobs run on (PoolStart.h); a runner's jobs all share one.
    explicit JobRunner(QObject* parent = nullptr, JobPriority priority = JobPriority::Foreground);
    ~JobRunner() override;

    bool isBusy() const { return m_active != nullptr; }
    const QString& title() const { return m_title; }

    /// Starts work(progress) on the thread pool. A job already running is cancelled and its result
    /// dropped. onDone runs on the GUI thread with the result; onError with the message (an
    /// embedscope::Error's text names the file and place). A cancelled job calls neither.
    template <typename T>
    void start(const QString& title, std::function<T(Progress&)> work,
               std::function<void(std::shared_ptr<T>)> onDone,
               std::function<void(const QString&)> onError);

    /// For tests that cancel a job "while it runs", however fast the job is: hook runs on the
    /// worker after each progress report of a job of any runner, given that runner (the test's
    /// hook holds the worker there until the GUI thread's cancel has landed). Empty by default;
    /// costs one uncontended lock per report (reports come at most every 50 ms).
    using ProgressHook = std::function<void(const JobRunner* runner, const Progress& progress)>;
    static void setProgressHook(ProgressHook hook);

public slots:
    /// Asks the running job to stop; it stops at its next progress step (within ~100 ms).
    void cancel();
    /// Cancels every job this runner started (superseded ones still winding down too) and waits
    /// for them, without delivering anything. An owner whose jobs' work refers to it calls this
    /// first in its destructor, so no worker outlives the state it reads or posts to.
    void shutdown();

    /// Workers of every runner that are still on a thread: 0 once all runners are shut down or
    /// destroyed (closing the window waits for that; the cancel tests check it).
    static int runningWorkers();

signals:
    void started(const QString& title);
    /// permille in 0..1000
    void progressChanged(int permille, const QString& stage);
    /// outcome: "done", "cancelled" or "failed"
    void finished(const QString& title, const QString& outcome);

private:
    /// Counts one worker for as long as it lives (until just before its future reports finished).
    struct WorkerCount {
        WorkerCount();
        ~WorkerCount();
        WorkerCount(const WorkerCount&) = delete;
        WorkerCount& operator=(const WorkerCount&) = delete;
    };
    enum class Ended { Done, Cancelled, Failed };
    /// What a worker hands back: written once on the pool thread, taken on the GUI thread.
    template <typename R>
    class Outcome {
    public:
        void set(Ended ended, R result = {}, QString error = {}) {
            const std::lock_guard<std::mutex> lock(m_mutex);
            m_ended = ended;
            m_result = std::move(result);
            m_error = std::move(error);
        }
        std::tuple<Ended, R, QString> take() {
            const std::lock_guard<std::mutex> lock(m_mutex);
            return {m_ended, std::move(m_result), std::move(m_error)};
        }

    private:
        std::mutex m_mutex;
        Ended m_ended = Ended::Cancelled;  // a worker that never ran delivers nothing
        R m_result;
        QString m_error;
    };
    struct Active {
        std::shared_ptr<Progress> progress;
        QFutureWatcherBase* watcher = nullptr;
    };
    static ProgressHook progressHook();
    void stopActive();
    void begin(const QString& title, std::shared_ptr<Progress> progress, QFutureWatcherBase* watcher);
    void end(const QString& outcome);

    std::unique_ptr<Active> m_active;
    QString m_title;
    JobPriority m_priority;
};

template <typename T>
void JobRunner::start(const QString& title, std::function<T(Progress&)> work,
                      std::function<void(std::shared_ptr<T>)> onDone,
                      std::function<void(const QString&)> onError) {
    stopActive();
    using Result = std::shared_ptr<T>;
    auto watcher = new QFutureWatcher<void>(this);
    auto progress = std::make_shared<Progress>();
    auto outcome = std::make_shared<Outcome<Result>>();

    connect(watcher, &QFutureWatcherBase::progressValueChanged, this, [this, watcher](int value) {
        if (m_active && m_active->watcher == watcher)
            emit progressChanged(value, watcher->progressText());
    });
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, outcome, onDone, onError]() {
        const bool current = m_active && m_active->watcher == watcher;
        watcher->deleteLater();
        if (!current) return;  // superseded by a newer job
        auto [ended, result, error] = outcome->take();
        if (ended == Ended::Cancelled) {
            end("cancelled");
        } else if (ended == Ended::Failed) {
            end("failed");
            if (onError) onError(error);
        } else {
            end("done");
            if (onDone && result) onDone(result);
        }
    });

    // The promise only carries progress and "finished" to the watcher; the result goes through
    // outcome, whose mutex orders it for the sanitizers too (Qt's result store is not seen by TSan).
    auto promise = std::make_shared<QPromise<void>>();
    watcher->setFuture(promise->future());
    promise->start();
    startOnPool([work = std::move(work), progress, outcome, promise, runner = this]() mutable {
        {
            const WorkerCount counted;
            const auto job = std::move(work);  // its captures go before the future finishes
            promise->setProgressRange(0, 1000);
            // The core's Progress feeds the promise; the watcher relays it to the GUI thread.
            // runner is only compared by the test's hook, never dereferenced here.
            progress->setCallback([p = promise.get(), reporter = progress.get(), runner](double f, const std::string& stage) {
                p->setProgressValueAndText(static_cast<int>(f * 1000), QString::fromStdString(stage));
                if (const auto hook = progressHook()) hook(runner, *reporter);
            });
            try {
                // Cancelled while it waited for a thread: nothing of the work may run or deliver.
                progress->check();
                outcome->set(Ended::Done, std::make_shared<T>(job(*progress)));
            } catch (const Cancelled&) {
                outcome->set(Ended::Cancelled);
            } catch (const std::bad_alloc&) {
                outcome->set(Ended::Failed, {}, QStringLiteral("not enough memory for this job"));
            } catch (const std::exception& e) {
                outcome->set(Ended::Failed, {}, QString::fromStdString(e.what()));
            }
            progress->setCallback({});
        }
        promise->finish();
    }, m_priority);
    begin(title, progress, watcher);
}

}  // namespace embedscope::ui
