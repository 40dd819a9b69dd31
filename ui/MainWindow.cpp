#include "MainWindow.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QScrollArea>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>

#include "AppSettings.h"
#include "Samples.h"
#include "Workspace.h"
#include "dialogs/AboutDialog.h"
#include "dialogs/OpenOptionsDialog.h"
#include "VectorSaver.h"
#include "export/ExportActions.h"
#include "export/ViewExporter.h"
#include "analysis/BiasLens.h"
#include "analysis/ClusterModel.h"
#include "analysis/DebiasPreviewer.h"
#include "analysis/WeatModel.h"
#include "analysis/WordTools.h"
#include "dialogs/TrainDialog.h"
#include "docks/BiasDock.h"
#include "docks/CompareDock.h"
#include "docks/WeatDock.h"
#include "docks/BookmarksDock.h"
#include "state/Bookmarks.h"
#include "state/SessionRecovery.h"
#include "state/WorkspaceFiles.h"
#include "training/TrainingSession.h"
#include "docks/AppearanceDock.h"
#include "docks/ClustersDock.h"
#include "docks/InspectorDock.h"
#include "docks/ProjectionDock.h"
#include "docks/SearchDock.h"
#include "docks/SummaryPanel.h"
#include "jobs/JobRunner.h"
#include "jobs/JobStatus.h"
#include "view/ScatterPresenter.h"
#include "view/Colouring.h"
#include "view/ScatterView.h"

namespace embedscope::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), m_settings(new AppSettings), m_workspace(new Workspace(this)),
      m_view(new ScatterView(this)), m_presenter(new ScatterPresenter(m_workspace, m_view, this)),
      m_clusters(new ClusterModel(m_workspace, this)), m_training(new TrainingSession(m_workspace, this)),
      m_saver(new VectorSaver(this)), m_exports(new ExportActions(this, m_workspace, m_view, m_settings)),
      m_statusText(new QLabel(this)) {
    setWindowTitle(tr("Embedscope"));
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true);
    setCentralWidget(m_view);
    m_statusText->setObjectName(QStringLiteral("statusText"));
    statusBar()->addWidget(m_statusText, 1);
    statusBar()->addPermanentWidget(new JobStatus(m_workspace->analysisJobs(), this));
    statusBar()->addPermanentWidget(new JobStatus(m_workspace->jobs(), this));
    statusBar()->addPermanentWidget(new JobStatus(m_clusters->jobs(), this));
    statusBar()->addPermanentWidget(new JobStatus(m_training->jobs(), this));
    statusBar()->addPermanentWidget(new JobStatus(m_saver->jobs(), this));
    statusBar()->addPermanentWidget(new JobStatus(m_exports->viewExporter()->jobs(), this));
    connect(m_exports, &ExportActions::message, this, [this](const QString& text) { statusBar()->showMessage(text, 5000); });
    connect(m_training, &TrainingSession::statusChanged, this, [this](const QString& text) {
        statusBar()->showMessage(tr("Training: %1").arg(text), 3000);
    });
    connect(m_training, &TrainingSession::finished, this, [this](bool, const QString& summary) {
        statusBar()->showMessage(tr("Trained: %1").arg(summary), 30000);
    });
    connect(m_training, &TrainingSession::failed, this, [this](const QString& message) { showLoadError({}, message); });
    connect(m_saver, &VectorSaver::saved, this, [this](const QString& path) { statusBar()->showMessage(tr("Wrote %1").arg(path), 5000); });
    connect(m_saver, &VectorSaver::failed, this,
            [this](const QString& message) { QMessageBox::warning(this, tr("Save failed"), message); });
    buildDocks();
    buildMenus();

    connect(m_workspace, &Workspace::datasetChanged, this, &MainWindow::updateStatus);
    connect(m_workspace, &Workspace::projectionChanged, this, &MainWindow::updateStatus);
    connect(m_workspace, &Workspace::projectionUpdated, this, &MainWindow::updateStatus);
    connect(m_workspace, &Workspace::selectionChanged, this, &MainWindow::updateStatus);
    connect(m_workspace, &Workspace::loadFailed, this, &MainWindow::showLoadError);
    connect(m_workspace, &Workspace::loadSucceeded, this, [this](const QString& path) {
        if (!isBundledSample(path)) m_settings->addRecentFile(path);
        refreshRecentMenu();
    });
    NeighbourSettings neighbours;
    neighbours.k = m_settings->value(QStringLiteral("neighbours/k"), neighbours.k).toInt();
    neighbours.metric = static_cast<Metric>(m_settings->value(QStringLiteral("neighbours/metric"), int(neighbours.metric)).toInt());
    neighbours.space = static_cast<VectorSpace>(m_settings->value(QStringLiteral("neighbours/space"), int(neighbours.space)).toInt());
    neighbours.exact = m_settings->value(QStringLiteral("neighbours/exact"), neighbours.exact).toBool();
    m_workspace->setNeighbourSettings(neighbours);
    resize(1280, 820);
    restoreGeometry(m_settings->windowGeometry());
    restoreState(m_settings->windowState());
    updateStatus();
    QTimer::singleShot(0, m_files, &WorkspaceFiles::offerRecovery);
}

