// embedscope-cli end to end: help on every subcommand, exit statuses 0/1/2, errors that name the
// file and place on stderr, JSON results, conversion round trips and PCA against scikit-learn.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include "CliRun.h"
#include "TestSupport.h"
#include "io/Load.h"

using namespace embedscope;

namespace {
using Run = testsupport::CliRun;
Run cli(const QStringList& args) { return testsupport::runCli(args); }

QString sample(const char* name) {
    return QStringLiteral(EMBEDSCOPE_SOURCE_DIR "/resources/samples/") + QLatin1String(name);
}
}  // namespace

class TestCli : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { testsupport::applyTestLocale(); }

    void helpEverywhere_data() {
        QTest::addColumn<QString>("command");
        for (const char* c : {"info", "convert", "pca", "tsne", "quality", "clusters"}) QTest::newRow(c) << c;
    }
    void helpEverywhere() {
        QFETCH(QString, command);
        const Run r = cli({command, QStringLiteral("--help")});
        QCOMPARE(r.status, 0);
        QVERIFY(r.out.startsWith("usage: embedscope-cli " + command.toUtf8()));
        QVERIFY(r.out.contains("--help"));
    }

    void topLevelHelpListsCommands() {
        const Run r = cli({QStringLiteral("--help")});
        QCOMPARE(r.status, 0);
        QVERIFY2(r.out.contains("  info      Load FILE"), r.out.constData());
        QVERIFY(r.out.contains("  pca       Project IN onto principal components"));
        QVERIFY(r.out.contains("  quality   "));
    }

    void usageErrorsExitTwo_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no command") << QStringList{} << "usage:";
        QTest::newRow("unknown command") << QStringList{"frobnicate"} << "unknown command 'frobnicate'";
        QTest::newRow("missing file") << QStringList{"info"} << "'info' needs FILE";
        QTest::newRow("unknown option") << QStringList{"info", "x", "--colour"} << "unknown option --colour";
        QTest::newRow("bad dims") << QStringList{"pca", "x", "--dims", "4", "--out", "o.tsv"} << "--dims must be 2 or 3";
        QTest::newRow("bad format") << QStringList{"convert", "a", "b", "--to", "xls"} << "--to needs one of";
        QTest::newRow("bad count") << QStringList{"info", "x", "--max-rows", "-3"} << "--max-rows needs a whole number";
        QTest::newRow("top and first") << QStringList{"info", "x", "--top", "3", "--max-rows", "3"}
                                       << "--top and --max-rows cannot be combined";
        QTest::newRow("by without top") << QStringList{"info", "x", "--by", "count"} << "--by needs --top N";
        QTest::newRow("components vs dims")
            << QStringList{"pca", "x", "--dims", "3", "--components", "1,2", "--out", "o.tsv"}
            << "--components lists 2 components for --dims 3";
    }
    void usageErrorsExitTwo() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = cli(args);
        QCOMPARE(r.status, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
    }

    void badFileExitsOneNamingThePlace() {
        QTemporaryDir dir;
        const std::string path = testsupport::writeFile(dir, "bad.txt", "2 3\na 1 2 3\nb 1 x 3\n");
        const Run r = cli({QStringLiteral("info"), QString::fromStdString(path)});
        QCOMPARE(r.status, 1);
        QVERIFY2(r.err.contains(QByteArray::fromStdString(path) + ":3:"), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }

    // --top 2 --by freq: the two rows with the largest 'freq', in file order, named by the
    // metadata; a bad cell in that column is reported at its line and column.
    void topRowsByAMetadataColumn() {
        QTemporaryDir dir;
        const std::string vectors = testsupport::writeFile(dir, "v.tsv", "1\t0\n2\t0\n3\t0\n4\t0\n");
        const std::string meta = testsupport::writeFile(dir, "m.tsv", "word\tfreq\na\t5\nb\t9\nc\t1\nd\t7\n");
        const QString v = QString::fromStdString(vectors), m = QString::fromStdString(meta);
        Run r = cli({"neighbors", v, "b", "--metadata", m, "--top", "2", "--by", "freq", "--k", "5"});
        QCOMPARE(r.status, 0);
        // b and d were kept: d is b's one neighbour.
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        QVERIFY2(lines[1].trimmed().startsWith("d\t"), r.out.constData());
        testsupport::writeFile(dir, "m.tsv", "word\tfreq\na\t5\nb\tmany\nc\t1\nd\t7\n");
        r = cli({"info", v, "--metadata", m, "--top", "2"});
        QCOMPARE(r.status, 1);
        QVERIFY2(r.err.contains(QByteArray::fromStdString(meta) + ":3:3: 'many' is not a number"), r.err.constData());
    }

    void infoJson() {
        QTemporaryDir dir;
        const std::string path = testsupport::writeFile(dir, "v.txt", "3 2\nthe 0.5 1\nof 1e-3 -2\nthe 7 7\n");
        const Run r = cli({QStringLiteral("info"), QString::fromStdString(path), QStringLiteral("--json")});
        QCOMPARE(r.status, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o["format"].toString(), QStringLiteral("word2vec-text"));
        QCOMPARE(o["rows"].toInt(), 2);
        QCOMPARE(o["dims"].toInt(), 2);
        QCOMPARE(o["rows_in_header"].toInt(), 3);
        QCOMPARE(o["duplicates"].toInt(), 1);
        QCOMPARE(o["skipped"].toInt(), 0);
    }

    void sampleInfoWithMetadata() {
        const Run r = cli({QStringLiteral("info"), sample("digits.tsv"), QStringLiteral("--metadata"),
                           sample("digits-metadata.tsv"), QStringLiteral("--json")});
        QCOMPARE(r.status, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o["format"].toString(), QStringLiteral("projector-tsv"));
        QCOMPARE(o["rows"].toInt(), 1797);
        QCOMPARE(o["dims"].toInt(), 64);
        const QJsonArray cols = o["metadata_columns"].toArray();
        QCOMPARE(cols.size(), 3);
        QCOMPARE(cols[1].toObject()["name"].toString(), QStringLiteral("digit"));
        QCOMPARE(cols[1].toObject()["type"].toString(), QStringLiteral("categorical"));
    }

    void metadataBesideTheVectorsIsFound() {
        const Run r = cli({QStringLiteral("info"), sample("digits.tsv"), QStringLiteral("--json")});
        QCOMPARE(r.status, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o["metadata_columns"].toArray().size(), 3);
        QVERIFY(o["warnings"].toArray()[0].toString().contains(QStringLiteral("found beside the vectors")));
        QTemporaryDir dir;  // a lone copy has none: labels are row numbers
        QFile::copy(sample("digits.tsv"), dir.filePath("digits.tsv"));
        const Run lone = cli({QStringLiteral("info"), dir.filePath("digits.tsv"), QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(lone.out).object()["metadata_columns"].toArray().size(), 0);
    }

    // Every format out and back: labels byte-exact, values bit-exact.
    void convertRoundTrip_data() {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("ext");
        QTest::newRow("word2vec binary") << "word2vec-binary" << "bin";
        QTest::newRow("word2vec text") << "word2vec-text" << "txt";
        QTest::newRow("glove") << "glove" << "txt";
        QTest::newRow("npy") << "npy" << "npy";
        QTest::newRow("tsv") << "tsv" << "tsv";
    }
    void convertRoundTrip() {
        QFETCH(QString, format);
        QFETCH(QString, ext);
        QTemporaryDir dir;
        const std::string in = testsupport::writeFile(
            dir, "in.txt", "3 4\nk\xc3\xb6nig 0.1 -2.5e-07 3.4e38 0\n\xe2\x80\x94 1 2 3 4\nx -0 1e-40 5 6\n");
        const QString out = dir.filePath("out." + ext);
        const Run r = cli({QStringLiteral("convert"), QString::fromStdString(in), out, QStringLiteral("--to"), format});
        QVERIFY2(r.status == 0, r.err.constData());
        const Dataset a = loadDataset(in);
        LoadOptions opts;
        if (format == "tsv" || format == "npy") {
            // Unlabelled formats: compare values only.
        }
        const Dataset b = loadDataset(out.toStdString(), opts);
        QCOMPARE(b.embedding.rows(), a.embedding.rows());
        QCOMPARE(b.embedding.dims(), a.embedding.dims());
        QVERIFY(std::equal(a.embedding.values().begin(), a.embedding.values().end(),
                           b.embedding.values().begin(), [](float x, float y) {
                               return std::memcmp(&x, &y, sizeof x) == 0;
                           }));
        if (format != "tsv" && format != "npy") QCOMPARE(b.embedding.labels(), a.embedding.labels());
    }

    // PCA of the bundled digits against scikit-learn 1.2 (PCA(3, svd_solver='full')).
    void pcaMatchesScikitLearnOnDigits() {
        QTemporaryDir dir;
        const QString out = dir.filePath("coords.tsv");
        const Run r = cli({QStringLiteral("pca"), sample("digits.tsv"), QStringLiteral("--dims"), QStringLiteral("3"),
                           QStringLiteral("--out"), out, QStringLiteral("--json")});
        QVERIFY2(r.status == 0, r.err.constData());
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        const QJsonArray ratio = o["explained_variance_ratio"].toArray();
        QCOMPARE(ratio.size(), 3);
        const double expected[3] = {0.14890593584063844, 0.13618771239635452, 0.11794593763975804};
        for (int i = 0; i < 3; ++i) QVERIFY(std::abs(ratio[i].toDouble() - expected[i]) < 1e-6);
        // First point's coordinates, up to each axis' sign (the sign rules of the two differ).
        const QList<QByteArray> lines = testsupport::readFile(out.toStdString()).split('\n');
        QCOMPARE(lines[0], QByteArray("label\tx\ty\tz"));
        const QList<QByteArray> first = lines[1].split('\t');
        QCOMPARE(first[0], QByteArray("0#0000"));  // labels from digits-metadata.tsv beside it
        const double coords[3] = {1.25946645, 21.27488348, 9.46305462};
        for (int i = 0; i < 3; ++i) QVERIFY(std::abs(std::abs(first[i + 1].toDouble()) - coords[i]) < 1e-3);
        QCOMPARE(lines.size() - 2, 1797);  // header + rows + final newline
    }

    void tsneOnDigits() {
        QTemporaryDir dir;
        const QString out = dir.filePath("tsne.tsv");
        const Run r = cli({QStringLiteral("tsne"), sample("digits.tsv"), QStringLiteral("--dims"), QStringLiteral("2"),
                           QStringLiteral("--perplexity"), QStringLiteral("30"), QStringLiteral("--iterations"),
                           QStringLiteral("500"), QStringLiteral("--seed"), QStringLiteral("3"), QStringLiteral("--out"), out,
                           QStringLiteral("--json")});
        QVERIFY2(r.status == 0, r.err.constData());
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        for (const char* key : {"seconds", "kl", "trustworthiness", "knn_recall"})
            QVERIFY2(o.contains(QLatin1String(key)), key);
        QVERIFY(o["kl"].toDouble() > 0 && o["kl"].toDouble() < 3);
        QVERIFY(o["trustworthiness"].toDouble() > 0.95);  // digits' classes separate
        const QList<QByteArray> lines = testsupport::readFile(out.toStdString()).split('\n');
        QCOMPARE(lines[0], QByteArray("label\tx\ty"));
        QCOMPARE(lines.size(), 1797 + 2);
    }

    void tsneRefusesTooLargeAPerplexity() {
        QTemporaryDir dir;
        const std::string small = testsupport::writeFile(dir, "s.txt", "4 2\na 0 0\nb 1 0\nc 0 1\nd 1 1\n");
        const Run r = cli({QStringLiteral("tsne"), QString::fromStdString(small), QStringLiteral("--perplexity"),
                           QStringLiteral("30"), QStringLiteral("--out"), dir.filePath("o.tsv")});
        QCOMPARE(r.status, 1);
        QVERIFY2(r.err.contains("perplexity (30) must be less than the number of points (4)"), r.err.constData());
    }

    void pcaChosenComponents() {
        QTemporaryDir dir;
        const QString out = dir.filePath("c.csv");
        const Run r = cli({QStringLiteral("pca"), sample("digits.tsv"), QStringLiteral("--components"),
                           QStringLiteral("2,3"), QStringLiteral("--out"), out});
        QVERIFY2(r.status == 0, r.err.constData());
        const QList<QByteArray> first = testsupport::readFile(out.toStdString()).split('\n')[1].split(',');
        QVERIFY(std::abs(std::abs(first[1].toDouble()) - 21.27488348) < 1e-3);
        QVERIFY(std::abs(std::abs(first[2].toDouble()) - 9.46305462) < 1e-3);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
