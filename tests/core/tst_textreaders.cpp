// word2vec text / fastText .vec and GloVe through loadDataset(): line handling, words, values,
// headers, the bad-row policy with exact locations and summary counts, encodings, first-N rows,
// multi-block files (the parallel parse stitched in order), progress and cancel.
#include <QTest>
#include <cmath>
#include <cstring>

#include "Error.h"
#include "TestSupport.h"
#include "io/Load.h"

using namespace embedscope;

namespace {

QByteArrayList labelsOf(const Dataset& d) {
    QByteArrayList out;
    for (const auto& l : d.embedding.labels()) out << QByteArray::fromStdString(l);
    return out;
}

QList<float> valuesOf(const Dataset& d) {
    return QList<float>(d.embedding.values().begin(), d.embedding.values().end());
}

/// "" = let loadDataset sniff; otherwise a format name.
LoadOptions withFormat(const QString& format) {
    LoadOptions o;
    if (!format.isEmpty()) o.format = parseFormatName(format.toStdString());
    return o;
}

/// A file of `rows` rows of `dims` values: word "w<i>", value j of row i = (i % 1000) + j / 4.
std::string bigFile(std::size_t rows, std::size_t dims, bool header) {
    std::string text = header ? std::to_string(rows) + " " + std::to_string(dims) + "\n" : "";
    for (std::size_t i = 0; i < rows; ++i) {
        text += "w" + std::to_string(i);
        for (std::size_t j = 0; j < dims; ++j) {
            text += ' ' + std::to_string(i % 1000 + j / 4);
            text += (j % 4 == 0) ? "" : (j % 4 == 1 ? ".25" : (j % 4 == 2 ? ".5" : ".75"));
        }
        text += '\n';
    }
    return text;
}
float bigValue(std::size_t i, std::size_t j) {
    return float(i % 1000) + float(j) / 4.f;
}

/// The binary float32 bytes of v (little-endian machine).
QByteArray floatBytes(std::initializer_list<float> v) {
    QByteArray out;
    for (float f : v) out.append(reinterpret_cast<const char*>(&f), 4);
    return out;
}

}  // namespace

class TestTextReaders : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_files = 0;
    std::string write(const QByteArray& bytes) {
        return testsupport::writeFile(m_dir, QString("f%1.txt").arg(++m_files), bytes);
    }

