// writeLayout / readLayout: TSV, CSV and semicolon CSV round-trip labels byte-for-byte (RFC 4180
// quoting for commas, quotes and line breaks) and coordinates bit-for-bit; the exact bytes; what
// cannot be written is refused by row; malformed files are rejected at path:line:column.
#include <QTest>

#include <bit>
#include <limits>

#include "Error.h"
#include "TestSupport.h"
#include "io/Coordinates.h"

using namespace embedscope;

namespace {

const std::vector<float> kValues = {-0.0f,
                                    1e-38f,
                                    3.4e38f,
                                    -3.4e38f,
                                    std::numeric_limits<float>::denorm_min(),
                                    0.1f,
                                    std::numeric_limits<float>::max(),
                                    1.0f / 3.0f,
                                    -2.5f,
                                    0.0f,
                                    1e-7f,
                                    123456.79f};

Layout makeLayout(const std::vector<std::string>& labels, int dims) {
    Layout layout;
    layout.labels = labels;
    layout.coordinates.resize(Eigen::Index(labels.size()), dims);
    for (Eigen::Index i = 0; i < layout.coordinates.size(); ++i)
        layout.coordinates.data()[i] = kValues[std::size_t(i * 5) % kValues.size()];
    return layout;
}

std::vector<std::uint32_t> bitsOf(const RowMatrixXf& m) {
    std::vector<std::uint32_t> bits;
    for (Eigen::Index i = 0; i < m.size(); ++i)
        bits.push_back(std::bit_cast<std::uint32_t>(m.data()[i]));
    return bits;
}

std::vector<std::string> toStd(const QStringList& list) {
    std::vector<std::string> out;
    for (const QString& s : list) out.push_back(s.toStdString());
    return out;
}

}  // namespace

class TestLayout : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_files = 0;
    std::string newPath() {
        return m_dir.filePath(QString("layout%1").arg(++m_files)).toStdString();
    }

