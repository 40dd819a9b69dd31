// NumPy .npy reading and writing: bad-inputs.md section 8 (and 9: progress, cancel, memory map).
#include <QtTest>
#include <cmath>
#include <cstring>
#include <thread>

#include "CancelCheck.h"
#include "TestSupport.h"
#include "io/Npy.h"
#include "io/Readers.h"

using namespace embedscope;

namespace {

/// A .npy file: magic, version, header length, dict (plus the '\n' numpy ends it with), data.
QByteArray npy(const QByteArray& dict, const QByteArray& data = {}, int major = 1) {
    QByteArray out("\x93NUMPY", 6);
    out.append(char(major)).append(char(0));
    const QByteArray header = dict + '\n';
    const int lengthBytes = major == 1 ? 2 : 4;
    for (int i = 0; i < lengthBytes; ++i) out.append(char((header.size() >> (8 * i)) & 0xff));
    return out + header + data;
}

QByteArray dict2x3(const QByteArray& descr = "<f4", const QByteArray& fortran = "False") {
    return "{'descr': '" + descr + "', 'fortran_order': " + fortran + ", 'shape': (2, 3), }";
}

template <typename T>
QByteArray raw(std::initializer_list<T> values, bool bigEndian = false) {
    QByteArray out;
    for (T v : values) {
        char bytes[sizeof(T)];
        std::memcpy(bytes, &v, sizeof(T));
        if (bigEndian) std::reverse(bytes, bytes + sizeof(T));
        out.append(bytes, sizeof(T));
    }
    return out;
}

const QByteArray kValues23 = raw<float>({1.5f, -2.0f, 3.25f, 4.0f, 5.5f, -6.75f});

/// "@offset" of the first byte of marker in file (after it, when `after`).
QString at(const QByteArray& file, const QByteArray& marker, bool after = false) {
    const qsizetype i = file.indexOf(marker);
    if (i < 0) qFatal("marker %s not in file", marker.constData());
    return "@" + QString::number(i + (after ? marker.size() : 0));
}

bool sameBits(std::span<const float> got, const QList<float>& want) {
    return got.size() == std::size_t(want.size()) &&
           std::memcmp(got.data(), want.constData(), got.size() * sizeof(float)) == 0;
}

QString describe(std::span<const float> values) {
    QStringList parts;
    for (float v : values) parts << QString::number(v, 'g', 9);
    return parts.join(' ');
}

}  // namespace

class TestNpy : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { testsupport::applyTestLocale(); }

    void rejects_data();
    void rejects();
    void loads_data();
    void loads();
    void largeArrays_data();
    void largeArrays();
    void writeMatchesNumpy();
    void roundTrip_data();
    void roundTrip();
    void writeFailureNamesPath();
    void cancel_data();
    void cancel();

private:
    QTemporaryDir m_dir;
};

