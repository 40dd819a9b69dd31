// The CSV reader: separators, RFC 4180 quoting, line handling, the label column, and every row
// problem with its exact place.
#include <QTest>

#include "Error.h"
#include "TestSupport.h"
#include "io/Readers.h"

using namespace embedscope;

class TestCsv : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_files = 0;
    std::string write(const QByteArray& bytes) {
        return testsupport::writeFile(m_dir, QString("c%1.csv").arg(++m_files), bytes);
    }

private slots:
    void initTestCase() {
        testsupport::applyTestLocale();
        QVERIFY(m_dir.isValid());
    }

    void readsGoodFiles_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("labelColumn");
        QTest::addColumn<int>("dims");
        QTest::addColumn<QList<float>>("values");
        QTest::addColumn<QStringList>("labels");
        const QList<float> v4{0.5f, -1.f, 2.f, 3.25f};
        const QStringList ab{"a", "b"};
        QTest::newRow("label first")
            << QByteArray("word,x,y\na,0.5,-1\nb,2,3.25\n") << "" << 2 << v4 << ab;
        QTest::newRow("label last")
            << QByteArray("x,y,w\n0.5,-1,a\n2,3.25,b\n") << "" << 2 << v4 << ab;
        QTest::newRow("label in the middle")
            << QByteArray("x,tag,y\n0.5,a,-1\n2,b,3.25\n") << "" << 2 << v4 << ab;
        QTest::newRow("semicolons")
            << QByteArray("word;x;y\na;0.5;-1\nb;2;3.25\n") << "" << 2 << v4 << ab;
        QTest::newRow("CRLF") << QByteArray("word,x,y\r\na,0.5,-1\r\nb,2,3.25\r\n") << "" << 2 << v4
                              << ab;
        QTest::newRow("BOM") << QByteArray(
                                    "\xEF\xBB\xBF"
                                    "word,x,y\na,0.5,-1\nb,2,3.25\n")
                             << "word" << 2 << v4 << ab;
        QTest::newRow("no final newline")
            << QByteArray("word,x,y\na,0.5,-1\nb,2,3.25") << "" << 2 << v4 << ab;
        QTest::newRow("blank lines")
            << QByteArray("\nword,x,y\n\na,0.5,-1\n \r\nb,2,3.25\n\n\n") << "" << 2 << v4 << ab;
        QTest::newRow("quoted label with separator")
            << QByteArray("word,x,y\n\"a, b\",0.5,-1\n\"b\",2,3.25\n") << "" << 2 << v4
            << QStringList{"a, b", "b"};
        QTest::newRow("doubled quotes")
            << QByteArray("word,x,y\n\"say \"\"hi\"\"\",0.5,-1\n\"\"\"\",2,3.25\n") << "" << 2 << v4
            << QStringList{"say \"hi\"", "\""};
        QTest::newRow("quoted line break, CRLF")
            << QByteArray("word,x,y\r\n\"two\r\nlines\",0.5,-1\r\nb,2,3.25\r\n") << "" << 2 << v4
            << QStringList{"two\r\nlines", "b"};
        QTest::newRow("quoted numbers and header")
            << QByteArray("\"word\",\"x\",\"y\"\na,\"0.5\",\"-1\"\nb,\"2\" ,3.25\n") << "" << 2
            << v4 << ab;
        QTest::newRow("spaces around numbers and names")
            << QByteArray(" word , x , y\na, 0.5 ,-1\nb,2 , 3.25\n") << "word" << 2 << v4 << ab;
        QTest::newRow("labels keep their spaces") << QByteArray(
                                                         "word,x,y\n a ,0.5,-1\n\xC2\xA0"
                                                         "b,2,3.25\n")
                                                  << "" << 2 << v4
                                                  << QStringList{" a ", QString::fromUtf8("\xC2\xA0"
                                                                                          "b")};
        QTest::newRow("all numeric: rows are numbered")
            << QByteArray("x,y\n0.5,-1\n2,3.25\n") << "" << 2 << v4 << QStringList{"0", "1"};
        QTest::newRow("numeric labels in a column named id")
            << QByteArray("x,id,y\n0.5,7,-1\n2,8,3.25\n") << "" << 2 << v4 << QStringList{"7", "8"};
        QTest::newRow("numeric labels in the chosen column")
            << QByteArray("code;x;y\n7;0.5;-1\n8;2;3.25\n") << "code" << 2 << v4
            << QStringList{"7", "8"};
        QTest::newRow("mostly text is a label column")
            << QByteArray("c,x\n1,0.5\nq,-1\nr,2\n") << "" << 1 << QList<float>{0.5f, -1.f, 2.f}
            << QStringList{"1", "q", "r"};
        QTest::newRow("semicolon header with quoted comma")
            << QByteArray("\"a;b\",x\nq,1\n") << "" << 1 << QList<float>{1.f} << QStringList{"q"};
        QTest::newRow("empty label") << QByteArray("word,x\n,1\nb,2\n") << "" << 1
                                     << QList<float>{1.f, 2.f} << QStringList{"", "b"};
    }
    void readsGoodFiles() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, labelColumn);
        QFETCH(int, dims);
        QFETCH(QList<float>, values);
        QFETCH(QStringList, labels);
        LoadOptions o;
        o.labelColumn = labelColumn.toStdString();
        const Dataset d = readCsv(write(bytes), o, Progress::none());
        QCOMPARE(d.embedding.dims(), std::size_t(dims));
        QCOMPARE(QList<float>(d.embedding.values().begin(), d.embedding.values().end()), values);
        QStringList got;
        for (const auto& l : d.embedding.labels()) got << QString::fromStdString(l);
        QCOMPARE(got, labels);
        QCOMPARE(d.summary.rowsRead, std::size_t(labels.size()));
        QCOMPARE(d.summary.skipped, std::size_t(0));
        QCOMPARE(d.sourceRowCount, std::size_t(labels.size()));
    }

    void rejectsBadInput_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("labelColumn");
        QTest::addColumn<QString>("where");
        const QString hint = "; if it holds labels, choose it as the label column)";
        QTest::newRow("empty file") << QByteArray() << ""
                                    << ": is empty: a CSV file needs a header row";
        QTest::newRow("blank lines only") << QByteArray("\n\r\n  \n") << ""
                                          << ": is empty: a CSV file needs a header row";
        QTest::newRow("header only") << QByteArray("word,x\n") << ""
                                     << ": has a header row but no data rows";
        QTest::newRow("unknown label column")
            << QByteArray("word,x,y\na,1,2\n") << "lemma"
            << ":1: no column named 'lemma'; the columns are 'word', 'x', 'y'";
        QTest::newRow("unknown label column, header after blank lines")
            << QByteArray("\n\nword,x\na,1\n") << "lemma"
            << ":3: no column named 'lemma'; the columns are 'word', 'x'";
        QTest::newRow("only a label column")
            << QByteArray("word\na\nb\n") << ""
            << ":1: has no column of numbers besides the label column 'word'";
        QTest::newRow("not a number") << QByteArray("word,x,y\na,0.5,-1\nb,2,zz\n") << ""
                                      << ":3:5: 'zz' is not a number (column 'y')";
        QTest::newRow("not a number, chosen label column")
            << QByteArray("word,x,y\nb,2,zz\n") << "word"
            << ":2:5: 'zz' is not a number (column 'y')";
        QTest::newRow("typo in a numeric column")
            << QByteArray("x,y\n1,2\n3,abc\n5,6\n") << ""
            << ":3:3: 'abc' is not a number (column 'y'" + hint;
        QTest::newRow("second text column") << QByteArray("w,v\na,b\n") << ""
                                            << ":2:3: 'b' is not a number (column 'v')";
        QTest::newRow("decimal comma")
            << QByteArray("word;x;y\na;0,5;1\n") << ""
            << ":2:3: '0,5' uses a decimal comma; numbers must be written with '.' (column 'x')";
        QTest::newRow("np.float32 token") << QByteArray("word;x\na;np.float32(0.1)\n") << ""
                                          << ":2:3: 'np.float32(0.1)' is not a number (column 'x')";
        QTest::newRow("empty cell") << QByteArray("word,x,y\na,,1\n") << ""
                                    << ":2:3: the cell in column 'x' is empty";
        QTest::newRow("blank cell") << QByteArray("word,x,y\na,1,  \n") << ""
                                    << ":2:5: the cell in column 'y' is empty";
        QTest::newRow("empty quoted cell") << QByteArray("word,x,y\na,\"\",1\n") << ""
                                           << ":2:3: the cell in column 'x' is empty";
        QTest::newRow("too many fields") << QByteArray("word,x,y\na,1,2,3\n") << ""
                                         << ":2:7: has 4 fields, the header has 3";
        QTest::newRow("trailing separator") << QByteArray("word,x,y\na,1,2,\n") << ""
                                            << ":2:7: has 4 fields, the header has 3";
        QTest::newRow("too few fields") << QByteArray("word,x,y\na,1\n") << ""
                                        << ":2:4: has 2 fields, the header has 3";
        QTest::newRow("too few fields, CRLF") << QByteArray("word,x,y\r\na,1\r\n") << ""
                                              << ":2:4: has 2 fields, the header has 3";
        QTest::newRow("too few fields, no final newline") << QByteArray("word,x,y\na,1") << ""
                                                          << ":2:4: has 2 fields, the header has 3";
        QTest::newRow("unclosed quote") << QByteArray("word,x,y\na,1,2\n\"b,3,4\n") << ""
                                        << ":3:1: the quote that opens this field is never closed";
        QTest::newRow("text after closing quote")
            << QByteArray("word,x,y\n\"a\"b,1,2\n") << ""
            << ":2:1: text follows the closing quote of this field";
        QTest::newRow("nan") << QByteArray("word,x,y\na,1,nan\n") << ""
                             << ":2:5: value 2 of 'a' is not finite";
        QTest::newRow("1e999 after a quoted line break")
            << QByteArray("word,x,y\n\"two\nlines\",1,1e999\n") << ""
            << ":3:10: value 2 of 'two\nlines' is outside the float32 range (beyond ±3.4e38) or "
               "infinite";
        QTest::newRow("bad cell after a quoted line break")
            << QByteArray("word,x,y\n\"two\r\nlines\",1,zz\r\n") << "word"
            << ":3:10: 'zz' is not a number (column 'y')";
        QTest::newRow("line numbers count blank lines")
            << QByteArray("word,x\n\na,1\n\n\nb,q\n") << "word"
            << ":6:3: 'q' is not a number (column 'x')";
    }
    void rejectsBadInput() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, labelColumn);
        QFETCH(QString, where);
        const std::string path = write(bytes);
        LoadOptions o;
        o.labelColumn = labelColumn.toStdString();
        try {
            readCsv(path, o, Progress::none());
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.what()), QString::fromStdString(path) + where);
        }
    }

    void skipsBadRows() {
        const std::string path =
            write("word,x,y\na,1,2\nb,zz,3\nc,4\n\nd,nan,5\ne,,6\nf,7,8\n\"g\"h,1,1\n");
        LoadOptions o;
        o.badRows = BadRowPolicy::SkipAndReport;
        const Dataset d = readCsv(path, o, Progress::none());
        QCOMPARE(d.embedding.rows(), std::size_t(2));
        QCOMPARE(d.embedding.label(1), std::string("f"));
        QCOMPARE(d.summary.rowsRead, std::size_t(2));
        QCOMPARE(d.summary.skipped, std::size_t(5));
        QCOMPARE(d.summary.nonFinite, std::size_t(1));
        QCOMPARE(d.sourceRowCount, std::size_t(7));
        QCOMPARE(d.sourceRows, (std::vector<std::size_t>{0, 5}));
        const QString p = QString::fromStdString(path);
        QCOMPARE(QString::fromStdString(d.summary.problems.at(0)),
                 p + ":3:3: 'zz' is not a number (column 'x')");
        QCOMPARE(QString::fromStdString(d.summary.problems.at(1)),
                 p + ":4:4: has 2 fields, the header has 3");
        QCOMPARE(QString::fromStdString(d.summary.problems.at(2)),
                 p + ":6:3: value 1 of 'd' is not finite");
        QCOMPARE(QString::fromStdString(d.summary.problems.at(3)),
                 p + ":7:3: the cell in column 'x' is empty");
        QCOMPARE(QString::fromStdString(d.summary.problems.at(4)),
                 p + ":9:1: text follows the closing quote of this field");
    }

    void repeatedLabelsAreKept() {
        const Dataset d = readCsv(write("word,x\na,1\nb,2\na,3\n"), {}, Progress::none());
        QCOMPARE(d.embedding.rows(), std::size_t(3));
        QCOMPARE(d.summary.duplicates, std::size_t(1));
    }

    void firstRows_data() {
        QTest::addColumn<int>("maxRows");
        QTest::addColumn<int>("rows");
        QTest::addColumn<bool>("truncated");
        QTest::newRow("cut") << 2 << 2 << true;
        QTest::newRow("exactly all rows is no cut") << 3 << 3 << false;
        QTest::newRow("more than all") << 5 << 3 << false;
    }
    void firstRows() {
        QFETCH(int, maxRows);
        QFETCH(int, rows);
        QFETCH(bool, truncated);
        LoadOptions o;
        o.maxRows = std::size_t(maxRows);
        const Dataset d = readCsv(write("word,x\na,1\nb,2\nc,3\n\n"), o, Progress::none());
        QCOMPARE(d.embedding.rows(), std::size_t(rows));
        QCOMPARE(d.sourceRowCount, std::size_t(rows));
        QCOMPARE(d.summary.truncatedByMaxRows, truncated);
    }

    void progressAndCancel() {
        QByteArray big("x,y,z,w\n");
        for (int i = 0; i < 300000; ++i) big += "0.125,-0.25,0.5,1e-05\n";
        const std::string path = write(big);
        std::vector<std::string> stages;
        double last = -1;
        Progress watched([&](double f, const std::string& stage) {
            if (stages.empty() || stages.back() != stage) stages.push_back(stage);
            last = f;
        });
        const Dataset d = readCsv(path, {}, watched);
        QCOMPARE(d.embedding.rows(), std::size_t(300000));
        QCOMPARE(d.embedding.label(299999), std::string("299999"));
        QCOMPARE(last, 1.0);
        QCOMPARE(stages, (std::vector<std::string>{"finding the label column", "reading"}));

        Progress* self = nullptr;
        Progress stopper([&](double, const std::string&) { self->cancel(); });
        self = &stopper;
        QVERIFY_THROWS_EXCEPTION(Cancelled, readCsv(path, {}, stopper));
    }
};

QTEST_APPLESS_MAIN(TestCsv)
#include "tst_csv.moc"