MainWindow::~MainWindow() { delete m_settings; }

QDockWidget* MainWindow::addDock(QWidget* content, const QString& title, Qt::DockWidgetArea area,
                                 bool scroll) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(content->objectName() + QStringLiteral("Widget"));
    if (scroll) {
        auto* area = new QScrollArea(dock);
        area->setWidgetResizable(true);
        area->setFrameShape(QFrame::NoFrame);
        area->setWidget(content);
        dock->setWidget(area);
    } else {
        dock->setWidget(content);
    }
    addDockWidget(area, dock);
    return dock;
}

void MainWindow::buildDocks() {
    m_projectionDock = new ProjectionDock(m_workspace, this);
    QDockWidget* projection = addDock(m_projectionDock, tr("Projection"), Qt::LeftDockWidgetArea);
    m_appearance = new AppearanceDock(m_workspace, m_presenter, m_settings, this);
    addDock(m_appearance, tr("Appearance"), Qt::LeftDockWidgetArea);
    QDockWidget* inspector = addDock(new InspectorDock(m_workspace, this), tr("Inspector"), Qt::RightDockWidgetArea);
    m_search = new SearchDock(m_workspace, this);
    QDockWidget* search = addDock(m_search, tr("Search"), Qt::RightDockWidgetArea);
    auto* summary = new SummaryPanel(m_workspace, this);
    summary->setObjectName(QStringLiteral("summaryPanel"));
    QDockWidget* data = addDock(summary, tr("Data"), Qt::RightDockWidgetArea);
    tabifyDockWidget(search, data);
    // The bottom group scrolls its taller tabs: otherwise the tallest sets the group's minimum
    // and squeezes the Inspector above it to two rows of neighbours.
    QDockWidget* clusters = addDock(new ClustersDock(m_clusters, m_settings, this), tr("Clusters"), Qt::RightDockWidgetArea, true);
    tabifyDockWidget(data, clusters);
    // Word analysis: each capability is a controller with its own job runner, and its dock.
    auto* words = new WordTools(m_workspace, this);
    auto* bias = new BiasLens(m_workspace, this);
    auto* weat = new WeatModel(m_workspace, this);
    auto* debias = new DebiasPreviewer(m_workspace, bias, this);
    for (JobRunner* jobs : {words->jobs(), bias->jobs(), weat->jobs(), debias->jobs()}) statusBar()->addPermanentWidget(new JobStatus(jobs, this));
    // Tabbed with the inspector: the bottom group already holds three tabs.
    connect(words, &WordTools::comparisonReady, this, [this, words] {
        const auto& c = words->comparison();
        m_view->overlay().setLink(c ? std::optional(std::pair(c->a, c->b)) : std::nullopt);
        m_view->update();
    });
    QDockWidget* compare = addDock(new CompareDock(words, this), tr("Compare"), Qt::RightDockWidgetArea);
    tabifyDockWidget(inspector, compare);
    connect(debias, &DebiasPreviewer::changed, this, [this, debias] {
        // The moved words stand out, named, each with a faint line from where it was to where it goes.
        std::vector<std::size_t> rows;
        std::vector<ViewOverlay::Trail> trails;
        for (const DebiasMove& m : debias->moves()) rows.push_back(m.row), trails.push_back({m.from, m.to});
        m_view->overlay().setTrails(std::move(trails));
        m_presenter->setEmphasis(std::move(rows));
    });
    QDockWidget* biasDock = addDock(new BiasDock(bias, debias, this), tr("Bias"), Qt::RightDockWidgetArea);
    tabifyDockWidget(compare, biasDock);
    tabifyDockWidget(biasDock, addDock(new WeatDock(weat, this), tr("WEAT"), Qt::RightDockWidgetArea));
    // Saved state: each controller's part, gathered into workspace files; bookmarks beside the clusters.
    m_bookmarks = new Bookmarks(m_workspace, &m_view->scene(), this);
    auto* recovery = new SessionRecovery({}, this);
    m_files = new WorkspaceFiles({m_workspace, &m_view->scene(), m_clusters, bias, weat, m_bookmarks, m_appearance}, m_settings, recovery, this, this);
    // Its clean exit (removing the autosave) must come after the last background autosave has
    // been written, which the files' own destruction waits for; children go after that.
    recovery->setParent(m_files);
    connect(m_files, &WorkspaceFiles::opened, this, [this] { refreshRecentMenu(); updateStatus(); });
    connect(m_files, &WorkspaceFiles::saved, this, [this](const QString& path) { statusBar()->showMessage(tr("Saved %1").arg(path), 5000); refreshRecentMenu(); });
    m_bookmarksDock = new BookmarksDock(m_bookmarks, this);
    tabifyDockWidget(clusters, addDock(m_bookmarksDock, tr("Bookmarks"), Qt::RightDockWidgetArea, true));
    inspector->raise();
    search->raise();
    connect(m_clusters, &ClusterModel::clustersChanged, this, [this] {
        // Cluster names on the map, in the clusters' colours.
        ClusterNames names;
        for (int c = 0; c < m_clusters->count(); ++c) {
            names.names << m_clusters->name(c);
            const bool folded = m_clusters->count() > kMaxCategoryColours && c >= kMaxCategoryColours - 1;
            names.colours.push_back(folded ? kMissingColour : categoryColour(c));
        }
        names.clusterOfRow = m_clusters->clusterOfRows();
        m_view->overlay().labels().setClusters(std::move(names));
        m_view->update();
    });
    resizeDocks({projection, inspector}, {280, 320}, Qt::Horizontal);
    resizeDocks({inspector, search}, {4, 1}, Qt::Vertical);
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open…"), this, &MainWindow::chooseFile);
    open->setShortcut(QKeySequence::Open);
    open->setToolTip(tr("Open word2vec, GloVe, fastText, Projector TSV, NumPy or CSV embeddings"));
    file->addAction(tr("Open with &options…"), this, &MainWindow::chooseFileWithOptions)
        ->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
    QMenu* samples = file->addMenu(tr("Open &sample"));
    const auto list = bundledSamples();
    for (int i = 0; i < list.size(); ++i) samples->addAction(list[i].title, this, [this, i] { openSample(i); });
    samples->setEnabled(!list.isEmpty());
    m_recentMenu = file->addMenu(tr("Open &recent"));
    refreshRecentMenu();
    file->addSeparator();
    file->addActions(m_files->menuActions());
    file->addSeparator();
    file->addAction(tr("&Save vectors as…"), this, &MainWindow::chooseVectorsSave)
        ->setShortcut(QKeySequence(tr("Ctrl+Shift+S")));
    m_exports->addTo(file);
    file->addSeparator();
    file->addAction(tr("&Quit"), this, &QWidget::close)->setShortcut(QKeySequence::Quit);

    QMenu* data = menuBar()->addMenu(tr("&Data"));
    QAction* train = data->addAction(tr("&Train word vectors…"), this, &MainWindow::chooseTraining);
    train->setShortcut(QKeySequence(tr("Ctrl+Shift+T")));
    train->setStatusTip(tr("Learn word2vec vectors from your own text and watch the space form"));

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(tr("&Find…"), this, [this] { m_search->focusField(); })->setShortcut(QKeySequence::Find);
    edit->addAction(tr("Clear selection"), this, [this] {
        m_workspace->select(-1);
        m_workspace->setBoxSelection({});
    })->setShortcut(QKeySequence(Qt::Key_Escape | Qt::ShiftModifier));

    QMenu* projection = menuBar()->addMenu(tr("&Projection"));
    for (QAction* a : m_projectionDock->menuActions()) {
        if (a) projection->addAction(a);
        else projection->addSeparator();
    }

    QToolBar* tools = addToolBar(tr("View"));
    tools->setObjectName(QStringLiteral("viewToolBar"));
    QAction* reset = tools->addAction(tr("Reset camera"), m_view, &ScatterView::resetCamera);
    reset->setToolTip(tr("Fit all points in the view (R)"));
    QAction* box = tools->addAction(tr("Box select"));
    box->setCheckable(true);
    box->setShortcut(QKeySequence(tr("B")));
    box->setToolTip(tr("Drag a box to select the points inside (B; Ctrl+drag works anytime)"));
    connect(box, &QAction::toggled, m_view, &ScatterView::setBoxSelectMode);
    m_showAll = tools->addAction(tr("Show all"), m_workspace, &Workspace::showAll);
    m_showAll->setToolTip(tr("Undo 'Isolate selection': project every point again"));
    m_showAll->setEnabled(false);
    tools->addSeparator();
    tools->addAction(m_exports->viewAction());

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_viewMenu->addAction(reset);
    m_viewMenu->addAction(box);
    m_viewMenu->addAction(m_showAll);
    m_viewMenu->addAction(findChild<BiasDock*>()->previewAction());
    m_viewMenu->addAction(m_bookmarksDock->addAction());
    m_viewMenu->addSeparator();
    for (QDockWidget* dock : findChildren<QDockWidget*>()) m_viewMenu->addAction(dock->toggleViewAction());

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keys and mouse"), this, [this] {
        QMessageBox::information(this, tr("Keys and mouse"), tr(
            "<table>"
            "<tr><td><b>Left drag</b></td><td>rotate (3-D) / pan (2-D)</td></tr>"
            "<tr><td><b>Middle drag, Shift+left drag</b></td><td>pan</td></tr>"
            "<tr><td><b>Wheel, right drag</b></td><td>zoom</td></tr>"
            "<tr><td><b>Click</b></td><td>select a point and list its neighbours</td></tr>"
            "<tr><td><b>Ctrl+drag, B</b></td><td>box selection</td></tr>"
            "<tr><td><b>R</b></td><td>reset the camera</td></tr>"
            "<tr><td><b>Ctrl+F</b></td><td>find labels (Enter selects the first match)</td></tr>"
            "<tr><td><b>Ctrl+Shift+D</b></td><td>preview debiasing along the Bias axis, and back</td></tr>"
            "<tr><td><b>Ctrl+S, Ctrl+B</b></td><td>save the workspace; add a bookmark</td></tr>"
            "<tr><td><b>Esc</b></td><td>cancel the running job</td></tr>"
            "</table>"));
    });
    help->addAction(tr("&About Embedscope"), this, [this] {
        auto* about = new AboutDialog(this);
        about->setAttribute(Qt::WA_DeleteOnClose);
        about->open();
    });
}

