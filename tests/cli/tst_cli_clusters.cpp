// embedscope-cli clusters end to end: help, the JSON shape and cluster names on a constructed
// word file (cosine by default for word vectors), euclidean for other formats, the per-word
// table, the suggestion for k, usage errors (2) and bad input (1).
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "CliRun.h"
#include "TestSupport.h"

namespace {
using Run = testsupport::CliRun;
Run cli(const QStringList& args) {
    return testsupport::runCli(args);
}

QString sample(const char* name) {
    return QStringLiteral(EMBEDSCOPE_SOURCE_DIR "/resources/samples/") + QLatin1String(name);
}

/// Animals point along x, vehicles along y, each at very different lengths: by angle (cosine)
/// they form two clusters; by euclidean distance the long ones split off. The three rows nearest
/// each unit centroid (numpy, once): dog, cat, mouse and train, car, bus.
const char* kWords =
    "10 3\n"
    "cat 1 0.02 0\n"
    "dog 9 0.3 0.1\n"
    "mouse 0.5 0.01 -0.01\n"
    "horse 12 -1.2 0.3\n"
    "cow 7 1.4 0\n"
    "car 0.01 1 0\n"
    "bus 0.2 8 0.1\n"
    "train -0.01 0.6 0.01\n"
    "tram 1.1 11 0\n"
    "bike -0.8 5 0.2\n";
}  // namespace

class TestCliClusters : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        testsupport::applyTestLocale();
        QVERIFY(m_dir.isValid());
        m_words = QString::fromStdString(testsupport::writeFile(m_dir, "words.txt", kWords));
    }

    void help() {
        const Run r = cli({"clusters", "--help"});
        QCOMPARE(r.status, 0);
        QVERIFY(r.out.startsWith("usage: embedscope-cli clusters"));
        for (const char* option : {"-k", "--metric", "--restarts", "--seed", "--out", "--json",
                                   "--suggest", "--max-rows"})
            QVERIFY2(r.out.contains(option), option);
    }

    void wordsClusterByAngle() {
        const Run r = cli({"clusters", m_words, "-k", "2", "--json"});
        QCOMPARE(r.status, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        for (const char* key : {"k", "inertia", "seconds", "clusters", "metric", "iterations"})
            QVERIFY2(o.contains(key), key);
        QCOMPARE(o["k"].toInt(), 2);
        QCOMPARE(o["metric"].toString(), QString("cosine"));
        QCOMPARE(o["rows"].toInt(), 10);
        const QJsonArray clusters = o["clusters"].toArray();
        QCOMPARE(clusters.size(), 2);
        // Equal sizes: the cluster holding the first row (cat) comes first.
        QCOMPARE(clusters[0].toObject()["size"].toInt(), 5);
        QCOMPARE(clusters[0].toObject()["central"].toArray(), (QJsonArray{"dog", "cat", "mouse"}));
        QCOMPARE(clusters[1].toObject()["central"].toArray(), (QJsonArray{"train", "car", "bus"}));
    }

    void euclideanWhenAsked() {
        const Run r = cli({"clusters", m_words, "-k", "2", "--metric", "euclidean", "--json"});
        QCOMPARE(r.status, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o["metric"].toString(), QString("euclidean"));
        // By distance the short rows of both kinds (cat, mouse, car, train, ...) go together.
        QVERIFY(o["clusters"].toArray()[0].toObject()["size"].toInt() != 5);
    }

    void otherFormatsDefaultToEuclidean() {
        const Run r =
            cli({"clusters", sample("digits.tsv"), "-k", "10", "--restarts", "2", "--json"});
        QCOMPARE(r.status, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o["metric"].toString(), QString("euclidean"));
        int total = 0, previous = 1 << 30;
        for (const auto& c : o["clusters"].toArray()) {
            const int size = c.toObject()["size"].toInt();
            QVERIFY(size <= previous);  // largest first
            previous = size;
            total += size;
            QCOMPARE(c.toObject()["central"].toArray().size(), 3);
        }
        QCOMPARE(total, 1797);
    }

    void tableHasOneRowPerWord() {
        const QString out = m_dir.filePath("clusters.tsv");
        const Run r = cli({"clusters", m_words, "-k", "2", "--out", out});
        QCOMPARE(r.status, 0);
        QVERIFY(r.out.contains("wrote 10 rows to"));
        const QList<QByteArray> lines = testsupport::readFile(out.toStdString()).split('\n');
        QCOMPARE(lines.size(), 12);  // header, 10 rows, the empty piece after the last newline
        QCOMPARE(lines[0], QByteArray("label\tcluster\tdistance\tk\tmetric\trestarts\tseed"));
        QVERIFY(lines[1].startsWith("cat\t0\t"));
        QVERIFY(lines[6].startsWith("car\t1\t"));
        QVERIFY(lines[11].isEmpty());
    }

    void suggestsK() {
        const Run r = cli({"clusters", m_words, "--suggest", "2..4", "--json"});
        QCOMPARE(r.status, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        const QJsonObject s = o["suggest"].toObject();
        QCOMPARE(s["k"].toArray(), (QJsonArray{2, 3, 4}));
        QCOMPARE(s["silhouette"].toArray().size(), 3);
        QCOMPARE(s["best"].toInt(), 2);
        QCOMPARE(o["k"].toInt(), 2);  // without -k, the best is used
        const Run text = cli({"clusters", m_words, "--suggest", "2..3", "-k", "3"});
        QCOMPARE(text.status, 0);
        QVERIFY2(text.out.startsWith("k\tsilhouette\n2\t"), text.out.constData());
        QVERIFY(text.out.contains("into 3 clusters"));
    }

    void usageErrorsExitTwo_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no k") << QStringList{"clusters", "x"}
                              << "clusters needs -k K (or --suggest A..B)";
        QTest::newRow("k zero") << QStringList{"clusters", "x", "-k", "0"}
                                << "-k must be at least 1";
        QTest::newRow("bad metric") << QStringList{"clusters", "x", "-k", "2", "--metric", "dot"}
                                    << "--metric must be cosine or euclidean, not 'dot'";
        QTest::newRow("bad range") << QStringList{"clusters", "x", "--suggest", "5..2"}
                                   << "--suggest needs a range A..B with 2 ≤ A ≤ B";
        QTest::newRow("no restarts") << QStringList{"clusters", "x", "-k", "2", "--restarts", "0"}
                                     << "--restarts must be at least 1";
    }
    void usageErrorsExitTwo() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = cli(args);
        QCOMPARE(r.status, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
    }

    void tooManyClustersFails() {
        const Run r = cli({"clusters", m_words, "-k", "11"});
        QCOMPARE(r.status, 1);
        QVERIFY2(
            r.err.contains("k = 11 clusters need at least as many rows, but there are 10 rows"),
            r.err.constData());
    }

private:
    QTemporaryDir m_dir;
    QString m_words;
};

QTEST_GUILESS_MAIN(TestCliClusters)
#include "tst_cli_clusters.moc"
