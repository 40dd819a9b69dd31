// Wrong answers and misleading messages a mutational probe of the CLI found (issue 10 item 5):
// --json stays valid UTF-8 JSON whatever bytes a file holds, PCA of huge values, values beyond the
// float32 range.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "CliRun.h"
#include "TestSupport.h"

namespace {
using Run = testsupport::CliRun;
Run cli(const QStringList& args) {
    return testsupport::runCli(args);
}
}  // namespace

class TestCliProbe : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString write(const QString& name, const QByteArray& bytes) {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly)) return {};
        f.write(bytes);
        return path;
    }

private slots:
    void initTestCase() {
        testsupport::applyTestLocale();
        QVERIFY(m_dir.isValid());
    }

    // A Latin-1 'é' (one byte 0xE9) in a metadata header, and a lone continuation byte in a
    // label: each such byte is written as \u00XX, its Latin-1 character.
    void jsonIsValidUtf8() {
        const QString vectors = write("v.tsv", "1\t2\n3\t4\n");
        const QString meta = write("m.tsv", "label\tcaf\xe9\na\tx\nb\x80\ty\n");
        const Run r = cli({"info", vectors, "--metadata", meta, "--json"});
        QCOMPARE(r.status, 0);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(r.out, &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QVERIFY2(r.out.contains("caf\\u00e9"), r.out.constData());
        QVERIFY(QString::fromUtf8(r.out).toUtf8() == r.out);  // valid UTF-8 throughout
        const QJsonArray cols = doc.object()["metadata_columns"].toArray();
        QCOMPARE(cols[1].toObject()["name"].toString(), QStringLiteral("café"));
    }
};

QTEST_GUILESS_MAIN(TestCliProbe)
#include "tst_cli_probe.moc"
