#pragma once
// Crash recovery files: each running app has a marker (session-PID.running) and an autosave
// (autosave-PID.embedscope) in its data folder. A clean exit removes both; a marker whose
// process is gone means that session crashed (or was killed), and its autosave is offered back.
#include <QObject>
#include <QString>
#include <QStringList>

namespace embedscope::ui {

class SessionRecovery : public QObject {
    Q_OBJECT
public:
    /// folder: where the files go (empty: QStandardPaths::AppDataLocation). Writes this
    /// session's marker.
    explicit SessionRecovery(QString folder = {}, QObject* parent = nullptr);
    /// An orderly end (destructors run) is a clean exit; a crash or kill never gets here.
    ~SessionRecovery() override;

    const QString& folder() const { return m_folder; }
    QString autosavePath() const;
    /// Autosaves left by sessions that did not exit cleanly, newest first.
    QStringList orphanedAutosaves() const;
    /// Removes an orphaned autosave and its session's marker (recovered or declined).
    void discard(const QString& autosave);
    /// Removes this session's autosave and marker: the session ended as the user wanted.
    void cleanExit();

private:
    QString m_folder;
    qint64 m_pid;
    bool m_ownWasLeftOver = false;
};

}  // namespace embedscope::ui
