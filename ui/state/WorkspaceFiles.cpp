#include "WorkspaceFiles.h"

#include <QAction>
#include <QDateTime>
#include <QFileDialog>
#include <QFile>
#include <QFileInfo>
#include <QInputDialog>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>

#include "AppSettings.h"
#include "AutosaveWriter.h"
#include "Bookmarks.h"
#include "SessionRecovery.h"
#include "StateConversion.h"
#include "Workspace.h"
#include "analysis/BiasLens.h"
#include "analysis/ClusterModel.h"
#include "analysis/WeatModel.h"
#include "docks/AppearanceDock.h"
#include "BuildInfo.h"
#include "io/Load.h"
#include "jobs/JobRunner.h"
#include "view/ScatterScene.h"

namespace embedscope::ui {

namespace {
const QString kAutosaveKey = QStringLiteral("workspace/autosaveMinutes");
const QString kFilter = QObject::tr("Embedscope workspace (*.embedscope);;All files (*)");

struct Restored {
    std::shared_ptr<const Dataset> dataset;
    std::shared_ptr<const Projection> projection;
    QString note;  ///< why the projection was computed again (empty: the saved one)
};
}  // namespace

WorkspaceFiles::WorkspaceFiles(Parts parts, AppSettings* settings, SessionRecovery* recovery, QWidget* window,
                               QObject* parent)
    : QObject(parent),
      m_parts(parts),
      m_settings(settings),
      m_recovery(recovery),
      m_window(window),
      m_autosaves(std::make_unique<AutosaveWriter>()) {
    if (m_settings) m_autosaveMinutes = m_settings->value(kAutosaveKey, m_autosaveMinutes).toInt();
    connect(&m_timer, &QTimer::timeout, this, &WorkspaceFiles::autosave);
    setAutosaveMinutes(m_autosaveMinutes);
    // After long work (a load, a t-SNE run, clustering) the result is worth keeping at once.
    auto afterJob = [this](const QString&, const QString& outcome) {
        // finished() comes just before the result is handed over: save once it is in place.
        if (outcome == QLatin1String("done")) QTimer::singleShot(0, this, &WorkspaceFiles::autosave);
    };
    connect(m_parts.workspace->jobs(), &JobRunner::finished, this, afterJob);
    if (m_parts.clusters) connect(m_parts.clusters->jobs(), &JobRunner::finished, this, afterJob);

    locate = [this](const QString& why, const QString& savedPath, bool exists) -> QString {
        if (!m_window) return {};
        QMessageBox box(QMessageBox::Warning, tr("Data file not found"), why, QMessageBox::Cancel, m_window);
        box.setInformativeText(exists ? tr("The saved coordinates may not fit it any more. Locate the original file, "
                                           "or open this one anyway (projections that do not fit are computed again).")
                                      : tr("Locate the data file to open the workspace."));
        QPushButton* find = box.addButton(tr("Locate…"), QMessageBox::AcceptRole);
        QPushButton* anyway = exists ? box.addButton(tr("Open anyway"), QMessageBox::DestructiveRole) : nullptr;
        box.exec();
        if (anyway && box.clickedButton() == anyway) return savedPath;
        if (box.clickedButton() != find) return {};
        return QFileDialog::getOpenFileName(m_window, tr("Locate %1").arg(QFileInfo(savedPath).fileName()),
                                            QFileInfo(savedPath).absolutePath());
    };
}

bool WorkspaceFiles::isWorkspaceFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return false;
    return looksLikeWorkspace(file.read(4096).toStdString());
}

std::optional<WorkspaceFile> WorkspaceFiles::capture(QString* error) const {
    Workspace* ws = m_parts.workspace;
    const auto data = ws->dataset();
    if (!data) {
        *error = tr("There is nothing to save yet: open a data set first.");
        return std::nullopt;
    }
    WorkspaceFile w;
    w.app = "embedscope " + BuildInfo::version();
    try {
        SourceState source;
        source.file = fingerprintFile(QFileInfo(QString::fromStdString(data->path)).absoluteFilePath().toStdString());
        source.options = data->options;
        w.source = source;
    } catch (const std::exception& e) {
        *error = tr("A workspace refers to its data file, and this data set is not a file on disk (%1). "
                    "Save the vectors first (File › Save vectors as…) and open them.")
                     .arg(QString::fromStdString(e.what()));
        return std::nullopt;
    }
    if (const auto p = ws->projection()) w.projection = projectionState(*p);
    if (m_parts.scene) w.camera = cameraState(*m_parts.scene);
    w.view = viewState(*ws);
    if (m_parts.clusters) w.clusters = m_parts.clusters->state();
    if (m_parts.bias) w.bias = m_parts.bias->state();
    if (m_parts.weat) w.weat = m_parts.weat->state();
    if (m_parts.bookmarks) w.bookmarks = m_parts.bookmarks->list();
    if (m_parts.appearance) w.appearance = m_parts.appearance->state();
    return w;
}