void TestNpy::rejects_data() {
    QTest::addColumn<QString>("fixture");  // under tests/data/npy, or empty: `bytes` is the file
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("where");    // after the path
    QTest::addColumn<QString>("message");  // part of the sentence

    auto bytes = [](const char* name, const QByteArray& file, const QString& where,
                    const char* message) {
        QTest::newRow(name) << QString() << file << where << QString(message);
    };
    auto fixture = [](const char* name, const char* file, const QByteArray& marker,
                      const char* message) {
        const QByteArray content =
            testsupport::readFile(testsupport::testData((std::string("npy/") + file).c_str()));
        QTest::newRow(name) << QString(file) << QByteArray() << at(content, marker, true)
                            << QString(message);
    };

    // Preamble.
    bytes("empty file", "", "@0", "the file is empty");
    bytes("bad magic", QByteArray("\x93NUMPX\x01\x00", 8) + "{}", "@0", "not a .npy file");
    bytes("text given as npy", "2 3\nthe 0.1 0.2 0.3\n", "@0", "not a .npy file");
    QByteArray v4 = npy(dict2x3(), kValues23);
    v4[6] = 4;
    bytes("version 4.0", v4, "@6", "unsupported .npy format version 4.0");
    QByteArray v11 = npy(dict2x3(), kValues23);
    v11[7] = 1;
    bytes("version 1.1", v11, "@6", "unsupported .npy format version 1.1");
    bytes("cut in version", QByteArray("\x93NUMPY\x01", 7), "@7",
          "ends inside the .npy format version");
    bytes("cut in header length", QByteArray("\x93NUMPY\x01\x00\x10", 9), "@8",
          "ends inside the .npy header length");
    bytes("v2 cut in header length", QByteArray("\x93NUMPY\x02\x00\x10\x00\x00", 11), "@8",
          "ends inside the .npy header length");
    bytes("short header", npy(dict2x3()).left(40), "@8",
          "the header length says 60 bytes, but only 30 follow");
    bytes("v2 short header", npy(dict2x3(), {}, 2).left(40), "@8",
          "the header length says 60 bytes, but only 28 follow");

    // The header dict, parsed strictly.
    bytes("not a dict", npy("[2, 3]"), "@10", "expected '{' at the start of the header dict");
    bytes("unclosed dict", npy("{'descr': '<f4', "), "@28",
          "expected a quoted key in the header, found the end of the header");
    const QByteArray noShape = npy("{'descr': '<f4', 'fortran_order': False, }", kValues23);
    bytes("missing shape", noShape, at(noShape, "}"), "the header has no 'shape' key");
    const QByteArray noDescr = npy("{'fortran_order': False, 'shape': (2, 3), }", kValues23);
    bytes("missing descr", noDescr, at(noDescr, "}"), "the header has no 'descr' key");
    const QByteArray noOrder = npy("{'descr': '<f4', 'shape': (2, 3), }", kValues23);
    bytes("missing fortran_order", noOrder, at(noOrder, "}"),
          "the header has no 'fortran_order' key");
    const QByteArray extra =
        npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'x': 1, }", kValues23);
    bytes("extra key", extra, at(extra, "'x'"), "unexpected key 'x' in the header");
    const QByteArray twice =
        npy("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }");
    bytes("duplicate key", twice, "@27", "the key 'descr' appears twice");
    bytes("unquoted key", npy("{descr: '<f4'}"), "@11", "expected a quoted key");
    bytes("unclosed string", npy("{'descr"), "@11", "a string in the header is not closed");
    bytes("escape in string", npy("{'de\\scr': '<f4'}"), "@14", "escape sequences");
    bytes("missing colon", npy("{'descr' '<f4'}"), "@19", "expected ':' after the key 'descr'");
    bytes("missing comma", npy("{'descr': '<f4' 'shape': (2, 3)}"), "@26", "expected ',' or '}'");
    const QByteArray after = npy(dict2x3() + " x", kValues23);
    bytes("text after the dict", after, at(after, "x\n"), "unexpected text after the header dict");
    bytes("descr not a string", npy("{'descr': 4, 'fortran_order': False, 'shape': (2, 3), }"),
          "@20", "'descr' must be a type string");
    bytes("fortran_order not a bool", npy(dict2x3("<f4", "0")), "@44",
          "'fortran_order' must be True or False");
    bytes("fortran_order Truely", npy(dict2x3("<f4", "Truely")), "@44",
          "'fortran_order' must be True or False, found 'Truely");
    const QByteArray list = npy("{'descr': '<f4', 'fortran_order': False, 'shape': [2, 3], }");
    bytes("shape is a list", list, at(list, "[2"), "expected '(' to start the 'shape' tuple");
    const QByteArray noComma = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (6), }");
    bytes("shape (6) is not a tuple", noComma, at(noComma, "), }"), "'shape' must be a tuple");
    const QByteArray negative =
        npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-2, 3), }", kValues23);
    bytes("negative shape", negative, at(negative, "-2"), "the shape has a negative size");
    const QByteArray word = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (n, 3), }");
    bytes("shape not a number", word, at(word, "n, 3"), "expected a whole number");
    const QByteArray huge =
        npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 99999999999999999999), }");
    bytes("shape size past 64 bits", huge, at(huge, "999"), "a shape size is too large");
    const QByteArray overflow =
        npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }");
    bytes("shape product overflows", overflow, at(overflow, "(4294"),
          "shape (4294967296, 4294967296) is too large: its size in bytes overflows");
    const QByteArray zeroCols = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 0), }");
    bytes("no columns", zeroCols, at(zeroCols, "(2, 0"), "hold no values (shape (2, 0))");

    // Element types.
    bytes("unknown type", npy(dict2x3("<q9")), "@20", "an unknown element type ('<q9')");
    bytes("float128", npy(dict2x3("<f16")), "@20", "floats of an unsupported width ('<f16')");
    bytes("int3", npy(dict2x3("<i3")), "@20", "integers of an unsupported width ('<i3')");
    bytes("strings", npy(dict2x3("<U3")), "@20", "strings ('<U3')");
    bytes("dates", npy(dict2x3("<M8[ns]")), "@20", "dates or times ('<M8[ns]')");
    bytes("empty descr", npy(dict2x3("")), "@20", "the element type '' is not a type");
    fixture("object dtype (pickle)", "object.npy",
            "'descr': ", "contains Python objects (pickle): refusing to load");
    fixture("structured dtype", "structured.npy", "'descr': ", "structured dtype");
    fixture("booleans", "bool.npy", "'descr': ", "booleans ('|b1')");
    fixture("complex", "complex.npy", "'descr': ", "complex numbers ('<c8')");

    // Shapes.
    fixture("1-D", "one_d.npy", "'shape': ", "the array is 1-D (shape (5,))");
    fixture("3-D", "three_d.npy", "'shape': ", "the array is 3-D (shape (2, 3, 4))");
    fixture("0-D", "scalar.npy", "'shape': ", "the array is a single number (shape ())");
    fixture("no rows", "empty.npy", "'shape': ", "the array has no rows (shape (0, 3))");

    // Data.
    const QByteArray shortData = npy(dict2x3(), kValues23.left(20));
    bytes("short data", shortData, "@" + QString::number(shortData.size()),
          "needs 24 bytes after the header (which ends at offset 70); only 20 are there");
    const QByteArray noData = npy(dict2x3());
    bytes("no data", noData, "@70", "needs 24 bytes after the header");
    const QByteArray fortranShort = npy(dict2x3("<f8", "True"), kValues23);
    bytes("Fortran short data", fortranShort, "@93",
          "needs 48 bytes after the header (which "
          "ends at offset 69); only 24");
    const QByteArray nanReject =
        npy(dict2x3(), raw<float>({1, 2, 3, 4, std::numeric_limits<float>::quiet_NaN(), 6}));
    bytes("NaN (reject)", nanReject, "@82, record 2", "value 2 of row 2 is not finite");
    const QByteArray fortranNan =
        npy(dict2x3("<f4", "True"),
            raw<float>({1, 2, 3, std::numeric_limits<float>::infinity(), 5, 6}));
    bytes("Fortran inf (reject)", fortranNan, "@73, record 2", "value 2 of row 2 is not finite");
    // Row 2 of [[0.5, -1.25], [1e300, 2]...] starts 16 bytes into the data, which starts at 128.
    QTest::newRow("float64 beyond float32 (reject)")
        << QString("f8_overflow.npy") << QByteArray() << QString("@144, record 2")
        << QString("value 1 of row 2 is outside the float32 range (beyond ±3.4e38) or infinite");
}

