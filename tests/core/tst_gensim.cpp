// Files written by gensim 4.2 (tests/data/gensim, made once by make_fixtures.py): loadDataset
// reads gensim's text and binary word2vec files to exactly the values gensim wrote, and
// saveEmbedding converts each into the other format so that the bytes are the ones word2vec.c
// writes (which the script checked gensim reads back) and the text reads back bit-identical.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <bit>

#include "Error.h"
#include "TestSupport.h"
#include "io/Load.h"

using namespace embedscope;

Q_DECLARE_METATYPE(embedscope::Format)

namespace {

struct Expected {
    int dims = 0;
    std::vector<std::string> labels;
    std::vector<std::uint32_t> bits;
};

Expected readExpected() {
    Expected out;
    const QByteArray json = testsupport::readFile(testsupport::testData("gensim/expected.json"));
    const QJsonObject root = QJsonDocument::fromJson(json).object();
    out.dims = root["dims"].toInt();
    for (const QJsonValue& row : root["rows"].toArray()) {
        out.labels.push_back(row["label"].toString().toStdString());
        for (const QJsonValue& hex : row["bits"].toArray())
            out.bits.push_back(hex.toString().toUInt(nullptr, 16));
    }
    return out;
}

std::vector<std::uint32_t> bitsOf(std::span<const float> values) {
    std::vector<std::uint32_t> bits;
    for (float v : values) bits.push_back(std::bit_cast<std::uint32_t>(v));
    return bits;
}

}  // namespace

class TestGensim : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    Expected m_expected;

    void compareToExpected(const Dataset& d) {
        QCOMPARE(d.embedding.dims(), std::size_t(m_expected.dims));
        QCOMPARE(d.embedding.labels(), m_expected.labels);
        QCOMPARE(bitsOf(d.embedding.values()), m_expected.bits);
        QCOMPARE(d.summary.rowsInHeader, std::optional<std::size_t>(50));
        QCOMPARE(d.summary.rowsRead, std::size_t(50));
        QCOMPARE(d.summary.skipped, std::size_t(0));
        QCOMPARE(d.summary.invalidUtf8, std::size_t(0));
        QVERIFY(d.embedding.isFrequencyOrdered());
    }

private slots:
    void initTestCase() {
        testsupport::applyTestLocale();
        QVERIFY(m_dir.isValid());
        m_expected = readExpected();
        // The fixture itself: 50 words of dimension 7, decoded from JSON intact.
        QCOMPARE(m_expected.dims, 7);
        QCOMPARE(m_expected.labels.size(), std::size_t(50));
        QCOMPARE(m_expected.bits.size(), std::size_t(350));
        QCOMPARE(m_expected.labels[20], std::string("e\xCC\x81"));  // decomposed é
        QCOMPARE(m_expected.labels[46], std::string("comma,word"));
    }

    void loadsGensimFiles_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<Format>("format");
        QTest::newRow("text") << "vectors.txt" << Format::Word2VecText;
        QTest::newRow("binary, no newline after records")
            << "vectors.bin" << Format::Word2VecBinary;
        QTest::newRow("binary, word2vec.c newlines")
            << "vectors-word2vec-c.bin" << Format::Word2VecBinary;
    }
    void loadsGensimFiles() {
        QFETCH(QString, file);
        QFETCH(Format, format);
        const Dataset d =
            loadDataset(testsupport::testData(("gensim/" + file).toUtf8().constData()));
        QCOMPARE(d.format, format);
        compareToExpected(d);
    }

    // gensim text → our binary: exactly word2vec.c's bytes for the same words and floats.
    void textToBinaryIsWord2VecCBytes() {
        const Dataset d = loadDataset(testsupport::testData("gensim/vectors.txt"));
        const std::string out = m_dir.filePath("from-text.bin").toStdString();
        saveEmbedding(d.embedding, out, Format::Word2VecBinary);
        const QByteArray ours = testsupport::readFile(out);
        QCOMPARE(ours,
                 testsupport::readFile(testsupport::testData("gensim/vectors-word2vec-c.bin")));
        // and gensim's own binary is the same with the newline after each record left out
        const QByteArray gensim =
            testsupport::readFile(testsupport::testData("gensim/vectors.bin"));
        QCOMPARE(ours.size(), gensim.size() + 50);
        compareToExpected(loadDataset(out));
    }

    // gensim binary → our text and GloVe: read back bit-identical.
    void binaryToTextReadsBackIdentical_data() {
        QTest::addColumn<Format>("format");
        QTest::newRow("word2vec text") << Format::Word2VecText;
        QTest::newRow("GloVe text") << Format::GloveText;
    }
    void binaryToTextReadsBackIdentical() {
        QFETCH(Format, format);
        const Dataset d = loadDataset(testsupport::testData("gensim/vectors.bin"));
        const std::string out =
            m_dir.filePath(QString("from-binary-%1.txt").arg(int(format))).toStdString();
        saveEmbedding(d.embedding, out, format);
        const Dataset back = loadDataset(out);
        QCOMPARE(back.format, format);
        QCOMPARE(back.embedding.labels(), m_expected.labels);
        QCOMPARE(bitsOf(back.embedding.values()), m_expected.bits);
        // Every line as gensim writes it: the word, then 7 numbers after single spaces.
        const QList<QByteArray> lines = testsupport::readFile(out).split('\n');
        const int first = format == Format::Word2VecText ? 1 : 0;
        QCOMPARE(lines.size(), 50 + first + 1);  // final newline
        if (first) QCOMPARE(lines[0], QByteArray("50 7"));
        for (int i = 0; i < 50; ++i) {
            const QByteArray& line = lines[i + first];
            QVERIFY(line.startsWith(QByteArray::fromStdString(m_expected.labels[i]) + ' '));
            QCOMPARE(line.count(' '), 7);
        }
    }
};

QTEST_GUILESS_MAIN(TestGensim)
#include "tst_gensim.moc"
