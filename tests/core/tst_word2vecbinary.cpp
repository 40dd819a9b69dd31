// word2vec binary reading: bad-inputs.md sections 1, 3, 5 and 9 (progress, cancel, large files).
#include <QtTest>
#include <cmath>
#include <cstring>
#include <limits>
#include <thread>

#include "CancelCheck.h"
#include "TestSupport.h"
#include "io/Readers.h"

using namespace embedscope;

namespace {

QByteArray floats(const QList<float>& values) {
    QByteArray out;
    for (float v : values) {
        char bytes[4];
        std::memcpy(bytes, &v, 4);
        if constexpr (std::endian::native == std::endian::big) std::reverse(bytes, bytes + 4);
        out.append(bytes, 4);
    }
    return out;
}

/// One record: the word, a space, the values, then `after` (word2vec.c writes "\n").
QByteArray rec(const QByteArray& word, const QList<float>& values, const QByteArray& after = "\n") {
    return word + ' ' + floats(values) + after;
}

const QList<float> kA{1.5f, -2.0f, 0.25f};
const QList<float> kB{4.0f, 5.5f, -6.75f};
const QList<float> kC{-0.0f, 1e-45f, 3.4e38f};
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

QString off(qsizetype offset, int record = 0) {
    return "@" + QString::number(offset) + (record ? ", record " + QString::number(record) : "");
}

bool sameBits(std::span<const float> got, const QList<float>& want) {
    return got.size() == std::size_t(want.size()) &&
           std::memcmp(got.data(), want.constData(), got.size() * sizeof(float)) == 0;
}

}  // namespace

class TestWord2VecBinary : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { testsupport::applyTestLocale(); }

    void rejects_data();
    void rejects();
    void loads_data();
    void loads();
    void largeFile_data();
    void largeFile();
    void streamedFileSkipsNonFiniteRows();
    void cancel_data();
    void cancel();

private:
    QTemporaryDir m_dir;
};

void TestWord2VecBinary::rejects_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("where");    // after the path
    QTest::addColumn<QString>("message");  // part of the sentence

    const QByteArray long1 = "abcdefghijklmnop";  // long words keep the header count plausible
    const QByteArray ab = rec("a", kA) + rec("b", kB);

    // Section 1: headers.
    QTest::newRow("empty file") << QByteArray() << off(0) << "the file is empty";
    QTest::newRow("no newline in the first 256 bytes")
        << QByteArray(300, 'x') << off(0) << "the first 256 bytes hold no newline";
    QTest::newRow("header only") << QByteArray("2 3\n") << off(4)
                                 << "the header claims 2 rows of 3 values, which need at least 26 "
                                    "bytes, but only 0 bytes follow the header (room for at most "
                                    "0 rows)";
    QTest::newRow("count 0") << "0 3\n" + ab << off(0) << "the file holds 0 words";
    QTest::newRow("dimension 0") << "2 0\n" + ab << off(0) << "dimension 0";
    QTest::newRow("negative count") << "-2 3\n" + ab << off(0) << "negative number: '-2 3'";
    QTest::newRow("negative dimension") << "2 -3\n" + ab << off(0) << "negative number: '2 -3'";
    QTest::newRow("words for numbers") << "two 3\n" + ab << off(0)
                                       << "header line 1 must be two whole numbers 'N D' (word "
                                          "count and dimension), found 'two 3'";
    QTest::newRow("decimal count") << "2.0 3\n" + ab << off(0) << "found '2.0 3'";
    QTest::newRow("one number") << "2\n" + ab << off(0) << "found '2'";
    QTest::newRow("three numbers") << "2 3 4\n" + ab << off(0) << "found '2 3 4'";
    QTest::newRow("text file given as binary")
        << QByteArray("2 3\na 0.1 0.2 0.3\nb 1 2 3\n") << off(4) << "room for at most 1 rows";
    QTest::newRow("absurd count") << "1000000000000 300\n" + ab << off(18)
                                  << "the header claims 1000000000000 rows of 300 values, which "
                                     "need at least 1201000000000000 bytes, but only 30 bytes "
                                     "follow the header (room for at most 0 rows)";
    QTest::newRow("count and dimension past 64 bits")
        << "9223372036854775807 9223372036854775807\n" + ab << off(40)
        << "which need at least 340282366920938463398811003173784780803 bytes";
    QTest::newRow("count too large for the file")
        << "5 3\n" + ab << off(4) << "room for at most 2 rows";

    // Section 5: records.
    const QByteArray cut = "2 3\n" + rec(long1, kA) + rec("b", kB).left(9);
    QTest::newRow("truncated last record") << cut << off(34, 2)
                                           << "truncated record: the word 'b' needs 12 bytes of "
                                              "values, but the file ends after 7";
    const QByteArray cutWord = "2 3\n" + rec(long1, kA) + "bcd";
    QTest::newRow("truncated inside the word") << cutWord << off(34, 2)
                                               << "truncated record: the file ends inside the "
                                                  "word 'bcd'";
    const QByteArray more = "3 3\n" + rec(long1, kA) + rec(long1, kB);
    QTest::newRow("count larger than the data") << more << off(more.size(), 3)
                                                << "the file ends before record 3 of the 3 its "
                                                   "header promises (1 missing)";
    const QByteArray nan = "2 3\n" + rec("a", kA) + rec("b", {1, kNaN, 2});
    QTest::newRow("NaN") << nan << off(19, 2) << "value 2 of 'b' is not finite";
    const QByteArray inf = "2 3\n" + rec("a", {1, 2, -kInf}) + rec("b", kB);
    QTest::newRow("-inf") << inf << off(4, 1) << "value 3 of 'a' is not finite";
    // Header says 2 values, records hold 3: record 2 starts inside record 1's values.
    const QByteArray wrongDims = "2 2\n" + rec("a", {1, 2, 3}) + rec("b", {1, 2, 3});
    QTest::newRow("dimension smaller than the data") << wrongDims << off(14, 2)
                                                     << "contains a NUL byte: the records do not "
                                                        "line up with the header's dimension 2";
}

