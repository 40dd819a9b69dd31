// The Projector metadata TSV and labels file readers: one column (no header, blank line = empty
// label) or several (header required), quoting, typed columns, and the row-count rules.
#include <QTest>

#include "Error.h"
#include "TestSupport.h"
#include "io/Readers.h"

using namespace embedscope;

namespace {
QStringList toList(const std::vector<std::string>& cells) {
    QStringList out;
    for (const auto& c : cells) out << QString::fromStdString(c);
    return out;
}
}  // namespace

class TestMetadataTsv : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_files = 0;
    std::string write(const QByteArray& bytes) {
        return testsupport::writeFile(m_dir, QString("m%1.tsv").arg(++m_files), bytes);
    }

private slots:
    void initTestCase() {
        testsupport::applyTestLocale();
        QVERIFY(m_dir.isValid());
    }

    void readsMetadata_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("expected");
        QTest::addColumn<bool>("allowMore");
        QTest::addColumn<QStringList>("names");
        QTest::addColumn<QStringList>("first");  // cells of the first column
        QTest::addColumn<QStringList>("last");   // cells of the last column
        const QStringList abc{"a", "b", "c"};
        const QStringList label{"label"};
        QTest::newRow("one column") << QByteArray("a\nb\nc\n") << 3 << false << label << abc << abc;
        QTest::newRow("one column, no final newline")
            << QByteArray("a\nb\nc") << 3 << false << label << abc << abc;
        QTest::newRow("one column, CRLF")
            << QByteArray("a\r\nb\r\nc\r\n") << 3 << false << label << abc << abc;
        QTest::newRow("one column, BOM") << QByteArray(
                                                "\xEF\xBB\xBF"
                                                "a\nb\nc\n")
                                         << 3 << false << label << abc << abc;
        QTest::newRow("blank line is an empty label")
            << QByteArray("a\n\nc\n") << 3 << false << label << QStringList{"a", "", "c"}
            << QStringList{"a", "", "c"};
        QTest::newRow("blank first and last labels")
            << QByteArray("\nb\n\n") << 3 << false << label << QStringList{"", "b", ""}
            << QStringList{"", "b", ""};
        QTest::newRow("numeric-looking labels stay text")
            << QByteArray("1\n2.5\n007\n") << 3 << false << label << QStringList{"1", "2.5", "007"}
            << QStringList{"1", "2.5", "007"};
        QTest::newRow("spaces are kept") << QByteArray(
                                                " a\nb \n\xC2\xA0"
                                                "c\n")
                                         << 3 << false << label
                                         << QStringList{" a", "b ",
                                                        QString::fromUtf8("\xC2\xA0"
                                                                          "c")}
                                         << QStringList{" a", "b ",
                                                        QString::fromUtf8("\xC2\xA0"
                                                                          "c")};
        QTest::newRow("quoted cells")
            << QByteArray("\"a\"\n\"say \"\"hi\"\"\"\n\"\"\n") << 3 << false << label
            << QStringList{"a", "say \"hi\"", ""} << QStringList{"a", "say \"hi\"", ""};
        QTest::newRow("quotes inside are literal")
            << QByteArray("5\" screen\nit's\n\"open\n") << 3 << false << label
            << QStringList{"5\" screen", "it's", "\"open"}
            << QStringList{"5\" screen", "it's", "\"open"};
        QTest::newRow("one column, extra rows allowed")
            << QByteArray("a\nb\nc\nd\n") << 3 << true << label << abc << abc;
        QTest::newRow("header and two columns")
            << QByteArray("word\tclass\na\t1\nb\t2\nc\t1\n") << 3 << false
            << QStringList{"word", "class"} << abc << QStringList{"1", "2", "1"};
        QTest::newRow("header, CRLF, BOM, trailing blank lines")
            << QByteArray(
                   "\xEF\xBB\xBF"
                   "word\tclass\r\na\t1\r\nb\t2\r\nc\t1\r\n\r\n\n")
            << 3 << false << QStringList{"word", "class"} << abc << QStringList{"1", "2", "1"};
        QTest::newRow("header, empty cells")
            << QByteArray("word\tclass\na\t\n\t2\nc\t1") << 3 << false
            << QStringList{"word", "class"} << QStringList{"a", "", "c"}
            << QStringList{"", "2", "1"};
        QTest::newRow("header, quoted names, unnamed column")
            << QByteArray("\"word\"\t\na\tx\nb\ty\nc\tz\n") << 3 << false
            << QStringList{"word", "column 2"} << abc << QStringList{"x", "y", "z"};
        QTest::newRow("header, extra rows allowed")
            << QByteArray("word\tn\na\t1\nb\t2\nc\t3\nd\t4\n") << 3 << true
            << QStringList{"word", "n"} << abc << QStringList{"1", "2", "3"};
        QTest::newRow("header, exact count with allowMore")
            << QByteArray("word\tn\na\t1\nb\t2\nc\t3\n") << 3 << true << QStringList{"word", "n"}
            << abc << QStringList{"1", "2", "3"};
    }
    void readsMetadata() {
        QFETCH(QByteArray, bytes);
        QFETCH(int, expected);
        QFETCH(bool, allowMore);
        QFETCH(QStringList, names);
        QFETCH(QStringList, first);
        QFETCH(QStringList, last);
        const Metadata m = readMetadataTsv(write(bytes), std::size_t(expected), allowMore);
        QStringList got;
        for (const auto& c : m.columns()) got << QString::fromStdString(c.name);
        QCOMPARE(got, names);
        QCOMPARE(m.rows(), std::size_t(expected));
        QCOMPARE(toList(m.column(0).cells), first);
        QCOMPARE(toList(m.columns().back().cells), last);
    }

    void rejectsMetadata_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("expected");
        QTest::addColumn<bool>("allowMore");
        QTest::addColumn<QString>("where");
        const QString tail = "; every vector needs exactly one";
        QTest::newRow("fewer rows")
            << QByteArray("a\nb\n") << 3 << false
            << ": has 2 rows of metadata but the vectors file has 3 rows" + tail;
        QTest::newRow("more rows")
            << QByteArray("a\nb\nc\nd\ne\n") << 3 << false
            << ": has 5 rows of metadata but the vectors file has 3 rows" + tail;
        QTest::newRow("fewer rows than the first N read")
            << QByteArray("a\nb\n") << 3 << true
            << ": has 2 rows of metadata but the first 3 rows of the vectors file were read" + tail;
        QTest::newRow("trailing blank lines are labels")
            << QByteArray("a\nb\nc\n\n\n") << 3 << false
            << ": has 5 rows of metadata but the vectors file has 3 rows" + tail +
                   " (the last 2 lines are blank, and each blank line is an empty label)";
        QTest::newRow("header in a one-column file")
            << QByteArray("word\na\nb\nc\n") << 3 << false
            << ": has 4 rows of metadata but the vectors file has 3 rows" + tail +
                   " (a one-column file has no header row: its first line is a label too)";
        QTest::newRow("header rows counted without the header")
            << QByteArray("word\tn\na\t1\nb\t2\n") << 3 << false
            << ": has 2 rows of metadata after the header row but the vectors file has 3 rows" +
                   tail;
        QTest::newRow("empty file")
            << QByteArray() << 2 << false
            << ": has 0 rows of metadata but the vectors file has 2 rows" + tail;
        QTest::newRow("several columns without header")
            << QByteArray("a\nb\tx\nc\ty\n") << 3 << false
            << ":2:2: this line has several tab-separated cells but the first line has one; a "
               "metadata file with several columns needs a header row";
        QTest::newRow("too many cells") << QByteArray("word\tn\na\t1\nb\t2\t9\nc\t3\n") << 3
                                        << false << ":3:5: has 3 cells, the header has 2";
        QTest::newRow("too few cells") << QByteArray("word\tn\tm\na\t1\t2\nb\t2\nc\t3\t4\n") << 3
                                       << false << ":3:4: has 2 cells, the header has 3";
        QTest::newRow("blank line between rows")
            << QByteArray("word\tn\na\t1\n\nc\t3\n") << 3 << false
            << ":3: blank line in a metadata file with 2 columns; every row needs all its cells";
    }
    void rejectsMetadata() {
        QFETCH(QByteArray, bytes);
        QFETCH(int, expected);
        QFETCH(bool, allowMore);
        QFETCH(QString, where);
        const std::string path = write(bytes);
        try {
            readMetadataTsv(path, std::size_t(expected), allowMore);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.what()), QString::fromStdString(path) + where);
        }
    }

    // Metadata::addColumn infers the types: digit classes are categories, a spread of floats is
    // a colour ramp, words are text.
    void columnTypes() {
        QByteArray bytes("word\tdigit\tscore\n");
        for (int i = 0; i < 40; ++i)
            bytes += "w" + QByteArray::number(i) + "\t" + QByteArray::number(i % 10) + "\t" +
                     QByteArray::number(i * 0.37 - 3.1, 'g', 6) + "\n";
        const Metadata m = readMetadataTsv(write(bytes), 40);
        QCOMPARE(m.column(0).type, ColumnType::Text);
        QCOMPARE(m.column(1).type, ColumnType::Categorical);
        QCOMPARE(m.column(1).categories.size(), std::size_t(10));
        QCOMPARE(m.column(2).type, ColumnType::Numeric);
        QCOMPARE(m.column(2).numbers[1], 0.37 - 3.1);
    }

    void readsLabels_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("expected");
        QTest::addColumn<bool>("allowMore");
        QTest::addColumn<QStringList>("labels");
        QTest::newRow("LF") << QByteArray("a\nb\n") << 2 << false << QStringList{"a", "b"};
        QTest::newRow("CRLF, BOM, no final newline") << QByteArray(
                                                            "\xEF\xBB\xBF"
                                                            "a\r\nb")
                                                     << 2 << false << QStringList{"a", "b"};
        QTest::newRow("blank line is an empty label")
            << QByteArray("a\n\nc\n") << 3 << false << QStringList{"a", "", "c"};
        QTest::newRow("tabs belong to the label")
            << QByteArray("a\tb\nc\n") << 2 << false << QStringList{"a\tb", "c"};
        QTest::newRow("extra lines dropped when allowed")
            << QByteArray("a\nb\nc\n") << 2 << true << QStringList{"a", "b"};
    }
    void readsLabels() {
        QFETCH(QByteArray, bytes);
        QFETCH(int, expected);
        QFETCH(bool, allowMore);
        QFETCH(QStringList, labels);
        QCOMPARE(toList(readLabelsFile(write(bytes), std::size_t(expected), allowMore)), labels);
    }

    void rejectsLabels_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("expected");
        QTest::addColumn<bool>("allowMore");
        QTest::addColumn<QString>("where");
        const QString tail = "; every vector needs exactly one";
        QTest::newRow("fewer") << QByteArray("a\n") << 2 << false
                               << ": has 1 label but the vectors file has 2 rows" + tail;
        QTest::newRow("more") << QByteArray("a\nb\nc\n") << 2 << false
                              << ": has 3 labels but the vectors file has 2 rows" + tail +
                                     " (a one-column file has no header row: its first line is a "
                                     "label too)";
        QTest::newRow("fewer than the first N")
            << QByteArray("a\n") << 2 << true
            << ": has 1 label but the first 2 rows of the vectors file were read" + tail;
    }
    void rejectsLabels() {
        QFETCH(QByteArray, bytes);
        QFETCH(int, expected);
        QFETCH(bool, allowMore);
        QFETCH(QString, where);
        const std::string path = write(bytes);
        try {
            readLabelsFile(path, std::size_t(expected), allowMore);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.what()), QString::fromStdString(path) + where);
        }
    }

    void missingFileNamesIt() {
        const std::string path = m_dir.filePath("absent.tsv").toStdString();
        try {
            readMetadataTsv(path, 1);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.where().path), QString::fromStdString(path));
        }
    }
};

QTEST_APPLESS_MAIN(TestMetadataTsv)
#include "tst_metadatatsv.moc"
