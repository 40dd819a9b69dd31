// The Projector vectors TSV, metadata TSV and labels file readers: line handling, value problems
// with their exact location, the bad-row policy, first-N rows, progress and cancel, and the
// metadata/labels row-count rules.
#include <QTest>
#include <algorithm>

#include "Error.h"
#include "TestSupport.h"
#include "io/Readers.h"

using namespace embedscope;

class TestProjectorTsv : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_files = 0;
    std::string write(const QByteArray& bytes) {
        return testsupport::writeFile(m_dir, QString("f%1.tsv").arg(++m_files), bytes);
    }

private slots:
    void initTestCase() {
        testsupport::applyTestLocale();
        QVERIFY(m_dir.isValid());
    }

    void readsGoodFiles_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("dims");
        QTest::addColumn<QList<float>>("values");
        QTest::addColumn<QStringList>("labels");
        const QList<float> v4{0.5f, -1.f, 2.f, 3.25f};
        const QStringList l2{"0", "1"};
        QTest::newRow("LF") << QByteArray("0.5\t-1\n2\t3.25\n") << 2 << v4 << l2;
        QTest::newRow("CRLF") << QByteArray("0.5\t-1\r\n2\t3.25\r\n") << 2 << v4 << l2;
        QTest::newRow("BOM") << QByteArray(
                                    "\xEF\xBB\xBF"
                                    "0.5\t-1\n2\t3.25\n")
                             << 2 << v4 << l2;
        QTest::newRow("no final newline") << QByteArray("0.5\t-1\n2\t3.25") << 2 << v4 << l2;
        QTest::newRow("trailing blank lines")
            << QByteArray("0.5\t-1\n2\t3.25\n\n\r\n\n") << 2 << v4 << l2;
        QTest::newRow("leading blank line") << QByteArray("\n0.5\t-1\n2\t3.25\n") << 2 << v4 << l2;
        QTest::newRow("blank line between rows")
            << QByteArray("0.5\t-1\n   \n2\t3.25\n") << 2 << v4 << l2;
        QTest::newRow("trailing spaces and tab")
            << QByteArray("0.5\t-1  \t\n2\t3.25 \n") << 2 << v4 << l2;
        QTest::newRow("spaces around cells")
            << QByteArray(" 0.5 \t -1\n+2\t 3.25\n") << 2 << v4 << l2;
        QTest::newRow("exponents") << QByteArray("5e-1\t-1E0\n2.0e+00\t325e-2\n") << 2 << v4 << l2;
        QTest::newRow("one column")
            << QByteArray("0.5\n-1\n2\n3.25\n") << 1 << v4 << QStringList{"0", "1", "2", "3"};
        QTest::newRow("tiny exponent underflows to 0")
            << QByteArray("1e-999\t1\n") << 2 << QList<float>{0.f, 1.f} << QStringList{"0"};
    }
    void readsGoodFiles() {
        QFETCH(QByteArray, bytes);
        QFETCH(int, dims);
        QFETCH(QList<float>, values);
        QFETCH(QStringList, labels);
        const Dataset d = readProjectorTsv(write(bytes), {}, Progress::none());
        QCOMPARE(d.embedding.dims(), std::size_t(dims));
        QCOMPARE(d.embedding.rows(), std::size_t(labels.size()));
        QCOMPARE(QList<float>(d.embedding.values().begin(), d.embedding.values().end()), values);
        QStringList got;
        for (const auto& l : d.embedding.labels()) got << QString::fromStdString(l);
        QCOMPARE(got, labels);
        QCOMPARE(d.summary.rowsRead, std::size_t(labels.size()));
        QCOMPARE(d.summary.skipped, std::size_t(0));
        QCOMPARE(d.sourceRowCount, std::size_t(labels.size()));
        QCOMPARE(d.embedding.duplicateRows().size(), std::size_t(0));
    }

    // Under Reject the first bad row stops the load with its place: "PATH:LINE:COLUMN: message".
    void rejectsBadRows_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("where");  // the error text after the path
        const QString nf = ": value %1 of '%2' is not finite";
        const QString range =
            ": value %1 of '%2' is outside the float32 range (beyond ±3.4e38) or infinite";
        QTest::newRow("too few values") << QByteArray("1\t2\t3\n4\t5\n")
                                        << ":2:4: has 2 values, expected 3 (as on the first row)";
        QTest::newRow("too many values") << QByteArray("1\t2\n4\t5\t6\t7\n")
                                         << ":2:5: has 4 values, expected 2 (as on the first row)";
        QTest::newRow("empty cell") << QByteArray("1\t2\t3\n4\t\t6\n") << ":2:3: value 2 is empty";
        QTest::newRow("empty first cell") << QByteArray("1\t2\n\t5\n") << ":2:1: value 1 is empty";
        QTest::newRow("not a number")
            << QByteArray("1\t2\n3\tabc\n") << ":2:3: 'abc' is not a number";
        QTest::newRow("decimal comma")
            << QByteArray("1\t2\n0,5\t1\n")
            << ":2:1: '0,5' uses a decimal comma; numbers must be written with '.'";
        QTest::newRow("np.float32 token") << QByteArray("1\t2\n3\tnp.float32(0.1)\n")
                                          << ":2:3: 'np.float32(0.1)' is not a number";
        QTest::newRow("header row")
            << QByteArray("x\ty\n1\t2\n")
            << ":1:1: 'x' is not a number (a Projector vectors TSV has no header row and no "
               "labels: put them in a metadata TSV)";
        QTest::newRow("label column")
            << QByteArray("1\t2\nword\t3\n") << ":2:1: 'word' is not a number";
        QTest::newRow("space is no separator")
            << QByteArray("1\t2\n3 4\t5\n") << ":2:1: '3 4' is not a number";
        QTest::newRow("nan") << QByteArray("1\t2\n3\tnan\n") << nf.arg(2).arg(1).prepend(":2:3");
        QTest::newRow("-inf") << QByteArray("1\t2\n-inf\t3\n")
                              << range.arg(1).arg(1).prepend(":2:1");
        QTest::newRow("1e999") << QByteArray("1\t2\n3\t4\n5\t1e999\n")
                               << range.arg(2).arg(2).prepend(":3:3");
        QTest::newRow("CRLF column")
            << QByteArray("1\t2\r\n3\tx\r\n") << ":2:3: 'x' is not a number";
        QTest::newRow("BOM not counted in columns")
            << QByteArray(
                   "\xEF\xBB\xBF"
                   "1\tx\n")
            << ":1:3: 'x' is not a number (a Projector vectors TSV has no header row and no "
               "labels: put them in a metadata TSV)";
        QTest::newRow("line numbers count blank lines")
            << QByteArray("1\t2\n\n\n3\ty\n") << ":4:3: 'y' is not a number";
        QTest::newRow("NUL bytes")
            << QByteArray("1\t2\n\0\0\t2\n", 10) << ":2:1: '\\x00\\x00' is not a number";
        QTest::newRow("long cell shortened")
            << QByteArray("1\t2\n3\t" + QByteArray(50, 'a') + "\n")
            << ":2:3: '" + QString(40, 'a') + "...' is not a number";
        QTest::newRow("empty file") << QByteArray() << ": is empty: no vectors to read";
        QTest::newRow("BOM only") << QByteArray("\xEF\xBB\xBF") << ": is empty: no vectors to read";
        QTest::newRow("blank lines only")
            << QByteArray("\n \r\n\t\n") << ": has only blank lines: no vectors to read";
    }
    void rejectsBadRows() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, where);
        const std::string path = write(bytes);
        try {
            readProjectorTsv(path, {}, Progress::none());
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.what()), QString::fromStdString(path) + where);
        }
    }

    // Under SkipAndReport bad rows are counted and listed; the rest load and stay aligned with
    // the file's rows through sourceRows.
    void skipsBadRows_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QStringList>("labels");
        QTest::addColumn<int>("skipped");
        QTest::addColumn<int>("nonFinite");
        QTest::addColumn<QString>("firstProblem");
        QTest::newRow("one bad value") << QByteArray("1\t2\n3\tx\n5\t6\n") << QStringList{"0", "2"}
                                       << 1 << 0 << ":2:3: 'x' is not a number";
        QTest::newRow("wrong counts and nan")
            << QByteArray("1\t2\n3\n\n4\t5\t6\nnan\t1\n7\t8") << QStringList{"0", "4"} << 3 << 1
            << ":2:2: has 1 value, expected 2 (as on the first row)";
        QTest::newRow("bad first row still fixes D")
            << QByteArray("a\tb\n1\t2\n") << QStringList{"1"} << 1 << 0
            << ":1:1: 'a' is not a number (a Projector vectors TSV has no header row and no "
               "labels: put them in a metadata TSV)";
    }
    void skipsBadRows() {
        QFETCH(QByteArray, bytes);
        QFETCH(QStringList, labels);
        QFETCH(int, skipped);
        QFETCH(int, nonFinite);
        QFETCH(QString, firstProblem);
        const std::string path = write(bytes);
        LoadOptions o;
        o.badRows = BadRowPolicy::SkipAndReport;
        const Dataset d = readProjectorTsv(path, o, Progress::none());
        QStringList got;
        for (const auto& l : d.embedding.labels()) got << QString::fromStdString(l);
        QCOMPARE(got, labels);
        QCOMPARE(d.summary.skipped, std::size_t(skipped));
        QCOMPARE(d.summary.nonFinite, std::size_t(nonFinite));
        QCOMPARE(d.summary.rowsRead, std::size_t(labels.size()));
        QCOMPARE(d.summary.problems.size(), std::size_t(skipped));
        QCOMPARE(QString::fromStdString(d.summary.problems.front()),
                 QString::fromStdString(path) + firstProblem);
        // Labels are the file's data row numbers, so they double as sourceRows.
        QCOMPARE(d.sourceRowCount, std::size_t(labels.size() + skipped));
        for (std::size_t i = 0; i < d.sourceRows.size(); ++i)
            QCOMPARE(QString::number(d.sourceRows[i]), labels[int(i)]);
    }

    void firstRows_data() {
        QTest::addColumn<int>("maxRows");
        QTest::addColumn<int>("rows");
        QTest::addColumn<bool>("truncated");
        QTest::newRow("cut") << 2 << 2 << true;
        QTest::newRow("exactly all rows is no cut") << 3 << 3 << false;
        QTest::newRow("more than all") << 10 << 3 << false;
    }
    void firstRows() {
        QFETCH(int, maxRows);
        QFETCH(int, rows);
        QFETCH(bool, truncated);
        LoadOptions o;
        o.maxRows = std::size_t(maxRows);
        const Dataset d = readProjectorTsv(write("1\t2\n3\t4\n5\t6\n\n"), o, Progress::none());
        QCOMPARE(d.embedding.rows(), std::size_t(rows));
        QCOMPARE(d.sourceRowCount, std::size_t(rows));
        QCOMPARE(d.summary.truncatedByMaxRows, truncated);
    }

    // A file of several MB reports progress up to 1 and can be cancelled mid-way.
    void progressAndCancel() {
        QByteArray big;
        const QByteArray row("0.125\t-0.25\t0.5\t1e-05\t3\t4\t5\t6\n");
        big.reserve(row.size() * 400000);
        for (int i = 0; i < 400000; ++i) big += row;
        const std::string path = write(big);

        std::vector<double> fractions;
        Progress watched([&](double f, const std::string&) { fractions.push_back(f); });
        const Dataset d = readProjectorTsv(path, {}, watched);
        QCOMPARE(d.embedding.rows(), std::size_t(400000));
        QCOMPARE(d.embedding.row(399999)[3], 1e-05f);
        QVERIFY(!fractions.empty());
        QCOMPARE(fractions.back(), 1.0);

        QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));

        // Cancelled as reading starts (from the stage report): the reader stops with Cancelled.
        Progress* self = nullptr;
        Progress stopper([&](double, const std::string&) { self->cancel(); });
        self = &stopper;
        QVERIFY_THROWS_EXCEPTION(Cancelled, readProjectorTsv(path, {}, stopper));
        Progress before;
        before.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, readProjectorTsv(path, {}, before));
    }
};

QTEST_APPLESS_MAIN(TestProjectorTsv)
#include "tst_projectortsv.moc"