void TestWord2VecBinary::rejects() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, where);
    QFETCH(QString, message);
    const std::string path = testsupport::writeFile(m_dir, "bad.bin", bytes);
    try {
        readWord2VecBinary(path, {}, Progress::none());
        QFAIL("no error");
    } catch (const Error& e) {
        QCOMPARE(QString::fromStdString(e.where().toString()),
                 QString::fromStdString(path) + where);
        if (!QString::fromStdString(e.message()).contains(message))
            QFAIL(qPrintable("message: " + QString::fromStdString(e.message())));
    }
}

void TestWord2VecBinary::loads_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("skip");  // BadRowPolicy::SkipAndReport
    QTest::addColumn<int>("maxRows");
    QTest::addColumn<QList<QByteArray>>("labels");
    QTest::addColumn<QList<float>>("values");
    QTest::addColumn<int>("rowsInHeader");
    QTest::addColumn<int>("skipped");
    QTest::addColumn<int>("nonFinite");
    QTest::addColumn<int>("invalidUtf8");
    QTest::addColumn<bool>("latin1");
    QTest::addColumn<QStringList>("problems");  // each: location after the path + message start
    QTest::addColumn<QStringList>("warnings");  // a part of each

    const QList<QByteArray> ab{"a", "b"};
    const QList<float> vab = kA + kB;
    auto plain = [&](const char* name, const QByteArray& bytes) {
        QTest::newRow(name) << bytes << false << 0 << ab << vab << 2 << 0 << 0 << 0 << false
                            << QStringList() << QStringList();
    };
    plain("newline after each record", "2 3\n" + rec("a", kA) + rec("b", kB));
    plain("no newline after records", "2 3\n" + rec("a", kA, "") + rec("b", kB, ""));
    plain("newline before each word", "2 3\n\n" + rec("a", kA, "\n") + rec("b", kB, ""));
    plain("CRLF header and records", "2 3\r\n" + rec("a", kA, "\r\n") + rec("b", kB, "\r\n"));
    plain("trailing space in header", "2 3 \n" + rec("a", kA) + rec("b", kB));
    plain("spaces and tab in header", " 2 \t3  \r\n" + rec("a", kA) + rec("b", kB));
    plain("blank lines between records", "2 3\n" + rec("a", kA, "\n\n\n") + rec("b", kB));
    plain("newlines after the last record", "2 3\n" + rec("a", kA) + rec("b", kB, "\n\n\r\n"));

    const QByteArray w1 = "abcdefghijklmnop", w2 = "qrstuvwxyzabcdef";
    QTest::newRow("truncated last record (skip)")
        << "2 3\n" + rec(w1, kA) + rec("b", kB).left(9) << true << 0 << QList<QByteArray>{w1} << kA
        << 2 << 1 << 0 << 0 << false
        << QStringList{"@34, record 2: truncated record: the word 'b' needs 12 bytes"}
        << QStringList();
    const QByteArray twoOfFour = "4 3\n" + rec(w1, kA) + rec(w2, kB);
    QTest::newRow("count larger than the data (skip)")
        << twoOfFour << true << 0 << QList<QByteArray>{w1, w2} << vab << 4 << 2 << 0 << 0 << false
        << QStringList{off(64, 3) +
                       ": the file ends before record 3 of the 4 its header "
                       "promises (2 missing)"}
        << QStringList();
    const QByteArray cutOfFour = twoOfFour + rec("c", kC).left(9);
    QTest::newRow("truncated and count larger (skip)")
        << cutOfFour << true << 0 << QList<QByteArray>{w1, w2} << vab << 4 << 2 << 0 << 0 << false
        << QStringList{"@64, record 3: truncated record",
                       off(cutOfFour.size(), 4) + ": the file ends before record 4 of the 4"}
        << QStringList();
    QTest::newRow("count smaller than the data")
        << "1 3\n" + rec("a", kA) + rec("b", kB) << false << 0 << QList<QByteArray>{"a"} << kA << 1
        << 0 << 0 << 0 << false << QStringList()
        << QStringList{"@19: 15 bytes follow the 1 records the header promises"};
    QTest::newRow("NaN (skip)") << "3 3\n" + rec("a", kA) + rec("n", {1, kNaN, 2}) + rec("b", kB)
                                << true << 0 << ab << vab << 3 << 1 << 1 << 0 << false
                                << QStringList{"@19, record 2: value 2 of 'n' is not finite"}
                                << QStringList();
    QTest::newRow("inf and -inf (skip)")
        << "4 3\n" + rec("i", {kInf, 0, 0}) + rec("a", kA) + rec("j", {0, 0, -kInf}) + rec("b", kB)
        << true << 0 << ab << vab << 4 << 2 << 2 << 0 << false
        << QStringList{"@4, record 1: value 1 of 'i'", "@34, record 3: value 3 of 'j'"}
        << QStringList();

    // Section 3: words are kept byte for byte.
    QByteArray cut100;
    for (int i = 0; i < 50; ++i) cut100 += "\xc3\xa9";  // é
    cut100.chop(1);                                     // word2vec.c: 100 bytes, mid-character
    cut100 += 'x';
    QTest::newRow("word cut mid-character")
        << "2 3\n" + rec(cut100, kA) + rec("\xc3\xbc", kB) << false << 0
        << QList<QByteArray>{cut100, "\xc3\xbc"} << vab << 2 << 0 << 0 << 1 << false
        << QStringList() << QStringList();
    QTest::newRow("Latin-1 words") << "2 3\n" + rec("caf\xe9", kA) + rec("na\xefve", kB) << false
                                   << 0 << QList<QByteArray>{"caf\xc3\xa9", "na\xc3\xafve"} << vab
                                   << 2 << 0 << 0 << 0 << true << QStringList() << QStringList();
    QTest::newRow("duplicate word") << "3 3\n" + rec("a", kA) + rec("b", kB) + rec("a", kC) << false
                                    << 0 << ab << vab << 3 << 0 << 0 << 0 << false << QStringList()
                                    << QStringList{"duplicate 'a' (row 3) dropped, first kept"};
    QTest::newRow("first row only (maxRows)")
        << "2 3\n" + rec("a", kA) + rec("b", kB) << false << 1 << QList<QByteArray>{"a"} << kA << 2
        << 0 << 0 << 0 << false << QStringList() << QStringList();
    const QByteArray odd =
        "a\xc2\xa0"
        "b\tc\xe2\x80\x89"
        "d";  // no-break space, tab, thin space
    QTest::newRow("unicode spaces and tab in a word")
        << "2 3\n" + rec(odd, kA) + rec("b", kB) << false << 0 << QList<QByteArray>{odd, "b"} << vab
        << 2 << 0 << 0 << 0 << false << QStringList() << QStringList();
    QTest::newRow("empty word") << "2 3\n" + rec("", kA) + rec("b", kB) << false << 0
                                << QList<QByteArray>{"", "b"} << vab << 2 << 0 << 0 << 0 << false
                                << QStringList() << QStringList();
    QTest::newRow("</s> first") << "3 3\n" + rec("</s>", kC) + rec("a", kA) + rec("b", kB) << false
                                << 0 << QList<QByteArray>{"</s>", "a", "b"} << kC + vab << 3 << 0
                                << 0 << 0 << false << QStringList() << QStringList();
}

