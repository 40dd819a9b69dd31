// The core data model: Embedding, Metadata, number parsing, error locations, progress/cancel,
// and the rules EmbeddingBuilder applies for every format.
#include <QTest>
#include <cmath>
#include <limits>

#include "Embedding.h"
#include "Error.h"
#include "Metadata.h"
#include "ParseNumber.h"
#include "Progress.h"
#include "TestSupport.h"
#include "io/EmbeddingBuilder.h"

using namespace embedscope;

class TestEmbedding : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { testsupport::applyTestLocale(); }

    void lookupAndRows() {
        Embedding e({"b", "a", "c", "a"}, {1, 2, 3, 4, 5, 6, 7, 8}, 2);
        QCOMPARE(e.rows(), std::size_t(4));
        QCOMPARE(e.dims(), std::size_t(2));
        QCOMPARE(e.find("a").value(), std::size_t(1));  // the first of the two
        QCOMPARE(e.find("c").value(), std::size_t(2));
        QVERIFY(!e.find("d"));
        QVERIFY(!e.find(""));
        QCOMPARE(e.row(2)[1], 6.0f);
        QCOMPARE(e.matrix()(3, 0), 7.0f);
        QCOMPARE(e.duplicateRows(), std::vector<std::size_t>{3});
    }

    void copiesKeepTheirIndex() {
        Embedding e({"x", "y"}, {1, 2}, 1);
        Embedding copy = e;
        e = Embedding();
        QCOMPARE(copy.find("y").value(), std::size_t(1));
    }

    void mismatchedSizesAreRefused() {
        QVERIFY_THROWS_EXCEPTION(Error, Embedding({"a"}, {1, 2, 3}, 2));
    }

    void frequencyRankSurvivesOnlyPrefixes() {
        Embedding e({"the", "of", "and"}, {1, 2, 3}, 1);
        e.setFrequencyOrdered(true);
        QCOMPARE(e.frequencyRank(2).value(), std::size_t(2));
        std::vector<std::size_t> prefix{0, 1}, picked{0, 2};
        QVERIFY(e.subset(prefix).isFrequencyOrdered());
        QVERIFY(!e.subset(picked).isFrequencyOrdered());
        QCOMPARE(e.subset(picked).label(1), std::string("and"));
    }

    void parseNumbers_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<double>("value");
        QTest::newRow("plain") << "0.5" << true << 0.5;
        QTest::newRow("plus") << "+2" << true << 2.0;
        QTest::newRow("exponent") << "1.2e-05" << true << 1.2e-05;
        QTest::newRow("overflow is inf") << "1e999" << true << std::numeric_limits<double>::infinity();
        QTest::newRow("negative overflow") << "-1e999" << true << -std::numeric_limits<double>::infinity();
        QTest::newRow("underflow is zero") << "1e-999" << true << 0.0;
        QTest::newRow("decimal comma") << "0,5" << false << 0.0;
        QTest::newRow("numpy repr") << "np.float32(0.1)" << false << 0.0;
        QTest::newRow("empty") << "" << false << 0.0;
        QTest::newRow("trailing junk") << "1.5x" << false << 0.0;
        QTest::newRow("space inside") << "1 5" << false << 0.0;
    }
    void parseNumbers() {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(double, value);
        double d = -1;
        const std::string s = text.toStdString();
        QCOMPARE(parseDouble(s, d), ok);
        if (ok) QCOMPARE(d, value);
        float f = -1;
        QCOMPARE(parseFloat(s, f), ok);
        if (ok && std::isfinite(value)) QCOMPARE(f, float(value));
    }

    void nanTokensParseAsNonFinite() {
        float f = 0;
        QVERIFY(parseFloat("nan", f));
        QVERIFY(std::isnan(f));
        QVERIFY(parseFloat("-inf", f));
        QVERIFY(std::isinf(f) && f < 0);
    }

    void locationText_data() {
        QTest::addColumn<QString>("expected");
        QTest::addColumn<int>("kind");
        QTest::newRow("text line+column") << "f.txt:3:7" << 0;
        QTest::newRow("text line") << "f.txt:3" << 1;
        QTest::newRow("binary") << "f.bin@1234, record 5" << 2;
        QTest::newRow("file") << "f.txt" << 3;
    }
    void locationText() {
        QFETCH(QString, expected);
        QFETCH(int, kind);
        SourceLocation l = kind == 0   ? SourceLocation::text("f.txt", 3, 7)
                           : kind == 1 ? SourceLocation::text("f.txt", 3)
                           : kind == 2 ? SourceLocation::binary("f.bin", 1234, 5)
                                       : SourceLocation::file("f.txt");
        QCOMPARE(QString::fromStdString(l.toString()), expected);
        const Error e(l, "bad");
        QCOMPARE(QString::fromUtf8(e.what()), expected + ": bad");
        QCOMPARE(e.message(), std::string("bad"));
    }

    void progressCancels() {
        int reports = 0;
        Progress p([&](double, const std::string&) { ++reports; });
        p.setStage("reading");
        p.step(0.5);
        QVERIFY(reports >= 1);
        p.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, p.step(0.6));
        QVERIFY_THROWS_EXCEPTION(Cancelled, p.check());
    }

    void metadataTypes_data() {
        QTest::addColumn<QStringList>("cells");
        QTest::addColumn<int>("type");
        QStringList digits, floats, words;
        for (int i = 0; i < 100; ++i) {
            digits << QString::number(i % 10);
            floats << QString::number(i * 0.37);
            words << QStringLiteral("w%1").arg(i);
        }
        QTest::newRow("digit classes") << digits << int(ColumnType::Categorical);
        QTest::newRow("many numbers") << floats << int(ColumnType::Numeric);
        QTest::newRow("unique words") << words << int(ColumnType::Text);
        QTest::newRow("all empty") << QStringList{"", ""} << int(ColumnType::Text);
    }
    void metadataTypes() {
        QFETCH(QStringList, cells);
        QFETCH(int, type);
        std::vector<std::string> v;
        for (const auto& c : cells) v.push_back(c.toStdString());
        Metadata m;
        m.addColumn("c", v);
        QCOMPARE(int(m.column(0).type), type);
        if (type == int(ColumnType::Categorical)) {
            QCOMPARE(m.column(0).categories.size(), std::size_t(10));
            QCOMPARE(m.column(0).codes[13], 3);
        }
        if (type == int(ColumnType::Numeric)) QCOMPARE(m.column(0).numbers[2], 0.74);
    }

    void metadataRefusesRaggedColumns() {
        Metadata m;
        m.addColumn("a", {"1", "2"});
        QVERIFY_THROWS_EXCEPTION(Error, m.addColumn("b", {"1"}));
        const Metadata s = m.subset({1});
        QCOMPARE(s.rows(), std::size_t(1));
        QCOMPARE(s.column(0).cells[0], std::string("2"));
    }

    void builderSkipsAndCounts() {
        LoadOptions opts;
        opts.badRows = BadRowPolicy::SkipAndReport;
        EmbeddingBuilder b("f.txt", opts, true);
        b.start(2, 4);
        float* r = b.next();
        r[0] = 1, r[1] = 2;
        QVERIFY(b.commit("a", SourceLocation::text("f.txt", 1)));
        r = b.next();
        r[0] = std::numeric_limits<float>::quiet_NaN(), r[1] = 0;
        QVERIFY(!b.commit("nan", SourceLocation::text("f.txt", 2)));
        b.rowProblem(SourceLocation::text("f.txt", 3, 5), "bad number");
        r = b.next();
        r[0] = 3, r[1] = 4;
        QVERIFY(b.commit("a", SourceLocation::text("f.txt", 4)));
        r = b.next();
        r[0] = 5, r[1] = 6;
        QVERIFY(b.commit("b", SourceLocation::text("f.txt", 5)));
        Dataset d = b.finish(Format::Word2VecText);
        QCOMPARE(d.embedding.rows(), std::size_t(2));
        QCOMPARE(d.embedding.row(0)[0], 1.0f);  // the first "a" is kept
        QCOMPARE(d.embedding.label(1), std::string("b"));
        QCOMPARE(d.summary.rowsRead, std::size_t(2));
        QCOMPARE(d.summary.skipped, std::size_t(2));
        QCOMPARE(d.summary.nonFinite, std::size_t(1));
        QCOMPARE(d.summary.duplicates, std::size_t(1));
        QCOMPARE(d.summary.problems.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(d.summary.problems[1]), QStringLiteral("f.txt:3:5: bad number"));
        QCOMPARE(d.sourceRows, (std::vector<std::size_t>{0, 4}));
        QCOMPARE(d.sourceRowCount, std::size_t(5));
    }

    void builderRejects() {
        EmbeddingBuilder b("f.txt", {}, true);
        b.start(1, 1);
        b.next()[0] = std::numeric_limits<float>::infinity();
        try {
            b.commit("x", SourceLocation::text("f.txt", 9));
            QFAIL("expected an Error");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.where().toString()), QStringLiteral("f.txt:9"));
        }
    }

    void utf8Rules_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<bool>("valid");
        QTest::newRow("ascii") << QByteArray("word") << true;
        QTest::newRow("umlaut") << QByteArray("gr\xc3\xbc\xc3\x9f") << true;
        QTest::newRow("nbsp inside") << QByteArray("a\xc2\xa0" "b") << true;
        QTest::newRow("cut mid-character") << QByteArray("gr\xc3") << false;
        QTest::newRow("latin-1 byte") << QByteArray("caf\xe9") << false;
        QTest::newRow("overlong") << QByteArray("\xc0\xaf") << false;
        QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80") << false;
    }
    void utf8Rules() {
        QFETCH(QByteArray, bytes);
        QFETCH(bool, valid);
        QCOMPARE(isValidUtf8(std::string_view(bytes.constData(), bytes.size())), valid);
    }

    void latin1FallbackOnlyWhenNothingIsUtf8() {
        {
            EmbeddingBuilder b("f", {}, true);
            b.start(1, 2);
            b.next()[0] = 1;
            b.commit("caf\xe9", SourceLocation::text("f", 1));
            Dataset d = b.finish(Format::GloveText);
            QVERIFY(d.summary.decodedAsLatin1);
            QCOMPARE(d.embedding.label(0), std::string("caf\xc3\xa9"));
            QCOMPARE(d.summary.invalidUtf8, std::size_t(0));
        }
        {
            EmbeddingBuilder b("f", {}, true);
            b.start(1, 2);
            b.next()[0] = 1;
            b.commit("gr\xc3\xbc\xc3\x9f", SourceLocation::text("f", 1));
            b.next()[0] = 2;
            b.commit("gr\xc3", SourceLocation::text("f", 2));
            Dataset d = b.finish(Format::GloveText);
            QVERIFY(!d.summary.decodedAsLatin1);
            QCOMPARE(d.summary.invalidUtf8, std::size_t(1));
            QCOMPARE(d.embedding.label(1), std::string("gr\xc3"));  // byte-exact
        }
    }

    void maxRowsMarksTruncation() {
        LoadOptions opts;
        opts.maxRows = 1;
        EmbeddingBuilder b("f", opts, true);
        b.start(1, 100);
        b.next()[0] = 1;
        b.commit("a", SourceLocation::text("f", 1));
        QVERIFY(b.full());
        QVERIFY(b.finish(Format::GloveText).summary.truncatedByMaxRows);
    }
};

QTEST_GUILESS_MAIN(TestEmbedding)
#include "tst_embedding.moc"
