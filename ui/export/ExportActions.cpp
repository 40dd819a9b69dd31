#include "ExportActions.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>

#include "AppSettings.h"
#include "ViewExporter.h"
#include "WorkspaceTables.h"
#include "Workspace.h"
#include "dialogs/ImageExportDialog.h"
#include "view/ScatterView.h"

namespace embedscope::ui {

ExportActions::ExportActions(QWidget* window, Workspace* workspace, ScatterView* view, AppSettings* settings)
    : QObject(window), m_window(window), m_workspace(workspace), m_view(view), m_settings(settings),
      m_exporter(new ViewExporter(view, this)) {
    connect(m_exporter, &ViewExporter::saved, this, [this](const QString& path, QSize size) {
        emit message(tr("Wrote %1 (%2 × %3)").arg(path).arg(size.width()).arg(size.height()));
    });
    connect(m_exporter, &ViewExporter::failed, this, [this](const QString& text) { showError(m_window, text); });
}

void ExportActions::addTo(QMenu* file) {
    m_viewAction = file->addAction(tr("Export &view…"), this, &ExportActions::chooseView);
    m_viewAction->setShortcut(QKeySequence(tr("Ctrl+E")));
    m_viewAction->setToolTip(tr("The view as PNG at any size, or as vector SVG or PDF with labels, axes and legend"));
    QAction* coordinates = file->addAction(tr("Export &coordinates…"), this, &ExportActions::chooseCoordinates);
    coordinates->setShortcut(QKeySequence(tr("Ctrl+Shift+E")));
    coordinates->setToolTip(tr("Label, x, y[, z] of every shown point, with the metadata columns, as TSV or CSV"));
    QAction* neighbours = file->addAction(tr("Export &neighbours…"), this, [this] {
        chooseTableFile(m_window, m_settings, tr("Export neighbours"), QStringLiteral("neighbours.tsv"), neighbourTable(*m_workspace));
    });
    neighbours->setToolTip(tr("The selected word's neighbour list: rank, word, distance, similarity, metric, space"));
    QAction* selection = file->addAction(tr("Export se&lection…"), this, [this] {
        chooseTableFile(m_window, m_settings, tr("Export selection"), QStringLiteral("selection.tsv"), selectionTable(*m_workspace));
    });
    selection->setToolTip(tr("The rows, labels and metadata of the box selection"));
}

void ExportActions::showError(QWidget* parent, const QString& text) {
    // Window-modal and non-blocking: the event loop (and any running job) keeps going.
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Export failed"),
                                tr("Nothing was written; an existing file is unchanged."), QMessageBox::Ok, parent);
    box->setInformativeText(text);
    box->setObjectName(QStringLiteral("exportError"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

bool ExportActions::saveTable(const Table& table, const QString& path, QString* error) {
    try {
        writeTable(table, path.toStdString(), separatorForPath(path.toStdString()));
        return true;
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
}

bool ExportActions::exportCoordinates(const QString& path, bool withMetadata, QString* error) {
    if (!m_workspace->projection()) {
        if (error) *error = tr("Nothing to export yet: open a data set first");
        return false;
    }
    return saveTable(coordinatesTable(*m_workspace, withMetadata), path, error);
}

bool ExportActions::exportNeighbours(const QString& path, QString* error) {
    if (m_workspace->selectedRow() < 0) {
        if (error) *error = tr("No word selected: click a point first");
        return false;
    }
    return saveTable(neighbourTable(*m_workspace), path, error);
}

bool ExportActions::exportSelection(const QString& path, QString* error) {
    if (m_workspace->boxSelection().empty() && m_workspace->selectedRow() < 0) {
        if (error) *error = tr("Nothing selected: click a point or drag a box (Ctrl+drag) first");
        return false;
    }
    return saveTable(selectionTable(*m_workspace), path, error);
}

void ExportActions::copyTable(const Table& table) {
    QApplication::clipboard()->setText(QString::fromStdString(formatTable(table, '\t')));
}

void ExportActions::chooseTableFile(QWidget* parent, AppSettings* settings, const QString& title, const QString& name,
                                    const Table& table) {
    if (table.rows.empty()) {
        QMessageBox::information(parent, title, tr("The table is empty: there is nothing to export yet."));
        return;
    }
    const QString folder = settings ? settings->lastFolder() : QDir::homePath();
    const QString path = QFileDialog::getSaveFileName(parent, title, folder + QLatin1Char('/') + name,
                                                      tr("Tab-separated (*.tsv);;Comma-separated (*.csv)"));
    if (path.isEmpty()) return;
    if (settings) settings->setLastFolder(QFileInfo(path).absolutePath());
    QString error;
    if (!saveTable(table, path, &error)) showError(parent, error);
}

QString ExportActions::askPath(const QString& title, const QString& name, const QString& filters, QString* filter) {
    const QString path = QFileDialog::getSaveFileName(m_window, title, m_settings->lastFolder() + QLatin1Char('/') + name,
                                                      filters, filter);
    if (!path.isEmpty()) m_settings->setLastFolder(QFileInfo(path).absolutePath());
    return path;
}

void ExportActions::chooseView() {
    ImageExportDialog dialog(m_view->size() * m_view->devicePixelRatioF(), m_settings, m_window);
    if (dialog.exec() != QDialog::Accepted) return;
    const QString ext = dialog.format();
    const QString filter = ext == QLatin1String("svg")   ? tr("SVG drawing (*.svg)")
                           : ext == QLatin1String("pdf") ? tr("PDF document (*.pdf)")
                                                         : tr("PNG image (*.png)");
    QString path = askPath(tr("Export view"), QStringLiteral("embedscope.") + ext, filter);
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().isEmpty()) path += QLatin1Char('.') + ext;
    const auto data = m_workspace->dataset();
    m_exporter->exportView(path, dialog.imageSize(), data ? QFileInfo(QString::fromStdString(data->path)).fileName() : QString());
}

void ExportActions::chooseCoordinates() {
    QString filter;
    const QString withMeta = tr("TSV with metadata (*.tsv)"), csvMeta = tr("CSV with metadata (*.csv)");
    const QString path = askPath(tr("Export coordinates"), QStringLiteral("coordinates.tsv"),
                                 withMeta + QStringLiteral(";;") + csvMeta + QStringLiteral(";;") +
                                     tr("TSV, coordinates only (*.tsv)") + QStringLiteral(";;") +
                                     tr("CSV, coordinates only (*.csv)"),
                                 &filter);
    if (path.isEmpty()) return;
    QString error;
    if (!exportCoordinates(path, filter.isEmpty() || filter == withMeta || filter == csvMeta, &error))
        showError(m_window, error);
    else
        emit message(tr("Wrote %1").arg(path));
}

}  // namespace embedscope::ui
