#pragma once
// The File menu's exports: the view (PNG at any size, SVG, PDF), the coordinates (TSV/CSV, with
// or without the metadata columns), the selected word's neighbours and the selection's rows.
// Dialogs and messages here; tables from WorkspaceTables, pictures from ViewExporter.
#include <QObject>
#include <QString>

#include "io/TableFile.h"

class QAction;
class QMenu;
class QWidget;

namespace embedscope::ui {

class AppSettings;
class ScatterView;
class ViewExporter;
class Workspace;

class ExportActions : public QObject {
    Q_OBJECT
public:
    ExportActions(QWidget* window, Workspace* workspace, ScatterView* view, AppSettings* settings);

    /// Adds the export actions (with their shortcuts) to the File menu.
    void addTo(QMenu* file);
    QAction* viewAction() const { return m_viewAction; }
    ViewExporter* viewExporter() const { return m_exporter; }

    /// Writes the shown layout: TSV, or CSV for a .csv path; false and a message on failure.
    bool exportCoordinates(const QString& path, bool withMetadata, QString* error);
    bool exportNeighbours(const QString& path, QString* error);
    bool exportSelection(const QString& path, QString* error);

    /// Saves a table (CSV for a .csv path, else TSV); false and the message naming path and cause.
    static bool saveTable(const Table& table, const QString& path, QString* error);
    /// Asks for a file, saves the table, reports the outcome (status bar or a warning).
    static void chooseTableFile(QWidget* parent, AppSettings* settings, const QString& title,
                                const QString& name, const Table& table);
    /// Tells the user a save failed (a window-modal box, objectName "exportError"): the message
    /// names the file and the cause; the old file is unchanged.
    static void showError(QWidget* parent, const QString& text);
    /// Puts the table on the clipboard as TSV (spreadsheets paste it into cells).
    static void copyTable(const Table& table);

signals:
    /// A short line for the status bar ("Wrote …").
    void message(const QString& text);

private:
    void chooseView();
    void chooseCoordinates();
    QString askPath(const QString& title, const QString& name, const QString& filters, QString* filter = nullptr);

    QWidget* m_window;
    Workspace* m_workspace;
    ScatterView* m_view;
    AppSettings* m_settings;
    ViewExporter* m_exporter;
    QAction* m_viewAction = nullptr;
};

}  // namespace embedscope::ui
