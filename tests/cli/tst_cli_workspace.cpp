// `embedscope-cli info` on a workspace file: recognised by content, described in text and JSON
// (schema, source and whether it is unchanged, projection, counts), a moved or changed data file
// reported, and a damaged workspace refused with the JSON path of the bad value.
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "CliRun.h"
#include "TestSupport.h"
#include "state/WorkspaceFile.h"

using namespace embedscope;

namespace {
WorkspaceFile workspaceFor(const std::string& data) {
    WorkspaceFile w;
    w.app = "test";
    SourceState s;
    s.file = fingerprintFile(data);
    w.source = s;
    ProjectionState p;
    p.method = "tsne";
    p.dims = 2;
    p.xyz = {0, 0, 0, 1, 1, 0, 2, 2, 0};
    w.projection = p;
    w.view.selected = 1;
    w.view.box = {0, 2};
    w.clusters.present = true;
    w.clusters.k = 3;
    w.bias.formula = "a - b";
    w.weat.sets.name = "mine";
    w.weat.sets.x = {"a"};
    Bookmark b;
    b.name = "first view";
    w.bookmarks = {b, b};
    w.bookmarks[1].name = "second";
    return w;
}
}  // namespace

class TestCliWorkspace : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { testsupport::applyTestLocale(); }

    void describesWorkspace() {
        QTemporaryDir dir;
        const std::string data = testsupport::writeFile(dir, "v.txt", "3 2\na 1 2\nb 3 4\nc 5 6\n");
        const std::string ws = dir.filePath("w.embedscope").toStdString();
        writeWorkspace(workspaceFor(data), ws);

        auto r = testsupport::runCli({"info", QString::fromStdString(ws)});
        QCOMPARE(r.status, 0);
        QVERIFY2(r.out.contains("kind:           Embedscope workspace (schema version 1)\n"), r.out.constData());
        QVERIFY(r.out.contains(QByteArray("source:         ") + data.c_str() + " (unchanged)\n"));
        QVERIFY(r.out.contains("projection:     t-SNE 2-D, 3 points (coordinates saved)\n"));
        QVERIFY(r.out.contains("selection:      row 1, 2 in a box, 0 isolated\n"));
        QVERIFY(r.out.contains("bookmarks:      2\n  - first view\n  - second\n"));
        QVERIFY(r.out.contains("clusters:       3\n"));
        QVERIFY(r.out.contains("axes:           1\n"));
        QVERIFY(r.out.contains("WEAT sets:      1 (mine)\n"));

        r = testsupport::runCli({"info", QString::fromStdString(ws), "--json"});
        QCOMPARE(r.status, 0);
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(r.out, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(o["kind"].toString(), QStringLiteral("workspace"));
        QCOMPARE(o["schema_version"].toInt(), 1);
        QCOMPARE(o["source"].toObject()["status"].toString(), QStringLiteral("unchanged"));
        QCOMPARE(o["source"].toObject()["size"].toInt(), 22);
        QCOMPARE(o["projection"].toObject()["points"].toInt(), 3);
        QCOMPARE(o["selection"].toObject()["box"].toInt(), 2);
        QCOMPARE(o["bookmarks"].toArray().size(), 2);
        QCOMPARE(o["clusters"].toInt(), 3);
        QCOMPARE(o["axes"].toInt(), 1);
        QCOMPARE(o["weat_sets"].toInt(), 1);
    }

    void reportsChangedAndMissingSource() {
        QTemporaryDir dir;
        const std::string data = testsupport::writeFile(dir, "v.txt", "3 2\na 1 2\nb 3 4\nc 5 6\n");
        const QString ws = dir.filePath("w.embedscope");
        writeWorkspace(workspaceFor(data), ws.toStdString());
        testsupport::writeFile(dir, "v.txt", "3 2\na 1 2\nb 3 4\nc 5 7\n");
        auto r = testsupport::runCli({"info", ws, "--json"});
        QCOMPARE(r.status, 0);
        QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o["source"].toObject()["status"].toString(), QStringLiteral("changed"));
        QCOMPARE(o["source"].toObject()["detail"].toString(),
                 QString::fromStdString(data) + " has changed: its first MiB differs from when the workspace was saved");

        QVERIFY(QFile::remove(QString::fromStdString(data)));
        r = testsupport::runCli({"info", ws});
        QCOMPARE(r.status, 0);
        QVERIFY2(r.out.contains(QByteArray("(missing)\n                ") + data.c_str() + " is missing\n"), r.out.constData());
    }

    void findsDataBesideMovedWorkspace() {
        // A folder with the workspace and its data moved elsewhere: the data is found beside it.
        QTemporaryDir first, second;
        const std::string data = testsupport::writeFile(first, "v.txt", "3 2\na 1 2\nb 3 4\nc 5 6\n");
        writeWorkspace(workspaceFor(data), first.filePath("w.embedscope").toStdString());
        QVERIFY(QFile::rename(QString::fromStdString(data), second.filePath("v.txt")));
        QVERIFY(QFile::rename(first.filePath("w.embedscope"), second.filePath("w.embedscope")));
        const auto r = testsupport::runCli({"info", second.filePath("w.embedscope"), "--json"});
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o["source"].toObject()["status"].toString(), QStringLiteral("unchanged"));
        QCOMPARE(o["source"].toObject()["found_at"].toString(), second.filePath("v.txt"));
    }

    void refusesDamagedWorkspace() {
        QTemporaryDir dir;
        const QByteArray bad = "{\"format\": \"embedscope-workspace\", \"schemaVersion\": 1, \"camera\": "
                               "{\"position\": [0, 0, \"far\"]}}";
        const std::string path = testsupport::writeFile(dir, "bad.embedscope", bad);
        auto r = testsupport::runCli({"info", QString::fromStdString(path)});
        QCOMPARE(r.status, 1);
        QCOMPARE(QString::fromUtf8(r.err),
                 "embedscope-cli: error: " + QString::fromStdString(path) + ": $.camera.position[2]: expected a number, got a string\n");
        const std::string newer = testsupport::writeFile(dir, "new.embedscope", "{\"format\": \"embedscope-workspace\", \"schemaVersion\": 3}");
        r = testsupport::runCli({"info", QString::fromStdString(newer)});
        QCOMPARE(r.status, 1);
        QVERIFY2(r.err.contains("$.schemaVersion: the workspace was saved by a newer Embedscope (schema version 3)"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliWorkspace)
#include "tst_cli_workspace.moc"
