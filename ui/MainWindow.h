#pragma once
// Assembles the window: the scatter view in the centre, docks around it, menus, toolbar and
// status bar. State lives in Workspace; the view follows it through ScatterPresenter.
#include <QMainWindow>

#include "io/Dataset.h"

class QAction;
class QLabel;
class QMenu;

namespace embedscope::ui {

class AppSettings;
class Bookmarks;
class WorkspaceFiles;
class ClusterModel;
class ExportActions;
class TrainingSession;
class VectorSaver;
class ProjectionDock;
class ScatterPresenter;
class ScatterView;
class SearchDock;
class Workspace;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    Workspace* workspace() const { return m_workspace; }
    TrainingSession* training() const { return m_training; }
    /// Data › Train word vectors…: the dialog, then training with its live preview.
    void chooseTraining();
    ScatterView* view() const { return m_view; }
    WorkspaceFiles* workspaceFiles() const { return m_files; }
    Bookmarks* bookmarks() const { return m_bookmarks; }

    /// Loads a file in the background; the current data stays on screen until it is ready.
    void openFile(const QString& path, const LoadOptions& options = {});
    /// Loads a bundled sample (what the app shows when started without a file).
    void openSample(int index = 0);

    /// File › Export …: the view, coordinates, neighbours, selection.
    ExportActions* exports() const { return m_exports; }

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildDocks();
    void buildMenus();
    void refreshRecentMenu();
    void chooseFile();
    void chooseFileWithOptions();
    void chooseVectorsSave();
    void showLoadError(const QString& path, const QString& message);
    void updateStatus();
    /// scroll: the content scrolls inside the dock, so that its height does not set a minimum for
    /// the docks it is tabbed with.
    QDockWidget* addDock(QWidget* content, const QString& title, Qt::DockWidgetArea area,
                         bool scroll = false);

    AppSettings* m_settings;
    Workspace* m_workspace;
    ScatterView* m_view;
    ScatterPresenter* m_presenter;
    ClusterModel* m_clusters;
    TrainingSession* m_training;
    VectorSaver* m_saver;
    ExportActions* m_exports;
    SearchDock* m_search = nullptr;
    ProjectionDock* m_projectionDock = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QAction* m_showAll = nullptr;
    QLabel* m_statusText;
    Bookmarks* m_bookmarks = nullptr;
    class BookmarksDock* m_bookmarksDock = nullptr;
    class AppearanceDock* m_appearance = nullptr;
    WorkspaceFiles* m_files = nullptr;
};

}  // namespace embedscope::ui
