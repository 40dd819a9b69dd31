#pragma once
// Starts work on Qt's global thread pool through a hand-off that ThreadSanitizer can see.
#include <functional>

namespace embedscope::ui {

/// Runs body on QThreadPool::globalInstance(), like QThreadPool::start(body). Qt's pool passes a
/// task to its thread under its own futex-based lock, inside Debian's uninstrumented Qt, so a TSan
/// build would report every capture of every job as a race with the thread that made it. Here the
/// task is built and read under one std::mutex, whose ordering TSan does see; a job pays one
/// uncontended lock, nothing next to its work.
void startOnPool(std::function<void()> body);

}  // namespace embedscope::ui
