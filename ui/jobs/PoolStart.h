#pragma once
// Starts work on the jobs' own thread pool through a hand-off that ThreadSanitizer can see.
#include <functional>

class QThreadPool;

namespace embedscope::ui {

/// The pool every long job runs on (loads, projections, indexes, neighbour queries), never Qt's
/// global one: Qt 6.4's raster engine splits large fills across QThreadPool::globalInstance()
/// and waits for them on the GUI thread, so with a 3 M-row index build and the faithfulness
/// measure holding the global pool's threads the window stopped repainting until they ended.
/// Its thread limit is well above the cores: jobs are few and long, and a neighbour query must
/// not queue behind an index build that takes minutes.
QThreadPool* jobPool();

/// Runs body on jobPool(), like QThreadPool::start(body). Qt's pool passes a
/// task to its thread under its own futex-based lock, inside Debian's uninstrumented Qt, so a TSan
/// build would report every capture of every job as a race with the thread that made it. Here the
/// task is built and read under one std::mutex, whose ordering TSan does see; a job pays one
/// uncontended lock, nothing next to its work.
void startOnPool(std::function<void()> body);

}  // namespace embedscope::ui