bool WorkspaceFiles::saveTo(const QString& path, QString* error) {
    const auto w = capture(error);
    if (!w) return false;
    QString reason;
    if (!writeWholeFile(path, serializeWorkspace(*w), &reason)) {
        *error = tr("Cannot save %1: %2. The file on disk was not changed.").arg(path, reason);
        return false;
    }
    return true;
}

void WorkspaceFiles::save() {
    if (m_path.isEmpty()) {
        saveAs();
        return;
    }
    QString error;
    if (!saveTo(m_path, &error)) {
        report(tr("Save failed"), error);
        return;
    }
    emit saved(m_path);
}

void WorkspaceFiles::saveAs() {
    QString error;
    if (!capture(&error)) {
        report(tr("Save failed"), error);
        return;
    }
    const QString start = m_path.isEmpty() ? (m_settings ? m_settings->lastFolder() : QString()) +
                                                 QStringLiteral("/workspace.embedscope")
                                           : m_path;
    QString path = QFileDialog::getSaveFileName(m_window, tr("Save workspace as"), start, kFilter);
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().isEmpty()) path += QStringLiteral(".embedscope");
    if (m_settings) m_settings->setLastFolder(QFileInfo(path).absolutePath());
    if (!saveTo(path, &error)) {
        report(tr("Save failed"), error);
        return;
    }
    m_path = path;
    if (m_settings) m_settings->addRecentFile(path);
    emit saved(path);
}

void WorkspaceFiles::chooseAndOpen() {
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Open workspace"),
                                                      m_settings ? m_settings->lastFolder() : QString(), kFilter);
    if (path.isEmpty()) return;
    if (m_settings) m_settings->setLastFolder(QFileInfo(path).absolutePath());
    open(path);
}

void WorkspaceFiles::open(const QString& path, bool asRecovery) {
    WorkspaceFile file;
    try {
        file = readWorkspace(path.toStdString());
    } catch (const std::exception& e) {
        report(tr("Cannot open %1").arg(QFileInfo(path).fileName()),
               tr("%1\n\nWhat is shown stays as it was.").arg(QString::fromStdString(e.what())));
        return;
    }
    if (!file.source) {
        report(tr("Cannot open %1").arg(QFileInfo(path).fileName()), tr("The workspace names no data file."));
        return;
    }
    QString dataPath = QString::fromStdString(locateSource(file.source->file, path.toStdString()));
    std::string why;
    const SourceStatus status = checkSource(file.source->file, &why, dataPath.toStdString());
    if (status != SourceStatus::Unchanged) {
        dataPath = locate(QString::fromStdString(why), dataPath, status == SourceStatus::Changed);
        if (dataPath.isEmpty()) {
            emit failed(QString::fromStdString(why));
            return;
        }
    }
    restore(file, dataPath, path, asRecovery);
}

void WorkspaceFiles::restore(const WorkspaceFile& file, const QString& dataPath, const QString& path, bool asRecovery) {
    const std::string data = dataPath.toStdString();
    const LoadOptions options = file.source->options;
    const std::optional<ProjectionState> saved = file.projection;
    m_parts.workspace->jobs()->start<Restored>(
        tr("Opening %1").arg(QFileInfo(path).fileName()),
        [data, options, saved](Progress& progress) {
            Restored out;
            auto dataset = std::make_shared<Dataset>(loadDataset(data, options, progress));
            QString why = tr("no projection was saved");
            std::shared_ptr<Projection> projection =
                saved ? projectionFromState(*saved, dataset->embedding.rows(), &why) : nullptr;
            if (!projection) {
                // Only when the coordinates cannot be used (the data file changed): compute again.
                out.note = why;
                progress.setStage("projecting");
                const ProjectionSpec spec = saved ? projectionSpec(*saved) : ProjectionSpec{};
                projection = std::make_shared<Projection>(computeProjection(*dataset, spec, {}, progress));
            }
            out.dataset = std::move(dataset);
            out.projection = std::move(projection);
            return out;
        },
        [this, file, path, asRecovery](std::shared_ptr<Restored> r) {
            m_parts.workspace->setData(r->dataset, r->projection);
            const bool fits = r->note.isEmpty();
            const ViewState& v = file.view;
            // Also retires frames still queued from a projection that was running before.
            m_parts.workspace->showProjection(r->projection, fits ? v.isolated : std::vector<std::size_t>{});
            apply(file);
            if (m_parts.scene && file.camera && fits) restoreCamera(*m_parts.scene, *file.camera);
            if (!asRecovery) {
                m_path = path;
                if (m_settings) m_settings->addRecentFile(path);
            }
            if (!fits) report(tr("Projection computed again"), tr("The saved projection was not used: %1.").arg(r->note));
            emit opened(path);
        },
        [this, path](const QString& message) {
            report(tr("Cannot open %1").arg(QFileInfo(path).fileName()),
                   tr("%1\n\nWhat is shown stays as it was.").arg(message));
        });
}

