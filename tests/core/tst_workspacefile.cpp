// Workspace files (bad-inputs.md section 13): save → parse round-trips every field; every
// damaged or hand-edited file gives a message that names the place (line:column for bad JSON,
// the JSON path for a wrong value); a newer schema is refused; a moved or changed data file is
// noticed; no prefix or byte flip of a valid file crashes the reader.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <functional>
#include <limits>
#include <random>

#include "Error.h"
#include "TestSupport.h"
#include "state/Base64.h"
#include "state/Json.h"
#include "state/JsonReader.h"
#include "state/WorkspaceFile.h"

using namespace embedscope;
using Edit = std::function<void(QJsonObject&)>;
Q_DECLARE_METATYPE(Edit)

namespace {

ProjectionState sampleProjection(bool tsne) {
    ProjectionState p;
    p.method = tsne ? "tsne" : "pca";
    p.dims = tsne ? 2 : 3;
    p.axes = {1, 0, 2};
    p.spherize = !tsne;
    p.tsne.perplexity = 12.5;
    p.tsne.iterations = 750;
    p.tsne.learningRate = 200;
    p.tsne.exaggeration = 8;
    p.tsne.seed = 18446744073709551557ULL;  // above 2^53: must survive as an integer, not a double
    p.tsne.metric = 1;
    p.tsne.selectionOnly = tsne;
    p.formulas = {"he - she", "", "king - man + woman"};
    p.xyz = {0.1f, -0.0f, 3.4e38f, 1e-40f, -2.5f, 0, 7, 8, 9};
    if (tsne) p.rows = {4, 0, 17};
    p.explainedVarianceRatio = {0.4, 0.25, 0.1};
    p.iterations = 750;
    p.kl = 1.2345678901234567;
    p.stopped = true;
    p.metric = 0;
    p.methodDetail = "Barnes-Hut, kNN exact (k = 37)";
    p.axisTitles = {"PC2 (25.0%)", "PC1 (40.0%)", "naïve – 日本"};
    return p;
}

WorkspaceFile sampleWorkspace() {
    WorkspaceFile w;
    w.app = "embedscope test";
    SourceState s;
    s.file = {"/data/glove \"6B\".txt", 123456789012ULL, 1700000000, "fnv1a64:0123456789abcdef"};
    s.options.format = Format::Word2VecBinary;
    s.options.maxRows = 10000;
    s.options.encoding = Encoding::Latin1;
    s.options.badRows = BadRowPolicy::SkipAndReport;
    s.options.labelColumn = "word";
    s.options.labelsPath = "/data/labels.tsv";
    s.options.metadataPath = "/data/meta.tsv";
    s.options.findMetadata = false;
    s.options.topRows = 500;
    s.options.topByColumn = "count";
    w.source = s;
    w.projection = sampleProjection(false);
    w.camera = CameraState{{1, 2, 3.5}, {0, 0, 0}, {0, 1, 0}, 4.25};
    w.view.isolated = {0, 1, 2, 4294967295ULL};
    w.view.selected = 2;
    w.view.box = {1, 2};
    w.view.searchPattern = "^k.*g$";
    w.view.searchRegex = true;
    w.view.colourColumn = -3;
    w.view.neighbourK = 50;
    w.view.neighbourMetric = "dot";
    w.view.neighbourSpace = "centred";
    w.clusters = {true, 7, "euclidean", true, 3, 99};
    w.bias = {"man - woman", false, "selection", true};
    w.weat.sets = {"WEAT 1", "Flowers", "Insects", "Pleasant", "Unpleasant",
                   {"rose", "tulip"}, {"ant", "wasp"}, {"love"}, {"hate", "tab\there"}};
    w.weat.options.method = WeatPValueMethod::MonteCarlo;
    w.weat.options.exactLimit = 5000;
    w.weat.options.permutations = 12345;
    w.weat.options.seed = 7;
    w.weat.options.lowercase = true;
    w.weat.ran = true;
    w.appearance = {6.5, 0.75};
    Bookmark b;
    b.name = "t-SNE of the selection";
    b.projection = sampleProjection(true);
    b.camera = CameraState{{0, 0, 10}, {0, 0, 0}, {0, 1, 0}, 2};
    b.selected = 17;
    b.box = {4, 0};
    b.colourColumn = 1;
    w.bookmarks = {b, Bookmark{"empty", ProjectionState{}, std::nullopt, -1, {}, -1}};
    return w;
}

QByteArray edited(const Edit& edit) {
    // QJsonDocument keeps numbers as doubles: seeds above 2^53 would come back as 1.8e19.
    WorkspaceFile w = sampleWorkspace();
    w.projection->tsne.seed = 5;
    w.bookmarks[0].projection.tsne.seed = 5;
    QJsonObject root = QJsonDocument::fromJson(QByteArray::fromStdString(serializeWorkspace(w))).object();
    edit(root);
    return QJsonDocument(root).toJson();
}

/// Sets root[a][b]… = value (objects only along the way).
void setAt(QJsonObject& root, const QStringList& keys, const QJsonValue& value) {
    if (keys.size() == 1) {
        root[keys[0]] = value;
        return;
    }
    QJsonObject child = root[keys[0]].toObject();
    setAt(child, keys.mid(1), value);
    root[keys[0]] = child;
}

Edit set(const QString& dotted, const QJsonValue& value) {
    return [dotted, value](QJsonObject& r) { setAt(r, dotted.split('.'), value); };
}
}  // namespace

