// bad-inputs.md 15, for every kind of background job the app runs (load, PCA, t-SNE, kNN
// faithfulness, word2vec training, k-means clusters, saving vectors), through the controller
// the GUI uses:
//  - cancel before the job starts (it waits for a thread): nothing runs, nothing is delivered;
//  - cancel while it runs: it stops, the previous state stays (a t-SNE run keeps the frames it
//    showed; training keeps the vectors reached so far, as the Training dialog promises);
//  - cancel as it finishes (the worker has returned, the GUI has not yet heard): the complete
//    result is delivered, once, and the outcome says "done";
//  - a new job while one runs: only the newer one delivers;
//  - the owners destroyed mid-job, as when the main window closes: every worker has stopped by
//    the time the destructors return (ASan and TSan builds check what they touch).
// Run by make test, make asan-test and make tsan-test (label threads).
#include <QDir>
#include <QFile>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QTimer>
#include <atomic>
#include <random>
#include <thread>

#include "VectorSaver.h"
#include "Workspace.h"
#include "analysis/ClusterModel.h"
#include "io/Load.h"
#include "jobs/JobRunner.h"
#include "jobs/PoolStart.h"
#include "training/TrainingSession.h"

using namespace embedscope;
using namespace embedscope::ui;

namespace {

enum class Kind { Load, Pca, Tsne, Neighbours, Training, Clusters, Save };
enum class Moment { Before, During, End };

/// Occupies every thread of both job pools until released, so a job started meanwhile waits
/// in the queue: "cancel before the job starts" without relying on timing.
class PoolBlocker {
public:
    PoolBlocker() {
        for (JobPriority priority : {JobPriority::Foreground, JobPriority::Background}) {
            const int threads = jobPool(priority)->maxThreadCount();
            for (int i = 0; i < threads; ++i)
                startOnPool(
                    [gate = m_gate] {
                        gate->started.release();
                        gate->release.acquire();
                    },
                    priority);
            m_count += threads;
        }
        m_gate->started.acquire(m_count);
    }
    ~PoolBlocker() { release(); }
    void release() {
        m_gate->release.release(m_count);
        m_count = 0;
    }

private:
    // Shared with the blockers: they may still be waking up when this object is gone.
    struct Gate {
        QSemaphore started, release;
    };
    std::shared_ptr<Gate> m_gate = std::make_shared<Gate>();
    int m_count = 0;
};

/// Until no job of either pool is running or queued.
void waitForPools() {
    jobPool(JobPriority::Foreground)->waitForDone();
    jobPool(JobPriority::Background)->waitForDone();
}

/// For a progress hook: keeps the worker at this report until its job is cancelled (at most a
/// minute, so a test that goes wrong fails instead of hanging).
void holdUntilCancelled(const Progress& p) {
    for (int waited = 0; !p.isCancelled() && waited < 60000; ++waited)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

/// Rows of clustered Gaussian vectors: structure for PCA, t-SNE and k-means to find.
std::shared_ptr<Dataset> makeDataset(std::size_t rows, std::size_t dims) {
    std::mt19937 rng(7);
    std::normal_distribution<float> noise(0.f, 1.f);
    std::vector<std::vector<float>> centres(8, std::vector<float>(dims));
    for (auto& c : centres)
        for (float& v : c) v = 4.f * noise(rng);
    std::vector<std::string> labels;
    std::vector<float> values;
    values.reserve(rows * dims);
    for (std::size_t r = 0; r < rows; ++r) {
        labels.push_back("w" + std::to_string(r));
        for (std::size_t d = 0; d < dims; ++d) values.push_back(centres[r % 8][d] + noise(rng));
    }
    auto data = std::make_shared<Dataset>();
    data->path = "generated";
    data->embedding = Embedding(std::move(labels), std::move(values), dims);
    data->summary.rowsRead = rows;
    return data;
}

void writeText(const QString& path, const QByteArray& text) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(text), qint64(text.size()));
}

/// Sentences over a vocabulary of 500 words in which word i keeps company with words near i.
QByteArray makeCorpus(std::size_t tokens) {
    std::mt19937 rng(3);
    std::uniform_int_distribution<int> topic(0, 49), offset(0, 9);
    QByteArray text;
    for (std::size_t t = 0; t < tokens;) {
        const int base = topic(rng) * 10;
        for (int i = 0; i < 12; ++i, ++t) text += "w" + QByteArray::number(base + offset(rng)) + ' ';
        text += '\n';
    }
    return text;
}

}  // namespace

Q_DECLARE_METATYPE(Kind)
Q_DECLARE_METATYPE(Moment)

