// Neighbour search at scale, scaled down (issue 9): the blocked multi-threaded exact search equals
// a plain sort of every distance, for any thread count; the HNSW index keeps its recall bound;
// a saved index gives the same answers and a changed data file (or other settings) is not reused.
#include "Omp.h"

#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <thread>

#include "SyntheticData.h"
#include "TestSupport.h"
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
};

QTEST_GUILESS_MAIN(TestScaleNeighbours)
#include "tst_scaleneighbours.moc"
