#include "PoolStart.h"

#include <QCoreApplication>
#include <QRunnable>
#include <QThread>
#include <QThreadPool>
#include <algorithm>
#include <mutex>

namespace embedscope::ui {

namespace {

std::mutex handoff;

class Task : public QRunnable {
public:
    explicit Task(std::function<void()> body) : m_body(std::move(body)) {}
    void run() override {
        { const std::lock_guard<std::mutex> seen(handoff); }  // orders this read after the build
        m_body();
        m_body = nullptr;  // the captures go here, on this thread, not in Qt's autoDelete
    }

private:
    std::function<void()> m_body;
};

}  // namespace

QThreadPool* jobPool() {
    static QThreadPool pool;
    static const bool sized = [] {
        pool.setMaxThreadCount(std::max(16, 4 * QThread::idealThreadCount()));
        // Like Qt's global pool, the threads must end while the application still exists:
        // a thread that drew text holds a font cache that only its own exit frees, and after
        // main() returns Qt no longer frees it (LeakSanitizer reported the fonts of the
        // off-thread SVG/PDF export). waitForDone() also joins the idle threads.
        qAddPostRoutine([] { pool.waitForDone(); });
        return true;
    }();
    (void)sized;
    return &pool;
}

void startOnPool(std::function<void()> body) {
    Task* task = nullptr;
    {
        const std::lock_guard<std::mutex> building(handoff);
        task = new Task(std::move(body));
    }
    jobPool()->start(task);
}

}  // namespace embedscope::ui