void TestWord2VecBinary::loads() {
    QFETCH(QByteArray, bytes);
    QFETCH(bool, skip);
    QFETCH(int, maxRows);
    QFETCH(QList<QByteArray>, labels);
    QFETCH(QList<float>, values);
    QFETCH(int, rowsInHeader);
    QFETCH(int, skipped);
    QFETCH(int, nonFinite);
    QFETCH(int, invalidUtf8);
    QFETCH(bool, latin1);
    QFETCH(QStringList, problems);
    QFETCH(QStringList, warnings);
    const std::string path = testsupport::writeFile(m_dir, "good.bin", bytes);
    LoadOptions options;
    options.badRows = skip ? BadRowPolicy::SkipAndReport : BadRowPolicy::Reject;
    options.maxRows = std::size_t(maxRows);
    const Dataset d = readWord2VecBinary(path, options, Progress::none());

    QList<QByteArray> gotLabels;
    for (const auto& l : d.embedding.labels()) gotLabels << QByteArray::fromStdString(l);
    QCOMPARE(gotLabels, labels);
    QCOMPARE(d.embedding.dims(), std::size_t(3));
    QVERIFY(sameBits(d.embedding.values(), values));
    QVERIFY(d.embedding.isFrequencyOrdered());
    const LoadSummary& s = d.summary;
    QCOMPARE(s.rowsInHeader, std::optional<std::size_t>(rowsInHeader));
    QCOMPARE(s.rowsRead, std::size_t(labels.size()));
    QCOMPARE(s.skipped, std::size_t(skipped));
    QCOMPARE(s.nonFinite, std::size_t(nonFinite));
    QCOMPARE(s.invalidUtf8, std::size_t(invalidUtf8));
    QCOMPARE(s.decodedAsLatin1, latin1);
    QCOMPARE(s.truncatedByMaxRows, maxRows > 0);
    const bool duplicate = QByteArray(QTest::currentDataTag()) == "duplicate word";
    QCOMPARE(s.duplicates, std::size_t(duplicate ? 1 : 0));
    QCOMPARE(int(s.problems.size()), problems.size());
    for (int i = 0; i < problems.size(); ++i)
        QVERIFY2(QString::fromStdString(s.problems[i])
                     .startsWith(QString::fromStdString(path) + problems[i]),
                 s.problems[i].c_str());
    QCOMPARE(int(s.warnings.size()), warnings.size());
    for (int i = 0; i < warnings.size(); ++i)
        QVERIFY2(QString::fromStdString(s.warnings[i]).contains(warnings[i]),
                 s.warnings[i].c_str());
}