void TestNpy::rejects() {
    QFETCH(QString, fixture);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, where);
    QFETCH(QString, message);
    const std::string path = fixture.isEmpty()
                                 ? testsupport::writeFile(m_dir, "bad.npy", bytes)
                                 : testsupport::testData(("npy/" + fixture).toUtf8().constData());
    try {
        readNpy(path, {}, Progress::none());
        QFAIL("no error");
    } catch (const Error& e) {
        QCOMPARE(QString::fromStdString(e.where().toString()),
                 QString::fromStdString(path) + where);
        if (!QString::fromStdString(e.message()).contains(message))
            QFAIL(qPrintable("message: " + QString::fromStdString(e.message())));
    }
}

void TestNpy::loads_data() {
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("skip");  // BadRowPolicy::SkipAndReport
    QTest::addColumn<int>("maxRows");
    QTest::addColumn<int>("dims");
    QTest::addColumn<QStringList>("labels");
    QTest::addColumn<QList<float>>("values");
    QTest::addColumn<int>("skipped");
    QTest::addColumn<int>("nonFinite");
    QTest::addColumn<QStringList>("warnings");  // a part of each warning, in order

    const QList<float> v23{1.5f, -2.0f, 3.25f, 4.0f, 5.5f, -6.75f};
    const QStringList two{"0", "1"};
    const QString f64 = "float64 values were converted to float32";
    auto fixture = [&](const char* name, const char* file, const QList<float>& values, int dims,
                       const QStringList& warnings = {}) {
        QStringList labels;
        for (int r = 0; r < values.size() / dims; ++r) labels << QString::number(r);
        QTest::newRow(name) << QString(file) << QByteArray() << false << 0 << dims << labels
                            << values << 0 << 0 << warnings;
    };
    fixture("float32 little-endian", "f4_c.npy", v23, 3);
    fixture("float32 big-endian", "f4_be.npy", v23, 3);
    fixture("float64", "f8_c.npy", v23, 3, {f64});
    // np.asfortranarray([[1.5, -2, 3.25], [4, 5.5, -6.75]]): stored 1.5 4 -2 5.5 3.25 -6.75.
    fixture("Fortran order 2x3", "f4_fortran.npy", v23, 3);
    fixture("Fortran order big-endian float64", "f8_be_fortran.npy", v23, 3, {f64});
    fixture("version 2.0", "f4_v2.npy", v23, 3);
    fixture("version 3.0", "f4_v3.npy", v23, 3);
    fixture("float16 incl. max and subnormal", "f2.npy", {0.5f, -2.0f, 65504.0f, 0x1p-24f}, 2);
    fixture("int32, 2^24+1 rounded", "i4.npy", {1, -2, 16777216, 3}, 2,
            {"1 integer values need more than 24 bits"});
    fixture("uint8", "u1.npy", {0, 255, 7}, 3);
    fixture("int64 big-endian Fortran", "i8_be_fortran.npy", {1, -2, 3, 0x1p40f}, 2);
    QTest::newRow("float64 beyond float32 (skip)")
        << QString("f8_overflow.npy") << QByteArray() << true << 0 << 2 << QStringList{"0", "2"}
        << QList<float>{0.5f, -1.25f, 3, 4} << 1 << 1 << QStringList{f64};
    QTest::newRow("first row only (maxRows)")
        << QString("f4_c.npy") << QByteArray() << false << 1 << 3 << QStringList{"0"}
        << v23.mid(0, 3) << 0 << 0 << QStringList{};
    QTest::newRow("Fortran, first row only")
        << QString("f4_fortran.npy") << QByteArray() << false << 1 << 3 << QStringList{"0"}
        << v23.mid(0, 3) << 0 << 0 << QStringList{};

    auto bytes = [&](const char* name, const QByteArray& file, const QStringList& warnings = {}) {
        QTest::newRow(name) << QString() << file << false << 0 << 3 << two << v23 << 0 << 0
                            << warnings;
    };
    bytes("double-quoted strings",
          npy("{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (2, 3)}", kValues23));
    bytes("keys in another order, no trailing comma",
          npy("{'shape': (2, 3), 'fortran_order': False, 'descr': '<f4'}", kValues23));
    bytes("Python 2 longs",
          npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2L, 3L), }", kValues23));
    bytes("shape with trailing comma", npy("{'descr': '<f4', 'fortran_order': False, "
                                           "'shape': (2, 3,), }",
                                           kValues23));
    bytes("spaces and newlines inside", npy("{ 'descr' :'<f4' ,\n'fortran_order':False,"
                                            "'shape':( 2 ,3 ) }   ",
                                            kValues23));
    bytes("native order '='", npy(dict2x3("=f4"), kValues23));
    bytes("no order character", npy(dict2x3("f4"), kValues23));
    bytes("'|' order", npy(dict2x3("|f4"), kValues23));
    bytes("data after the array", npy(dict2x3(), kValues23 + "junk"),
          {"@94: 4 bytes after the array data were not read"});

    const float nan = std::numeric_limits<float>::quiet_NaN();
    QTest::newRow("NaN (skip)") << QString() << npy(dict2x3(), raw<float>({nan, 2, 3, 4, 5, 6}))
                                << true << 0 << 3 << QStringList{"1"} << QList<float>{4, 5, 6} << 1
                                << 1 << QStringList{};
}

