// Loading at scale, scaled down (issue 9): 50 000-row synthetic files in every format load to the
// generator's exact values and words; the memory-mapped binary, the parsed texts and the copied
// .npy agree; the parallel text parse equals a one-thread parse, error location included;
// duplicates keep the first; first-N rows stop early; a long load can be cancelled.
#include "Omp.h"

#include <charconv>
#include <cstdio>

#include <QFile>
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

    /// Loads path with n threads; the error message when it fails.
    static std::string loadWith(int n, const std::string& path, Dataset* out = nullptr) {
        const int threads = omp_get_max_threads();
        omp_set_num_threads(n);
        std::string message;
        try {
            Dataset d = loadDataset(path);
            if (out) *out = std::move(d);
        } catch (const Error& e) {
            message = e.what();
        }
        omp_set_num_threads(threads);
        return message;
    }

    // Seven threads on any machine: more chunk boundaries than cores, so records (and quoted
    // fields) are cut at many places.
    static constexpr int kSeveral = 7;

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

    void parallelTextParseEqualsOneThread_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("headerLines");
        QTest::newRow("word2vec text") << int(syn::FileKind::Word2VecText) << "w.txt" << 1;
        QTest::newRow("projector tsv") << int(syn::FileKind::Tsv) << "w.tsv" << 0;
        QTest::newRow("csv") << int(syn::FileKind::Csv) << "w.csv" << 1;
    }
    void parallelTextParseEqualsOneThread() {
        QFETCH(int, kind);
        QFETCH(QString, name);
        QFETCH(int, headerLines);
        syn::Spec spec = m_spec;
        spec.duplicateEvery = 997;
        const std::string good =
            write(static_cast<syn::FileKind>(kind), spec, qPrintable("dups-" + name));
        Dataset serial, parallel;
        QCOMPARE(loadWith(1, good, &serial), std::string());
        QCOMPARE(loadWith(kSeveral, good, &parallel), std::string());
        QCOMPARE(parallel.embedding.labels(), serial.embedding.labels());
        QVERIFY(std::equal(serial.embedding.values().begin(), serial.embedding.values().end(),
                           parallel.embedding.values().begin(), parallel.embedding.values().end()));
        QCOMPARE(parallel.sourceRows, serial.sourceRows);
        QCOMPARE(parallel.embedding.rows(), serial.embedding.rows());
        if (kind == int(syn::FileKind::Word2VecText)) {
            // Duplicates: every 997th row repeats row/2's word; the first is kept, in file order.
            const std::size_t dups = (spec.rows - 1) / 997;
            QCOMPARE(parallel.summary.duplicates, dups);
            QCOMPARE(parallel.embedding.rows(), spec.rows - dups);
            QCOMPARE(parallel.embedding.label(997), syn::word(spec, 998));
            QCOMPARE(parallel.sourceRows[997], std::size_t(998));
        } else {
            // Tabular labels are names: repeats are kept.
            QCOMPARE(parallel.embedding.rows(), spec.rows);
            QCOMPARE(parallel.embedding.label(997), syn::word(spec, 498));
        }

        // A bad value far into the file: the same place from one thread and from several.
        spec.duplicateEvery = 0;
        spec.badRow = 43'210;
        const std::string bad =
            write(static_cast<syn::FileKind>(kind), spec, qPrintable("bad-" + name));
        const std::string one = loadWith(1, bad), several = loadWith(kSeveral, bad);
        QCOMPARE(several, one);
        // The row's line (after any header), at the column of value 2.
        const std::string prefix = bad + ":" + std::to_string(43'210 + headerLines) + ":";
        QVERIFY2(one.rfind(prefix, 0) == 0, one.c_str());
        std::vector<float> v(spec.dims);
        syn::Generator(spec).row(43'209, v.data());
        char first[32];
        const auto n = std::to_chars(first, first + sizeof first, v[0]).ptr - first;
        const std::size_t wordBytes =
            kind == int(syn::FileKind::Tsv) ? 0 : syn::word(spec, 43'209).size() + 1;
        const std::size_t column = wordBytes + static_cast<std::size_t>(n) + 2;
        QVERIFY2(one.rfind(prefix + std::to_string(column) + ": ", 0) == 0, one.c_str());
    }

    // Quoted labels holding newlines: chunk cuts fall inside records, which are then parsed
    // again from where the record really started. Labels, values and a late error's place are
    // those of the one-thread parse and of the file as written.
    void csvRecordsSpanningChunksParseAsOneThread() {
        const std::size_t rows = 40'000, dims = 8;
        const auto label = [](std::size_t r) {
            return "w" + std::to_string(r) + "\nline two, \"quoted\"\nthree";
        };
        const std::string path = m_dir.filePath("multiline.csv").toStdString();
        std::string text = "label";
        for (std::size_t j = 0; j < dims; ++j) text += ",x" + std::to_string(j);
        text += "\n";
        std::vector<float> expected;
        for (std::size_t r = 0; r < rows; ++r) {
            std::string quoted = label(r);
            std::string cell = "\"";
            for (char ch : quoted) cell += ch == '"' ? std::string("\"\"") : std::string(1, ch);
            text += cell + "\"";
            for (std::size_t j = 0; j < dims; ++j) {
                const int value = static_cast<int>((r * 31 + j * 7) % 1000) - 500;
                expected.push_back(static_cast<float>(value) / 4);
                char number[32];  // to_chars: the test also runs under a German locale
                text += ',';
                text.append(number, std::to_chars(number, number + sizeof number, value / 4.0).ptr);
            }
            text += "\n";
        }
        {
            std::FILE* f = std::fopen(path.c_str(), "wb");
            QVERIFY(f);
            QCOMPARE(std::fwrite(text.data(), 1, text.size(), f), text.size());
            std::fclose(f);
        }
        Dataset serial, parallel;
        QCOMPARE(loadWith(1, path, &serial), std::string());
        QCOMPARE(loadWith(kSeveral, path, &parallel), std::string());
        QCOMPARE(parallel.embedding.rows(), rows);
        QCOMPARE(parallel.embedding.labels(), serial.embedding.labels());
        for (std::size_t r : {std::size_t(0), std::size_t(12'345), rows - 1})
            QCOMPARE(parallel.embedding.label(r), label(r));
        QVERIFY(std::equal(expected.begin(), expected.end(), parallel.embedding.values().begin(),
                           parallel.embedding.values().end()));

        // Row 35 001 (0-based 35 000) gets a bad value 3: its record starts on line
        // 2 + 3 * 35 000 and the value sits on the record's third line.
        const std::string marker = "\n" + std::string("three\"");
        std::size_t at = 0;
        for (std::size_t r = 0; r <= 35'000; ++r) at = text.find(marker, at) + marker.size();
        std::size_t cell = at;
        for (int k = 0; k < 3; ++k) cell = text.find(',', cell) + 1;
        text.insert(cell, "x");
        {
            std::FILE* f = std::fopen(path.c_str(), "wb");
            QVERIFY(f);
            QCOMPARE(std::fwrite(text.data(), 1, text.size(), f), text.size());
            std::fclose(f);
        }
        const std::string one = loadWith(1, path), several = loadWith(kSeveral, path);
        QCOMPARE(several, one);
        const std::size_t line = 2 + 3 * 35'000 + 2;
        const std::size_t column = cell - text.rfind('\n', cell);
        const std::string where = path + ":" + std::to_string(line) + ":" + std::to_string(column);
        QVERIFY2(one.rfind(where + ": ", 0) == 0, (one + " / " + where).c_str());
    }

    void tabularLoadsCancel_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("name");
        QTest::newRow("projector tsv") << int(syn::FileKind::Tsv) << "big.tsv";
        QTest::newRow("csv") << int(syn::FileKind::Csv) << "big.csv";
    }
    void tabularLoadsCancel() {
        QFETCH(int, kind);
        QFETCH(QString, name);
        syn::Spec spec = m_spec;
        spec.dims = 100;  // about 40 MB: several blocks
        const std::string path = write(static_cast<syn::FileKind>(kind), spec, qPrintable(name));
        // Cancelled as the reading stage starts: the parse must notice at its next block.
        QStringList stages;
        Progress progress([&](double, const std::string& stage) {
            stages << QString::fromStdString(stage);
            if (stage.starts_with("reading")) progress.cancel();
        });
        QVERIFY_THROWS_EXCEPTION(Cancelled, loadDataset(path, {}, progress));
        QVERIFY(!stages.isEmpty());
        QVERIFY(stages.back().startsWith("reading"));
        QFile::remove(QString::fromStdString(path));
    }

    /// Rewrites the metadata beside a generated file with frequencies in no particular order
    /// (many ties), and a bad cell at badLine when it is not 0. Returns the frequencies.
    std::vector<std::uint64_t> shuffledMetadata(const std::string& vectors, std::size_t rows,
                                                std::size_t badLine = 0) {
        const std::string stem = vectors.substr(0, vectors.rfind('.'));
        std::vector<std::uint64_t> freq(rows);
        std::string text = "word\tfrequency\tcluster\n";
        for (std::size_t r = 0; r < rows; ++r) {
            freq[r] = (r * 2654435761u) % 5003;  // a scrambled order with ties
            const bool bad = r + 2 == badLine;
            text += syn::word(m_spec, r) + "\t" + (bad ? "12a" : std::to_string(freq[r])) + "\t" +
                    std::to_string(r % 7) + "\n";
        }
        std::FILE* f = std::fopen((stem + "-metadata.tsv").c_str(), "wb");
        if (!f || std::fwrite(text.data(), 1, text.size(), f) != text.size()) qFatal("write");
        std::fclose(f);
        return freq;
    }

    void topRowsByFrequency_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("name");
        QTest::newRow("projector tsv") << int(syn::FileKind::Tsv) << "top.tsv";
        QTest::newRow("npy") << int(syn::FileKind::Npy) << "top.npy";
    }
    void topRowsByFrequency() {
        QFETCH(int, kind);
        QFETCH(QString, name);
        const std::string path = write(static_cast<syn::FileKind>(kind), m_spec, qPrintable(name));
        const auto freq = shuffledMetadata(path, m_spec.rows);
        // The reference: all rows ranked by frequency, ties to the earlier row.
        std::vector<std::size_t> order(m_spec.rows);
        for (std::size_t r = 0; r < order.size(); ++r) order[r] = r;
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return freq[a] > freq[b]; });
        const std::size_t n = 777;
        std::vector<std::size_t> expected(order.begin(), order.begin() + n);
        std::sort(expected.begin(), expected.end());

        LoadOptions options;
        options.topRows = n;  // the column is found by its name, "frequency"
        const Dataset d = loadDataset(path, options);
        QCOMPARE(d.embedding.rows(), n);
        QCOMPARE(d.sourceRows, expected);
        const syn::Generator gen(m_spec);
        std::vector<float> row(m_spec.dims);
        for (std::size_t i = 0; i < n; ++i) {
            QCOMPARE(d.embedding.label(i), syn::word(m_spec, expected[i]));
            gen.row(expected[i], row.data());
            QVERIFY(std::equal(row.begin(), row.end(), d.embedding.row(i).begin()));
        }
        const auto column = d.metadata.findColumn("frequency");
        QVERIFY(column);
        for (std::size_t i = 0; i < n; ++i)
            QCOMPARE(d.metadata.column(*column).cells[i], std::to_string(freq[expected[i]]));
        QVERIFY(!d.summary.truncatedByMaxRows);

        // Naming the column, and asking for more rows than there are: every row, in order.
        options.topByColumn = "cluster";
        options.topRows = m_spec.rows + 5;
        const Dataset all = loadDataset(path, options);
        QCOMPARE(all.embedding.rows(), m_spec.rows);
        QCOMPARE(all.embedding.label(m_spec.rows - 1), syn::word(m_spec, m_spec.rows - 1));
    }

    void topRowsColumnProblemsNameThePlace() {
        const std::string path = write(syn::FileKind::Tsv, m_spec, "topbad.tsv");
        const std::string meta = m_dir.filePath("topbad-metadata.tsv").toStdString();
        shuffledMetadata(path, m_spec.rows, 41'000);
        LoadOptions options;
        options.topRows = 10;
        auto message = [&] {
            try {
                loadDataset(path, options);
            } catch (const Error& e) {
                return std::string(e.what());
            }
            return std::string("no error");
        };
        // Line 41 000, the frequency cell starts after the word and its tab.
        const std::string where =
            meta + ":41000:" + std::to_string(syn::word(m_spec, 40'998).size() + 2) + ": ";
        QCOMPARE(message(), where + "'12a' is not a number (column 'frequency', which the top " +
                                "rows are chosen by)");
        options.topByColumn = "count";
        QCOMPARE(message(), meta + ":1: no column named 'count' to choose the top rows by; the " +
                                "columns are 'word', 'frequency', 'cluster'");
        options.topByColumn.clear();
        options.metadataPath = m_dir.filePath("none.tsv").toStdString();
        QVERIFY(message().find("none.tsv") != std::string::npos);
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
