#include "MainWindow.h"

#include <QApplication>
#include <QCloseEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QStatusBar>

#include "AppSettings.h"
#include "Samples.h"
#include "Workspace.h"
#include "docks/SummaryPanel.h"
#include "jobs/JobRunner.h"
#include "jobs/JobStatus.h"

namespace embedscope::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), m_settings(new AppSettings), m_workspace(new Workspace(this)),
      m_summary(new SummaryPanel(m_workspace, this)), m_statusText(new QLabel(this)) {
    setWindowTitle(tr("Embedscope"));
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true);
    setCentralWidget(m_summary);
    statusBar()->addWidget(m_statusText, 1);
    statusBar()->addPermanentWidget(new JobStatus(m_workspace->jobs(), this));
    buildMenus();

    connect(m_workspace, &Workspace::datasetChanged, this, &MainWindow::updateStatus);
    connect(m_workspace, &Workspace::loadFailed, this, &MainWindow::showLoadError);
    connect(m_workspace, &Workspace::loadSucceeded, this, [this](const QString& path) {
        if (!path.startsWith(QStringLiteral(EMBEDSCOPE_SAMPLES_DIR))) m_settings->addRecentFile(path);
        refreshRecentMenu();
    });
    resize(1100, 750);
    restoreGeometry(m_settings->windowGeometry());
    restoreState(m_settings->windowState());
    updateStatus();
}

MainWindow::~MainWindow() { delete m_settings; }

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open…"), this, &MainWindow::chooseFile);
    open->setShortcut(QKeySequence::Open);
    open->setToolTip(tr("Open word2vec, GloVe, fastText, Projector TSV, NumPy or CSV embeddings"));
    QMenu* samples = file->addMenu(tr("Open &sample"));
    const auto list = bundledSamples();
    for (int i = 0; i < list.size(); ++i) samples->addAction(list[i].title, this, [this, i] { openSample(i); });
    samples->setEnabled(!list.isEmpty());
    m_recentMenu = file->addMenu(tr("Open &recent"));
    refreshRecentMenu();
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
}

void MainWindow::refreshRecentMenu() {
    m_recentMenu->clear();
    const QStringList recent = m_settings->recentFiles();
    for (const QString& path : recent)
        m_recentMenu->addAction(QFileInfo(path).fileName(), this, [this, path] { openFile(path); })
            ->setToolTip(path);
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
        "Embeddings (*.txt *.vec *.bin *.w2v *.tsv *.npy *.csv);;"
        "word2vec text / fastText (*.txt *.vec);;word2vec binary (*.bin *.w2v);;GloVe (*.txt);;"
        "Projector TSV (*.tsv);;NumPy (*.npy);;CSV (*.csv);;All files (*)");
    const QString path = QFileDialog::getOpenFileName(this, tr("Open embeddings"), m_settings->lastFolder(), filters);
    if (path.isEmpty()) return;
    m_settings->setLastFolder(QFileInfo(path).absolutePath());
    openFile(path);
}

void MainWindow::openFile(const QString& path, const LoadOptions& options) {
    m_workspace->load(path, options);
}

void MainWindow::openSample(int index) {
    const auto list = bundledSamples();
    if (index < 0 || index >= list.size()) {
        m_statusText->setText(tr("The bundled sample was not found; open a file with File › Open."));
        return;
    }
    m_workspace->load(list[index].vectorsPath, list[index].options);
}

void MainWindow::showLoadError(const QString& path, const QString& message) {
    // Window-modal and non-blocking: the event loop (and any running job) keeps going.
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Cannot open %1").arg(QFileInfo(path).fileName()),
                                tr("The file could not be loaded. What is shown stays as it was."),
                                QMessageBox::Ok, this);
    box->setInformativeText(message);
    box->setObjectName(QStringLiteral("loadError"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::updateStatus() {
    const auto data = m_workspace->dataset();
    if (!data) {
        m_statusText->setText(tr("No data set – File › Open (Ctrl+O)"));
        setWindowTitle(tr("Embedscope"));
        return;
    }
    const QString name = QFileInfo(QString::fromStdString(data->path)).fileName();
    m_statusText->setText(tr("%1 – %L2 × %L3").arg(name).arg(data->embedding.rows()).arg(data->embedding.dims()));
    setWindowTitle(tr("%1 – Embedscope").arg(name));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    m_settings->setWindowGeometry(saveGeometry());
    m_settings->setWindowState(saveState());
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