private slots:
    void initTestCase() {
        testsupport::applyTestLocale();
        QVERIFY(m_dir.isValid());
    }

    void readsGoodFiles_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QByteArrayList>("labels");
        QTest::addColumn<QList<float>>("values");
        QTest::addColumn<int>("dims");
        QTest::addColumn<int>("rowsInHeader");  // -1: no header
        QTest::addColumn<int>("warnings");
        const QByteArrayList ab{"a", "b"};
        const QList<float> v4{1, 2, 3, 4};
        QTest::newRow("word2vec LF")
            << QByteArray("2 2\na 1 2\nb 3 4\n") << ab << v4 << 2 << 2 << 0;
        QTest::newRow("CRLF") << QByteArray("2 2\r\na 1 2\r\nb 3 4\r\n") << ab << v4 << 2 << 2 << 0;
        QTest::newRow("trailing spaces")
            << QByteArray("2 2 \na 1 2 \nb 3 4  \r\n") << ab << v4 << 2 << 2 << 0;
        QTest::newRow("no final newline")
            << QByteArray("2 2\na 1 2\nb 3 4") << ab << v4 << 2 << 2 << 0;
        QTest::newRow("blank lines skipped")
            << QByteArray("2 2\n\na 1 2\n   \n\r\nb 3 4\n\n") << ab << v4 << 2 << 2 << 0;
        QTest::newRow("UTF-8 BOM") << QByteArray(
                                          "\xEF\xBB\xBF"
                                          "2 2\na 1 2\nb 3 4\n")
                                   << ab << v4 << 2 << 2 << 0;
        QTest::newRow("runs of spaces between values")
            << QByteArray("2 2\na  1   2\nb 3 4\n") << ab << v4 << 2 << 2 << 0;
        QTest::newRow("GloVe") << QByteArray("a 1 2\nb 3 4\n") << ab << v4 << 2 << -1 << 0;
        QTest::newRow("GloVe BOM CRLF no final newline") << QByteArray(
                                                                "\xEF\xBB\xBF"
                                                                "a 1 2\r\nb 3 4")
                                                         << ab << v4 << 2 << -1 << 0;
        QTest::newRow("GloVe leading blank lines")
            << QByteArray("\n\na 1 2\nb 3 4\n") << ab << v4 << 2 << -1 << 0;
        QTest::newRow("words with ASCII spaces (GloVe 840B)")
            << QByteArray("2 2\n. . . 1 2\nat name@domain.com 3 4\n")
            << QByteArrayList{". . .", "at name@domain.com"} << v4 << 2 << 2 << 0;
        QTest::newRow("GloVe words with spaces")
            << QByteArray("heaven knows 1 2\nb 3 4\n") << QByteArrayList{"heaven knows", "b"} << v4
            << 2 << -1 << 0;
        QTest::newRow("Unicode spaces are part of words")
            << QByteArray("2 2\na\xC2\xA0" "b 1 2\nc\xE2\x80\x89" "d 3 4\n")
            << QByteArrayList{"a\xC2\xA0" "b", "c\xE2\x80\x89" "d"} << v4 << 2 << 2 << 0;
        QTest::newRow("tab is part of a word") << QByteArray("2 2\na\tb 1 2\nb 3 4\n")
                                               << QByteArrayList{"a\tb", "b"} << v4 << 2 << 2 << 0;
        QTest::newRow("empty word")
            << QByteArray("2 2\n 1 2\nb 3 4\n") << QByteArrayList{"", "b"} << v4 << 2 << 2 << 0;
        QTest::newRow("</s>") << QByteArray("2 2\n</s> 1 2\nb 3 4\n") << QByteArrayList{"</s>", "b"}
                              << v4 << 2 << 2 << 0;
        QTest::newRow("GloVe numeric word")
            << QByteArray("1990 1 2\nb 3 4\n") << QByteArrayList{"1990", "b"} << v4 << 2 << -1 << 0;
        QTest::newRow("exponents and signs")
            << QByteArray("1 3\na 1.25e-05 -3E+2 +.5\n") << QByteArrayList{"a"}
            << QList<float>{float(1.25e-05), -300.f, 0.5f} << 3 << 1 << 0;
        QTest::newRow("tiny exponent underflows to 0")
            << QByteArray("1 1\na 1e-999\n") << QByteArrayList{"a"} << QList<float>{0.f} << 1 << 1
            << 0;
        // numpy (so gensim) reads text as a double, then narrows: a correctly rounded float
        // parse would give 1.0000001 here.
        QTest::newRow("rounds like numpy (double, then float)")
            << QByteArray("1 1\na 1.000000059604644775390625000001\n") << QByteArrayList{"a"}
            << QList<float>{1.f} << 1 << 1 << 0;
        QTest::newRow("header 0 rows")
            << QByteArray("0 3\n") << QByteArrayList{} << QList<float>{} << 3 << 0 << 0;
        QTest::newRow("header one row too many")
            << QByteArray("3 2\na 1 2\nb 3 4\n") << ab << v4 << 2 << 3 << 1;
        QTest::newRow("header one row too few (fastText 1M file)")
            << QByteArray("1 2\na 1 2\nb 3 4\n") << ab << v4 << 2 << 1 << 1;
    }
    void readsGoodFiles() {
        QFETCH(QByteArray, bytes);
        QFETCH(QByteArrayList, labels);
        QFETCH(QList<float>, values);
        QFETCH(int, dims);
        QFETCH(int, rowsInHeader);
        QFETCH(int, warnings);
        const Dataset d = loadDataset(write(bytes));
        QCOMPARE(d.format, rowsInHeader < 0 ? Format::GloveText : Format::Word2VecText);
        QCOMPARE(labelsOf(d), labels);
        QCOMPARE(valuesOf(d), values);
        QCOMPARE(d.embedding.dims(), std::size_t(dims));
        QVERIFY(d.embedding.isFrequencyOrdered());
        QCOMPARE(d.summary.rowsInHeader.has_value(), rowsInHeader >= 0);
        if (rowsInHeader >= 0) QCOMPARE(*d.summary.rowsInHeader, std::size_t(rowsInHeader));
        QCOMPARE(d.summary.rowsRead, std::size_t(labels.size()));
        QCOMPARE(d.summary.skipped, std::size_t(0));
        QCOMPARE(d.summary.warnings.size(), std::size_t(warnings));
        if (warnings)
            QCOMPARE(QString::fromStdString(d.summary.warnings[0]),
                     QString("the header says %1 rows but the file has 2; read the rows that are "
                             "there")
                         .arg(rowsInHeader));
        QCOMPARE(d.sourceRowCount, std::size_t(labels.size()));
    }

    // Under Reject the first bad row or header stops the load: "PATH:LINE[:COLUMN]: message".
    void rejectsBadInput_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("format");  // "" = sniffed
        QTest::addColumn<QString>("where");   // the error text after the path
        const QString nf = ": value %1 of 'b' is not finite";
        // ±inf also comes from numbers beyond float32, which the parser maps to ±inf.
        const QString range =
            ": value %1 of 'b' is outside the float32 range (beyond ±3.4e38) or infinite";
        const QString nul =
            ": NUL bytes in a text file: it is damaged (an unfinished download or "
            "copy?)";
        const QString noHeader =
            ":1: the first line should be the header 'rows dimensions' (two "
            "whole numbers), found '%1'; without a header the file looks like "
            "GloVe: open it as GloVe";
        QTest::newRow("too few values") << QByteArray("2 3\na 1 2 3\nb 4 5\n") << ""
                                        << ":3:6: expected 3 values after the word, found 2";
        QTest::newRow("too many values") << QByteArray("2 2\na 1 2\nb 3 4 5\n") << ""
                                         << ":3:7: expected 2 values after the word, found 3";
        QTest::newRow("GloVe too few values") << QByteArray("a 1 2 3\nb 4 5 6\nc 7 8\n") << ""
                                              << ":3:6: expected 3 values after the word, found 2";
        QTest::newRow("GloVe too many values") << QByteArray("a 1 2\nb 3 4\nc 5 6 7\n") << ""
                                               << ":3:7: expected 2 values after the word, found 3";
        QTest::newRow("GloVe dimension from the most common row")
            << QByteArray("1 2 0.5 0.5\na 1 2\nb 3 4\n") << ""
            << ":1:9: expected 2 values after the word, found 3";
        QTest::newRow("word alone") << QByteArray("2 2\na 1 2\nword\n") << ""
                                    << ":3:5: expected 2 values after the word, found 0";
        QTest::newRow("decimal comma")
            << QByteArray("1 2\na 0,5 1\n") << ""
            << ":2:3: '0,5' uses a decimal comma; numbers must be written with '.'";
        QTest::newRow("GloVe decimal commas")
            << QByteArray("a 0,5 1,5\nb 2,5 3\n") << ""
            << ":1:3: '0,5' uses a decimal comma; numbers must be written with '.'";
        QTest::newRow("np.float32 tokens")
            << QByteArray("1 2\na np.float32(0.1) np.float32(0.2)\n") << ""
            << ":2:3: 'np.float32(0.1)' is not a number";
        QTest::newRow("nan") << QByteArray("2 2\na 1 2\nb nan 4\n") << ""
                             << nf.arg(1).prepend(":3:3");
        QTest::newRow("-inf") << QByteArray("2 2\na 1 2\nb 3 -inf\n") << ""
                              << range.arg(2).prepend(":3:5");
        QTest::newRow("1e999") << QByteArray("2 2\na 1 2\nb 3 1e999\n") << ""
                               << range.arg(2).prepend(":3:5");
        QTest::newRow("3.5e38 overflows float32 (issue 10)")
            << QByteArray("2 2\na 1 2\nb 3.5e38 4\n") << "" << range.arg(1).prepend(":3:3");
        QTest::newRow("1e39 overflows float32")
            << QByteArray("2 2\na 1 2\nb 1e39 4\n") << "" << range.arg(1).prepend(":3:3");
        QTest::newRow("CRLF column") << QByteArray("1 2\r\na 1 x\r\n") << ""
                                     << ":2:5: 'x' is not a number";
        QTest::newRow("line numbers count blank lines")
            << QByteArray("2 2\na 1 2\n\n\nb 1 y\n") << ""
            << ":5:5: 'y' is not a number";
        QTest::newRow("word with spaces, bad number") << QByteArray("1 2\nheaven knows 1 x\n") << ""
                                                      << ":2:16: 'x' is not a number";
        QTest::newRow("long token shortened")
            << QByteArray("1 2\na 1 " + QByteArray(50, 'x') + "\n") << ""
            << ":2:5: '" + QString(40, 'x') + "...' is not a number";
        QTest::newRow("NUL-filled tail") << QByteArray("2 2\na 1 2\nb 3 4\n") + QByteArray(64, '\0')
                                         << "" << QString(":4:1") + nul;
        QTest::newRow("GloVe NUL-filled tail")
            << QByteArray("a 1 2\nb 3 4\n") + QByteArray(64, '\0') << "" << QString(":3:1") + nul;
        QTest::newRow("NUL-filled tail of 2 MB")
            << QByteArray("2 2\na 1 2\nb 3 4\n") + QByteArray(2 << 20, '\0') << ""
            << QString(":4:1") + nul;
        QTest::newRow("NUL in a word")
            << QByteArray("1 2\na\0b 1 2\n", 12) << "" << QString(":2:2") + nul;
        QTest::newRow("merge-conflict markers")
            << QByteArray("2 2\na 1 2\n<<<<<<< HEAD\nb 3 4\n=======\nb 5 6\n>>>>>>> other\n") << ""
            << ":3: contains Git merge-conflict markers (<<<<<<<): resolve the conflict first";
        QByteArray late("8000 2\n");
        for (int i = 0; i < 8000; ++i) late += "w" + QByteArray::number(i) + " 0.5 1.5\n";
        late += "<<<<<<< HEAD\nx 1 2\n=======\n";
        QTest::newRow("merge-conflict marker after the first 64 KB")
            << late << ""
            << ":8002:1: Git merge-conflict marker: resolve the conflict first";
        QTest::newRow("negative row count") << QByteArray("-2 2\na 1 2\n") << ""
                                            << ":1:1: the header's row count is negative (-2)";
        QTest::newRow("zero dimension")
            << QByteArray("2 0\na\nb\n") << ""
            << ":1:3: the header's dimension must be at least 1, found 0";
        QTest::newRow("negative dimension")
            << QByteArray("2 -3\n") << ""
            << ":1:3: the header's dimension must be at least 1, found -3";
        QTest::newRow("absurd row count")
            << QByteArray("1000000000 2\na 1 2\n") << ""
            << ":1:1: the header says 1000000000 rows of 2 values, but the 6 bytes after it can "
               "hold at most 2: the header is wrong or the file is truncated";
        QTest::newRow("absurd dimension")
            << QByteArray("1 1000000000\na 1 2\n") << ""
            << ":1:3: the header says 1000000000 values per row, but only 6 bytes follow it: the "
               "header is wrong or the file is truncated";
        QTest::newRow("row count beyond 64 bits")
            << QByteArray("99999999999999999999 2\na 1 2\n") << "word2vec-text"
            << noHeader.arg("99999999999999999999 2");
        QTest::newRow("GloVe read as word2vec")
            << QByteArray("a 1 2\nb 3 4\n") << "word2vec-text" << noHeader.arg("a 1 2");
        QTest::newRow("word2vec read as GloVe")
            << QByteArray("2 2\na 1 2\nb 3 4\n") << "glove"
            << ":1: the first line is a word2vec header ('2 2'): open the file as word2vec text";
        QTest::newRow("GloVe without numbers")
            << QByteArray("hello world\n") << "glove"
            << ":1: expected a word followed by numbers (GloVe), "
               "found 'hello world'";
        QTest::newRow("binary read as text")
            << QByteArray("2 2\na ") + floatBytes({1, 2}) + "\nb " + floatBytes({3, 4}) + "\n"
            << "word2vec-text"
            << ":2: holds binary records after the header: this is word2vec binary, open it as "
               "such";
        QTest::newRow(".npy read as text")
            << QByteArray("\x93NUMPY\x01\x00v\x00{'descr': '<f4', ") << "word2vec-text"
            << ": is a NumPy .npy file, not text: open it as .npy";
        QTest::newRow("gzip read as GloVe") << QByteArray("\x1f\x8b\x08\x00\x00\x00", 6) << "glove"
                                            << ": looks like a gzip archive: decompress it first "
                                               "(gunzip)";
        QTest::newRow("empty file") << QByteArray() << ""
                                    << ": file is empty";
        QTest::newRow("empty file read as text") << QByteArray() << "word2vec-text"
                                                 << ": file is empty";
        QTest::newRow("only blank lines read as GloVe") << QByteArray("\n \r\n\n") << "glove"
                                                        << ": file is empty (only blank lines)";
    }
    void rejectsBadInput() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, format);
        QFETCH(QString, where);
        const std::string path = write(bytes);
        try {
            loadDataset(path, withFormat(format));
            QFAIL("loaded a bad file");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.what()), QString::fromStdString(path) + where);
        }
    }

    void skipsAndReports_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QByteArrayList>("labels");
        QTest::addColumn<int>("skipped");
        QTest::addColumn<int>("nonFinite");
        QTest::addColumn<int>("duplicates");
        QTest::addColumn<QStringList>("problems");  // after the path; only the first 10 listed
        QTest::addColumn<QList<int>>("sourceRows");
        QTest::addColumn<int>("sourceRowCount");
        QTest::newRow("one of each problem")
            << QByteArray("5 2\na 1 2\nb nan 2\nc 1\nd 1 x\ne 3 4\n") << QByteArrayList{"a", "e"}
            << 3 << 1 << 0
            << QStringList{":3:3: value 1 of 'b' is not finite",
                           ":4:4: expected 2 values after the word, found 1",
                           ":5:5: 'x' is not a number"}
            << QList<int>{0, 4} << 5;
        QTest::newRow("duplicates: first kept")
            << QByteArray("3 2\na 1 2\nb 3 4\na 5 6\n") << QByteArrayList{"a", "b"} << 0 << 0 << 1
            << QStringList{} << QList<int>{0, 1} << 3;
        QTest::newRow("every row bad")
            << QByteArray("2 2\na x 2\nb y 2\n") << QByteArrayList{} << 2 << 0 << 0
            << QStringList{":2:3: 'x' is not a number", ":3:3: 'y' is not a number"} << QList<int>{}
            << 2;
        QTest::newRow("GloVe: blank lines are not rows")
            << QByteArray("a 1 2\n\nb 1\nc 3 4\n") << QByteArrayList{"a", "c"} << 1 << 0 << 0
            << QStringList{":3:4: expected 2 values after the word, found 1"} << QList<int>{0, 2}
            << 3;
        QByteArray many("x 1 2\n");
        QStringList listed;
        for (int i = 0; i < 15; ++i) {
            many += "bad\n";
            if (i < 10)
                listed << QString(":%1:4: expected 2 values after the word, found 0").arg(i + 2);
        }
        QTest::newRow("15 bad rows: all counted, 10 listed")
            << many << QByteArrayList{"x"} << 15 << 0 << 0 << listed << QList<int>{0} << 16;
    }
    void skipsAndReports() {
        QFETCH(QByteArray, bytes);
        QFETCH(QByteArrayList, labels);
        QFETCH(int, skipped);
        QFETCH(int, nonFinite);
        QFETCH(int, duplicates);
        QFETCH(QStringList, problems);
        QFETCH(QList<int>, sourceRows);
        QFETCH(int, sourceRowCount);
        const std::string path = write(bytes);
        LoadOptions o;
        o.badRows = BadRowPolicy::SkipAndReport;
        const Dataset d = loadDataset(path, o);
        QCOMPARE(labelsOf(d), labels);
        QCOMPARE(d.summary.rowsRead, std::size_t(labels.size()));
        QCOMPARE(d.summary.skipped, std::size_t(skipped));
        QCOMPARE(d.summary.nonFinite, std::size_t(nonFinite));
        QCOMPARE(d.summary.duplicates, std::size_t(duplicates));
        QCOMPARE(d.summary.invalidUtf8, std::size_t(0));
        QStringList got;
        for (const auto& p : d.summary.problems) got << QString::fromStdString(p);
        for (QString& p : problems) p.prepend(QString::fromStdString(path));
        QCOMPARE(got, problems);
        QCOMPARE(QList<int>(d.sourceRows.begin(), d.sourceRows.end()), sourceRows);
        QCOMPARE(d.sourceRowCount, std::size_t(sourceRowCount));
    }

    void duplicateKeepsFirstValues() {
        LoadOptions o;
        const Dataset d = loadDataset(write("3 2\na 1 2\nb 3 4\na 5 6\n"), o);
        QCOMPARE(valuesOf(d), (QList<float>{1, 2, 3, 4}));
        QCOMPARE(d.summary.warnings.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(d.summary.warnings[0]),
                 QString("duplicate 'a' (row 3) dropped, first kept"));
    }

    void encodings_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("encoding");
        QTest::addColumn<QByteArrayList>("labels");
        QTest::addColumn<int>("invalidUtf8");
        QTest::addColumn<bool>("decodedAsLatin1");
        const QByteArray latin1("2 2\ncaf\xE9 1 2\nna\xEFve 3 4\n");
        const int automatic = int(Encoding::Auto);
        QTest::newRow("pure Latin-1 decoded")
            << latin1 << automatic << QByteArrayList{"caf\xC3\xA9", "na\xC3\xAFve"} << 0 << true;
        QTest::newRow("UTF-8 with a label cut mid-character kept byte-exact")
            << QByteArray("2 2\ncaf\xC3\xA9 1 2\nab\xE2\x82 3 4\n") << automatic
            << QByteArrayList{"caf\xC3\xA9", "ab\xE2\x82"} << 1 << false;
        QTest::newRow("forced UTF-8 keeps Latin-1 bytes")
            << latin1 << int(Encoding::Utf8) << QByteArrayList{"caf\xE9", "na\xEFve"} << 2 << false;
        QTest::newRow("forced Latin-1")
            << QByteArray("1 2\n\xC3\xA9 1 2\n") << int(Encoding::Latin1)
            << QByteArrayList{"\xC3\x83\xC2\xA9"} << 0 << true;
        QTest::newRow("GloVe Latin-1") << QByteArray("caf\xE9 1 2\n") << automatic
                                       << QByteArrayList{"caf\xC3\xA9"} << 0 << true;
    }
    void encodings() {
        QFETCH(QByteArray, bytes);
        QFETCH(int, encoding);
        QFETCH(QByteArrayList, labels);
        QFETCH(int, invalidUtf8);
        QFETCH(bool, decodedAsLatin1);
        LoadOptions o;
        o.encoding = Encoding(encoding);
        const Dataset d = loadDataset(write(bytes), o);
        QCOMPARE(labelsOf(d), labels);
        QCOMPARE(d.summary.invalidUtf8, std::size_t(invalidUtf8));
        QCOMPARE(d.summary.decodedAsLatin1, decodedAsLatin1);
    }

    void maxRows_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("maxRows");
        QTest::addColumn<QByteArrayList>("labels");
        QTest::addColumn<bool>("truncated");
        QTest::addColumn<int>("warnings");
        const QByteArray five("5 1\na 1\nb 2\nc 3\nd 4\ne 5\n");
        QTest::newRow("first 2 of 5") << five << 2 << QByteArrayList{"a", "b"} << true << 0;
        QTest::newRow("more than there are")
            << five << 9 << QByteArrayList{"a", "b", "c", "d", "e"} << false << 0;
        QTest::newRow("stops before a bad row")
            << QByteArray("3 1\na 1\nb 2\nc x\n") << 2 << QByteArrayList{"a", "b"} << true << 0;
        QTest::newRow("GloVe first 1")
            << QByteArray("a 1\nb 2\n") << 1 << QByteArrayList{"a"} << true << 0;
        QTest::newRow("header off, not cut: warned")
            << QByteArray("4 1\na 1\nb 2\n") << 3 << QByteArrayList{"a", "b"} << false << 1;
    }
    void maxRows() {
        QFETCH(QByteArray, bytes);
        QFETCH(int, maxRows);
        QFETCH(QByteArrayList, labels);
        QFETCH(bool, truncated);
        QFETCH(int, warnings);
        LoadOptions o;
        o.maxRows = std::size_t(maxRows);
        const Dataset d = loadDataset(write(bytes), o);
        QCOMPARE(labelsOf(d), labels);
        QCOMPARE(d.summary.truncatedByMaxRows, truncated);
        QCOMPARE(d.summary.warnings.size(), std::size_t(warnings));
    }

    // A file of several blocks: each is parsed by all threads and stitched back in file order.
    void multiBlockFile_data() {
        QTest::addColumn<bool>("header");
        QTest::newRow("word2vec") << true;
        QTest::newRow("GloVe") << false;
    }
    void multiBlockFile() {
        QFETCH(bool, header);
        const std::size_t rows = 60000, dims = 40;  // about 12 MB: three blocks of 2 x 4 MB
        std::string text = bigFile(rows, dims, header);
        const std::string path = write(QByteArray::fromStdString(text));
        const Dataset d = loadDataset(path);
        QCOMPARE(d.embedding.rows(), rows);
        QCOMPARE(d.embedding.dims(), dims);
        std::size_t wrongLabels = 0, wrongValues = 0;
        for (std::size_t i = 0; i < rows; ++i) {
            wrongLabels += d.embedding.label(i) != "w" + std::to_string(i);
            for (std::size_t j = 0; j < dims; ++j)
                wrongValues += d.embedding.row(i)[j] != bigValue(i, j);
        }
        QCOMPARE(wrongLabels, std::size_t(0));
        QCOMPARE(wrongValues, std::size_t(0));
        // A bad row deep in the file is named by its line, whichever thread parsed it.
        const std::size_t badRow = 50000;
        const std::size_t at = text.find("\nw" + std::to_string(badRow) + " ") + 1;
        text.replace(at, text.find('\n', at) - at, "w" + std::to_string(badRow) + " 1 2");
        const std::string bad = write(QByteArray::fromStdString(text));
        const std::size_t line = badRow + (header ? 2 : 1);
        try {
            loadDataset(bad);
            QFAIL("loaded a bad row");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.what()),
                     QString::fromStdString(bad) +
                         QString(":%1:11: expected 40 values after the word, found 2").arg(line));
        }
        LoadOptions o;
        o.badRows = BadRowPolicy::SkipAndReport;
        const Dataset skipped = loadDataset(bad, o);
        QCOMPARE(skipped.embedding.rows(), rows - 1);
        QCOMPARE(skipped.summary.skipped, std::size_t(1));
        QCOMPARE(skipped.sourceRows[badRow - 1], badRow - 1);
        QCOMPARE(skipped.sourceRows[badRow], badRow + 1);
        QCOMPARE(QString::fromStdString(skipped.embedding.label(badRow)),
                 QString("w%1").arg(badRow + 1));
    }

    void progressReachesTheEnd() {
        const std::string path = write(QByteArray::fromStdString(bigFile(2000, 10, true)));
        QList<double> fractions;
        QStringList stages;
        Progress progress([&](double f, const std::string& stage) {
            fractions << f;
            stages << QString::fromStdString(stage);
        });
        loadDataset(path, {}, progress);
        QVERIFY(!fractions.isEmpty());
        QCOMPARE(fractions.last(), 1.0);
        QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));
        QCOMPARE(stages.last(), QString("reading"));
    }

    void cancel_data() {
        QTest::addColumn<bool>("header");
        QTest::addColumn<bool>("beforeStart");
        QTest::newRow("word2vec, in the first report") << true << false;
        QTest::newRow("GloVe, in the first report") << false << false;
        QTest::newRow("word2vec, before the load starts") << true << true;
    }
    void cancel() {
        QFETCH(bool, header);
        QFETCH(bool, beforeStart);
        const std::string path = write(QByteArray::fromStdString(bigFile(20000, 40, header)));
        Progress* self = nullptr;
        Progress progress([&](double, const std::string&) { self->cancel(); });
        self = &progress;
        if (beforeStart) progress.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, loadDataset(path, {}, progress));
    }
};

QTEST_APPLESS_MAIN(TestTextReaders)
#include "tst_textreaders.moc"