void TestNpy::loads() {
    QFETCH(QString, fixture);
    QFETCH(QByteArray, bytes);
    QFETCH(bool, skip);
    QFETCH(int, maxRows);
    QFETCH(int, dims);
    QFETCH(QStringList, labels);
    QFETCH(QList<float>, values);
    QFETCH(int, skipped);
    QFETCH(int, nonFinite);
    QFETCH(QStringList, warnings);
    const std::string path = fixture.isEmpty()
                                 ? testsupport::writeFile(m_dir, "good.npy", bytes)
                                 : testsupport::testData(("npy/" + fixture).toUtf8().constData());
    LoadOptions options;
    options.badRows = skip ? BadRowPolicy::SkipAndReport : BadRowPolicy::Reject;
    options.maxRows = std::size_t(maxRows);
    const Dataset d = readNpy(path, options, Progress::none());

    QCOMPARE(d.embedding.dims(), std::size_t(dims));
    QStringList gotLabels;
    for (const auto& l : d.embedding.labels()) gotLabels << QString::fromStdString(l);
    QCOMPARE(gotLabels, labels);
    if (!sameBits(d.embedding.values(), values))
        QFAIL(qPrintable("values: " + describe(d.embedding.values())));
    QCOMPARE(d.summary.rowsRead, std::size_t(labels.size()));
    QCOMPARE(d.summary.skipped, std::size_t(skipped));
    QCOMPARE(d.summary.nonFinite, std::size_t(nonFinite));
    QCOMPARE(d.summary.duplicates, std::size_t(0));
    QCOMPARE(d.summary.truncatedByMaxRows, maxRows > 0);
    QVERIFY(d.summary.rowsInHeader.has_value());
    QCOMPARE(int(d.summary.warnings.size()), warnings.size());
    for (int i = 0; i < warnings.size(); ++i)
        QVERIFY2(QString::fromStdString(d.summary.warnings[i]).contains(warnings[i]),
                 d.summary.warnings[i].c_str());
    QVERIFY(!d.embedding.isFrequencyOrdered());
}