class TestJobCancel : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    QString smallVectors, bigVectors, smallCorpus, bigCorpus, savePath;
    std::unique_ptr<Workspace> ws;
    std::unique_ptr<ClusterModel> clusters;
    std::unique_ptr<TrainingSession> training;
    std::unique_ptr<VectorSaver> saver;

    /// "big": enough work that a cancel landing on its first progress report finds it running
    /// (each takes well over a second uncancelled; cancelled, a few milliseconds).
    void setUpWorkspace(bool big) {
        ws = std::make_unique<Workspace>();
        clusters = std::make_unique<ClusterModel>(ws.get());
        training = std::make_unique<TrainingSession>(ws.get());
        saver = std::make_unique<VectorSaver>();
        auto data = big ? makeDataset(20000, 100) : makeDataset(200, 8);
        auto projection = std::make_shared<Projection>(computeProjection(*data, ProjectionSpec{}, {}, Progress::none()));
        ws->setData(data, projection);
        // The quality measurement a new data set starts is not under test: stopped, and gone.
        ws->analysisJobs()->cancel();
        waitForPools();
        QCoreApplication::processEvents();
        writeText(savePath, "old\n");
    }

    JobRunner* runnerOf(Kind kind) const {
        switch (kind) {
            case Kind::Load: case Kind::Pca: case Kind::Tsne: return ws->jobs();
            case Kind::Neighbours: return ws->analysisJobs();
            case Kind::Training: return training->jobs();
            case Kind::Clusters: return clusters->jobs();
            case Kind::Save: return saver->jobs();
        }
        return nullptr;
    }

    static int tsneIterations(bool big) { return big ? 1000 : 250; }

    void start(Kind kind, bool big, int variant = 0) {
        switch (kind) {
            case Kind::Load: ws->load(big ? bigVectors : smallVectors); break;
            case Kind::Pca: {
                ProjectionSpec spec = ws->projectionSpec();
                spec.spherize = variant == 0;
                spec.axes = {variant, 1, 2};
                ws->setProjectionSpec(spec);
                break;
            }
            case Kind::Tsne: {
                ProjectionSpec spec = ws->projectionSpec();
                spec.method = ProjectionMethod::Tsne;
                spec.tsne.perplexity = 10;
                spec.tsne.iterations = tsneIterations(big) + variant;
                ws->setProjectionSpec(spec);
                break;
            }
            case Kind::Neighbours: ws->requestFaithfulness(); break;
            case Kind::Training: {
                Word2VecOptions options;
                options.dims = big ? 50 : 10;
                options.epochs = big ? 5 : 1 + std::size_t(variant);
                options.minCount = 1;
                options.threads = 2;
                training->start({big ? bigCorpus : smallCorpus}, options);
                break;
            }
            case Kind::Clusters: {
                ClusterSettings settings;
                settings.k = 8 + variant;
                clusters->run(settings);
                break;
            }
            case Kind::Save:
                saver->save(ws->dataset(), variant == 0 ? savePath : savePath + QStringLiteral(".2"),
                            Format::Word2VecText);
                break;
        }
    }

    QByteArray saved() const {
        QFile f(savePath);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    static void addRows(const char* moment, Moment m) {
        const std::pair<const char*, Kind> kinds[] = {
            {"load", Kind::Load}, {"PCA", Kind::Pca}, {"t-SNE", Kind::Tsne},
            {"kNN faithfulness", Kind::Neighbours}, {"training", Kind::Training},
            {"clusters", Kind::Clusters}, {"save vectors", Kind::Save}};
        for (const auto& [name, kind] : kinds)
            QTest::addRow("%s, %s", name, moment) << kind << m;
    }

private slots:
    void initTestCase() {
        QVERIFY(dir.isValid());
        smallVectors = dir.filePath(QStringLiteral("small.txt"));
        bigVectors = dir.filePath(QStringLiteral("big.txt"));
        smallCorpus = dir.filePath(QStringLiteral("small-corpus.txt"));
        bigCorpus = dir.filePath(QStringLiteral("big-corpus.txt"));
        savePath = dir.filePath(QStringLiteral("saved.txt"));
        for (const auto& [path, rows, dims] : {std::tuple{smallVectors, 300, 8}, std::tuple{bigVectors, 20000, 50}}) {
            auto data = makeDataset(std::size_t(rows), std::size_t(dims));
            saveEmbedding(data->embedding, path.toStdString(), Format::Word2VecText);
        }
        writeText(smallCorpus, makeCorpus(5000));
        writeText(bigCorpus, makeCorpus(600000));
    }

    void cleanup() {
        JobRunner::setProgressHook({});
        saver.reset();
        training.reset();
        clusters.reset();
        ws.reset();
        QFile::remove(savePath);
        QFile::remove(savePath + QStringLiteral(".2"));
    }

    void cancel_data() {
        QTest::addColumn<Kind>("kind");
        QTest::addColumn<Moment>("moment");
        addRows("before it starts", Moment::Before);
        addRows("while it runs", Moment::During);
        addRows("as it finishes", Moment::End);
    }

    void cancel() {
        QFETCH(Kind, kind);
        QFETCH(Moment, moment);
        const bool big = moment == Moment::During;
        setUpWorkspace(big);
        JobRunner* runner = runnerOf(kind);
        const auto dataset = ws->dataset();
        const auto projection = ws->projection();
        QSignalSpy finished(runner, &JobRunner::finished);
        QSignalSpy loaded(ws.get(), &Workspace::loadSucceeded);
        QSignalSpy trained(training.get(), &TrainingSession::finished);
        QSignalSpy clustered(clusters.get(), &ClusterModel::clustersChanged);
        QSignalSpy written(saver.get(), &VectorSaver::saved);
        QSignalSpy failed(ws.get(), &Workspace::loadFailed);

        QTimer poll;  // Moment::During
        const auto held = std::make_shared<std::atomic<bool>>(false);
        if (moment == Moment::Before) {
            PoolBlocker blocker;
            start(kind, big);
            QVERIFY(runner->isBusy());
            runner->cancel();
            blocker.release();
        } else if (moment == Moment::During) {
            // Training's own cancel point is the training loop (counting words throws, as
            // every other job does). The others stop at their next report after the GUI's
            // cancel: the hook holds the worker at its first report until the GUI thread, which
            // polls for that moment, has cancelled (as the Cancel button does), so even a job that
            // ends in milliseconds (PCA of 20 000 rows) is cancelled mid-run on a loaded machine.
            if (kind == Kind::Training) {
                connect(training.get(), &TrainingSession::statusChanged, runner, &JobRunner::cancel);
            } else {
                JobRunner::setProgressHook([runner, held](const JobRunner* from, const Progress& p) {
                    if (from != runner || p.isCancelled()) return;
                    held->store(true);
                    holdUntilCancelled(p);
                });
                connect(&poll, &QTimer::timeout, runner, [runner, held] {
                    if (held->load()) runner->cancel();
                });
                poll.start(1);
            }
            start(kind, big);
        } else {
            start(kind, big);
            // The worker returns while this thread hears nothing; then the cancel comes.
            waitForPools();
            runner->cancel();
        }
        QVERIFY(finished.wait(60000) || finished.count() > 0);
        JobRunner::setProgressHook({});
        QCOMPARE(finished.count(), 1);
        QVERIFY(!runner->isBusy());
        QCOMPARE(failed.count(), 0);
        const QString outcome = finished[0][1].toString();
        QCoreApplication::processEvents();  // frames and results queued behind the signal

        const bool keepsPartial = kind == Kind::Training && moment == Moment::During;
        const bool delivers = moment == Moment::End || keepsPartial;
        QCOMPARE(outcome, delivers ? QStringLiteral("done") : QStringLiteral("cancelled"));
        QVERIFY(!ws->isTsneRunning());
        switch (kind) {
            case Kind::Load:
                QCOMPARE(loaded.count(), delivers ? 1 : 0);
                QCOMPARE(ws->dataset() != dataset, delivers);
                if (delivers) QCOMPARE(ws->dataset()->embedding.rows(), std::size_t(300));
                break;
            case Kind::Pca:
                QCOMPARE(ws->projection() != projection, delivers);
                QCOMPARE(ws->projection()->spec.spherize, delivers);
                break;
            case Kind::Tsne:
                if (delivers) {
                    QCOMPARE(ws->projection()->spec.method, ProjectionMethod::Tsne);
                    QCOMPARE(ws->projection()->iterations, std::size_t(tsneIterations(big)));
                } else if (ws->projection() != projection) {
                    // Stopped mid-run: the last frame shown stays, short of the full run.
                    QCOMPARE(ws->projection()->spec.method, ProjectionMethod::Tsne);
                    QVERIFY(ws->projection()->iterations < std::size_t(tsneIterations(big)));
                    QCOMPARE(ws->projection()->pointCount(), projection->pointCount());
                }
                QCOMPARE(ws->dataset(), dataset);
                break;
            case Kind::Neighbours:
                QCOMPARE(ws->faithfulness().size(), delivers ? dataset->embedding.rows() : 0);
                break;
            case Kind::Training:
                QCOMPARE(trained.count(), delivers ? 1 : 0);
                if (delivers) {
                    QCOMPARE(trained[0][0].toBool(), keepsPartial);  // "cancelled: the vectors so far"
                    QVERIFY(ws->dataset() != dataset);
                    QVERIFY(ws->dataset()->embedding.rows() > 0);
                } else {
                    QCOMPARE(ws->dataset(), dataset);
                }
                break;
            case Kind::Clusters:
                QCOMPARE(clustered.count(), delivers ? 1 : 0);
                QCOMPARE(clusters->count(), delivers ? 8 : 0);
                break;
            case Kind::Save:
                QCOMPARE(written.count(), delivers ? 1 : 0);
                if (delivers) {
                    QVERIFY(saved().startsWith("200 8\n"));
                } else {
                    QCOMPARE(saved(), QByteArray("old\n"));  // byte-identical
                }
                break;
        }
        // No temporary file left behind by a cancelled save (or anything else).
        const QStringList left = QDir(dir.path()).entryList(QDir::Files);
        QCOMPARE(left.size(), 5);
    }

    void newJobWhileOneRuns_data() {
        QTest::addColumn<Kind>("kind");
        QTest::addColumn<Moment>("moment");
        addRows("then another", Moment::During);
    }

    void newJobWhileOneRuns() {
        QFETCH(Kind, kind);
        // The second start supersedes the first on this thread, whatever the sizes.
        setUpWorkspace(false);
        JobRunner* runner = runnerOf(kind);
        QSignalSpy finished(runner, &JobRunner::finished);
        QSignalSpy trained(training.get(), &TrainingSession::finished);
        QSignalSpy clustered(clusters.get(), &ClusterModel::clustersChanged);
        QSignalSpy written(saver.get(), &VectorSaver::saved);
        QSignalSpy loaded(ws.get(), &Workspace::loadSucceeded);
        // The first job is held at its first progress report until it is cancelled, so the
        // second start finds it running whatever the timing: without this, a small save could
        // finish writing its file before the second start, and the "old" file checked below
        // would be gone on a slow machine (seen under TSan).
        const auto first = std::make_shared<std::atomic<const Progress*>>(nullptr);
        JobRunner::setProgressHook([runner, first](const JobRunner* from, const Progress& p) {
            const Progress* none = nullptr;
            if (from != runner || !(first->compare_exchange_strong(none, &p) || first->load() == &p)) return;
            holdUntilCancelled(p);
        });
        start(kind, true);
        QVERIFY(runner->isBusy());
        QTRY_VERIFY_WITH_TIMEOUT(first->load() != nullptr, 60000);
        start(kind, false, 1);  // told apart from the first by its parameters
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 60000);
        JobRunner::setProgressHook({});
        QCOMPARE(finished[0][1].toString(), QStringLiteral("cancelled"));
        QCOMPARE(finished[1][1].toString(), QStringLiteral("done"));
        QVERIFY(!runner->isBusy());
        waitForPools();  // the superseded worker winds down
        QCoreApplication::processEvents();
        switch (kind) {
            case Kind::Load:
                QCOMPARE(loaded.count(), 1);
                QCOMPARE(ws->dataset()->embedding.rows(), std::size_t(300));
                break;
            case Kind::Pca:
                QCOMPARE(ws->projection()->spec.spherize, false);
                QCOMPARE(ws->projection()->spec.axes[0], 1);
                break;
            case Kind::Tsne:
                QCOMPARE(ws->projection()->iterations, std::size_t(tsneIterations(false) + 1));
                break;
            case Kind::Neighbours:
                QCOMPARE(ws->faithfulness().size(), ws->dataset()->embedding.rows());
                break;
            case Kind::Training:
                QCOMPARE(trained.count(), 1);
                QCOMPARE(trained[0][0].toBool(), false);
                QCOMPARE(ws->dataset()->embedding.dims(), std::size_t(10));
                break;
            case Kind::Clusters:
                QCOMPARE(clustered.count(), 1);
                QCOMPARE(clusters->count(), 9);
                break;
            case Kind::Save:
                QCOMPARE(written.count(), 1);
                QCOMPARE(written[0][0].toString(), savePath + QStringLiteral(".2"));
                QCOMPARE(saved(), QByteArray("old\n"));
                break;
        }
    }

    void ownersDestroyedMidJob_data() {
        QTest::addColumn<Kind>("kind");
        QTest::addColumn<Moment>("moment");
        addRows("owners destroyed", Moment::During);
    }

    void ownersDestroyedMidJob() {
        QFETCH(Kind, kind);
        setUpWorkspace(true);
        JobRunner* runner = runnerOf(kind);
        QSignalSpy progressed(runner, &JobRunner::progressChanged);
        start(kind, true);
        QVERIFY(progressed.wait(60000));  // it runs
        // A superseded job winding down must be waited for too.
        if (kind == Kind::Tsne || kind == Kind::Load) start(kind, true, 1);
        // In the order MainWindow's children go.
        saver.reset();
        training.reset();
        clusters.reset();
        ws.reset();
        QCOMPARE(JobRunner::runningWorkers(), 0);
        QCoreApplication::processEvents();  // whatever was posted to the dead objects is dropped
        if (kind == Kind::Save) QCOMPARE(saved(), QByteArray("old\n"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 5);  // no temporary file left
    }
};

QTEST_MAIN(TestJobCancel)
#include "tst_jobcancel.moc"
