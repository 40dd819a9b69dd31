// embedscope-cli tsne --metric: cosine by default for word-vector files and euclidean for the
// rest, stated in the JSON; a chosen metric wins; bad names and zero vectors get clear errors.
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "CliRun.h"
#include "TestSupport.h"

namespace {

using Run = testsupport::CliRun;

/// 30 words in three directions, each at lengths 1 to 10, as word2vec text ("30 3" header).
QByteArray wordVectors(bool withZero = false) {
    QByteArray text = "30 3\n";
    for (int i = 0; i < 30; ++i) {
        const double length = 1 + i / 3;
        const double v[3] = {i % 3 == 0 ? length : 0.1, i % 3 == 1 ? length : 0.1,
                             i % 3 == 2 ? length : 0.1};
        text += "w" + QByteArray::number(i);
        for (const double x : v) text += " " + QByteArray::number(withZero && i == 4 ? 0 : x);
        text += "\n";
    }
    return text;
}

/// The same numbers without labels, as a Projector TSV.
QByteArray projectorTsv() {
    QByteArray text;
    for (const QByteArray& line : wordVectors().split('\n').mid(1)) {
        if (line.isEmpty()) continue;
        text += line.split(' ').mid(1).join('\t') + "\n";
    }
    return text;
}

}  // namespace

class TestCliTsne : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { testsupport::applyTestLocale(); }

    void metricInJson_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("metric");  // empty: the default
        QTest::addColumn<QString>("expected");
        QTest::newRow("word2vec default") << "w.txt"
                                          << ""
                                          << "cosine";
        QTest::newRow("word2vec euclidean") << "w.txt"
                                            << "euclidean"
                                            << "euclidean";
        QTest::newRow("projector default") << "v.tsv"
                                           << ""
                                           << "euclidean";
        QTest::newRow("projector cosine") << "v.tsv"
                                          << "cosine"
                                          << "cosine";
    }
    void metricInJson() {
        QFETCH(QString, file);
        QFETCH(QString, metric);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const std::string path = testsupport::writeFile(
            dir, file, file.endsWith(".txt") ? wordVectors() : projectorTsv());
        QStringList args{"tsne",         QString::fromStdString(path),
                         "--perplexity", "5",
                         "--iterations", "100",
                         "--quality-k",  "3",
                         "--out",        dir.filePath("o.tsv"),
                         "--json"};
        if (!metric.isEmpty()) args << "--metric" << metric;
        const Run r = testsupport::runCli(args);
        QVERIFY2(r.status == 0, r.err.constData());
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o["metric"].toString(), expected);
        QCOMPARE(o["rows"].toInt(), 30);
    }

    void badMetricIsAUsageError() {
        QTemporaryDir dir;
        const std::string path = testsupport::writeFile(dir, "w.txt", wordVectors());
        const Run r = testsupport::runCli({"tsne", QString::fromStdString(path), "--metric", "dot",
                                           "--out", dir.filePath("o.tsv")});
        QCOMPARE(r.status, 2);
        QVERIFY2(r.err.contains("--metric must be euclidean or cosine, not 'dot'"),
                 r.err.constData());
    }

    void zeroVectorUnderCosine() {
        QTemporaryDir dir;
        const std::string path = testsupport::writeFile(dir, "w.txt", wordVectors(true));
        const QStringList args{
            "tsne",  QString::fromStdString(path), "--perplexity", "5", "--iterations", "50",
            "--out", dir.filePath("o.tsv")};
        const Run r = testsupport::runCli(args);
        QCOMPARE(r.status, 1);
        QVERIFY2(r.err.contains("row 5 (\"w4\") is a zero vector: cosine is undefined for it"),
                 r.err.constData());
        QCOMPARE(testsupport::runCli(args + QStringList{"--metric", "euclidean"}).status, 0);
    }

    void neighbourIndexBuiltThenRead() {
        // --neighbour-index: built and saved by the first run whose graph takes HNSW, read by
        // the next, searched by both; an exact graph never opens it.
        QTemporaryDir dir;
        const std::string path = testsupport::writeFile(dir, "w.txt", wordVectors());
        const QString index = dir.filePath("w.hnsw");
        auto run = [&](const QString& knn) {
            const Run r = testsupport::runCli({"tsne", QString::fromStdString(path), "--perplexity", "5",
                                               "--iterations", "50", "--quality-k", "0", "--knn", knn,
                                               "--neighbour-index", index, "--out",
                                               dir.filePath("o.tsv"), "--json"});
            if (r.status != 0) qWarning("%s", r.err.constData());
            return QJsonDocument::fromJson(r.out).object();
        };
        const QJsonObject exact = run("exact");
        QVERIFY(!exact.contains("neighbour_index"));
        QVERIFY(!QFile::exists(index));
        const QJsonObject built = run("hnsw");
        QCOMPARE(built["neighbour_index"].toString(), QString("built"));
        QVERIFY(built["knn_reused_index"].toBool());
        QVERIFY(QFile::exists(index) && QFile::exists(index + ".key"));
        const QJsonObject read = run("hnsw");
        QCOMPARE(read["neighbour_index"].toString(), QString("read"));
        QVERIFY(read["knn_reused_index"].toBool());
        QCOMPARE(read["knn_graph_recall"].toDouble(), 1.0);  // 30 rows: every neighbour found
    }
};

QTEST_GUILESS_MAIN(TestCliTsne)
#include "tst_cli_tsne.moc"
