// loadDataset with side files: labels and typed columns from a Projector metadata TSV or a labels
// file, their alignment with the vectors kept after skipped rows and "first N rows", and the
// row-count rules.
#include <QTest>

#include "Error.h"
#include "TestSupport.h"
#include "io/Load.h"

using namespace embedscope;

namespace {
QStringList labelsOf(const Dataset& d) {
    QStringList out;
    for (const auto& l : d.embedding.labels()) out << QString::fromStdString(l);
    return out;
}
QStringList cellsOf(const Metadata& m, const char* column) {
    QStringList out;
    for (const auto& c : m.column(m.findColumn(column).value()).cells)
        out << QString::fromStdString(c);
    return out;
}
}  // namespace

class TestLoadDataset : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_files = 0;
    std::string write(const QByteArray& bytes, const char* ext = "tsv") {
        return testsupport::writeFile(m_dir, QString("d%1.%2").arg(++m_files).arg(ext), bytes);
    }
    LoadOptions projector(const QByteArray& metadata) {
        LoadOptions o;
        o.format = Format::ProjectorTsv;
        if (!metadata.isNull()) o.metadataPath = write(metadata);
        return o;
    }

private slots:
    void initTestCase() {
        testsupport::applyTestLocale();
        QVERIFY(m_dir.isValid());
    }

    // Vectors without labels take them from the metadata: the chosen column, else one named
    // label/word/name/id, else the first.
    void labelsFromMetadata_data() {
        QTest::addColumn<QByteArray>("metadata");
        QTest::addColumn<QString>("labelColumn");
        QTest::addColumn<QStringList>("labels");
        QTest::addColumn<int>("columns");
        QTest::newRow("one column")
            << QByteArray("a\nb\nc\n") << "" << QStringList{"a", "b", "c"} << 1;
        QTest::newRow("blank line is an empty label")
            << QByteArray("a\n\nc\n") << "" << QStringList{"a", "", "c"} << 1;
        QTest::newRow("numeric-looking labels")
            << QByteArray("10\n2.50\n-0\n") << "" << QStringList{"10", "2.50", "-0"} << 1;
        QTest::newRow("word column, not first") << QByteArray("class\tword\n1\ta\n2\tb\n1\tc\n")
                                                << "" << QStringList{"a", "b", "c"} << 2;
        QTest::newRow("name column")
            << QByteArray("n\tname\n1\ta\n2\tb\n3\tc\n") << "" << QStringList{"a", "b", "c"} << 2;
        QTest::newRow("label column beats word") << QByteArray("word\tlabel\nx\ta\ny\tb\nz\tc\n")
                                                 << "" << QStringList{"a", "b", "c"} << 2;
        QTest::newRow("chosen column") << QByteArray("word\tclass\na\tk1\nb\tk2\nc\tk1\n")
                                       << "class" << QStringList{"k1", "k2", "k1"} << 2;
        QTest::newRow("no known name: first column")
            << QByteArray("title\tyear\nA\t1999\nB\t2001\nC\t1999\n") << ""
            << QStringList{"A", "B", "C"} << 2;
    }
    void labelsFromMetadata() {
        QFETCH(QByteArray, metadata);
        QFETCH(QString, labelColumn);
        QFETCH(QStringList, labels);
        QFETCH(int, columns);
        LoadOptions o = projector(metadata);
        o.labelColumn = labelColumn.toStdString();
        const Dataset d = loadDataset(write("1\t2\n3\t4\n5\t6\n"), o);
        QCOMPARE(labelsOf(d), labels);
        QCOMPARE(d.metadata.rows(), std::size_t(3));
        QCOMPARE(d.metadata.columnCount(), std::size_t(columns));
        QCOMPARE(d.embedding.row(2)[1], 6.f);
        QCOMPARE(d.embedding.find(labels[1].toStdString()), std::optional<std::size_t>(1));
    }

    void typedColumns() {
        QByteArray vectors, metadata("word\tdigit\tscore\n");
        for (int i = 0; i < 30; ++i) {
            vectors += QByteArray::number(i) + "\t" + QByteArray::number(-i) + "\n";
            metadata += "w" + QByteArray::number(i) + "\t" + QByteArray::number(i % 10) + "\t" +
                        QByteArray::number(i * 0.5 + 0.25) + "\n";
        }
        const Dataset d = loadDataset(write(vectors), projector(metadata));
        QCOMPARE(d.embedding.label(29), std::string("w29"));
        QCOMPARE(d.metadata.column(0).type, ColumnType::Text);
        QCOMPARE(d.metadata.column(1).type, ColumnType::Categorical);
        QCOMPARE(d.metadata.column(1).categories.size(), std::size_t(10));
        QCOMPARE(d.metadata.column(1).codes[13], 3);
        QCOMPARE(d.metadata.column(2).type, ColumnType::Numeric);
        QCOMPARE(d.metadata.column(2).numbers[3], 1.75);
    }

    // Rows skipped as bad, or cut by "first N rows", take their metadata rows and labels with
    // them: what stays describes the vectors kept.
    void alignment_data() {
        QTest::addColumn<int>("maxRows");
        QTest::addColumn<QStringList>("labels");
        QTest::addColumn<QStringList>("classes");
        QTest::addColumn<int>("skipped");
        // Data rows 1 ("x") and 3 (nan) are bad.
        QTest::newRow("skipped rows")
            << 0 << QStringList{"a", "c", "e"} << QStringList{"k0", "k2", "k4"} << 2;
        QTest::newRow("first 2 rows, one skipped")
            << 2 << QStringList{"a", "c"} << QStringList{"k0", "k2"} << 1;
        QTest::newRow("first 1 row") << 1 << QStringList{"a"} << QStringList{"k0"} << 0;
    }
    void alignment() {
        QFETCH(int, maxRows);
        QFETCH(QStringList, labels);
        QFETCH(QStringList, classes);
        QFETCH(int, skipped);
        const std::string vectors = write("1\t2\nx\t3\n\n5\t6\n7\tnan\n9\t10\n");
        const QByteArray meta("word\tclass\na\tk0\nb\tk1\nc\tk2\nd\tk3\ne\tk4\n");
        LoadOptions o = projector(meta);
        o.badRows = BadRowPolicy::SkipAndReport;
        o.maxRows = std::size_t(maxRows);
        const Dataset d = loadDataset(vectors, o);
        QCOMPARE(labelsOf(d), labels);
        QCOMPARE(cellsOf(d.metadata, "class"), classes);
        QCOMPARE(cellsOf(d.metadata, "word"), labels);
        QCOMPARE(d.summary.skipped, std::size_t(skipped));
        QCOMPARE(d.summary.rowsRead, std::size_t(labels.size()));

        // The same through a plain labels file.
        LoadOptions l = projector({});
        l.badRows = BadRowPolicy::SkipAndReport;
        l.maxRows = std::size_t(maxRows);
        l.labelsPath = write("a\nb\nc\nd\ne\n");
        QCOMPARE(labelsOf(loadDataset(vectors, l)), labels);
    }

    void labelsFileAndMetadata() {
        LoadOptions o = projector("word\tclass\nx\tk0\ny\tk1\n");
        o.labelsPath = write("a\nb\n");
        const Dataset d = loadDataset(write("1\t2\n3\t4\n"), o);
        QCOMPARE(labelsOf(d), (QStringList{"a", "b"}));
        QCOMPARE(cellsOf(d.metadata, "class"), (QStringList{"k0", "k1"}));
    }

    void csvWithMetadata() {
        LoadOptions o;
        o.format = Format::Csv;
        o.badRows = BadRowPolicy::SkipAndReport;
        o.metadataPath = write("g0\ng1\ng2\n");
        const Dataset d = loadDataset(write("word,x\na,1\nb,zz\nc,3\n", "csv"), o);
        QCOMPARE(labelsOf(d), (QStringList{"a", "c"}));
        QCOMPARE(cellsOf(d.metadata, "label"), (QStringList{"g0", "g2"}));
    }

    // Side files whose count does not fit are refused with both counts (the Projector would
    // only warn and truncate).
    void countMismatch_data() {
        QTest::addColumn<int>("maxRows");
        QTest::addColumn<bool>("labelsFile");
        QTest::addColumn<QByteArray>("side");
        QTest::addColumn<QString>("message");
        const QString tail = "; every vector needs exactly one";
        QTest::newRow("metadata short")
            << 0 << false << QByteArray("a\nb\n")
            << "has 2 rows of metadata but the vectors file has 3 rows" + tail;
        QTest::newRow("metadata long")
            << 0 << false << QByteArray("word\tn\na\t1\nb\t2\nc\t3\nd\t4\n")
            << "has 4 rows of metadata after the header row but the vectors file has 3 rows" + tail;
        QTest::newRow("first N rows equal to all rows is no cut")
            << 3 << false << QByteArray("a\nb\nc\nd\ne\n")
            << "has 5 rows of metadata but the vectors file has 3 rows" + tail;
        QTest::newRow("metadata shorter than the first N")
            << 2 << false << QByteArray("a\n")
            << "has 1 row of metadata but the first 2 rows of the vectors file were read" + tail;
        QTest::newRow("labels short") << 0 << true << QByteArray("a\n")
                                      << "has 1 label but the vectors file has 3 rows" + tail;
    }
    void countMismatch() {
        QFETCH(int, maxRows);
        QFETCH(bool, labelsFile);
        QFETCH(QByteArray, side);
        QFETCH(QString, message);
        LoadOptions o = projector({});
        o.maxRows = std::size_t(maxRows);
        const std::string sidePath = write(side);
        (labelsFile ? o.labelsPath : o.metadataPath) = sidePath;
        try {
            loadDataset(write("1\t2\n3\t4\n5\t6\n"), o);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.what()),
                     QString::fromStdString(sidePath) + ": " + message);
        }
    }

    void unknownMetadataColumn() {
        LoadOptions o = projector("word\tclass\na\tk\n");
        o.labelColumn = "lemma";
        try {
            loadDataset(write("1\t2\n"), o);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.what()),
                     QString::fromStdString(o.metadataPath) +
                         ":1: no column named 'lemma'; the columns are 'word', 'class'");
        }
    }

    // The summary describes the labels the dataset ends with, not the row numbers they replaced.
    void summaryFollowsNewLabels_data() {
        QTest::addColumn<QByteArray>("labels");
        QTest::addColumn<int>("duplicates");
        QTest::addColumn<bool>("latin1");
        QTest::addColumn<QString>("second");
        QTest::newRow("repeats kept and counted") << QByteArray("a\nb\na\n") << 1 << false << "b";
        QTest::newRow("Latin-1 decoded")
            << QByteArray("a\ncaf\xE9\nb\n") << 0 << true << QString::fromUtf8("caf\xC3\xA9");
        QTest::newRow("UTF-8 kept")
            << QByteArray("a\ncaf\xC3\xA9\nb\n") << 0 << false << QString::fromUtf8("caf\xC3\xA9");
    }
    void summaryFollowsNewLabels() {
        QFETCH(QByteArray, labels);
        QFETCH(int, duplicates);
        QFETCH(bool, latin1);
        QFETCH(QString, second);
        LoadOptions o = projector({});
        o.labelsPath = write(labels);
        const Dataset d = loadDataset(write("1\t2\n3\t4\n5\t6\n"), o);
        QCOMPARE(d.embedding.rows(), std::size_t(3));
        QCOMPARE(d.summary.duplicates, std::size_t(duplicates));
        QCOMPARE(d.summary.warnings.size(), std::size_t(duplicates > 0 ? 1 : 0));
        QCOMPARE(d.summary.decodedAsLatin1, latin1);
        QCOMPARE(d.summary.invalidUtf8, std::size_t(0));
        QCOMPARE(labelsOf(d).at(1), second);
    }
};

QTEST_APPLESS_MAIN(TestLoadDataset)
#include "tst_loaddataset.moc"
