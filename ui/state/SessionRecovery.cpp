#include "SessionRecovery.h"

#include <signal.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <cerrno>

namespace embedscope::ui {

namespace {
QString markerName(qint64 pid) { return QStringLiteral("session-%1.running").arg(pid); }
QString autosaveName(qint64 pid) { return QStringLiteral("autosave-%1.embedscope").arg(pid); }

/// A marker's process still runs (another window of the app): its autosave is not orphaned. Our
/// own PID on an old marker means the PID was reused after that session died.
bool alive(qint64 pid, qint64 self) {
    if (pid <= 0 || pid == self) return false;
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}
}  // namespace

SessionRecovery::SessionRecovery(QString folder, QObject* parent)
    : QObject(parent),
      m_folder(folder.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) : std::move(folder)),
      m_pid(QCoreApplication::applicationPid()) {
    QDir().mkpath(m_folder);
    m_ownWasLeftOver = QFile::exists(autosavePath());
    QFile marker(QDir(m_folder).filePath(markerName(m_pid)));
    if (marker.open(QIODevice::WriteOnly)) marker.write(QByteArray::number(m_pid));
}

SessionRecovery::~SessionRecovery() { cleanExit(); }

QString SessionRecovery::autosavePath() const { return QDir(m_folder).filePath(autosaveName(m_pid)); }

QStringList SessionRecovery::orphanedAutosaves() const {
    QStringList out;
    const QDir dir(m_folder);
    const auto files = dir.entryInfoList({QStringLiteral("autosave-*.embedscope")}, QDir::Files, QDir::Time);
    for (const QFileInfo& f : files) {
        const qint64 pid = f.completeBaseName().mid(int(sizeof("autosave-")) - 1).toLongLong();
        // Ours, unless an earlier session with the same PID left it before we started.
        if (pid == m_pid && !m_ownWasLeftOver) continue;
        if (alive(pid, m_pid)) continue;
        out << f.absoluteFilePath();
    }
    return out;
}

void SessionRecovery::discard(const QString& autosave) {
    const QFileInfo f(autosave);
    const qint64 pid = f.completeBaseName().mid(int(sizeof("autosave-")) - 1).toLongLong();
    QFile::remove(autosave);
    if (pid != m_pid) QFile::remove(QDir(m_folder).filePath(markerName(pid)));
    else m_ownWasLeftOver = false;
}

void SessionRecovery::cleanExit() {
    QFile::remove(autosavePath());
    QFile::remove(QDir(m_folder).filePath(markerName(m_pid)));
}

}  // namespace embedscope::ui
