#pragma once
// Runs one core job at a time off the GUI thread (QtConcurrent + QPromise + QFutureWatcher) and
// reports progress, cancellation and errors back on the GUI thread.
#include <QFutureWatcher>
#include <QObject>
#include <QPromise>
#include <QString>
#include <QtConcurrent/QtConcurrentRun>
#include <functional>
#include <memory>

#include "Error.h"
#include "Progress.h"

namespace embedscope::ui {

class JobRunner : public QObject {
    Q_OBJECT
public:
    explicit JobRunner(QObject* parent = nullptr);
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
    struct Active {
        std::shared_ptr<Progress> progress;
        QFutureWatcherBase* watcher = nullptr;
    };
    void stopActive();
    void begin(const QString& title, std::shared_ptr<Progress> progress, QFutureWatcherBase* watcher);
    void end(const QString& outcome);

    std::unique_ptr<Active> m_active;
    QString m_title;
};

template <typename T>
void JobRunner::start(const QString& title, std::function<T(Progress&)> work,
                      std::function<void(std::shared_ptr<T>)> onDone,
                      std::function<void(const QString&)> onError) {
    stopActive();
    using Result = std::shared_ptr<T>;
    auto watcher = new QFutureWatcher<Result>(this);
    auto progress = std::make_shared<Progress>();
    auto error = std::make_shared<QString>();
    auto cancelled = std::make_shared<bool>(false);

    connect(watcher, &QFutureWatcherBase::progressValueChanged, this, [this, watcher](int value) {
        if (m_active && m_active->watcher == watcher)
            emit progressChanged(value, watcher->progressText());
    });
    connect(watcher, &QFutureWatcherBase::finished, this,
            [this, watcher, error, cancelled, onDone, onError]() {
                const bool current = m_active && m_active->watcher == watcher;
                watcher->deleteLater();
                if (!current) return;  // superseded by a newer job
                if (*cancelled) {
                    end("cancelled");
                } else if (!error->isEmpty()) {
                    end("failed");
                    if (onError) onError(*error);
                } else {
                    Result r = watcher->future().resultCount() ? watcher->future().result() : Result();
                    end("done");
                    if (onDone && r) onDone(r);
                }
            });

    QFuture<Result> future = QtConcurrent::run(
        [work = std::move(work), progress, error, cancelled](QPromise<Result>& promise) {
            const WorkerCount counted;
            promise.setProgressRange(0, 1000);
            // The core's Progress feeds the promise; the watcher relays it to the GUI thread.
            progress->setCallback([&promise](double f, const std::string& stage) {
                promise.setProgressValueAndText(static_cast<int>(f * 1000), QString::fromStdString(stage));
            });
            try {
                // Cancelled while it waited for a thread: nothing of the work may run or deliver.
                progress->check();
                promise.addResult(std::make_shared<T>(work(*progress)));
            } catch (const Cancelled&) {
                *cancelled = true;
            } catch (const std::bad_alloc&) {
                *error = QStringLiteral("not enough memory for this job");
            } catch (const std::exception& e) {
                *error = QString::fromStdString(e.what());
            }
            progress->setCallback({});  // the promise dies with this call
        });
    watcher->setFuture(future);
    begin(title, progress, watcher);
}

}  // namespace embedscope::ui
