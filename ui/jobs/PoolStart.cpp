#include "PoolStart.h"

#include <QCoreApplication>
#include <QRunnable>
#include <QThread>
#include <QThreadPool>
#include <algorithm>
#include <mutex>

#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace embedscope::ui {

namespace {

std::mutex handoff;

/// Lowers the calling thread to the background priority, once (foreground threads stay as
/// they were made, at the GUI thread's).
void enterPool(JobPriority priority) {
#if defined(__linux__)
    thread_local bool lowered = false;
    if (priority != JobPriority::Background || lowered) return;
    lowered = true;
    // Linux keeps a nice value per thread, and setpriority on a thread id sets that thread's
    // alone; threads started from here later (OpenMP's team, hnswlib's) inherit it.
    const auto self = static_cast<id_t>(::syscall(SYS_gettid));
    ::setpriority(PRIO_PROCESS, self, std::min(19, ::getpriority(PRIO_PROCESS, self) + 10));
#else
    (void)priority;
#endif
}

class Task : public QRunnable {
public:
    Task(std::function<void()> body, JobPriority priority) : m_body(std::move(body)), m_priority(priority) {}
    void run() override {
        { const std::lock_guard<std::mutex> seen(handoff); }  // orders this read after the build
        enterPool(m_priority);
        m_body();
        m_body = nullptr;  // the captures go here, on this thread, not in Qt's autoDelete
    }

private:
    std::function<void()> m_body;
    JobPriority m_priority;
};

}  // namespace

QThreadPool* jobPool(JobPriority priority) {
    static QThreadPool pools[2];
    static const bool sized = [] {
        for (QThreadPool& pool : pools) pool.setMaxThreadCount(std::max(16, 4 * QThread::idealThreadCount()));
        // Like Qt's global pool, the threads must end while the application still exists:
        // a thread that drew text holds a font cache that only its own exit frees, and after
        // main() returns Qt no longer frees it (LeakSanitizer reported the fonts of the
        // off-thread SVG/PDF export). waitForDone() also joins the idle threads.
        qAddPostRoutine([] {
            for (QThreadPool& pool : pools) pool.waitForDone();
        });
        return true;
    }();
    (void)sized;
    return &pools[priority == JobPriority::Background ? 1 : 0];
}

void startOnPool(std::function<void()> body, JobPriority priority) {
    Task* task = nullptr;
    {
        const std::lock_guard<std::mutex> building(handoff);
        task = new Task(std::move(body), priority);
    }
    jobPool(priority)->start(task);
}

}  // namespace embedscope::ui
