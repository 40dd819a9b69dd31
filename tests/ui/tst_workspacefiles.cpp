// Workspace files through the app's controllers (offscreen, no view): save → open restores
// every controller's state without recomputing the projection; a failed save leaves the old
// file byte-identical; a damaged file or a cancelled locate leaves the state as it was; a moved
// data file is located; autosave and crash recovery; bookmarks restore in one step.
#include <unistd.h>

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "TestSupport.h"
#include "Workspace.h"
#include "analysis/BiasLens.h"
#include "analysis/ClusterModel.h"
#include "analysis/WeatModel.h"
#include "jobs/JobRunner.h"
#include "state/Bookmarks.h"
#include "state/SessionRecovery.h"
#include "state/WorkspaceFiles.h"

using namespace embedscope;
using namespace embedscope::ui;

namespace {
/// 60 words in 5 dimensions, in three loose groups.
QByteArray wordVectors(int variant = 0) {
    QByteArray text = "60 5\n";
    for (int i = 0; i < 60; ++i) {
        text += "w" + QByteArray::number(i);
        for (int d = 0; d < 5; ++d)
            text += " " + QByteArray::number(double((i % 3) * 4 + ((i * 7 + d * 3 + variant) % 11) * 0.1 + (d == i % 5)), 'f', 3);
        text += "\n";
    }
    return text;
}

/// One app's worth of controllers, as MainWindow assembles them (without a view).
struct App {
    Workspace workspace;
    ClusterModel clusters{&workspace};
    BiasLens bias{&workspace};
    WeatModel weat{&workspace};
    Bookmarks bookmarks{&workspace, nullptr};
    std::unique_ptr<SessionRecovery> recovery;
    std::unique_ptr<WorkspaceFiles> files;
    QStringList locateCalls;
    QString locateAnswer;

    explicit App(const QString& recoveryFolder) : recovery(std::make_unique<SessionRecovery>(recoveryFolder)) {
        files = std::make_unique<WorkspaceFiles>(
            WorkspaceFiles::Parts{&workspace, nullptr, &clusters, &bias, &weat, &bookmarks}, nullptr, recovery.get(), nullptr);
        files->locate = [this](const QString& why, const QString&, bool) {
            locateCalls << why;
            return locateAnswer;
        };
    }
    bool load(const QString& path) {
        QSignalSpy changed(&workspace, &Workspace::datasetChanged);
        workspace.load(path);
        return changed.wait(20000);
    }
    bool open(const QString& path) {
        QSignalSpy opened(files.get(), &WorkspaceFiles::opened);
        files->open(path);
        return opened.count() > 0 || opened.wait(20000);
    }
    /// Waits until the restored clusters and WEAT result are back (they are recomputed).
    bool settle() {
        for (JobRunner* jobs : {clusters.jobs(), weat.jobs(), workspace.jobs()})
            if (jobs->isBusy()) {
                QSignalSpy done(jobs, &JobRunner::finished);
                if (!done.wait(20000)) return false;
            }
        return true;
    }
};

WorkspaceFile captured(const App& app) {
    QString error;
    const auto w = app.files->capture(&error);
    if (!w) qFatal("capture failed: %s", qPrintable(error));
    WorkspaceFile out = *w;
    out.source->file.mtime = 0;  // compared separately
    return out;
}
}  // namespace

