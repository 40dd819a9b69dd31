// Wrong answers and misleading messages a mutational probe of the CLI found (issue 10 item 5):
// --json stays valid UTF-8 JSON whatever bytes a file holds, PCA of huge values, values beyond the
// float32 range.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

#include "CliRun.h"
#include "TestSupport.h"

namespace {
using Run = testsupport::CliRun;
Run cli(const QStringList& args) {
    return testsupport::runCli(args);
}
}  // namespace

class TestCliProbe : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString write(const QString& name, const QByteArray& bytes) {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly)) return {};
        f.write(bytes);
        return path;
    }

private slots:
    void initTestCase() {
        testsupport::applyTestLocale();
        QVERIFY(m_dir.isValid());
    }

    // convert wrote a binary file info then read as text ("'AAA?' is not a number"): the float
    // 0.75490195 is the bytes "AAA?", no control byte to tell binary by.
    void convertThenInfoReadsBinary() {
        const QString in = write("one.txt", "1 1\na 0.75490195\n");
        const QString out = m_dir.filePath("one.data");
        QCOMPARE(cli({"convert", in, out, "--to", "word2vec-binary"}).status, 0);
        const Run r = cli({"info", out, "--json"});
        QVERIFY2(r.status == 0, r.err.constData());
        QCOMPARE(QJsonDocument::fromJson(r.out).object()["format"].toString(),
                 QStringLiteral("word2vec-binary"));
    }

    // A Latin-1 'é' (one byte 0xE9) in a metadata header, and a lone continuation byte in a
    // label: each such byte is written as \u00XX, its Latin-1 character.
    void jsonIsValidUtf8() {
        const QString vectors = write("v.tsv", "1\t2\n3\t4\n");
        const QString meta = write("m.tsv", "label\tcaf\xe9\na\tx\nb\x80\ty\n");
        const Run r = cli({"info", vectors, "--metadata", meta, "--json"});
        QCOMPARE(r.status, 0);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(r.out, &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QVERIFY2(r.out.contains("caf\\u00e9"), r.out.constData());
        QVERIFY(QString::fromUtf8(r.out).toUtf8() == r.out);  // valid UTF-8 throughout
        const QJsonArray cols = doc.object()["metadata_columns"].toArray();
        QCOMPARE(cols[1].toObject()["name"].toString(), QStringLiteral("café"));
    }

    // The rows: the float products used to overflow, giving ratios [0, 0].
    void pcaOfHugeValues() {
        const QString in = write("huge.txt", "a 1e20 0\nb 0 1\nc 0 0\n");
        const Run r = cli({"pca", in, "--out", m_dir.filePath("huge.tsv"), "--json"});
        QCOMPARE(r.status, 0);
        const QJsonArray ratios =
            QJsonDocument::fromJson(r.out).object()["explained_variance_ratio"].toArray();
        QCOMPARE(ratios.size(), 2);
        QVERIFY2(std::abs(ratios[0].toDouble() - 1) < 1e-9, r.out.constData());
        QVERIFY2(ratios[1].toDouble() < 1e-30, r.out.constData());
    }

    void beyondFloat32() {
        const QString in = write("beyond.txt", "a 1 2\nb 3.5e38 4\n");
        const Run r = cli({"info", in});
        QCOMPARE(r.status, 1);
        QCOMPARE(QString::fromUtf8(r.err).trimmed(),
                 "embedscope-cli: error: " + in +
                     ":2:3: value 1 of 'b' is outside the float32 range (beyond ±3.4e38) or "
                     "infinite");
    }

    // Too few rows: always an error that names the file (t-SNE on one row used to succeed while
    // two or three were refused; PCA's and t-SNE's messages named no file).
    void tooFewRowsNameTheFile_data() {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QByteArray>("rows");
        QTest::addColumn<QString>("message");
        QTest::newRow("tsne, 1 row")
            << "tsne" << QByteArray("a 1 2\n") << "t-SNE needs at least 2 rows, got 1";
        QTest::newRow("tsne, 3 rows")
            << "tsne" << QByteArray("a 1 2\nb 2 3\nc 0 1\n")
            << "perplexity (30) must be less than the number of points (3)";
        QTest::newRow("pca, 1 row")
            << "pca" << QByteArray("a 1 2\n") << "PCA needs at least 2 rows, got 1";
    }
    void tooFewRowsNameTheFile() {
        QFETCH(QString, command);
        QFETCH(QByteArray, rows);
        QFETCH(QString, message);
        const QString in = write("few.txt", rows);
        const Run r = cli({command, in, "--out", m_dir.filePath("few.tsv")});
        QCOMPARE(r.status, 1);
        QCOMPARE(QString::fromUtf8(r.err).trimmed(),
                 "embedscope-cli: error: " + in + ": " + message);
    }

    // "--max-rows 0" used to load every row.
    void maxRowsZeroRefused() {
        const QString in = write("rows.txt", "a 1 2\nb 2 3\n");
        const Run r = cli({"info", in, "--max-rows", "0"});
        QCOMPARE(r.status, 2);
        QVERIFY2(r.err.contains("--max-rows must be at least 1 (leave it out to read every row)"),
                 r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliProbe)
#include "tst_cli_probe.moc"
