#include "AutosaveWriter.h"

#include <QSaveFile>

#include "jobs/PoolStart.h"

namespace embedscope::ui {

AutosaveWriter::AutosaveWriter() : m_queue(std::make_shared<Queue>()) {}

AutosaveWriter::~AutosaveWriter() { wait(); }

void AutosaveWriter::write(QString path, WorkspaceFile file) {
    std::lock_guard<std::mutex> lock(m_queue->mutex);
    m_queue->next.emplace(std::move(path), std::move(file));
    if (m_queue->writing) return;  // the running writer takes it next
    m_queue->writing = true;
    startOnPool([queue = m_queue] { drain(queue); }, JobPriority::Background);
}

void AutosaveWriter::wait() {
    std::unique_lock<std::mutex> lock(m_queue->mutex);
    m_queue->idle.wait(lock, [this] { return !m_queue->writing; });
}

void AutosaveWriter::drain(const std::shared_ptr<Queue>& queue) {
    for (;;) {
        std::optional<std::pair<QString, WorkspaceFile>> job;
        {
            std::lock_guard<std::mutex> lock(queue->mutex);
            if (!queue->next) {
                queue->writing = false;
                queue->idle.notify_all();
                return;
            }
            job = std::move(queue->next);
            queue->next.reset();
        }
        // A failed autosave costs only the chance to recover this state; the next one retries.
        QString ignored;
        try {
            writeWholeFile(job->first, serializeWorkspace(job->second), &ignored);
        } catch (const std::exception&) {
        }
    }
}

bool writeWholeFile(const QString& path, const std::string& text, QString* error) {
    QSaveFile file(path);
    const bool ok = file.open(QIODevice::WriteOnly) &&
                    file.write(text.data(), static_cast<qint64>(text.size())) == static_cast<qint64>(text.size()) &&
                    file.commit();
    if (!ok) *error = file.errorString();
    return ok;
}

}  // namespace embedscope::ui
