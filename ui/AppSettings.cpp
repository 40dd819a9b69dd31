#include "AppSettings.h"

#include <QDir>

namespace embedscope::ui {

// Organisation and application names come from QCoreApplication (tests set their own).
AppSettings::AppSettings() = default;

QByteArray AppSettings::windowGeometry() const { return m_settings.value("window/geometry").toByteArray(); }
void AppSettings::setWindowGeometry(const QByteArray& g) { m_settings.setValue("window/geometry", g); }
QByteArray AppSettings::windowState() const { return m_settings.value("window/state").toByteArray(); }
void AppSettings::setWindowState(const QByteArray& s) { m_settings.setValue("window/state", s); }

QString AppSettings::lastFolder() const {
    return m_settings.value("files/lastFolder", QDir::homePath()).toString();
}
void AppSettings::setLastFolder(const QString& folder) { m_settings.setValue("files/lastFolder", folder); }

QStringList AppSettings::recentFiles() const { return m_settings.value("files/recent").toStringList(); }

void AppSettings::addRecentFile(const QString& path) {
    QStringList list = recentFiles();
    list.removeAll(path);
    list.prepend(path);
    while (list.size() > kMaxRecent) list.removeLast();
    m_settings.setValue("files/recent", list);
}

void AppSettings::removeRecentFile(const QString& path) {
    QStringList list = recentFiles();
    list.removeAll(path);
    m_settings.setValue("files/recent", list);
}

QVariant AppSettings::value(const QString& key, const QVariant& fallback) const {
    return m_settings.value(key, fallback);
}
void AppSettings::setValue(const QString& key, const QVariant& value) { m_settings.setValue(key, value); }

}  // namespace embedscope::ui