class TestWorkspaceFile : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { testsupport::applyTestLocale(); }

    void roundTripsEveryField() {
        const WorkspaceFile w = sampleWorkspace();
        const std::string text = serializeWorkspace(w);
        const WorkspaceFile back = parseWorkspace(text, "w.json");
        QVERIFY(back.source && back.projection && back.camera);
        QCOMPARE(back.projection->tsne.seed, 18446744073709551557ULL);
        QCOMPARE(back.projection->xyz.size(), std::size_t(9));
        // Bit-exact floats: signed zero and a denormal survive base64.
        QVERIFY(std::signbit(back.projection->xyz[1]));
        QCOMPARE(back.projection->xyz[3], 1e-40f);
        QCOMPARE(back.bookmarks[0].projection.rows, (std::vector<std::size_t>{4, 0, 17}));
        QCOMPARE(back.view.isolated.back(), std::size_t(4294967295ULL));
        QCOMPARE(back.weat.sets.b[1], std::string("tab\there"));
        QCOMPARE(back.source->file.path, std::string("/data/glove \"6B\".txt"));
        QVERIFY(back.source == w.source);
        QVERIFY(back.weat == w.weat);
        QVERIFY(back.bookmarks == w.bookmarks);
        QVERIFY(back == w);
        QCOMPARE(serializeWorkspace(back), text);  // stable: saving again changes nothing
        QVERIFY(looksLikeWorkspace(text));
        QVERIFY(!looksLikeWorkspace("3 2\nking 0.1 0.2\n"));
        QVERIFY(!looksLikeWorkspace("{\"format\": \"other\"}"));
    }

    void defaultWorkspaceRoundTrips() {
        const WorkspaceFile w;
        QVERIFY(parseWorkspace(serializeWorkspace(w)) == w);
    }

    void writesAtomicallyAndReadsBack() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("a.embedscope").toStdString();
        writeWorkspace(sampleWorkspace(), path);
        QVERIFY(readWorkspace(path) == sampleWorkspace());
        // A path that is a folder: refused with its name, nothing written.
        const std::string folder = dir.path().toStdString();
        try {
            writeWorkspace(sampleWorkspace(), folder);
            QFAIL("a folder was accepted");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.message()), QStringLiteral("cannot save: it is a folder"));
        }
    }

    /// Bad JSON: the message and the exact line:column.
    void badJson_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("where");
        QTest::addColumn<QString>("message");
        const QByteArray valid = QByteArray::fromStdString(serializeWorkspace(sampleWorkspace()));
        const int lines = int(valid.count('\n'));
        QTest::newRow("truncated") << valid.left(valid.indexOf("\"selected\""))
                                   << QStringLiteral("w.json:%1:5").arg(valid.left(valid.indexOf("\"selected\"")).count('\n') + 1)
                                   << "the file ends inside an object (truncated?)";
        QTest::newRow("truncated in a string") << QByteArray("{\n  \"format\": \"embeds") << "w.json:2:20"
                                               << "the file ends inside a string (truncated?)";
        QTest::newRow("truncated literal") << QByteArray("{\"a\": tr") << "w.json:1:9"
                                           << "the file ends inside a literal (truncated?)";
        QTest::newRow("empty") << QByteArray("  \n") << "w.json:2:1" << "the file is empty, expected a JSON value";
        QTest::newRow("deeply nested") << QByteArray(100, '[') + QByteArray(100, ']') << "w.json:1:65"
                                       << "nesting deeper than 64 levels";
        QTest::newRow("duplicate key") << QByteArray("{\n  \"format\": 1,\n  \"view\": {},\n  \"format\": 2\n}")
                                       << "w.json:4:3" << "duplicate key \"format\"";
        QTest::newRow("NaN") << QByteArray("{\"kl\": NaN}") << "w.json:1:8" << "NaN and Infinity are not JSON numbers";
        QTest::newRow("-Infinity") << QByteArray("{\"kl\":\n -Infinity}") << "w.json:2:3"
                                   << "NaN and Infinity are not JSON numbers";
        QTest::newRow("1e999") << QByteArray("[1, 1e999]") << "w.json:1:5" << "the number 1e999 is outside the range of a double";
        QTest::newRow("trailing comma") << QByteArray("{\"a\": [1, 2,]}") << "w.json:1:13" << "expected a JSON value, found ']'";
        QTest::newRow("single quotes") << QByteArray("{'a': 1}") << "w.json:1:2" << "expected a key in double quotes, found '''";
        QTest::newRow("content after") << valid + "{}" << QStringLiteral("w.json:%1:1").arg(lines + 1)
                                       << "unexpected content after the end of the JSON document";
        QTest::newRow("not UTF-8") << QByteArray("{\"a\": \"caf\xE9\"}") << "w.json:1:11" << "a string that is not valid UTF-8";
        QTest::newRow("lone surrogate") << QByteArray("[\"\\udc00\"]") << "w.json:1:3" << "a lone UTF-16 low surrogate";
        QTest::newRow("control char") << QByteArray("[\"a\tb\"]") << "w.json:1:4"
                                      << "a control character inside a string (write \\n, \\t or \\u00XX)";
        QTest::newRow("leading zero") << QByteArray("[01]") << "w.json:1:3" << "expected ',' or ']' in an array, found '1'";
    }
    void badJson() {
        QFETCH(QByteArray, text);
        QFETCH(QString, where);
        QFETCH(QString, message);
        try {
            parseWorkspace(text.toStdString(), "w.json");
            QFAIL("accepted");
        } catch (const JsonSchemaError& e) {
            QFAIL(e.what());
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.where().toString()), where);
            QCOMPARE(QString::fromStdString(e.message()), message);
        }
    }

    /// Valid JSON, wrong content: the message names the JSON path.
    void badValues_data() {
        QTest::addColumn<Edit>("edit");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("detail");
        QTest::newRow("wrong type in an array")
            << Edit([](QJsonObject& r) {
                   QJsonObject cam = r["camera"].toObject();
                   QJsonArray pos = cam["position"].toArray();
                   pos[2] = QStringLiteral("far");
                   cam["position"] = pos;
                   r["camera"] = cam;
               })
            << "$.camera.position[2]" << "expected a number, got a string";
        QTest::newRow("newer schema") << set("schemaVersion", 2) << "$.schemaVersion"
                                      << "the workspace was saved by a newer Embedscope (schema version 2); this version "
                                         "reads schema version 1: update Embedscope to open it";
        QTest::newRow("unknown schema 0") << set("schemaVersion", 0) << "$.schemaVersion" << "unknown schema version 0";
        QTest::newRow("schema as string") << set("schemaVersion", "1") << "$.schemaVersion" << "expected a number, got a string";
        QTest::newRow("schema fraction") << set("schemaVersion", 1.5) << "$.schemaVersion" << "expected an integer, got 1.5";
        QTest::newRow("not a workspace") << Edit([](QJsonObject& r) { r.remove("format"); }) << "$.format"
                                         << "not an Embedscope workspace (expected \"format\": \"embedscope-workspace\")";
        QTest::newRow("missing key") << Edit([](QJsonObject& r) {
            QJsonObject v = r["view"].toObject();
            v.remove("selected");
            r["view"] = v;
        }) << "$.view" << "the key \"selected\" is missing";
        QTest::newRow("object expected") << set("view", QJsonArray{}) << "$.view" << "expected an object, got an array";
        QTest::newRow("out of range") << set("projection.dims", 4) << "$.projection.dims" << "expected an integer from 2 to 3, got 4";
        QTest::newRow("negative size") << set("source.size", -1) << "$.source.size" << "expected an integer of at least 0, got -1";
        QTest::newRow("bad choice") << set("view.neighbours.metric", "manhattan") << "$.view.neighbours.metric"
                                    << "expected one of \"cosine\", \"euclidean\", \"dot\", got \"manhattan\"";
        QTest::newRow("unknown format") << set("source.options.format", "xls") << "$.source.options.format"
                                        << "unknown format \"xls\"";
        QTest::newRow("empty source path") << set("source.path", "") << "$.source.path" << "the data file's path is empty";
        QTest::newRow("coordinates too short")
            << set("projection.coordinates.points", 4) << "$.projection.coordinates.float32le"
            << "expected 12 values, got 9 (points says 4, 3 values a point)";
        QTest::newRow("coordinates not base64") << set("projection.coordinates.float32le", "abc!")
                                                << "$.projection.coordinates.float32le"
                                                << "not base64 (points says 3, 3 values a point)";
        QTest::newRow("coordinates ragged")
            << set("projection.coordinates.float32le", QString::fromStdString(base64Encode(std::string(13, 'x'))))
            << "$.projection.coordinates.float32le"
            << "13 bytes is not a whole number of 4-byte values (points says 3, 3 values a point)";
        QTest::newRow("NaN coordinate")
            << set("projection.coordinates.float32le",
                   QString::fromStdString(encodeFloats({0, 0, 0, 0, std::numeric_limits<float>::quiet_NaN(), 0, 0, 0, 0})))
            << "$.projection.coordinates.float32le" << "value 4 (point 1) is not finite";
        QTest::newRow("row count mismatch") << set("view.box.count", 3) << "$.view.box.uint32le"
                                            << "holds 2 rows, but count says 3";
        QTest::newRow("bookmark name") << Edit([](QJsonObject& r) {
            QJsonArray list = r["bookmarks"].toArray();
            QJsonObject b = list[1].toObject();
            b["name"] = 5;
            list[1] = b;
            r["bookmarks"] = list;
        }) << "$.bookmarks[1].name" << "expected a string, got a number";
        QTest::newRow("negative opacity") << set("appearance.opacity", -0.5) << "$.appearance.opacity"
                                          << "expected a number from 0 to 1, got -0.5";
        QTest::newRow("array size") << set("projection.axes", QJsonArray{0, 1}) << "$.projection.axes"
                                    << "expected 3 elements, got 2";
    }
    void badValues() {
        QFETCH(Edit, edit);
        QFETCH(QString, path);
        QFETCH(QString, detail);
        try {
            parseWorkspace(edited(edit).toStdString(), "w.json");
            QFAIL("accepted");
        } catch (const JsonSchemaError& e) {
            QCOMPARE(QString::fromStdString(e.jsonPath()), path);
            QCOMPARE(QString::fromStdString(e.detail()), detail);
            QCOMPARE(QString::fromStdString(e.what()), "w.json: " + path + ": " + detail);
        }
    }

    void sourceMissingOrChanged() {
        QTemporaryDir dir;
        const std::string path = testsupport::writeFile(dir, "v.txt", "2 2\na 1 2\nb 3 4\n");
        const SourceFingerprint saved = fingerprintFile(path);
        QCOMPARE(saved.size, std::uint64_t(16));
        QVERIFY(QString::fromStdString(saved.headHash).startsWith("fnv1a64:"));
        std::string why;
        QCOMPARE(checkSource(saved, &why), SourceStatus::Unchanged);
        // Only the time differs (copied, touched): the same data.
        std::filesystem::last_write_time(path, std::filesystem::last_write_time(path) - std::chrono::hours(5));
        QCOMPARE(checkSource(saved, &why), SourceStatus::Unchanged);
        // Same size, other bytes.
        testsupport::writeFile(dir, "v.txt", "2 2\na 1 2\nb 3 5\n");
        QCOMPARE(checkSource(saved, &why), SourceStatus::Changed);
        QCOMPARE(QString::fromStdString(why), QString::fromStdString(path) + " has changed: its first MiB differs from when the workspace was saved");
        testsupport::writeFile(dir, "v.txt", "2 2\na 1 2\nb 3 4.5\n");
        QCOMPARE(checkSource(saved, &why), SourceStatus::Changed);
        QCOMPARE(QString::fromStdString(why), QString::fromStdString(path) + " has changed: its size is 18 bytes, was 16");
        std::filesystem::remove(path);
        QCOMPARE(checkSource(saved, &why), SourceStatus::Missing);
        QCOMPARE(QString::fromStdString(why), QString::fromStdString(path) + " is missing");
        // Located elsewhere: the copy is checked against what was saved.
        const std::string moved = testsupport::writeFile(dir, "moved.txt", "2 2\na 1 2\nb 3 4\n");
        QCOMPARE(checkSource(saved, &why, moved), SourceStatus::Unchanged);
    }

    /// Robustness: every prefix and many byte flips of a valid file are refused with an Error
    /// (never another exception, never a crash).
    void damagedFilesNeverCrash() {
        const std::string valid = serializeWorkspace(sampleWorkspace());
        // Every prefix short of the final '}' (the newline after it is optional).
        for (std::size_t n = 0; n + 1 < valid.size(); ++n) {
            try {
                parseWorkspace(std::string_view(valid).substr(0, n), "w.json");
                QFAIL(qPrintable(QStringLiteral("prefix of %1 bytes accepted").arg(n)));
            } catch (const Error&) {
            }
        }
        std::mt19937 random(7);
        for (int i = 0; i < 3000; ++i) {
            std::string bad = valid;
            for (int k = 0; k < 3; ++k) bad[random() % bad.size()] = char(random() & 0xFF);
            try {
                parseWorkspace(bad, "w.json");
            } catch (const Error&) {
            }
        }
    }

    void base64() {
        for (const char* s : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
            const std::string e = base64Encode(s);
            QCOMPARE(base64Decode(e).value_or("?"), std::string(s));
        }
        QCOMPARE(base64Encode("foobar"), std::string("Zm9vYmFy"));
        QCOMPARE(base64Encode("fo"), std::string("Zm8="));
        QVERIFY(!base64Decode("Zm8"));
        QVERIFY(!base64Decode("Z=8="));
        QVERIFY(!base64Decode("Zm9v!mFy"));
    }
};

QTEST_GUILESS_MAIN(TestWorkspaceFile)
#include "tst_workspacefile.moc"