void TestNpy::largeArrays_data() {
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("cols");
    QTest::addColumn<QByteArray>("descr");
    QTest::addColumn<bool>("fortran");
    QTest::addColumn<int>("maxRows");
    // Fortran rows are assembled in blocks of clamp(2^18 / cols, 16, 4096) rows: these straddle
    // block boundaries; the C-order ones cross the 1 MB progress steps and the 16 MB page release.
    QTest::newRow("Fortran 5000x3, blocks of 4096") << 5000 << 3 << QByteArray("<f4") << true << 0;
    QTest::newRow("Fortran 300x2000, blocks of 131")
        << 300 << 2000 << QByteArray("<f4") << true << 0;
    QTest::newRow("Fortran 300x2000 big-endian f8")
        << 300 << 2000 << QByteArray(">f8") << true << 0;
    QTest::newRow("Fortran, maxRows inside a block")
        << 300 << 2000 << QByteArray("<f4") << true << 200;
    QTest::newRow("C order 4500x1000 (18 MB)") << 4500 << 1000 << QByteArray("<f4") << false << 0;
    QTest::newRow("C order big-endian f8 3000x500")
        << 3000 << 500 << QByteArray(">f8") << false << 0;
}

void TestNpy::largeArrays() {
    QFETCH(int, rows);
    QFETCH(int, cols);
    QFETCH(QByteArray, descr);
    QFETCH(bool, fortran);
    QFETCH(int, maxRows);
    const bool f8 = descr.endsWith("f8");
    const bool big = descr.startsWith('>');
    auto value = [](int r, int c) { return float(r) * 4096.0f + float(c) * 0.5f; };  // exact
    QByteArray data;
    data.reserve(qsizetype(rows) * cols * (f8 ? 8 : 4));
    for (int outer = 0; outer < (fortran ? cols : rows); ++outer)
        for (int inner = 0; inner < (fortran ? rows : cols); ++inner) {
            const float v = fortran ? value(inner, outer) : value(outer, inner);
            data += f8 ? raw<double>({double(v)}, big) : raw<float>({v}, big);
        }
    const QByteArray dict = "{'descr': '" + descr +
                            "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': (" +
                            QByteArray::number(rows) + ", " + QByteArray::number(cols) + "), }";
    const std::string path = testsupport::writeFile(m_dir, "large.npy", npy(dict, data));
    LoadOptions options;
    options.maxRows = std::size_t(maxRows);
    const Dataset d = readNpy(path, options, Progress::none());
    const int kept = maxRows ? maxRows : rows;
    QCOMPARE(d.embedding.rows(), std::size_t(kept));
    QCOMPARE(d.embedding.dims(), std::size_t(cols));
    for (int r = 0; r < kept; ++r) {
        if (d.embedding.label(r) != std::to_string(r))
            QFAIL(qPrintable(QString("label %1").arg(r)));
        for (int c = 0; c < cols; ++c)
            if (d.embedding.row(r)[c] != value(r, c))
                QFAIL(qPrintable(
                    QString("row %1 col %2: %3").arg(r).arg(c).arg(d.embedding.row(r)[c])));
    }
    QCOMPARE(d.sourceRowCount, std::size_t(kept));
}