void MainWindow::refreshRecentMenu() {
    m_recentMenu->clear();
    const QStringList recent = m_settings->recentFiles();
    for (const QString& path : recent)
        m_recentMenu->addAction(QFileInfo(path).fileName(), this, [this, path] { openFile(path); })->setToolTip(path);
    if (!recent.isEmpty()) {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("Clear list"), this, [this] {
            for (const QString& p : m_settings->recentFiles()) m_settings->removeRecentFile(p);
            refreshRecentMenu();
        });
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::chooseFile() {
    const QString filters = tr(
        "Embeddings and workspaces (*.txt *.vec *.bin *.w2v *.tsv *.npy *.csv *.embedscope);;"
        "Embedscope workspace (*.embedscope);;"
        "word2vec text / fastText (*.txt *.vec);;word2vec binary (*.bin *.w2v);;GloVe (*.txt);;"
        "Projector TSV (*.tsv);;NumPy (*.npy);;CSV (*.csv);;All files (*)");
    const QString path = QFileDialog::getOpenFileName(this, tr("Open embeddings"), m_settings->lastFolder(), filters);
    if (path.isEmpty()) return;
    m_settings->setLastFolder(QFileInfo(path).absolutePath());
    openFile(path);
}

void MainWindow::chooseFileWithOptions() {
    OpenOptionsDialog dialog(m_settings->lastFolder(), this, m_settings);
    if (dialog.exec() != QDialog::Accepted) return;
    m_settings->setLastFolder(QFileInfo(dialog.path()).absolutePath());
    openFile(dialog.path(), dialog.options());
}

void MainWindow::openFile(const QString& path, const LoadOptions& options) {
    if (WorkspaceFiles::isWorkspaceFile(path)) m_files->open(path);  // File › Open and drops take workspaces too
    else m_workspace->load(path, options);
}

void MainWindow::openSample(int index) {
    const auto list = bundledSamples();
    if (index < 0 || index >= list.size()) {
        m_statusText->setText(tr("The bundled sample was not found; open a file with File › Open."));
        return;
    }
    m_workspace->load(list[index].vectorsPath, list[index].options);
}

void MainWindow::chooseTraining() {
    TrainDialog dialog(m_settings, this);
    if (dialog.exec() != QDialog::Accepted) return;
    m_training->start(dialog.corpus(), dialog.options());
}

void MainWindow::chooseVectorsSave() {
    const auto data = m_workspace->dataset();
    if (!data) return;
    QString filter;
    const QString path = QFileDialog::getSaveFileName(this, tr("Save vectors as"),
                                                      m_settings->lastFolder() + QStringLiteral("/vectors.bin"),
                                                      VectorSaver::filters(), &filter);
    if (path.isEmpty()) return;
    m_settings->setLastFolder(QFileInfo(path).absolutePath());
    m_saver->save(data, path, VectorSaver::saveFormat(path, filter));
}

void MainWindow::showLoadError(const QString& path, const QString& message) {
    // Window-modal and non-blocking: the event loop (and any running job) keeps going.
    const QString title = path.isEmpty() ? tr("Projection failed") : tr("Cannot open %1").arg(QFileInfo(path).fileName());
    auto* box = new QMessageBox(QMessageBox::Warning, title,
                                path.isEmpty() ? tr("The projection could not be computed. What is shown stays as it was.")
                                               : tr("The file could not be loaded. What is shown stays as it was."),
                                QMessageBox::Ok, this);
    box->setInformativeText(message);
    box->setObjectName(QStringLiteral("loadError"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::updateStatus() {
    m_statusText->setText(m_workspace->statusText());
    m_showAll->setEnabled(m_workspace->isIsolated());
    const auto data = m_workspace->dataset();
    // Desktop convention: "file[*] — Embedscope"; Qt adds the name and shows [*] when modified.
    setWindowTitle(data ? QString() : tr("Embedscope"));
    setWindowFilePath(data ? QString::fromStdString(data->path) : QString());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    m_settings->setWindowGeometry(saveGeometry());
    m_settings->setWindowState(saveState());
    const NeighbourSettings& n = m_workspace->neighbourSettings();
    m_settings->setValue(QStringLiteral("neighbours/k"), n.k);
    m_settings->setValue(QStringLiteral("neighbours/metric"), int(n.metric));
    m_settings->setValue(QStringLiteral("neighbours/space"), int(n.space));
    m_files->cleanExit();
    m_settings->setValue(QStringLiteral("neighbours/exact"), n.exact);
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const auto urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile()) openFile(urls.first().toLocalFile());
}

}  // namespace embedscope::ui