void WorkspaceFiles::apply(const WorkspaceFile& file) {
    restoreView(*m_parts.workspace, file.view);
    if (m_parts.clusters) m_parts.clusters->restore(file.clusters);
    if (m_parts.bias) {
        if (const auto problem = m_parts.bias->restore(file.bias))
            report(tr("Bias axis not restored"), problem->message);
    }
    if (m_parts.weat) m_parts.weat->restore(file.weat);
    if (m_parts.bookmarks) m_parts.bookmarks->setList(file.bookmarks);
    if (m_parts.appearance) m_parts.appearance->restore(file.appearance);
}

WorkspaceFiles::~WorkspaceFiles() = default;

bool WorkspaceFiles::autosave() {
    if (!m_recovery || !m_parts.workspace->dataset()) return false;
    QString error;
    auto w = capture(&error);
    if (!w) return false;
    m_autosaves->write(m_recovery->autosavePath(), std::move(*w));
    return true;
}

void WorkspaceFiles::waitForAutosave() { m_autosaves->wait(); }

void WorkspaceFiles::setAutosaveMinutes(int minutes) {
    m_autosaveMinutes = std::max(0, minutes);
    if (m_settings) m_settings->setValue(kAutosaveKey, m_autosaveMinutes);
    if (m_autosaveMinutes > 0) m_timer.start(m_autosaveMinutes * 60 * 1000);
    else m_timer.stop();
}

void WorkspaceFiles::offerRecovery() {
    if (!m_recovery || !m_offersRecovery) return;
    const QStringList orphans = m_recovery->orphanedAutosaves();
    if (orphans.isEmpty()) return;
    if (askRecover) {
        recover(orphans, askRecover(orphans.first()));
        return;
    }
    if (!m_window) return;
    const QString when = QLocale().toString(QFileInfo(orphans.first()).lastModified(), QLocale::ShortFormat);
    auto* box = new QMessageBox(QMessageBox::Question, tr("Recover workspace"),
                                tr("Embedscope did not exit cleanly last time. Recover the work autosaved at %1?").arg(when),
                                QMessageBox::Yes | QMessageBox::No, m_window);
    box->setObjectName(QStringLiteral("recoverQuestion"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this,
            [this, orphans](int result) { recover(orphans, result == QMessageBox::Yes); });
    box->open();
}

void WorkspaceFiles::recover(const QStringList& orphans, bool accepted) {
    if (accepted) open(orphans.first(), true);  // parsed at once: the file can go right after
    for (const QString& f : orphans) m_recovery->discard(f);
}

void WorkspaceFiles::cleanExit() {
    m_autosaves->wait();  // else a write in flight could put the autosave back
    if (m_recovery) m_recovery->cleanExit();
}

QList<QAction*> WorkspaceFiles::menuActions() {
    auto* open = new QAction(tr("Open &workspace…"), this);
    open->setShortcut(QKeySequence(tr("Ctrl+Alt+O")));
    open->setStatusTip(tr("Open a saved workspace: its data file, projection, selection, analyses and bookmarks"));
    connect(open, &QAction::triggered, this, &WorkspaceFiles::chooseAndOpen);
    auto* save = new QAction(tr("Save &workspace"), this);
    save->setShortcut(QKeySequence::Save);
    save->setStatusTip(tr("Save everything on screen (data file, projection with coordinates, camera, "
                          "selection, clusters, bias, WEAT, bookmarks) as a .embedscope file"));
    connect(save, &QAction::triggered, this, &WorkspaceFiles::save);
    auto* saveAs = new QAction(tr("Save workspace &as…"), this);
    saveAs->setShortcut(QKeySequence(tr("Ctrl+Alt+S")));
    connect(saveAs, &QAction::triggered, this, &WorkspaceFiles::saveAs);
    auto* interval = new QAction(tr("A&utosave interval…"), this);
    interval->setStatusTip(tr("Minutes between autosaves (0: off); after a crash the autosave is offered back"));
    connect(interval, &QAction::triggered, this, [this] {
        bool ok = false;
        const int minutes = QInputDialog::getInt(m_window, tr("Autosave interval"),
                                                 tr("Minutes between autosaves (0 turns them off):"),
                                                 m_autosaveMinutes, 0, 120, 1, &ok);
        if (ok) setAutosaveMinutes(minutes);
    });
    return {open, save, saveAs, interval};
}

void WorkspaceFiles::report(const QString& title, const QString& message) {
    emit failed(message);
    if (!m_window) return;
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, m_window);
    box->setObjectName(QStringLiteral("workspaceError"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

}  // namespace embedscope::ui
