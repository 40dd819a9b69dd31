#pragma once
// Writes autosaves off the GUI thread. Serialising a workspace holds its layout as base64 (16 MB
// at a million points in 3-D): on the GUI thread that froze the window for about 0.65 s after
// every load and every t-SNE run at that size, and for longer at 3 M points.
#include <QString>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

#include "state/WorkspaceFile.h"

namespace embedscope::ui {

class AutosaveWriter {
public:
    AutosaveWriter();
    /// Waits for a write in progress: none outlives the session it saves.
    ~AutosaveWriter();
    AutosaveWriter(const AutosaveWriter&) = delete;
    AutosaveWriter& operator=(const AutosaveWriter&) = delete;

    /// Queues file to be written to path on a background thread (JobPriority::Background),
    /// replacing a queued write that has not started: only the latest state is worth writing.
    void write(QString path, WorkspaceFile file);
    /// Blocks until every queued write has ended.
    void wait();

private:
    struct Queue {
        std::mutex mutex;
        std::condition_variable idle;
        std::optional<std::pair<QString, WorkspaceFile>> next;
        bool writing = false;
    };
    static void drain(const std::shared_ptr<Queue>& queue);

    std::shared_ptr<Queue> m_queue;
};

/// Writes text to path through QSaveFile (the old file stays as it was on failure); false and
/// Qt's reason in *error otherwise. Any thread.
bool writeWholeFile(const QString& path, const std::string& text, QString* error);

}  // namespace embedscope::ui
