#include "JobRunner.h"

namespace embedscope::ui {

JobRunner::JobRunner(QObject* parent) : QObject(parent) {}

JobRunner::~JobRunner() {
    // Closing the window mid-job: stop the worker and wait, so it never outlives its listeners.
    if (m_active) {
        m_active->progress->cancel();
        m_active->watcher->disconnect(this);
        m_active->watcher->waitForFinished();
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
