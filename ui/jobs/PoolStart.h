#pragma once
// Starts work on the jobs' own thread pools through a hand-off that ThreadSanitizer can see.
#include <functional>

class QThreadPool;

namespace embedscope::ui {

/// How a job's threads share the processors with the GUI thread and with other jobs.
enum class JobPriority {
    /// What the person asked for and waits on: a load, a projection, a neighbour query.
    Foreground,
    /// Work started on the person's behalf that nobody waits on: the neighbour index of a large
    /// data set, the quality measure of every new layout. Its threads run at nice 10 (CFS gives
    /// them about a tenth of a processor against a thread at 0), so the GUI thread and
    /// foreground jobs come first. Opening 1 M × 300 words on two cores, the index build and
    /// the quality measure (four threads) kept the GUI thread from the processors for about
    /// 5 s after the data had arrived; the first picture came 10 s after the load.
    Background,
};

/// The pools every long job runs on (loads, projections, indexes, neighbour queries), never Qt's
/// global one: Qt 6.4's raster engine splits large fills across QThreadPool::globalInstance()
/// and waits for them on the GUI thread, so with a 3 M-row index build and the faithfulness
/// measure holding the global pool's threads the window stopped repainting until they ended.
/// Its thread limit is well above the cores: jobs are few and long, and a neighbour query must
/// not queue behind an index build that takes minutes. One pool per priority: a thread's nice
/// can only go up without privileges, so a thread keeps its pool's level for life.
QThreadPool* jobPool(JobPriority priority = JobPriority::Foreground);

/// Runs body on jobPool(priority), like QThreadPool::start(body), its thread (and the threads it
/// starts, OpenMP's included) at that priority. Background work goes through here only: a
/// thread takes its pool's priority when it runs its first task from here. Qt's pool passes a
/// task to its thread under its own futex-based lock, inside Debian's uninstrumented Qt, so a TSan
/// build would report every capture of every job as a race with the thread that made it. Here the
/// task is built and read under one std::mutex, whose ordering TSan does see; a job pays one
/// uncontended lock, nothing next to its work.
void startOnPool(std::function<void()> body, JobPriority priority = JobPriority::Foreground);

}  // namespace embedscope::ui
