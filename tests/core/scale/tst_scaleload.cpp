// Loading at scale, scaled down (issue 9): 50 000-row synthetic files in every format load to the
// generator's exact values and words; the memory-mapped binary, the parsed texts and the copied
// .npy agree; the parallel text parse equals a one-thread parse, error location included;
// duplicates keep the first; first-N rows stop early; a long load can be cancelled.
#include <omp.h>

#include <QTemporaryDir>
#include <QTest>

#include "Error.h"
#include "SyntheticData.h"
#include "TestSupport.h"
#include "core/CancelCheck.h"
#include "io/Load.h"

using namespace embedscope;
namespace syn = embedscope::synthetic;

class TestScaleLoad : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    syn::Spec m_spec;

    std::string write(syn::FileKind kind, const syn::Spec& spec, const char* name) {
        const std::string path = m_dir.filePath(name).toStdString();
        syn::write(spec, kind, path);
        return path;
    }

private slots:
    void initTestCase() {
        testsupport::applyTestLocale();
        QVERIFY(m_dir.isValid());
        m_spec.rows = 50'000;
        m_spec.dims = 24;
        m_spec.clusters = 40;
    }

    void everyFormatLoadsTheGeneratedRows_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("name");
        QTest::newRow("word2vec binary (mapped)") << int(syn::FileKind::Word2VecBinary) << "v.bin";
        QTest::newRow("word2vec text") << int(syn::FileKind::Word2VecText) << "v.txt";
        QTest::newRow("glove") << int(syn::FileKind::Glove) << "glove.txt";
        QTest::newRow("fasttext") << int(syn::FileKind::FastText) << "ft.vec";
        QTest::newRow("projector tsv + metadata") << int(syn::FileKind::Tsv) << "p.tsv";
        QTest::newRow("npy (copied) + metadata") << int(syn::FileKind::Npy) << "m.npy";
        QTest::newRow("csv") << int(syn::FileKind::Csv) << "t.csv";
    }
    void everyFormatLoadsTheGeneratedRows() {
        QFETCH(int, kind);
        QFETCH(QString, name);
        const std::string path = write(static_cast<syn::FileKind>(kind), m_spec, qPrintable(name));
        LoadOptions options;
        if (kind == int(syn::FileKind::Csv)) options.labelColumn = "word";
        const Dataset d = loadDataset(path, options);
        QCOMPARE(d.embedding.rows(), m_spec.rows);
        QCOMPARE(d.embedding.dims(), m_spec.dims);
        const auto expected = syn::Generator(m_spec).matrix();
        // Bit-equal: the values are decimal-exact in text, float32 in binary and .npy.
        QVERIFY(std::equal(expected.begin(), expected.end(), d.embedding.values().begin()));
        for (std::size_t r : {std::size_t(0), std::size_t(31), std::size_t(1057), m_spec.rows - 1})
            QCOMPARE(d.embedding.label(r), syn::word(m_spec, r));
        QCOMPARE(d.embedding.find(syn::word(m_spec, 40'000)), std::optional<std::size_t>(40'000));
        QCOMPARE(d.summary.duplicates, std::size_t(0));
    }

    void parallelTextParseEqualsOneThread() {
        syn::Spec spec = m_spec;
        spec.duplicateEvery = 997;
        const std::string good = write(syn::FileKind::Word2VecText, spec, "dups.txt");
        const int threads = omp_get_max_threads();
        omp_set_num_threads(1);
        const Dataset serial = loadDataset(good);
        omp_set_num_threads(std::max(2, threads));
        const Dataset parallel = loadDataset(good);
        omp_set_num_threads(threads);
        QCOMPARE(parallel.embedding.labels(), serial.embedding.labels());
        QVERIFY(std::equal(serial.embedding.values().begin(), serial.embedding.values().end(),
                           parallel.embedding.values().begin(), parallel.embedding.values().end()));
        // Duplicates: every 997th row repeats row/2's word; the first is kept, in file order.
        const std::size_t dups = (spec.rows - 1) / 997;
        QCOMPARE(parallel.summary.duplicates, dups);
        QCOMPARE(parallel.embedding.rows(), spec.rows - dups);
        QCOMPARE(parallel.embedding.label(997), syn::word(spec, 998));
        QCOMPARE(parallel.sourceRows[997], std::size_t(998));

        // A bad value far into the file: the same place from one thread and from several.
        spec.duplicateEvery = 0;
        spec.badRow = 43'210;
        const std::string bad = write(syn::FileKind::Word2VecText, spec, "bad.txt");
        auto message = [&](int n) {
            omp_set_num_threads(n);
            try {
                loadDataset(bad);
            } catch (const Error& e) {
                omp_set_num_threads(threads);
                return std::string(e.what());
            }
            omp_set_num_threads(threads);
            return std::string("no error");
        };
        const std::string one = message(1), several = message(std::max(2, threads));
        QCOMPARE(several, one);
        // Line 43 211 (after the header), column of value 2: after the word and value 1.
        const std::string prefix = bad + ":43211:";
        QVERIFY2(one.rfind(prefix, 0) == 0, one.c_str());
    }

    void firstRowsStopEarly() {
        const std::string path = m_dir.filePath("v.bin").toStdString();
        LoadOptions options;
        options.maxRows = 1234;
        const Dataset d = loadDataset(path, options);
        QCOMPARE(d.embedding.rows(), std::size_t(1234));
        QVERIFY(d.summary.truncatedByMaxRows);
        QCOMPARE(d.embedding.label(1233), syn::word(m_spec, 1233));
        QVERIFY(d.embedding.isFrequencyOrdered());
    }

    void bigBinaryLoadCancels() {
        syn::Spec spec = m_spec;
        spec.dims = 300;  // 60 MB: many progress reports
        const std::string path = write(syn::FileKind::Word2VecBinary, spec, "big.bin");
        testsupport::expectCancelAtSecondReport([&](Progress& p) { loadDataset(path, {}, p); }, false);
        testsupport::expectCancelAtSecondReport([&](Progress& p) { loadDataset(path, {}, p); }, true);
    }
};

QTEST_GUILESS_MAIN(TestScaleLoad)
#include "tst_scaleload.moc"
