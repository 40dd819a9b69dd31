// writeProjectorMetadata: the exact bytes (one label column without header, or a header row with
// "label" and the metadata columns), cells the reader would change are quoted so that loading the
// vectors TSV with the metadata gives the same labels and cells back, and cells no TSV can hold
// (tab, newline, carriage return) are refused by row and column.
#include <QTest>

#include "Error.h"
#include "TestSupport.h"
#include "io/Load.h"

using namespace embedscope;

namespace {

Embedding labelled(const QList<QByteArray>& labels) {
    std::vector<std::string> l;
    std::vector<float> values;
    for (const QByteArray& s : labels) {
        l.push_back(s.toStdString());
        values.push_back(float(l.size()) + 0.5f);
        values.push_back(-float(l.size()));
    }
    return Embedding(l, values, 2);
}

/// Columns given as "name=cell|cell|...".
Metadata table(const QStringList& columns) {
    Metadata m;
    for (const QString& c : columns) {
        const QString name = c.section('=', 0, 0);
        std::vector<std::string> cells;
        for (const QString& cell : c.section('=', 1).split('|'))
            cells.push_back(cell.toStdString());
        m.addColumn(name.toStdString(), cells);
    }
    return m;
}

}  // namespace

class TestMetadataWriter : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_files = 0;
    std::string newPath() {
        return m_dir.filePath(QString("meta%1.tsv").arg(++m_files)).toStdString();
    }

private slots:
    void initTestCase() {
        testsupport::applyTestLocale();
        QVERIFY(m_dir.isValid());
    }

    void writesAndReadsBack_data() {
        QTest::addColumn<QList<QByteArray>>("labels");  // bytes: QString would drop a BOM
        QTest::addColumn<QStringList>("columns");
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("labels only") << QList<QByteArray>{"a", "new york", "café"} << QStringList{}
                                     << QByteArray("a\nnew york\ncafé\n");
        QTest::newRow("labels only: empty and spaced labels")
            << QList<QByteArray>{"", " x ", "y"} << QStringList{} << QByteArray("\n x \ny\n");
        QTest::newRow("labels only: a label wrapped in quotes is quoted")
            << QList<QByteArray>{"\"q\"", "a\"b", "\""} << QStringList{}
            << QByteArray("\"\"\"q\"\"\"\na\"b\n\"\n");
        QTest::newRow("labels only: byte-order mark at the start is quoted")
            << QList<QByteArray>{"\xEF\xBB\xBFw", "\xEF\xBB\xBFv"} << QStringList{}
            << QByteArray("\"\xEF\xBB\xBFw\"\n\xEF\xBB\xBFv\n");
        QTest::newRow("columns") << QList<QByteArray>{"a", "b"}
                                 << QStringList{"pos=noun|verb", "count=3|4"}
                                 << QByteArray("label\tpos\tcount\na\tnoun\t3\nb\tverb\t4\n");
        QTest::newRow("columns: padded header name and quoted cell")
            << QList<QByteArray>{"a", "b"} << QStringList{" pos =\"n\"|v"}
            << QByteArray("label\t\" pos \"\na\t\"\"\"n\"\"\"\nb\tv\n");
        QTest::newRow("columns: a last row of only spaces keeps its line")
            << QList<QByteArray>{"a", " "} << QStringList{"c=x| "}
            << QByteArray("label\tc\na\tx\n\" \"\t \n");
        QTest::newRow("columns: empty cells")
            << QList<QByteArray>{"a", "b"} << QStringList{"c=|", "d=1|"}
            << QByteArray("label\tc\td\na\t\t1\nb\t\t\n");
    }
    void writesAndReadsBack() {
        QFETCH(QList<QByteArray>, labels);
        QFETCH(QStringList, columns);
        QFETCH(QByteArray, bytes);
        const Embedding e = labelled(labels);
        const Metadata meta = table(columns);
        const std::string metaPath = newPath();
        writeProjectorMetadata(e, meta, metaPath);
        QCOMPARE(testsupport::readFile(metaPath), bytes);

        const std::string vectorsPath = newPath();
        saveEmbedding(e, vectorsPath, Format::ProjectorTsv);
        LoadOptions options;
        options.format = Format::ProjectorTsv;
        options.metadataPath = metaPath;
        const Dataset back = loadDataset(vectorsPath, options);
        QCOMPARE(back.embedding.labels(), e.labels());
        QCOMPARE(back.metadata.columnCount(), meta.columnCount() + 1);
        QCOMPARE(back.metadata.column(0).cells, e.labels());
        for (std::size_t c = 0; c < meta.columnCount(); ++c) {
            QCOMPARE(back.metadata.column(c + 1).name, meta.column(c).name);
            QCOMPARE(back.metadata.column(c + 1).cells, meta.column(c).cells);
        }
    }

    void refuses_data() {
        QTest::addColumn<QList<QByteArray>>("labels");  // bytes: QString would drop a BOM
        QTest::addColumn<QStringList>("columns");
        QTest::addColumn<QString>("message");  // after "PATH: cannot save metadata: "
        QTest::newRow("tab in a label")
            << QList<QByteArray>{"a", "b\tc"} << QStringList{}
            << "row 2, column 1 (\"label\") holds \"b\\tc\", which contains a tab";
        QTest::newRow("newline in a label")
            << QList<QByteArray>{"a\nb"} << QStringList{}
            << "row 1, column 1 (\"label\") holds \"a\\nb\", which contains a newline";
        QTest::newRow("carriage return in a cell")
            << QList<QByteArray>{"a", "b", "c"} << QStringList{"pos=n|v|a", "note=ok|ok|bad\r"}
            << "row 3, column 3 (\"note\") holds \"bad\\r\", which contains a carriage return";
        QTest::newRow("tab in a header name")
            << QList<QByteArray>{"a"} << QStringList{"part\tof=x"}
            << "the header's column 2 (\"part\\tof\") holds \"part\\tof\", which contains a tab";
        QTest::newRow("row count differs")
            << QList<QByteArray>{"a", "b"} << QStringList{"pos=n|v|adj"}
            << "it has 3 rows but the embedding has 2";
    }
    void refuses() {
        QFETCH(QList<QByteArray>, labels);
        QFETCH(QStringList, columns);
        QFETCH(QString, message);
        const std::string path = newPath();
        try {
            writeProjectorMetadata(labelled(labels), table(columns), path);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.what()),
                     QString::fromStdString(path) + ": cannot save metadata: " + message);
        }
        QVERIFY(!QFile::exists(QString::fromStdString(path)));
    }
};

QTEST_GUILESS_MAIN(TestMetadataWriter)
#include "tst_metadatawriter.moc"