void TestNpy::writeMatchesNumpy() {
    std::vector<float> m(12);
    for (int i = 0; i < 12; ++i) m[i] = float(i) * 0.25f - 1.0f;
    const std::string path = (m_dir.filePath("mine.npy")).toStdString();
    writeNpy(m.data(), 3, 4, path);
    QCOMPARE(testsupport::readFile(path),
             testsupport::readFile(testsupport::testData("npy/save_3x4.npy")));
}

void TestNpy::roundTrip_data() {
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("cols");
    for (int rows : {1, 7, 10, 99, 100, 1000, 12345})
        QTest::newRow(qPrintable(QString("%1 rows").arg(rows))) << rows << 3;
    QTest::newRow("one wide row") << 1 << 100000;
}

void TestNpy::roundTrip() {
    QFETCH(int, rows);
    QFETCH(int, cols);
    // Awkward values: negative zero, subnormals, extremes, values that do not print exactly.
    const float specials[] = {-0.0f, 1e-45f, -1.17549435e-38f, 3.40282347e38f, 0.1f, -1.0f / 3};
    std::vector<float> m(std::size_t(rows) * cols);
    for (std::size_t i = 0; i < m.size(); ++i)
        m[i] = i < std::size(specials) ? specials[i] : float(i % 977) * 0.01f - 4.0f;
    const std::string path = (m_dir.filePath("round.npy")).toStdString();
    writeNpy(m.data(), rows, cols, path);
    const QByteArray bytes = testsupport::readFile(path);
    const int headerLength = uchar(bytes[8]) | (uchar(bytes[9]) << 8);
    QCOMPARE((10 + headerLength) % 64, 0);  // numpy aligns the data on 64 bytes
    QCOMPARE(bytes[10 + headerLength - 1], '\n');
    QCOMPARE(qsizetype(10 + headerLength) + qsizetype(m.size() * 4), bytes.size());
    const Dataset d = readNpy(path, {}, Progress::none());
    QCOMPARE(d.embedding.rows(), std::size_t(rows));
    QCOMPARE(d.embedding.dims(), std::size_t(cols));
    QVERIFY(std::memcmp(d.embedding.data(), m.data(), m.size() * 4) == 0);
}

void TestNpy::writeFailureNamesPath() {
    const float v[3] = {1, 2, 3};
    const std::string folder = m_dir.path().toStdString();
    try {
        writeNpy(v, 1, 3, folder);
        QFAIL("no error");
    } catch (const Error& e) {
        QCOMPARE(QString::fromStdString(e.where().toString()), QString::fromStdString(folder));
        QCOMPARE(QString::fromStdString(e.message()), QStringLiteral("cannot create the file: it is a folder"));
    }
}

void TestNpy::cancel_data() {
    QTest::addColumn<bool>("fortran");
    QTest::addColumn<bool>("beforeStart");
    QTest::newRow("C order, before start") << false << true;
    QTest::newRow("C order, while reading") << false << false;
    QTest::newRow("Fortran order, before start") << true << true;
    QTest::newRow("Fortran order, while reading") << true << false;
}

void TestNpy::cancel() {
    QFETCH(bool, fortran);
    QFETCH(bool, beforeStart);
    const int rows = 4096, cols = 512;  // 8 MB
    const QByteArray dict = QByteArray("{'descr': '<f4', 'fortran_order': ") +
                            (fortran ? "True" : "False") + ", 'shape': (4096, 512), }";
    const std::string path = testsupport::writeFile(
        m_dir, "cancel.npy", npy(dict, QByteArray(qsizetype(rows) * cols * 4, '\0')));

    // Progress forwards a fraction at most every 50 ms: the first report waits that long, so
    // the next one comes from inside the reading loop; cancelling there must stop the read.
    testsupport::expectCancelAtSecondReport([&](Progress& p) { readNpy(path, {}, p); },
                                            beforeStart);
}

QTEST_GUILESS_MAIN(TestNpy)
#include "tst_npy.moc"
