#pragma once
// The one place that reads and writes persistent settings (QSettings), with typed accessors.
#include <QByteArray>
#include <QSettings>
#include <QString>
#include <QStringList>

namespace embedscope::ui {

class AppSettings {
public:
    AppSettings();

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray& geometry);
    QByteArray windowState() const;
    void setWindowState(const QByteArray& state);

    /// Folder of the last file opened or saved.
    QString lastFolder() const;
    void setLastFolder(const QString& folder);

    /// Most recent first, at most kMaxRecent, without duplicates.
    QStringList recentFiles() const;
    void addRecentFile(const QString& path);
    void removeRecentFile(const QString& path);
    static constexpr int kMaxRecent = 10;

    /// Generic accessors for options owned by docks and dialogs ("view/pointSize", ...).
    QVariant value(const QString& key, const QVariant& fallback = {}) const;
    void setValue(const QString& key, const QVariant& value);

private:
    mutable QSettings m_settings;
};

}  // namespace embedscope::ui