private slots:
    void initTestCase() {
        testsupport::applyTestLocale();
        QVERIFY(m_dir.isValid());
    }

    void roundTrip_data() {
        QTest::addColumn<char>("separator");
        QTest::addColumn<int>("dims");
        QTest::addColumn<QStringList>("extraLabels");
        const QStringList csvLabels{"comma,inside",
                                    "\"quoted\"",
                                    "semi;colon",
                                    "multi\nline",
                                    "crlf\r\ninside",
                                    "only\"quote",
                                    "trailing cr\r",
                                    "\"",
                                    ","};
        QTest::newRow("TSV 2-D") << '\t' << 2
                                 << QStringList{"comma,inside", "\"quoted\"", "semi;colon"};
        QTest::newRow("TSV 3-D") << '\t' << 3 << QStringList{"\"", "a\"b"};
        QTest::newRow("CSV 2-D") << ',' << 2 << csvLabels;
        QTest::newRow("CSV 3-D") << ',' << 3 << csvLabels;
        QTest::newRow("semicolon CSV 3-D") << ';' << 3 << csvLabels;
        QTest::newRow("CSV, header only") << ',' << 3 << QStringList{};
    }
    void roundTrip() {
        QFETCH(char, separator);
        QFETCH(int, dims);
        QFETCH(QStringList, extraLabels);
        std::vector<std::string> labels = {"plain",    "café",       "日本",     "",
                                           " padded ", "with space", "a\u00a0b", "plain"};
        if (QTest::currentDataTag() == QByteArray("CSV, header only")) labels.clear();
        for (const QString& l : extraLabels) labels.push_back(l.toStdString());
        const Layout original = makeLayout(labels, dims);
        const std::string path = newPath();
        writeLayout(original, path, separator);
        const Layout back = readLayout(path);
        QCOMPARE(back.labels, original.labels);
        QCOMPARE(back.coordinates.rows(), original.coordinates.rows());
        QCOMPARE(back.coordinates.cols(), Eigen::Index(dims));
        QCOMPARE(bitsOf(back.coordinates), bitsOf(original.coordinates));
    }

    void exactBytes_data() {
        QTest::addColumn<char>("separator");
        QTest::addColumn<QStringList>("labels");
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("TSV") << '\t' << QStringList{"a", "b,c", "\"q\""}
                             << QByteArray(
                                    "label\tx\ty\na\t0.5\t-0\nb,c\t1e-38\t3.4e+38\n"
                                    "\"q\"\t1e-45\t-1.5\n");
        QTest::newRow("CSV") << ',' << QStringList{"a", "b,c", "say \"hi\"", "x\ny"}
                             << QByteArray(
                                    "label,x,y\na,0.5,-0\n\"b,c\",1e-38,3.4e+38\n"
                                    "\"say \"\"hi\"\"\",1e-45,-1.5\n\"x\ny\",1,2\n");
        QTest::newRow("semicolon CSV") << ';' << QStringList{"b,c", "d;e", " pad"}
                                       << QByteArray(
                                              "label;x;y\nb,c;0.5;-0\n\"d;e\";1e-38;3.4e+38\n"
                                              "\" pad\";1e-45;-1.5\n");
    }
    void exactBytes() {
        QFETCH(char, separator);
        QFETCH(QStringList, labels);
        QFETCH(QByteArray, bytes);
        const std::vector<float> values{0.5f, -0.0f, 1e-38f, 3.4e38f, 1e-45f, -1.5f, 1.0f, 2.0f};
        Layout layout;
        layout.labels = toStd(labels);
        layout.coordinates.resize(labels.size(), 2);
        for (Eigen::Index i = 0; i < layout.coordinates.size(); ++i)
            layout.coordinates.data()[i] = values[std::size_t(i)];
        const std::string path = newPath();
        writeLayout(layout, path, separator);
        QCOMPARE(testsupport::readFile(path), bytes);
    }

    void writeRefuses_data() {
        QTest::addColumn<char>("separator");
        QTest::addColumn<QString>("badLabel");
        QTest::addColumn<float>("badValue");
        QTest::addColumn<int>("dims");
        QTest::addColumn<int>("labelCount");   // -1: as many as points
        QTest::addColumn<QString>("message");  // after "PATH: cannot save the layout"
        const float nan = std::numeric_limits<float>::quiet_NaN();
        QTest::newRow("TSV: tab in label") << '\t' << "a\tb" << 0.f << 2 << -1
                                           << " as TSV: row 2 has label \"a\\tb\", which contains "
                                              "a tab or line break (CSV can hold it)";
        QTest::newRow("TSV: newline in label") << '\t' << "a\nb" << 0.f << 3 << -1
                                               << " as TSV: row 2 has label \"a\\nb\", which "
                                                  "contains a tab or line break (CSV can hold it)";
        QTest::newRow("NaN") << ',' << "ok" << nan << 2 << -1
                             << ": row 2 (\"ok\") has a non-finite y";
        QTest::newRow("infinity") << '\t' << "ok" << std::numeric_limits<float>::infinity() << 3
                                  << -1 << ": row 2 (\"ok\") has a non-finite y";
        QTest::newRow("4 coordinates")
            << ',' << "ok" << 0.f << 4 << -1 << ": it has 4 coordinates per point, expected 2 or 3";
        QTest::newRow("labels missing")
            << ',' << "ok" << 0.f << 2 << 2 << ": it has 2 labels for 3 points";
        QTest::newRow("bad separator")
            << ' ' << "ok" << 0.f << 2 << -1 << ": the separator must be a tab, ',' or ';'";
    }
    void writeRefuses() {
        QFETCH(char, separator);
        QFETCH(QString, badLabel);
        QFETCH(float, badValue);
        QFETCH(int, dims);
        QFETCH(int, labelCount);
        QFETCH(QString, message);
        Layout layout = makeLayout({"first", badLabel.toStdString(), "third"}, dims);
        layout.coordinates(1, 1) = badValue == 0.f ? layout.coordinates(1, 1) : badValue;
        if (labelCount >= 0) layout.labels.resize(std::size_t(labelCount));
        const std::string path = newPath();
        try {
            writeLayout(layout, path, separator);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.what()),
                     QString::fromStdString(path) + ": cannot save the layout" + message);
        }
        QVERIFY(!QFile::exists(QString::fromStdString(path)));
    }

    void readAccepts_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QStringList>("labels");
        QTest::addColumn<QList<float>>("values");
        const QList<float> v{0.5f, -1.f, 2.f, 3.25f};
        const QStringList ab{"a", "b"};
        QTest::newRow("LF") << QByteArray("label,x,y\na,0.5,-1\nb,2,3.25\n") << ab << v;
        QTest::newRow("CRLF") << QByteArray("label\tx\ty\r\na\t0.5\t-1\r\nb\t2\t3.25\r\n") << ab
                              << v;
        QTest::newRow("BOM") << QByteArray("\xEF\xBB\xBFlabel;x;y\na;0.5;-1\nb;2;3.25\n") << ab
                             << v;
        QTest::newRow("no final newline") << QByteArray("label,x,y\na,0.5,-1\nb,2,3.25") << ab << v;
        QTest::newRow("final CR, no LF")
            << QByteArray("label,x,y\r\na,0.5,-1\r\nb,2,3.25\r") << ab << v;
        QTest::newRow("blank lines")
            << QByteArray("label,x,y\n\na,0.5,-1\r\n\r\nb,2,3.25\n\n") << ab << v;
        QTest::newRow("quoted header and CRLF after quote")
            << QByteArray("\"label\",\"x\",\"y\"\r\n\"a\",0.5,-1\r\n\"b\",2,3.25\r\n") << ab << v;
        QTest::newRow("signs and exponents")
            << QByteArray("label,x,y\na,5e-1,-1E0\nb,+2.0e+00,325e-2\n") << ab << v;
        QTest::newRow("quotes are literal in TSV")
            << QByteArray("label\tx\ty\n\"a\t0.5\t-1\nb\"\t2\t3.25\n") << QStringList{"\"a", "b\""}
            << v;
        QTest::newRow("empty quoted label")
            << QByteArray("label,x,y\n\"\",0.5,-1\n,2,3.25\n") << QStringList{"", ""} << v;
    }
    void readAccepts() {
        QFETCH(QByteArray, bytes);
        QFETCH(QStringList, labels);
        QFETCH(QList<float>, values);
        const Layout layout =
            readLayout(testsupport::writeFile(m_dir, QString("in%1").arg(++m_files), bytes));
        QCOMPARE(layout.labels, toStd(labels));
        QCOMPARE(layout.coordinates.cols(), Eigen::Index(2));
        QCOMPARE(QList<float>(layout.coordinates.data(),
                              layout.coordinates.data() + layout.coordinates.size()),
                 values);
    }

    void readRejects_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("message");  // after the path
        const QString need3 = " fields, expected 3 fields (label, x, y)";
        QTest::newRow("empty file")
            << QByteArray() << ":1: the file is empty; expected a header row \"label, x, y[, z]\"";
        QTest::newRow("no separator in header") << QByteArray("hello\n1 2\n")
                                                << ":1: expected a header row \"label, x, y[, z]\" "
                                                   "separated by tabs, commas or semicolons";
        QTest::newRow("wrong header name")
            << QByteArray("label,x,q\n")
            << ":1:9: expected header column 3 to be \"y\", found \"q\"";
        QTest::newRow("header after BOM: columns count its bytes")
            << QByteArray("\xEF\xBB\xBFlabel,x,q\n")
            << ":1:12: expected header column 3 to be \"y\", found \"q\"";
        QTest::newRow("header without label")
            << QByteArray("x\ty\n1\t2\n")
            << ":1:1: expected header column 1 to be \"label\", found \"x\"";
        QTest::newRow("header too short")
            << QByteArray("label,x\na,1\n")
            << ":1:8: the header ends early; expected label, x, y and maybe z";
        QTest::newRow("header too long")
            << QByteArray("label,x,y,z,w\n")
            << ":1:13: the header has more than 4 columns; expected label, x, y and maybe z";
        QTest::newRow("label only")
            << QByteArray("label,x,y\na\n")
            << ":2:2: this row has 1 field, expected 3 fields (label, x, y)";
        QTest::newRow("too few fields")
            << QByteArray("label,x,y\na,1\n") << ":2:4: this row has 2" + need3;
        QTest::newRow("too many fields") << QByteArray("label,x,y\na,1,2,3\n")
                                         << ":2:7: this row has more than 3 fields (label, x, y)";
        QTest::newRow("3-D row missing z")
            << QByteArray("label,x,y,z\na,1,2\n")
            << ":2:6: this row has 3 fields, expected 4 fields (label, x, y, z)";
        QTest::newRow("not a number") << QByteArray("label\tx\ty\na\t1\tabc\n")
                                      << ":2:5: expected a number for y, found \"abc\"";
        QTest::newRow("decimal comma")
            << QByteArray("label;x;y\na;0,5;1\n") << ":2:3: expected a number for x, found \"0,5\"";
        QTest::newRow("empty number")
            << QByteArray("label,x,y\na,,1\n") << ":2:3: expected a number for x, found \"\"";
        QTest::newRow("spaces around a number")
            << QByteArray("label,x,y\na, 1,2\n") << ":2:3: expected a number for x, found \" 1\"";
        QTest::newRow("nan") << QByteArray("label,x,y\na,nan,1\n")
                             << ":2:3: x is not finite: \"nan\"";
        QTest::newRow("overflow") << QByteArray("label,x,y\na,1,1e39\n")
                                  << ":2:5: y is not finite: \"1e39\"";
        QTest::newRow("unterminated quote") << QByteArray("label,x,y\nok,1,2\n\"abc,1,2\n")
                                            << ":3:1: the quote opened here is never closed";
        QTest::newRow("text after closing quote")
            << QByteArray("label,x,y\n\"ab\"c,1,2\n")
            << ":2:5: unexpected text after the closing quote of a field";
        QTest::newRow("after a quoted line break, lines still count")
            << QByteArray("label,x,y\n\"a\nb\",1,x\n")
            << ":3:6: expected a number for y, found \"x\"";
        QTest::newRow("CRLF") << QByteArray("label,x,y\r\na,1,b\r\n")
                              << ":2:5: expected a number for y, found \"b\"";
    }
    void readRejects() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, message);
        const std::string path =
            testsupport::writeFile(m_dir, QString("bad%1").arg(++m_files), bytes);
        try {
            readLayout(path);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.what()), QString::fromStdString(path) + message);
        }
    }

    void readMissingFileSaysSo() {
        const std::string path = newPath();
        QVERIFY_THROWS_EXCEPTION(Error, readLayout(path));
        try {
            readLayout(path);
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.what()),
                     QString::fromStdString(path) + ": cannot open: the file does not exist");
        }
    }

    void writeToFolderKeepsIt() {
        const std::string path = m_dir.filePath("a folder").toStdString();
        QVERIFY(QDir().mkdir(QString::fromStdString(path)));
        try {
            writeLayout(makeLayout({"a"}, 2), path, ',');
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.what()),
                     QString::fromStdString(path) + ": cannot save: it is a folder");
        }
        QVERIFY(QFileInfo(QString::fromStdString(path)).isDir());
    }
};

QTEST_GUILESS_MAIN(TestLayout)
#include "tst_layout.moc"
