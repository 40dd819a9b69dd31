#include "JobRunner.h"

#include <atomic>
#include <mutex>

namespace embedscope::ui {

namespace {
std::atomic<int> workers{0};
std::mutex hookMutex;
JobRunner::ProgressHook hook;
}  // namespace

void JobRunner::setProgressHook(ProgressHook h) {
    const std::lock_guard<std::mutex> lock(hookMutex);
    hook = std::move(h);
}

JobRunner::ProgressHook JobRunner::progressHook() {
    const std::lock_guard<std::mutex> lock(hookMutex);
    return hook;
}

JobRunner::WorkerCount::WorkerCount() { workers.fetch_add(1); }
JobRunner::WorkerCount::~WorkerCount() { workers.fetch_sub(1); }
int JobRunner::runningWorkers() { return workers.load(); }

JobRunner::JobRunner(QObject* parent, JobPriority priority) : QObject(parent), m_priority(priority) {}

JobRunner::~JobRunner() { shutdown(); }

void JobRunner::shutdown() {
    // Closing the window mid-job: stop the workers and wait, so none outlives its listeners. A
    // superseded job was cancelled when it was superseded but may still be on its way out.
    if (m_active) m_active->progress->cancel();
    m_active.reset();
    for (QFutureWatcherBase* watcher : findChildren<QFutureWatcherBase*>(Qt::FindDirectChildrenOnly)) {
        watcher->disconnect(this);
        watcher->waitForFinished();
    }
}

void JobRunner::begin(const QString& title, std::shared_ptr<Progress> progress,
                      QFutureWatcherBase* watcher) {
    m_active = std::make_unique<Active>(Active{std::move(progress), watcher});
    m_title = title;
    emit started(title);
}

void JobRunner::stopActive() {
    if (!m_active) return;
    m_active->progress->cancel();
    const QString title = m_title;
    m_active.reset();  // its finished() is ignored from now on
    emit finished(title, QStringLiteral("cancelled"));
}

void JobRunner::cancel() {
    if (m_active) m_active->progress->cancel();
}

void JobRunner::end(const QString& outcome) {
    m_active.reset();
    emit finished(m_title, outcome);
}

}  // namespace embedscope::ui