void TestWord2VecBinary::largeFile_data() {
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("dims");
    QTest::addColumn<QByteArray>("after");  // what follows each record
    QTest::addColumn<int>("maxRows");
    // ~19 MB: records straddle the 1 MB progress steps and the 16 MB page release.
    QTest::newRow("8000x600, newline after records") << 8000 << 600 << QByteArray("\n") << 0;
    QTest::newRow("8000x600, no newlines") << 8000 << 600 << QByteArray() << 0;
    QTest::newRow("8000x600, first 7000 rows") << 8000 << 600 << QByteArray("\n") << 7000;
}

void TestWord2VecBinary::largeFile() {
    QFETCH(int, rows);
    QFETCH(int, dims);
    QFETCH(QByteArray, after);
    QFETCH(int, maxRows);
    auto word = [](int r) {  // lengths 1 to 12 so records do not line up with pages
        return QByteArray::number(r, 36) + QByteArray(r % 9, '-');
    };
    auto value = [](int r, int c) { return float(r) * 0.001f - float(c) * 3.0f; };
    QByteArray file = QByteArray::number(rows) + ' ' + QByteArray::number(dims) + '\n';
    file.reserve(qsizetype(rows) * (dims * 4 + 14));
    QList<float> v(dims);
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < dims; ++c) v[c] = value(r, c);
        file += rec(word(r), v, after);
    }
    const std::string path = testsupport::writeFile(m_dir, "large.bin", file);
    LoadOptions options;
    options.maxRows = std::size_t(maxRows);
    const Dataset d = readWord2VecBinary(path, options, Progress::none());
    const int kept = maxRows ? maxRows : rows;
    QCOMPARE(d.embedding.rows(), std::size_t(kept));
    for (int r = 0; r < kept; ++r) {
        if (d.embedding.label(r) != word(r).toStdString())
            QFAIL(qPrintable(QString("label %1").arg(r)));
        for (int c = 0; c < dims; ++c)
            if (d.embedding.row(r)[c] != value(r, c))
                QFAIL(qPrintable(QString("row %1 col %2").arg(r).arg(c)));
    }
    QVERIFY(d.summary.warnings.empty());
    QCOMPARE(d.summary.truncatedByMaxRows, maxRows > 0);
}

