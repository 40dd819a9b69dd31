// embedscope-cli quality end to end: help, JSON against scikit-learn's values, usage errors (2),
// and files that do not belong together (1, naming the file and line).
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include "CliRun.h"
#include "TestSupport.h"

namespace {
using Run = testsupport::CliRun;
Run cli(const QStringList& args) { return testsupport::runCli(args); }

QString fixture(const char* name) {
    return QString::fromStdString(testsupport::testData("quality/")) + QLatin1String(name);
}
}  // namespace

class TestCliQuality : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { testsupport::applyTestLocale(); }

    void help() {
        const Run r = cli({"quality", "--help"});
        QCOMPARE(r.status, 0);
        QVERIFY(r.out.startsWith("usage: embedscope-cli quality"));
        for (const char* option : {"--help", "-k", "--sample", "--metric", "--json", "--max-rows"})
            QVERIFY2(r.out.contains(option), option);
    }

    void jsonMatchesScikitLearn_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("k");
        QTest::addColumn<double>("trustworthiness");
        QTest::addColumn<double>("recall");
        // From tests/data/quality/reference.tsv (sklearn.manifold.trustworthiness).
        QTest::newRow("pca, euclidean, k 10") << QStringList{fixture("layout_pca.tsv"), "-k", "10"}
                                              << 10 << 0.93636183395291206 << 0.43666666666666665;
        QTest::newRow("random, cosine, k 5")
            << QStringList{fixture("layout_random.tsv"), "-k", "5", "--metric", "cosine"} << 5
            << 0.50384037558685446 << 0.025333333333333333;
        QTest::newRow("pca, euclidean, default k") << QStringList{fixture("layout_pca.tsv")} << 10
                                                   << 0.93636183395291206 << 0.43666666666666665;
    }
    void jsonMatchesScikitLearn() {
        QFETCH(QStringList, args);
        QFETCH(int, k);
        QFETCH(double, trustworthiness);
        QFETCH(double, recall);
        const Run r = cli(QStringList{"quality", fixture("vectors.txt")} + args +
                          QStringList{"--json", "--sample", "0"});
        QCOMPARE(r.status, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.keys(), (QStringList{"k", "knn_recall", "sample", "trustworthiness"}));
        QCOMPARE(o["k"].toInt(), k);
        QCOMPARE(o["sample"].toInt(), 150);
        QVERIFY(std::abs(o["trustworthiness"].toDouble() - trustworthiness) < 1e-9);
        QVERIFY(std::abs(o["knn_recall"].toDouble() - recall) < 1e-12);
    }

    void textAndSample() {
        const Run r =
            cli({"quality", fixture("vectors.txt"), fixture("layout_pca.tsv"), "--sample", "40"});
        QCOMPARE(r.status, 0);
        QVERIFY2(r.out.contains("points:          150 (40 sampled)"), r.out.constData());
        QVERIFY(r.out.contains("trustworthiness: 0."));
        QVERIFY(r.out.contains("kNN recall:      0."));
    }

    void usageErrorsExitTwo_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no COORDS") << QStringList{"quality", "x.txt"} << "'quality' needs COORDS";
        QTest::newRow("bad metric") << QStringList{"quality", "x", "y", "--metric", "manhattan"}
                                    << "--metric must be euclidean, cosine or dot, not 'manhattan'";
        QTest::newRow("k zero") << QStringList{"quality", "x", "y", "-k", "0"}
                                << "-k must be at least 1";
        QTest::newRow("negative sample") << QStringList{"quality", "x", "y", "--sample", "-5"}
                                         << "--sample needs a whole number";
    }
    void usageErrorsExitTwo() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = cli(args);
        QCOMPARE(r.status, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
    }

    void mismatchedFilesExitOne_data() {
        QTest::addColumn<int>("edit");
        QTest::addColumn<QString>("message");
        QTest::newRow("label differs")
            << 0 << ":4: the label \"zz\" does not match row 3 of the embedding (\"p2\")";
        QTest::newRow("rows swapped")
            << 1 << ":2: the label \"p1\" does not match row 1 of the embedding (\"p0\")";
        QTest::newRow("a point short")
            << 2 << ": the layout has 149 points but the embedding has 150 rows";
        QTest::newRow("k too large")
            << 3 << "k (= 75) must be smaller than half the number of points (150)";
    }
    void mismatchedFilesExitOne() {
        QFETCH(int, edit);
        QFETCH(QString, message);
        QList<QByteArray> lines =
            testsupport::readFile(fixture("layout_pca.tsv").toStdString()).split('\n');
        if (edit == 0) lines[3].replace("p2\t", "zz\t");
        if (edit == 1) std::swap(lines[1], lines[2]);
        if (edit == 2) lines.removeAt(150);  // the last point (a final empty line follows)
        QTemporaryDir dir;
        const std::string path = testsupport::writeFile(dir, "coords.tsv", lines.join('\n'));
        QStringList args{"quality", fixture("vectors.txt"), QString::fromStdString(path)};
        if (edit == 3)
            args << "-k"
                 << "75";
        const Run r = cli(args);
        QCOMPARE(r.status, 1);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
        if (edit < 3) QVERIFY(r.err.contains(QByteArray::fromStdString(path)));
        QVERIFY(r.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCliQuality)
#include "tst_cli_quality.moc"
