#pragma once
// Saving and opening workspace files (File › Save workspace, Save workspace as…, Open
// workspace…), autosave and crash recovery. Gathers each controller's state struct into one
// WorkspaceFile and hands each its part back on open; MainWindow only adds the actions.
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <functional>
#include <memory>

#include "state/WorkspaceFile.h"

class QAction;
class QWidget;

namespace embedscope::ui {

class AppSettings;
class AppearanceDock;
class AutosaveWriter;
class BiasLens;
class Bookmarks;
class ClusterModel;
class ScatterScene;
class SessionRecovery;
class WeatModel;
class Workspace;

class WorkspaceFiles : public QObject {
    Q_OBJECT
public:
    /// The controllers whose state a workspace holds; any but workspace may be null.
    struct Parts {
        Workspace* workspace = nullptr;
        ScatterScene* scene = nullptr;
        ClusterModel* clusters = nullptr;
        BiasLens* bias = nullptr;
        WeatModel* weat = nullptr;
        Bookmarks* bookmarks = nullptr;
        AppearanceDock* appearance = nullptr;
    };
    /// window: parent of dialogs (null: no dialogs, the hooks decide). recovery may be null.
    WorkspaceFiles(Parts parts, AppSettings* settings, SessionRecovery* recovery, QWidget* window,
                   QObject* parent = nullptr);
    ~WorkspaceFiles() override;

    /// Everything now on screen; nothing and *error when there is no data file to refer to.
    std::optional<WorkspaceFile> capture(QString* error) const;
    /// Writes the workspace to path (QSaveFile: the old file stays byte-identical on failure).
    bool saveTo(const QString& path, QString* error);
    /// Opens a workspace file: parses it (an error leaves everything as it is), checks its data
    /// file (missing or changed: asks where it is), loads it in the background and restores every
    /// controller's state; opened() or failed() follows. asRecovery: keep the current file name.
    void open(const QString& path, bool asRecovery = false);
    /// Whether the file starts as a workspace file does (File › Open tells them apart by content).
    static bool isWorkspaceFile(const QString& path);
    /// The file this workspace was last saved to or opened from (empty: untitled).
    const QString& currentPath() const { return m_path; }

    /// Autosaves the workspace: captures it now and writes it on a background thread (no-op
    /// without a data set or recovery); true when a write was queued.
    bool autosave();
    /// Blocks until queued autosaves are written.
    void waitForAutosave();
    /// Minutes between autosaves; 0 turns them off (setting "workspace/autosaveMinutes").
    void setAutosaveMinutes(int minutes);
    int autosaveMinutes() const { return m_autosaveMinutes; }
    /// Offers the autosave of a session that did not exit cleanly (askRecover decides).
    void offerRecovery();
    /// false: offerRecovery() neither asks nor removes anything, so a scripted run (--screenshot)
    /// leaves a crashed session's autosave to the next interactive start.
    void setOffersRecovery(bool offers) { m_offersRecovery = offers; }
    /// The session ends as the user wanted: its autosave goes.
    void cleanExit();

    /// File menu actions: Open workspace…, Save workspace, Save workspace as….
    QList<QAction*> menuActions();

    /// How the user is asked (replaced in tests). locate: the data file is missing or changed
    /// (why says which); returns the file to use, or empty to cancel.
    std::function<QString(const QString& why, const QString& savedPath, bool exists)> locate;
    /// Whether to recover the autosave at path; unset: a window-modal question that does not
    /// block the event loop.
    std::function<bool(const QString& path)> askRecover;

public slots:
    void save();
    void saveAs();
    void chooseAndOpen();

signals:
    void opened(const QString& path);
    void saved(const QString& path);
    void failed(const QString& message);

private:
    void restore(const WorkspaceFile& file, const QString& dataPath, const QString& path, bool asRecovery);
    void apply(const WorkspaceFile& file);
    void report(const QString& title, const QString& message);
    void recover(const QStringList& orphans, bool accepted);

    Parts m_parts;
    AppSettings* m_settings;
    SessionRecovery* m_recovery;
    QPointer<QWidget> m_window;
    bool m_offersRecovery = true;
    QString m_path;
    QTimer m_timer;
    int m_autosaveMinutes = 3;
    std::unique_ptr<AutosaveWriter> m_autosaves;
};

}  // namespace embedscope::ui