class TestWorkspaceFiles : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    QString data, recovery;

    /// An analysis worth keeping: t-SNE layout, selection, box, search, neighbours, clusters,
    /// a bias axis on the box selection, a WEAT result and a bookmark.
    void buildAnalysis(App& app) {
        QVERIFY(app.load(data));
        ProjectionSpec spec;
        spec.method = ProjectionMethod::Tsne;
        spec.dims = 2;
        spec.tsne.perplexity = 5;
        spec.tsne.iterations = 250;
        QSignalSpy done(app.workspace.jobs(), &JobRunner::finished);
        app.workspace.setProjectionSpec(spec);
        QVERIFY(done.wait(20000));
        QCOMPARE(app.workspace.projection()->spec.method, ProjectionMethod::Tsne);
        app.bookmarks.add(QStringLiteral("t-SNE overview"));
        app.workspace.setNeighbourSettings({7, Metric::Euclidean, VectorSpace::Centred});
        app.workspace.setBoxSelection({1, 2, 5, 40});
        app.workspace.select(3);
        QVERIFY(app.workspace.search(QStringLiteral("^w1"), true).isEmpty());
        QSignalSpy clustered(&app.clusters, &ClusterModel::clustersChanged);
        ClusterSettings c;
        c.k = 3;
        c.restarts = 2;
        c.seed = 9;
        app.clusters.run(c);
        QVERIFY(clustered.wait(20000));
        app.bias.setWords(BiasWords::Selection);
        QVERIFY(!app.bias.setAxis(QStringLiteral("w1 - w2")).has_value());
        QSignalSpy weatDone(&app.weat, &WeatModel::resultReady);
        WeatSets sets{"mine", "X", "Y", "A", "B", {"w1", "w4"}, {"w2", "w5"}, {"w3", "w6"}, {"w7", "w8"}};
        app.weat.run(sets);
        QVERIFY(weatDone.wait(20000));
        app.bookmarks.add(QStringLiteral("with selection"));
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        data = QString::fromStdString(testsupport::writeFile(dir, "vectors.txt", wordVectors()));
        recovery = dir.filePath("recovery");
    }

    void saveThenOpenRestoresEveryController() {
        App first(recovery);
        buildAnalysis(first);
        const QString path = dir.filePath("a.embedscope");
        QString error;
        QVERIFY2(first.files->saveTo(path, &error), qPrintable(error));
        const WorkspaceFile before = captured(first);
        QCOMPARE(before.view.selected, 3LL);
        QVERIFY(before.clusters.present);
        QCOMPARE(before.bias.formula, std::string("w1 - w2"));
        QVERIFY(before.weat.ran);
        QCOMPARE(before.bookmarks.size(), std::size_t(2));

        App second(recovery);
        QSignalSpy started(second.workspace.jobs(), &JobRunner::started);
        QVERIFY(second.open(path));
        QVERIFY(second.settle());
        // The saved coordinates are shown as they were: no projection job ran.
        QCOMPARE(started.count(), 1);
        QVERIFY(started.at(0).at(0).toString().startsWith(QStringLiteral("Opening")));
        QCOMPARE(second.workspace.projection()->xyz, first.workspace.projection()->xyz);
        QCOMPARE(second.workspace.matches(), first.workspace.matches());
        QCOMPARE(second.workspace.neighbours().size(), std::size_t(7));
        QCOMPARE(second.files->currentPath(), path);
        QCOMPARE(second.clusters.clusterOfRows(), first.clusters.clusterOfRows());
        QCOMPARE(second.weat.result()->effectSize, first.weat.result()->effectSize);
        const WorkspaceFile after = captured(second);
        QVERIFY(after.source == before.source);
        QVERIFY(after.projection == before.projection);
        QVERIFY(after.view == before.view);
        QVERIFY(after.clusters == before.clusters);
        QVERIFY(after.bias == before.bias);
        QVERIFY(after.weat == before.weat);
        QVERIFY(after.bookmarks == before.bookmarks);
        QVERIFY(after == before);
    }

    void bookmarkRestoresItsView() {
        App app(recovery);
        buildAnalysis(app);
        const auto tsne = app.workspace.projection();
        // Move on: PCA, another selection, one colour.
        QSignalSpy done(app.workspace.jobs(), &JobRunner::finished);
        app.workspace.setProjectionSpec(ProjectionSpec{});
        QVERIFY(done.wait(20000));
        app.workspace.select(10);
        app.workspace.setBoxSelection({});
        app.workspace.setColourColumn(-1);
        QSignalSpy started(app.workspace.jobs(), &JobRunner::started);
        QString error;
        QVERIFY2(app.bookmarks.restore(1, &error), qPrintable(error));
        QCOMPARE(started.count(), 0);  // nothing recomputed
        QCOMPARE(app.workspace.projection()->xyz, tsne->xyz);
        QCOMPARE(app.workspace.projection()->spec.method, ProjectionMethod::Tsne);
        QCOMPARE(app.workspace.selectedRow(), 3LL);
        QCOMPARE(app.workspace.boxSelection(), (std::vector<std::size_t>{1, 2, 5, 40}));
        QCOMPARE(app.workspace.colourColumn(), int(Workspace::kDerivedColour));
        // Rename, reorder, delete.
        app.bookmarks.rename(0, QStringLiteral("first"));
        app.bookmarks.move(0, +1);
        QCOMPARE(app.bookmarks.list()[1].name, std::string("first"));
        app.bookmarks.remove(1);
        QCOMPARE(app.bookmarks.list().size(), std::size_t(1));
        QCOMPARE(app.bookmarks.suggestedName(), QStringLiteral("View 2"));
    }

    void failedSaveKeepsTheOldFile() {
        App app(recovery);
        QVERIFY(app.load(data));
        QTemporaryDir folder;
        const QString path = folder.filePath("keep.embedscope");
        QString error;
        QVERIFY(app.files->saveTo(path, &error));
        const QByteArray old = testsupport::readFile(path.toStdString());
        app.workspace.select(4);
        // A path that is a folder.
        QVERIFY(!app.files->saveTo(folder.path(), &error));
        QVERIFY2(error.startsWith("Cannot save " + folder.path()) && error.endsWith("The file on disk was not changed."), qPrintable(error));
        if (::geteuid() == 0) QSKIP("running as root: a read-only folder is still writable");
        QVERIFY(QFile::setPermissions(folder.path(), QFileDevice::ReadOwner | QFileDevice::ExeOwner));
        const bool saved = app.files->saveTo(path, &error);
        QFile::setPermissions(folder.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        QVERIFY(!saved);
        QVERIFY2(error.contains("The file on disk was not changed."), qPrintable(error));
        QCOMPARE(testsupport::readFile(path.toStdString()), old);
        QCOMPARE(QDir(folder.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"keep.embedscope"});
    }

    void nothingToSaveWithoutData() {
        App app(recovery);
        QString error;
        QVERIFY(!app.files->saveTo(dir.filePath("none.embedscope"), &error));
        QCOMPARE(error, QStringLiteral("There is nothing to save yet: open a data set first."));
        QVERIFY(!QFile::exists(dir.filePath("none.embedscope")));
    }

    void damagedFileKeepsState() {
        App app(recovery);
        QVERIFY(app.load(data));
        const auto shown = app.workspace.dataset();
        const QString path = dir.filePath("b.embedscope");
        QString error;
        QVERIFY(app.files->saveTo(path, &error));
        const QByteArray whole = testsupport::readFile(path.toStdString());
        const std::string cut = testsupport::writeFile(dir, "cut.embedscope", whole.left(whole.size() / 2));
        QSignalSpy failed(app.files.get(), &WorkspaceFiles::failed);
        app.files->open(QString::fromStdString(cut));
        QCOMPARE(failed.count(), 1);
        const QString message = failed.at(0).at(0).toString();
        QVERIFY2(message.startsWith(QString::fromStdString(cut) + ":") && message.contains("(truncated?)"), qPrintable(message));
        QCOMPARE(app.workspace.dataset(), shown);
    }

    void movedOrChangedSourceIsLocated() {
        QTemporaryDir elsewhere;
        const std::string copy = testsupport::writeFile(elsewhere, "vectors.txt", wordVectors());
        const QString ws = elsewhere.filePath("w.embedscope");
        // Saved against data beside it, then the data is moved away.
        const QString moving = QString::fromStdString(testsupport::writeFile(elsewhere, "moving.txt", wordVectors()));
        {
            App saver(recovery);
            QVERIFY(saver.load(moving));
            QString error;
            QVERIFY(saver.files->saveTo(ws, &error));
        }
        QVERIFY(QFile::remove(moving));
        App reader(recovery);
        QVERIFY(reader.load(data));
        const auto shown = reader.workspace.dataset();
        // Cancelled: the state stays, the reason is given.
        QSignalSpy failed(reader.files.get(), &WorkspaceFiles::failed);
        reader.files->open(ws);
        QCOMPARE(reader.locateCalls, QStringList{moving + " is missing"});
        QCOMPARE(failed.count(), 1);
        QCOMPARE(reader.workspace.dataset(), shown);
        // Located: opened from there.
        reader.locateAnswer = QString::fromStdString(copy);
        QVERIFY(reader.open(ws));
        QCOMPARE(QString::fromStdString(reader.workspace.dataset()->path), QString::fromStdString(copy));

        // Changed data (same rows, other values): asked, then opened anyway; coordinates fit.
        testsupport::writeFile(elsewhere, "moving.txt", wordVectors(1));
        reader.locateCalls.clear();
        reader.locateAnswer = moving;
        QVERIFY(reader.open(ws));
        QCOMPARE(reader.locateCalls.size(), 1);
        QVERIFY2(reader.locateCalls[0].startsWith(moving + " has changed: "), qPrintable(reader.locateCalls[0]));
    }

    void autosaveAndRecovery() {
        QTemporaryDir folder;
        QString autosaved;
        {
            App app(folder.path());
            buildAnalysis(app);
            QVERIFY(app.files->autosave());
            autosaved = app.recovery->autosavePath();
            app.files->waitForAutosave();  // written on a background thread
            QVERIFY(QFile::exists(autosaved));
            // Nothing to recover while this session runs.
            QVERIFY(app.recovery->orphanedAutosaves().isEmpty());
            // A session that crashed: its autosave and marker stay, its process is gone.
            QVERIFY(QFile::copy(autosaved, folder.filePath("autosave-2147483000.embedscope")));
            QFile marker(folder.filePath("session-2147483000.running"));
            QVERIFY(marker.open(QIODevice::WriteOnly));
            // Autosaves queued faster than they are written: the file ends with the latest state.
            for (long long row : {4LL, 5LL, 6LL}) {
                app.workspace.select(row);
                QVERIFY(app.files->autosave());
            }
            app.files->waitForAutosave();
            QCOMPARE(readWorkspace(autosaved.toStdString()).view.selected, 6LL);
        }
        // A clean end removed this session's own files.
        QVERIFY(!QFile::exists(autosaved));
        App next(folder.path());
        QCOMPARE(next.recovery->orphanedAutosaves(), QStringList{folder.filePath("autosave-2147483000.embedscope")});
        QStringList asked;
        next.files->askRecover = [&asked](const QString& path) {
            asked << path;
            return true;
        };
        // A scripted run (--screenshot) neither asks nor removes the crashed session's autosave.
        next.files->setOffersRecovery(false);
        next.files->offerRecovery();
        QVERIFY(asked.isEmpty());
        QVERIFY(QFile::exists(folder.filePath("autosave-2147483000.embedscope")));
        next.files->setOffersRecovery(true);
        QSignalSpy opened(next.files.get(), &WorkspaceFiles::opened);
        next.files->offerRecovery();
        QVERIFY(opened.wait(20000));
        QCOMPARE(asked.size(), 1);
        QVERIFY(next.settle());
        QCOMPARE(next.workspace.selectedRow(), 3LL);
        QCOMPARE(next.bookmarks.list().size(), std::size_t(2));
        QVERIFY(next.files->currentPath().isEmpty());  // recovered work is untitled until saved
        QVERIFY(!QFile::exists(folder.filePath("autosave-2147483000.embedscope")));
        QVERIFY(!QFile::exists(folder.filePath("session-2147483000.running")));
        QVERIFY(next.recovery->orphanedAutosaves().isEmpty());
        next.files->setAutosaveMinutes(0);
        QCOMPARE(next.files->autosaveMinutes(), 0);
    }
};

QTEST_MAIN(TestWorkspaceFiles)
#include "tst_workspacefiles.moc"
