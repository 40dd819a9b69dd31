#pragma once
// Assembles the window: menus, central view, docks, status bar. State lives in Workspace.
#include <QMainWindow>

#include "io/Dataset.h"

class QLabel;
class QMenu;

namespace embedscope::ui {

class AppSettings;
class Workspace;
class SummaryPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    Workspace* workspace() const { return m_workspace; }

    /// Loads a file in the background; the current data stays on screen until it is ready.
    void openFile(const QString& path, const LoadOptions& options = {});
    /// Loads the first bundled sample (what the app shows when started without a file).
    void openSample(int index = 0);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildMenus();
    void refreshRecentMenu();
    void chooseFile();
    void showLoadError(const QString& path, const QString& message);
    void updateStatus();

    AppSettings* m_settings;
    Workspace* m_workspace;
    SummaryPanel* m_summary;
    QMenu* m_recentMenu = nullptr;
    QLabel* m_statusText;
};

}  // namespace embedscope::ui
