// Neighbour search at scale, scaled down (issue 9): the blocked multi-threaded exact search equals
// a plain sort of every distance, for any thread count; the HNSW index keeps its recall bound;
// a saved index gives the same answers and a changed data file (or other settings) is not reused.
#include "Omp.h"

#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <cstring>
#include <fstream>
#include <iterator>
#include <random>
#include <thread>

#include "SyntheticData.h"
#include "TestSupport.h"
#include "Error.h"
#include "io/Load.h"
#include "neighbours/HnswIndex.h"
#include "neighbours/NeighbourSearch.h"

using namespace embedscope;
namespace syn = embedscope::synthetic;

namespace {
Embedding syntheticEmbedding(std::size_t rows, std::size_t dims) {
    syn::Spec spec;
    spec.rows = rows;
    spec.dims = dims;
    spec.clusters = 60;
    std::vector<std::string> labels(rows);
    for (std::size_t r = 0; r < rows; ++r) labels[r] = syn::word(spec, r);
    return Embedding(std::move(labels), syn::Generator(spec).matrix(), dims);
}

/// Every distance, sorted by (distance, row): the plain reference.
std::vector<std::size_t> plainNearest(const NeighbourSearch& s, std::size_t row, std::size_t k) {
    std::vector<std::pair<float, std::size_t>> all;
    for (std::size_t i = 0; i < s.embedding().rows(); ++i)
        if (i != row) all.emplace_back(s.distance(i, row), i);
    std::sort(all.begin(), all.end());
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < k; ++i) out.push_back(all[i].second);
    return out;
}

std::vector<std::size_t> rowsOf(const std::vector<Neighbour>& n) {
    std::vector<std::size_t> out;
    for (const auto& x : n) out.push_back(x.row);
    return out;
}
}  // namespace