// Past 64 MB the values are copied with streaming stores on a second thread while the next
// records are found. An odd dimension puts every other row off the 16-byte grid those stores
// need. Rows with a nan or an inf are dropped (the first, the last, two pairs at the edges of the
// reader's 2 MB chunks of 436 such rows, one inside a chunk), and every row after them moves
// down intact.
void TestWord2VecBinary::streamedFileSkipsNonFiniteRows() {
    const int rows = 14'000, dims = 1'201;  // 67 MB of values
    auto word = [](int r) { return QByteArray::number(r, 36) + QByteArray(r % 7, '_'); };
    auto value = [](int r, int c) { return float(r) * 0.25f + float(c) * 0.001f; };
    const QList<int> bad = {0, 435, 436, 871, 872, 5000, 13'999};
    QByteArray file = QByteArray::number(rows) + ' ' + QByteArray::number(dims) + '\n';
    file.reserve(qsizetype(rows) * (dims * 4 + 12));
    QList<float> v(dims);
    QList<qsizetype> offset(rows);
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < dims; ++c) v[c] = value(r, c);
        if (bad.contains(r)) v[(r * 7) % dims] = r % 2 ? kInf : kNaN;
        offset[r] = file.size();
        file += rec(word(r), v, r % 3 ? "\n" : "");
    }
    const std::string path = testsupport::writeFile(m_dir, "streamed.bin", file);
    LoadOptions options;
    options.badRows = BadRowPolicy::SkipAndReport;
    const Dataset d = readWord2VecBinary(path, options, Progress::none());

    QCOMPARE(d.summary.nonFinite, std::size_t(bad.size()));
    QCOMPARE(d.summary.skipped, std::size_t(bad.size()));
    QCOMPARE(d.embedding.rows(), std::size_t(rows - bad.size()));
    QVERIFY2(QString::fromStdString(d.summary.problems.at(1))
                 .contains(off(offset[435], 436) + ": value " +
                           QString::number(435 * 7 % dims + 1) + " of '" + word(435) +
                           "' is not finite"),
             d.summary.problems.at(1).c_str());
    std::size_t at = 0;
    for (int r = 0; r < rows; ++r) {
        if (bad.contains(r)) continue;
        if (d.embedding.label(at) != word(r).toStdString())
            QFAIL(qPrintable(QString("label of row %1").arg(r)));
        const auto got = d.embedding.row(at);
        for (int c = 0; c < dims; ++c)
            if (got[std::size_t(c)] != value(r, c))
                QFAIL(qPrintable(QString("row %1 col %2").arg(r).arg(c)));
        ++at;
    }
}

void TestWord2VecBinary::cancel_data() {
    QTest::addColumn<bool>("beforeStart");
    QTest::newRow("before start") << true;
    QTest::newRow("while reading") << false;
}

void TestWord2VecBinary::cancel() {
    QFETCH(bool, beforeStart);
    const int rows = 4000, dims = 500;  // 8 MB
    QByteArray file = "4000 500\n";
    const QByteArray values(dims * 4, '\0');
    for (int r = 0; r < rows; ++r) file += "w" + QByteArray::number(r) + ' ' + values;
    const std::string path = testsupport::writeFile(m_dir, "cancel.bin", file);

    // Progress forwards a fraction at most every 50 ms: the first report waits that long, so
    // the next one comes from inside the reading loop; cancelling there must stop the read.
    testsupport::expectCancelAtSecondReport([&](Progress& p) { readWord2VecBinary(path, {}, p); }, beforeStart);
}

QTEST_GUILESS_MAIN(TestWord2VecBinary)
#include "tst_word2vecbinary.moc"
