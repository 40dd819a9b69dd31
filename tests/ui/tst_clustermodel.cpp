// The Clusters capability without a window: k-means of the digits through the job runner, the
// clusters as a colouring, names from the most central rows, select / isolate a cluster, export.
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "Samples.h"
#include "Workspace.h"
#include "analysis/ClusterModel.h"
#include "io/Load.h"

using namespace embedscope;
using namespace embedscope::ui;

namespace {
Sample digits() {
    for (const Sample& s : bundledSamples())
        if (s.vectorsPath.contains(QStringLiteral("digits"))) return s;
    return {};
}
}  // namespace

class TestClusterModel : public QObject {
    Q_OBJECT
    std::unique_ptr<Workspace> ws;
    std::unique_ptr<ClusterModel> model;

private slots:
    void init() {
        ws = std::make_unique<Workspace>();
        model = std::make_unique<ClusterModel>(ws.get());
        QSignalSpy changed(ws.get(), &Workspace::datasetChanged);
        const Sample s = digits();
        QVERIFY(!s.vectorsPath.isEmpty());
        ws->load(s.vectorsPath, s.options);
        QVERIFY(changed.wait(10000));
    }
    void cleanup() {
        model.reset();
        ws.reset();
    }

    void clustersColourAndName() {
        QSignalSpy done(model.get(), &ClusterModel::clustersChanged);
        ClusterSettings settings;
        settings.k = 10;
        model->run(settings);
        QVERIFY(done.wait(20000));
        QCOMPARE(model->count(), 10);
        // Digit images (a .tsv): euclidean by default.
        QCOMPARE(model->result()->metric, Metric::Euclidean);
        // The view is coloured by the clusters, one category per cluster in cluster order.
        QCOMPARE(ws->colourColumn(), Workspace::kDerivedColour);
        const auto column = ws->derivedColumn();
        QVERIFY(column);
        QCOMPARE(column->categories.size(), std::size_t(10));
        QCOMPARE(column->codes.size(), std::size_t(1797));
        std::size_t total = 0;
        for (int c = 0; c < 10; ++c) {
            const auto rows = model->rowsOf(c);
            QCOMPARE(rows.size(), model->result()->sizes[static_cast<std::size_t>(c)]);
            total += rows.size();
            // A cluster's name is its three most central members, each a member of it.
            const QStringList words = model->name(c).split(QStringLiteral(" · "));
            QCOMPARE(words.size(), 3);
            for (const QString& w : words) {
                const auto row = ws->dataset()->embedding.find(w.toStdString());
                QVERIFY(row);
                QCOMPARE(column->codes[*row], c);
            }
        }
        QCOMPARE(total, std::size_t(1797));
        // Most clusters are dominated by one digit (the labels start with the digit).
        int pure = 0;
        for (int c = 0; c < 10; ++c) {
            int counts[10] = {};
            const auto rows = model->rowsOf(c);
            for (std::size_t r : rows) ++counts[ws->dataset()->embedding.label(r)[0] - '0'];
            pure += *std::max_element(counts, counts + 10) > 0.6 * rows.size();
        }
        QVERIFY2(pure >= 7, qPrintable(QString::number(pure)));
    }

    void selectIsolateExport() {
        QSignalSpy done(model.get(), &ClusterModel::clustersChanged);
        ClusterSettings settings;
        settings.k = 5;
        model->run(settings);
        QVERIFY(done.wait(20000));
        model->selectCluster(2);
        QCOMPARE(ws->boxSelection(), model->rowsOf(2));
        QSignalSpy projected(ws.get(), &Workspace::projectionChanged);
        model->isolateCluster(1);
        QVERIFY(projected.wait(10000));
        QCOMPARE(ws->projection()->pointCount(), model->rowsOf(1).size());

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("clusters.tsv"));
        QString error;
        QVERIFY2(model->exportTable(path, &error), qPrintable(error));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().split('\n');
        QCOMPARE(lines.first(), QByteArray("label\tcluster\tdistance\tk\tmetric\trestarts\tseed\tdata"));
        QCOMPARE(lines.size() - 2, 1797);  // header, 1797 rows, the final newline
        // A folder is no file: the message says so and nothing is written.
        QVERIFY(!model->exportTable(dir.path(), &error));
        QVERIFY(!error.isEmpty());
    }

    void clusteringTheLayoutUsesItsRows() {
        QSignalSpy projected(ws.get(), &Workspace::projectionChanged);
        ws->isolate({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        QVERIFY(projected.wait(10000));
        QSignalSpy done(model.get(), &ClusterModel::clustersChanged);
        ClusterSettings settings;
        settings.k = 3;
        settings.onLayout = true;
        model->run(settings);
        QVERIFY(done.wait(20000));
        const auto of = model->clusterOfRows();
        int clustered = 0;
        for (int c : of) clustered += c >= 0;
        QCOMPARE(clustered, 12);
        for (std::size_t r = 0; r < 12; ++r) QVERIFY(of[r] >= 0);
    }

    void wordClustersAreNamedByFrequentWords() {
        // The word sample is frequency-ordered: a name's words come from the most frequent
        // quarter of the cluster's members, nearest the centroid first.
        QSignalSpy changed(ws.get(), &Workspace::datasetChanged);
        const Sample words = bundledSamples().value(sampleIndex(QStringLiteral("words")));
        QVERIFY(!words.vectorsPath.isEmpty());
        ws->load(words.vectorsPath, words.options);
        QVERIFY(changed.wait(10000));
        QSignalSpy done(model.get(), &ClusterModel::clustersChanged);
        ClusterSettings settings;
        settings.k = 8;
        model->run(settings);
        QVERIFY(done.wait(30000));
        QCOMPARE(model->result()->metric, Metric::Cosine);  // word vectors
        const Embedding& e = ws->dataset()->embedding;
        for (int c = 0; c < 8; ++c) {
            const auto rows = model->rowsOf(c);  // ascending = by frequency
            const std::size_t quarter = std::max<std::size_t>(3, (rows.size() + 3) / 4);
            const QStringList name = model->name(c).split(QStringLiteral(" · "));
            QCOMPARE(name.size(), 3);
            double previous = -1;
            for (const QString& w : name) {
                const std::size_t row = *e.find(w.toStdString());
                const auto at = std::find(rows.begin(), rows.end(), row);
                QVERIFY(at != rows.end());
                QVERIFY(std::size_t(at - rows.begin()) < quarter);
                const double d = model->result()->distance[row];
                QVERIFY(d >= previous);
                previous = d;
            }
        }
    }

    void newDataClearsClusters() {
        QSignalSpy done(model.get(), &ClusterModel::clustersChanged);
        ClusterSettings settings;
        settings.k = 4;
        model->run(settings);
        QVERIFY(done.wait(20000));
        QVERIFY(model->hasClusters());
        QSignalSpy changed(ws.get(), &Workspace::datasetChanged);
        const Sample s = digits();
        ws->load(s.vectorsPath, s.options);
        QVERIFY(changed.wait(10000));
        QVERIFY(!model->hasClusters());
        QVERIFY(!ws->derivedColumn());
        QVERIFY(ws->colourColumn() != Workspace::kDerivedColour);
    }
};

QTEST_MAIN(TestClusterModel)
#include "tst_clustermodel.moc"
