// embedscope-cli train and analogies end to end: JSON shapes, the written files, usage errors (2),
// and bad corpora (1, naming the file and byte offset); analogies gives gensim's figures.
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

/// 600 lines of 10 words from 30 words, every word frequent enough for min-count 5.
QByteArray smallCorpus() {
    QByteArray text;
    std::uint32_t state = 3;
    for (int line = 0; line < 600; ++line) {
        for (int w = 0; w < 10; ++w) {
            state = state * 1664525u + 1013904223u;
            text += (w ? " word" : "word") + QByteArray::number((state >> 16) % 30);
        }
        text += '\n';
    }
    return text;
}
}  // namespace

class TestCliTrain : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_corpus;

private slots:
    void initTestCase() {
        testsupport::applyTestLocale();
        m_corpus =
            QString::fromStdString(testsupport::writeFile(m_dir, "corpus.txt", smallCorpus()));
    }

    void help() {
        const Run r = cli({"train", "--help"});
        QCOMPARE(r.status, 0);
        QVERIFY(r.out.startsWith("usage: embedscope-cli train CORPUS..."));
        for (const char* option :
             {"--out", "--format", "--dim", "--window", "--negative", "--sample", "--min-count",
              "--epochs", "--threads", "--model", "--seed", "--json"})
            QVERIFY2(r.out.contains(option), option);
        QCOMPARE(cli({"analogies", "--help"}).status, 0);
    }

    void trainJson() {
        const QString out = m_dir.filePath("v.txt"), meta = m_dir.filePath("v-meta.tsv");
        const Run r = cli({"train", m_corpus, "--out", out, "--format", "word2vec-text", "--dim",
                           "8", "--epochs", "2", "--threads", "1", "--model", "cbow", "--seed", "3",
                           "--metadata-out", meta, "--json"});
        QCOMPARE(r.status, 0);
        const QJsonObject j = QJsonDocument::fromJson(r.out).object();
        for (const char* key : {"seconds", "words_per_second", "vocabulary", "words"})
            QVERIFY2(j.contains(key), key);
        QCOMPARE(j["vocabulary"].toInt(), 30);
        QCOMPARE(j["words"].toInt(), 6000);
        QVERIFY(j["words_per_second"].toDouble() > 0);
        const QByteArray text = testsupport::readFile(out.toStdString());
        QVERIFY(text.startsWith("30 8\n"));
        const QList<QByteArray> metaLines = testsupport::readFile(meta.toStdString()).split('\n');
        QCOMPARE(metaLines[0], QByteArray("label\tfrequency\trank"));
        QVERIFY(metaLines[1].endsWith("\t1"));

        // --save-top keeps the most frequent rows; the format follows the extension.
        const QString top = m_dir.filePath("top.bin");
        QCOMPARE(
            cli({"train", m_corpus, "--out", top, "--dim", "4", "--epochs", "1", "--save-top", "5"})
                .status,
            0);
        QVERIFY(testsupport::readFile(top.toStdString()).startsWith("5 4\n"));
        const Run info = cli({"info", top, "--json"});
        QCOMPARE(QJsonDocument::fromJson(info.out).object()["format"].toString(),
                 QString("word2vec-binary"));
    }

    void usageErrors_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no out") << QStringList{"train", "x.txt"} << "train needs --out FILE";
        QTest::newRow("no corpus")
            << QStringList{"train", "--out", "v.bin"} << "'train' needs CORPUS...";
        QTest::newRow("model") << QStringList{"train", "x.txt",   "--out",
                                              "v.bin", "--model", "glove"}
                               << "--model must be skipgram or cbow";
        QTest::newRow("dim 0") << QStringList{"train", "x.txt", "--out", "v.bin", "--dim", "0"}
                               << "--dim must be at least 1";
        QTest::newRow("sample") << QStringList{"train", "x.txt", "--out", "v.bin", "--sample", "-1"}
                                << "--sample needs a number ≥ 0, not '-1'";
        QTest::newRow("analogies needs questions")
            << QStringList{"analogies", "v.bin"} << "'analogies' needs QUESTIONS";
    }
    void usageErrors() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = cli(args);
        QCOMPARE(r.status, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
    }

    void badCorpora() {
        const QString junk = QString::fromStdString(
            testsupport::writeFile(m_dir, "junk.bin", QByteArray("ab\0cd", 5)));
        Run r = cli({"train", junk, "--out", m_dir.filePath("j.bin")});
        QCOMPARE(r.status, 1);
        QCOMPARE(QString::fromUtf8(r.err).trimmed(),
                 "embedscope-cli: error: " + junk +
                     ":1:3: a NUL byte: this looks like a binary file, not UTF-8 text "
                     "(byte offset 2)");
        const QString latin1 =
            QString::fromStdString(testsupport::writeFile(m_dir, "latin1.txt", "ok\ncaf\xE9\n"));
        r = cli({"train", latin1, "--out", m_dir.filePath("l.bin")});
        QCOMPARE(r.status, 1);
        QVERIFY2(r.err.contains(latin1.toUtf8() + ":2:4: not valid UTF-8 (byte 0xe9)"),
                 r.err.constData());
        r = cli({"train", m_corpus, "--out", m_dir.filePath("m.bin"), "--min-count", "100000"});
        QCOMPARE(r.status, 1);
        QVERIFY2(r.err.contains("no word occurs at least 100000 times (min-count)"),
                 r.err.constData());
        QVERIFY(!QFile::exists(m_dir.filePath("m.bin")));
    }

    void analogiesMatchGensim() {
        // gensim 4.2 on the same files (tests/data/analogy/make_fixtures.py): 90/188 at
        // restrict_vocab 300000, 15/18 at 40.
        const QString vectors =
            QString::fromStdString(testsupport::testData("analogy/vectors.txt"));
        const QString questions =
            QString::fromStdString(testsupport::testData("analogy/questions.txt"));
        Run r = cli({"analogies", vectors, questions, "--restrict", "300000", "--json"});
        QCOMPARE(r.status, 0);
        QJsonObject j = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(j["questions"].toInt(), 188);
        QCOMPARE(j["accuracy"].toDouble(), 90.0 / 188.0);
        const QJsonArray sections = j["sections"].toArray();
        QCOMPARE(sections.size(), 3);
        QCOMPARE(sections[0].toObject()["name"].toString(), QString("capital-common-countries"));
        QCOMPARE(sections[0].toObject()["questions"].toInt(), 132);
        QCOMPARE(sections[0].toObject()["accuracy"].toDouble(), 59.0 / 132.0);
        r = cli({"analogies", vectors, questions, "--restrict", "40", "--json"});
        j = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(j["questions"].toInt(), 18);
        QCOMPARE(j["accuracy"].toDouble(), 15.0 / 18.0);
    }
};

QTEST_GUILESS_MAIN(TestCliTrain)
#include "tst_cli_train.moc"