class TestScaleNeighbours : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void initTestCase() {
        testsupport::applyTestLocale();
        QVERIFY(m_dir.isValid());
    }

    void blockedExactEqualsPlainReference() {
        const Embedding e = syntheticEmbedding(50'000, 32);
        const int threads = omp_get_max_threads();
        for (auto [metric, space] : {std::pair{Metric::Cosine, VectorSpace::Raw},
                                     std::pair{Metric::Euclidean, VectorSpace::Raw},
                                     std::pair{Metric::Dot, VectorSpace::Centred}}) {
            const NeighbourSearch search(e, metric, space);
            for (std::size_t row : {std::size_t(0), std::size_t(4321), std::size_t(49'999)}) {
                omp_set_num_threads(std::max(2, threads));
                const auto blocked = search.nearest(row, 100);
                omp_set_num_threads(1);
                const auto single = search.nearest(row, 100);
                omp_set_num_threads(threads);
                QCOMPARE(rowsOf(blocked), plainNearest(search, row, 100));
                QCOMPARE(rowsOf(single), rowsOf(blocked));
                for (std::size_t i = 0; i < blocked.size(); ++i) {
                    QCOMPARE(blocked[i].distance, single[i].distance);
                    const float ref = search.distance(blocked[i].row, row);
                    QVERIFY(std::abs(blocked[i].distance - ref) <= 1e-5f * std::max(1.0f, std::abs(ref)));
                }
            }
        }
    }

    void hnswRecallAndReuse() {
        // The data go through a file, as in the app: the index is keyed by that file.
        syn::Spec spec;
        spec.rows = 20'000;
        spec.dims = 32;
        spec.clusters = 60;
        const std::string data = m_dir.filePath("v.bin").toStdString();
        syn::write(spec, syn::FileKind::Word2VecBinary, data);
        const Dataset d = loadDataset(data);
        const NeighbourSearch exact(d.embedding, Metric::Cosine, VectorSpace::Raw);
        HnswParams params;
        params.m = 12;
        params.efConstruction = 80;
        params.ef = 64;
        const HnswIndex index(exact, params, Progress::none());
        const double recall = index.measureRecall(10, 300, 7);
        QVERIFY2(recall >= 0.95, qPrintable(QString::number(recall)));
        // What it returns is ranked by the exact search's own distances.
        const auto found = index.nearest(123, 10);
        QCOMPARE(found.size(), std::size_t(10));
        for (std::size_t i = 0; i < found.size(); ++i) {
            QCOMPARE(found[i].distance, exact.distance(found[i].row, 123));
            if (i) QVERIFY(found[i - 1].distance <= found[i].distance);
        }

        const std::string saved = m_dir.filePath("v.hnsw").toStdString();
        const DataFileKey key = DataFileKey::of(data);
        index.save(saved, key);
        auto reused = HnswIndex::load(saved, key, exact, params);
        QVERIFY(reused);
        for (std::size_t row : {std::size_t(0), std::size_t(123), std::size_t(19'999)})
            QCOMPARE(rowsOf(reused->nearest(row, 10)), rowsOf(index.nearest(row, 10)));

        // Other settings are another index.
        HnswParams other = params;
        other.m = 16;
        QVERIFY(!HnswIndex::load(saved, key, exact, other));
        const NeighbourSearch euclidean(d.embedding, Metric::Euclidean, VectorSpace::Raw);
        QVERIFY(!HnswIndex::load(saved, key, euclidean, params));

        // A changed data file: same size, one byte different in the head, a later mtime.
        {
            std::fstream f(data, std::ios::in | std::ios::out | std::ios::binary);
            f.seekp(100);
            f.put('\x7f');
        }
        std::filesystem::last_write_time(data, std::filesystem::last_write_time(data) + std::chrono::seconds(2));
        const DataFileKey changed = DataFileKey::of(data);
        QVERIFY(!(changed == key));
        QVERIFY(!HnswIndex::load(saved, changed, exact, params));

        // A damaged index file (cut short) is not handed to hnswlib.
        std::filesystem::resize_file(saved, std::filesystem::file_size(saved) / 2);
        QVERIFY(!HnswIndex::load(saved, key, exact, params));
    }

    void hnswEfTunedToATargetRecall() {
        // A sparse index on data without clusters (Gaussian, 24-D) falls short of recall 0.95 at
        // its starting breadth; tuning raises ef until a sample reaches it, and a separate
        // sample's recall then comes close.
        const std::size_t n = 20'000, d = 24, k = 20;
        std::mt19937 rng(4);
        std::normal_distribution<float> normal;
        std::vector<float> values(n * d);
        for (float& v : values) v = normal(rng);
        std::vector<std::string> labels;
        for (std::size_t i = 0; i < n; ++i) labels.push_back("r" + std::to_string(i));
        const Embedding e(std::move(labels), std::move(values), d);
        const NeighbourSearch exact(e, Metric::Euclidean, VectorSpace::Raw);
        HnswParams params;
        params.m = 6;
        params.efConstruction = 40;
        params.ef = 20;
        HnswIndex index(exact, params, Progress::none());
        const double before = index.measureRecall(k, 200, 7);
        QVERIFY2(before < 0.9, qPrintable(QString::number(before)));
        QStringList stages;
        Progress progress([&](double, const std::string& stage) {
            if (stages.isEmpty() || stages.back() != QString::fromStdString(stage))
                stages << QString::fromStdString(stage);
        });
        const std::size_t ef = index.efFor(k, 0.95, 100, 3, progress);
        QCOMPARE(stages, QStringList{"tuning the neighbour index"});
        QVERIFY2(ef > params.ef && ef < HnswIndex::kMaxEf, qPrintable(QString::number(ef)));
        QCOMPARE(index.params().ef, params.ef);  // the index is left as it was
        QCOMPARE(index.measureRecall(k, 200, 7), before);
        const double after = index.measureRecall(k, 200, 7, Progress::none(), ef);
        QVERIFY2(after >= 0.93, qPrintable(QString("ef %1: recall %2").arg(ef).arg(after)));
        // A cancel stops the tuning.
        Progress cancelled;
        cancelled.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, index.efFor(k, 0.99, 100, 5, cancelled));
    }

    void hnswReadsTheRowsInPlace() {
        // Every metric in every space, on data far from the origin, so that a centre or a row's
        // scale applied wrongly sends the search elsewhere. The index must also hold no copy of
        // the vectors: its file is smaller than a quarter of the matrix (it was larger than the
        // matrix when hnswlib kept the vectors).
        syn::Spec spec;
        spec.rows = 3'000;
        spec.dims = 300;
        spec.clusters = 40;
        const std::string data = m_dir.filePath("w.bin").toStdString();
        syn::write(spec, syn::FileKind::Word2VecBinary, data);
        Dataset d = loadDataset(data);
        std::vector<std::string> labels(d.embedding.labels().begin(), d.embedding.labels().end());
        std::vector<float> values(d.embedding.data(), d.embedding.data() + spec.rows * spec.dims);
        for (std::size_t i = 0; i < values.size(); ++i) values[i] += 3.0f + 0.5f * float(i % spec.dims % 7);
        const Embedding shifted(std::move(labels), std::move(values), spec.dims);
        const DataFileKey key = DataFileKey::of(data);
        HnswParams params;
        params.m = 12;
        params.efConstruction = 80;
        params.ef = 64;
        for (const Metric metric : {Metric::Cosine, Metric::Euclidean, Metric::Dot})
            for (const VectorSpace space : {VectorSpace::Raw, VectorSpace::Centred, VectorSpace::Normalised}) {
                const NeighbourSearch exact(shifted, metric, space);
                const HnswIndex index(exact, params, Progress::none());
                const double recall = index.measureRecall(10, 200, 11);
                const QString where = QString("%1 in %2 space: recall %3")
                                          .arg(QString::fromStdString(std::string(metricName(metric))),
                                               QString::fromStdString(std::string(spaceName(space))))
                                          .arg(recall);
                QVERIFY2(recall >= 0.95, qPrintable(where));
                const std::string saved = m_dir.filePath("w.hnsw").toStdString();
                index.save(saved, key);
                QVERIFY2(std::filesystem::file_size(saved) < spec.rows * spec.dims * sizeof(float) / 4,
                         qPrintable(where));
                auto reused = HnswIndex::load(saved, key, exact, params);
                QVERIFY(reused);
                QCOMPARE(rowsOf(reused->nearest(7, 10)), rowsOf(index.nearest(7, 10)));
            }
    }

    void hnswRefusesADamagedIndex() {
        // A saved index whose stored row number or link lies outside the data, the file's size
        // unchanged so that its key still matches: an error naming the file, not a read outside
        // the matrix.
        syn::Spec spec;
        spec.rows = 500;
        spec.dims = 16;
        const std::string data = m_dir.filePath("x.bin").toStdString();
        syn::write(spec, syn::FileKind::Word2VecBinary, data);
        const Dataset d = loadDataset(data);
        const NeighbourSearch exact(d.embedding, Metric::Cosine, VectorSpace::Raw);
        HnswParams params;
        params.m = 8;
        const HnswIndex index(exact, params, Progress::none());
        const std::string saved = m_dir.filePath("x.hnsw").toStdString();
        const DataFileKey key = DataFileKey::of(data);
        index.save(saved, key);
        QVERIFY(HnswIndex::load(saved, key, exact, params));
        std::string good;
        {
            std::ifstream in(saved, std::ios::binary);
            good.assign(std::istreambuf_iterator<char>(in), {});
        }
        // hnswlib 0.6.2's layout: a 96-byte header, then each point's level-0 links (a count and
        // 2·M slots of 4 bytes) followed by its stored data, here the row number.
        const auto loadWith = [&](std::size_t offset, std::uint32_t value) {
            std::string bad = good;
            std::memcpy(bad.data() + offset, &value, sizeof value);
            std::ofstream(saved, std::ios::binary | std::ios::trunc) << bad;
            try {
                HnswIndex::load(saved, key, exact, params);
            } catch (const Error& e) {
                return QString::fromStdString(e.what());
            }
            return QString("loaded");
        };
        const QString outsideRow = loadWith(96 + 4 + 2 * 8 * 4, 500);
        QVERIFY2(outsideRow.contains("x.hnsw") && outsideRow.contains("row 501"), qPrintable(outsideRow));
        const QString outsideLink = loadWith(96 + 4, 9'999);  // point 0's first neighbour
        QVERIFY2(outsideLink.contains("x.hnsw") && outsideLink.contains("damaged"), qPrintable(outsideLink));
        const QString longList = loadWith(96, 2 * 8 + 1);  // more neighbours than slots
        QVERIFY2(longList.contains("x.hnsw") && longList.contains("damaged"), qPrintable(longList));
    }
};

QTEST_GUILESS_MAIN(TestScaleNeighbours)
#include "tst_scaleneighbours.moc"
