// Result tables (TableFile): quoting that the readers undo, the separator from the extension, a
// row of the wrong length refused with its number, and an atomic write.
#include <QTemporaryDir>
#include <QTest>

#include "Error.h"
#include "TestSupport.h"
#include "io/TableFile.h"

using namespace embedscope;

class TestTableFile : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { testsupport::applyTestLocale(); }

    void quotesOnlyWhatNeedsIt_data() {
        QTest::addColumn<char>("separator");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("tsv") << '\t' << QByteArray("word\tscore\nplain\t0.5\n\"tab\there\"\t1,5\n\"\"\"quoted\"\"\"\ta;b\n");
        QTest::newRow("csv") << ',' << QByteArray("word,score\nplain,0.5\ntab\there,\"1,5\"\n\"\"\"quoted\"\"\",a;b\n");
        QTest::newRow("semicolon") << ';' << QByteArray("word;score\nplain;0.5\ntab\there;1,5\n\"\"\"quoted\"\"\";\"a;b\"\n");
    }
    void quotesOnlyWhatNeedsIt() {
        QFETCH(char, separator);
        QFETCH(QByteArray, expected);
        Table t;
        t.header = {"word", "score"};
        t.rows = {{"plain", "0.5"}, {"tab\there", "1,5"}, {"\"quoted\"", "a;b"}};
        QCOMPARE(QByteArray::fromStdString(formatTable(t, separator)), expected);
    }

    void separatorFromExtension() {
        QCOMPARE(separatorForPath("a/b.CSV"), ',');
        QCOMPARE(separatorForPath("a/b.csv"), ',');
        QCOMPARE(separatorForPath("a/b.tsv"), '\t');
        QCOMPARE(separatorForPath("csv"), '\t');
    }

    void shortestNumbersReadBack() {
        QCOMPARE(shortestNumber(0.1f), std::string("0.1"));
        QCOMPARE(shortestNumber(1.0 / 3.0), std::string("0.3333333333333333"));
    }

    void wrongRowLengthNamesTheRow() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("t.tsv").toStdString();
        testsupport::writeFile(dir, "t.tsv", "old\n");
        Table t;
        t.header = {"a", "b"};
        t.rows = {{"1", "2"}, {"3"}};
        try {
            writeTable(t, path);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.what()),
                     QString::fromStdString(path) + ": cannot save the table: row 2 has 1 fields, the header 2");
        }
        QCOMPARE(testsupport::readFile(path), QByteArray("old\n"));
        t.rows.pop_back();
        writeTable(t, path);
        QCOMPARE(testsupport::readFile(path), QByteArray("a\tb\n1\t2\n"));
    }
};

QTEST_APPLESS_MAIN(TestTableFile)
#include "tst_tablefile.moc"
