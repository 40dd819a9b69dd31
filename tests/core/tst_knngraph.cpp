// The all-points kNN graph: exact search against a double-precision brute force (every metric,
// duplicates, ties, data far from the origin, huge values), HNSW recall, errors and cancellation.
#include <QTest>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <set>

#include "Error.h"
#include "Progress.h"
#include "TestSupport.h"
#include "analysis/KdTree.h"
#include "neighbours/KnnDetail.h"
#include "neighbours/HnswIndex.h"
#include "neighbours/KnnGraph.h"
#include "neighbours/RowTiles.h"

using namespace embedscope;

Q_DECLARE_METATYPE(embedscope::Metric)
Q_DECLARE_METATYPE(embedscope::KnnMethod)

namespace {

/// Data the tests build: Gaussian, or small integers (so that every distance is exact and ties
/// are true ties), optionally shifted, scaled, or with some rows copied over others.
std::vector<float> makeData(std::size_t n, std::size_t d, const QString& kind, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal;
    std::uniform_int_distribution<int> small(-2, 2);
    std::vector<float> x(n * d);
    for (auto& v : x) v = kind.startsWith("integer") ? float(small(rng)) : normal(rng);
    if (kind.startsWith("clusters") || kind == "few clusters") {
        // 24 (or 4) well-separated groups, rows in random order: exact search skips whole tiles
        // of far-away rows, which must never drop a true neighbour.
        const std::size_t groups = kind == "few clusters" ? 4 : 24;
        std::vector<float> centres(groups * d);
        std::uniform_real_distribution<float> spread(-20, 20);
        for (auto& c : centres) c = spread(rng);
        std::uniform_int_distribution<std::size_t> pick(0, groups - 1);
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t c = pick(rng);
            for (std::size_t j = 0; j < d; ++j) x[i * d + j] += centres[c * d + j];
        }
    }
    if (kind == "far from origin" || kind == "clusters far from origin")
        for (auto& v : x) v += 1000.0f;
    if (kind == "huge values")
        for (auto& v : x) v *= 1e30f;
    if (kind.contains("duplicates"))
        for (std::size_t i = 0; i < n; i += 3)  // every third row repeats an earlier row
            std::copy_n(x.begin() + (i / 7) * d, d, x.begin() + i * d);
    return x;
}

double bruteKey(const float* a, const float* b, std::size_t d, Metric metric) {
    double dot = 0, aa = 0, bb = 0, sq = 0;
    for (std::size_t j = 0; j < d; ++j) {
        dot += double(a[j]) * b[j];
        aa += double(a[j]) * a[j];
        bb += double(b[j]) * b[j];
        sq += (double(a[j]) - b[j]) * (double(a[j]) - b[j]);
    }
    if (metric == Metric::Euclidean) return sq;
    if (metric == Metric::Cosine) return 1.0 - dot / (std::sqrt(aa) * std::sqrt(bb));
    return -dot;
}

float distanceOf(double key, Metric metric) {
    if (metric == Metric::Euclidean) return float(std::sqrt(key));
    if (metric == Metric::Cosine) return float(std::max(0.0, key));
    return float(key);
}

/// The k nearest by (key, row), self excluded: the definition the graph must meet.
KnnGraph bruteForce(const std::vector<float>& x, std::size_t n, std::size_t d, std::size_t k,
                    Metric metric) {
    KnnGraph g;
    g.rows = n;
    g.k = k;
    for (std::size_t i = 0; i < n; ++i) {
        std::vector<std::pair<double, std::uint32_t>> all;
        for (std::size_t j = 0; j < n; ++j)
            if (j != i)
                all.emplace_back(bruteKey(&x[i * d], &x[j * d], d, metric), std::uint32_t(j));
        std::sort(all.begin(), all.end());
        for (std::size_t j = 0; j < k; ++j) {
            g.indices.push_back(all[j].second);
            g.distances.push_back(distanceOf(all[j].first, metric));
        }
    }
    return g;
}

/// Mean share of the exact neighbours each row's list holds (rows with ties avoided by the data).
double recallOf(const KnnGraph& g, const KnnGraph& exact) {
    double sum = 0;
    for (std::size_t i = 0; i < g.rows; ++i) {
        const auto* truth = &exact.indices[i * g.k];
        std::size_t hits = 0;
        for (std::size_t j = 0; j < g.k; ++j)
            hits += std::count(truth, truth + g.k, g.indices[i * g.k + j]);
        sum += double(hits) / double(g.k);
    }
    return sum / double(g.rows);
}

void verifyWellFormed(const KnnGraph& g) {
    QCOMPARE(g.indices.size(), g.rows * g.k);
    QCOMPARE(g.distances.size(), g.rows * g.k);
    for (std::size_t i = 0; i < g.rows; ++i) {
        std::set<std::uint32_t> seen;
        for (std::size_t j = 0; j < g.k; ++j) {
            const auto row = g.indices[i * g.k + j];
            QVERIFY(row < g.rows && row != i);
            QVERIFY(seen.insert(row).second);
            if (j > 0) QVERIFY(g.distances[i * g.k + j - 1] <= g.distances[i * g.k + j]);
        }
    }
}

}  // namespace

class TestKnnGraph : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { testsupport::applyTestLocale(); }

    void exactMatchesBruteForce_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<Metric>("metric");
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("d");
        QTest::addColumn<int>("k");
        const std::pair<const char*, Metric> metrics[] = {
            {"euclidean", Metric::Euclidean}, {"cosine", Metric::Cosine}, {"dot", Metric::Dot}};
        for (auto [name, metric] : metrics) {
            auto row = [&](const char* kind, int n, int d, int k) {
                QTest::addRow("%s, %s, %d x %d, k %d", kind, name, n, d, k)
                    << QString(kind) << metric << n << d << k;
            };
            row("gaussian", 700, 17, 10);
            row("gaussian", 300, 64, 299);
            row("gaussian with duplicates", 500, 8, 12);
            row("integer ties", 400, 4, 15);  // small integers: many exact ties
            row("integer with duplicates", 400, 4, 15);
            row("far from origin", 400, 10, 8);
            row("huge values", 300, 10, 8);
            // Enough rows for many tiles and for the candidates' pruning, with ties at the
            // pruning limit (3-D points of small integers: a few hundred distinct places).
            row("integer with duplicates", 3000, 3, 20);
            row("gaussian", 2500, 6, 40);
            row("clusters", 4000, 8, 30);
            row("clusters with duplicates", 3000, 5, 12);
            row("clusters far from origin", 3000, 6, 10);
        }
        QTest::newRow("one dimension, k 1") << "integer ties" << Metric::Euclidean << 50 << 1 << 1;
    }
    void exactMatchesBruteForce() {
        QFETCH(QString, kind);
        QFETCH(Metric, metric);
        QFETCH(int, n);
        QFETCH(int, d);
        QFETCH(int, k);
        std::vector<float> x = makeData(n, d, kind, 7);
        if (metric == Metric::Cosine)  // a zero row would be refused; make sure there is none
            for (int i = 0; i < n; ++i) x[i * d] = x[i * d] == 0 ? 1.0f : x[i * d];
        KnnOptions o;
        o.k = k;
        o.metric = metric;
        o.method = KnnMethod::Exact;
        const KnnGraph g = buildKnnGraph(x.data(), n, d, o);
        const KnnGraph truth = bruteForce(x, n, d, k, metric);
        QCOMPARE(g.rows, std::size_t(n));
        QCOMPARE(g.k, std::size_t(k));
        QVERIFY(!g.approximate);
        QCOMPARE(g.recall, 1.0);
        verifyWellFormed(g);
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < k; ++j) {
                const std::size_t at = std::size_t(i) * k + j;
                if (g.indices[at] != truth.indices[at])
                    QFAIL(qPrintable(QString("row %1, neighbour %2: %3 instead of %4")
                                         .arg(i)
                                         .arg(j)
                                         .arg(g.indices[at])
                                         .arg(truth.indices[at])));
                // Both are the same double key rounded to float; summation order may differ.
                const float want = truth.distances[at];
                QVERIFY2(
                    std::abs(g.distances[at] - want) <= 1e-6f * std::max(1.0f, std::abs(want)),
                    qPrintable(QString("row %1: %2 vs %3").arg(i).arg(g.distances[at]).arg(want)));
            }

        // The streamed search of a few rows (HNSW's tuning and recall samples) gives the same
        // rows and distances, across chunks of rows that split the ties.
        detail::ExactScan scan(x.data(), n, d, metric);
        scan.chunkRows = 100;
        std::vector<std::uint32_t> queries;
        for (int i = n - 1; i >= 0; i -= 5) queries.push_back(std::uint32_t(i));
        std::vector<std::uint32_t> indices(queries.size() * k);
        std::vector<float> distances(queries.size() * k);
        Progress none;
        scan.nearest(queries, k, indices.data(), distances.data(), none);
        for (std::size_t q = 0; q < queries.size(); ++q)
            for (int j = 0; j < k; ++j) {
                const std::size_t at = std::size_t(queries[q]) * k + j;
                QCOMPARE(indices[q * k + j], g.indices[at]);
                QCOMPARE(distances[q * k + j], g.distances[at]);
            }
    }

    void duplicatesAreAtDistanceZero() {
        // Rows 0, 2 and 3 are the same vector: each one's nearest are the other two, lower first.
        const std::vector<float> x = {1, 2, 3, 5, 5, 5, 1, 2, 3, 1, 2, 3, 0, 0, 1};
        for (Metric metric : {Metric::Euclidean, Metric::Cosine}) {
            KnnOptions o;
            o.k = 2;
            o.metric = metric;
            const KnnGraph g = buildKnnGraph(x.data(), 5, 3, o);
            QCOMPARE(g.indices[0 * 2], 2u);
            QCOMPARE(g.indices[0 * 2 + 1], 3u);
            QCOMPARE(g.indices[2 * 2], 0u);
            QCOMPARE(g.indices[2 * 2 + 1], 3u);
            QCOMPARE(g.indices[3 * 2], 0u);
            QCOMPARE(g.indices[3 * 2 + 1], 2u);
            for (std::size_t r : {0, 2, 3}) {
                QCOMPARE(g.distances[r * 2], 0.0f);
                QCOMPARE(g.distances[r * 2 + 1], 0.0f);
            }
        }
    }

    void emptyAndZeroK() {
        KnnOptions o;
        o.k = 0;
        const KnnGraph empty = buildKnnGraph(nullptr, 0, 4, o);
        QCOMPARE(empty.rows, std::size_t(0));
        QVERIFY(empty.indices.empty());
        const std::vector<float> x = {1, 2, 3, 4, 5, 6};
        const KnnGraph none = buildKnnGraph(x.data(), 3, 2, o);
        QCOMPARE(none.rows, std::size_t(3));
        QCOMPARE(none.k, std::size_t(0));
        QVERIFY(none.indices.empty() && none.distances.empty());
    }

    void errors_data() {
        QTest::addColumn<std::vector<float>>("values");
        QTest::addColumn<int>("dims");
        QTest::addColumn<int>("k");
        QTest::addColumn<Metric>("metric");
        QTest::addColumn<QString>("message");
        const float nan = std::numeric_limits<float>::quiet_NaN();
        const float inf = std::numeric_limits<float>::infinity();
        const std::vector<float> five = {1, 0, 2, 0, 3, 0, 4, 0, 5, 1};
        QTest::newRow("k equals N") << five << 2 << 5 << Metric::Euclidean
                                    << "k (= 5) must be smaller than the number of rows (5)";
        QTest::newRow("k above N") << five << 2 << 9 << Metric::Cosine
                                   << "k (= 9) must be smaller than the number of rows (5)";
        QTest::newRow("no rows") << std::vector<float>{} << 2 << 1 << Metric::Euclidean
                                 << "k (= 1) must be smaller than the number of rows (0)";
        QTest::newRow("zero vector under cosine")
            << std::vector<float>{1, 2, 3, 4, 0, 0, 5, 6} << 2 << 1 << Metric::Cosine
            << "row 3 is a zero vector: cosine is undefined for it";
        QTest::newRow("NaN") << std::vector<float>{1, 2, 3, nan, 0, 0} << 2 << 1
                             << Metric::Euclidean << "row 2 has a non-finite value";
        QTest::newRow("infinity") << std::vector<float>{1, 2, 3, 4, 0, -inf} << 2 << 1
                                  << Metric::Dot << "row 3 has a non-finite value";
        QTest::newRow("zero row before a NaN row")
            << std::vector<float>{0, 0, nan, 1, 1, 1} << 2 << 1 << Metric::Cosine
            << "row 1 is a zero vector: cosine is undefined for it";
    }
    void errors() {
        QFETCH(std::vector<float>, values);
        QFETCH(int, dims);
        QFETCH(int, k);
        QFETCH(Metric, metric);
        QFETCH(QString, message);
        KnnOptions o;
        o.k = k;
        o.metric = metric;
        for (KnnMethod method : {KnnMethod::Exact, KnnMethod::Hnsw}) {
            o.method = method;
            try {
                buildKnnGraph(values.data(), values.size() / dims, dims, o);
                QFAIL("no error");
            } catch (const Error& e) {
                QCOMPARE(QString::fromStdString(e.what()), message);
            }
        }
    }

    void zeroVectorIsFineUnderEuclidean() {
        const std::vector<float> x = {1, 2, 0, 0, 5, 6};
        KnnOptions o;
        o.k = 1;
        const KnnGraph g = buildKnnGraph(x.data(), 3, 2, o);
        QCOMPARE(g.indices[1], 0u);
        QCOMPARE(g.distances[1], float(std::sqrt(5.0)));
    }

    void hnswRecall_data() {
        QTest::addColumn<Metric>("metric");
        QTest::newRow("euclidean") << Metric::Euclidean;
        QTest::newRow("cosine") << Metric::Cosine;
    }
    void hnswRecall() {
        QFETCH(Metric, metric);
        const std::size_t n = 5000, d = 20;
        const std::vector<float> x = makeData(n, d, "gaussian", 11);
        KnnOptions o;
        o.k = 10;
        o.metric = metric;
        o.method = KnnMethod::Hnsw;
        o.recallSample = n;  // every row: the reported recall is then the true one
        const KnnGraph approx = buildKnnGraph(x.data(), n, d, o);
        QVERIFY(approx.approximate);
        verifyWellFormed(approx);
        o.method = KnnMethod::Exact;
        const KnnGraph exact = buildKnnGraph(x.data(), n, d, o);
        const double recall = recallOf(approx, exact);
        QVERIFY2(recall >= 0.95, qPrintable(QString::number(recall)));
        QCOMPARE(approx.recall, recall);
        // Rows HNSW got right carry the exact distances.
        for (std::size_t i = 0; i < n * o.k; ++i)
            if (approx.indices[i] == exact.indices[i])
                QCOMPARE(approx.distances[i], exact.distances[i]);
    }

    void hnswEfTunedToTargetRecall() {
        // t-SNE's setting (tsneKnnOptions) scaled down: a light index and a starting ef far too
        // small for hard (Gaussian, 24-D) data, so only the tuning can lift the recall.
        const std::size_t n = 6000, d = 24;
        const std::vector<float> x = makeData(n, d, "gaussian", 3);
        KnnOptions o;
        o.k = 30;
        o.method = KnnMethod::Hnsw;
        o.hnswM = 8;
        o.hnswEfConstruction = 40;
        o.hnswEf = o.k + 1;
        o.recallSample = n;  // every row: the reported recall is the true one
        const KnnGraph plain = buildKnnGraph(x.data(), n, d, o);
        o.hnswTargetRecall = 0.95;
        const KnnGraph tuned = buildKnnGraph(x.data(), n, d, o);
        verifyWellFormed(tuned);
        o.method = KnnMethod::Exact;
        const KnnGraph exact = buildKnnGraph(x.data(), n, d, o);
        QCOMPARE(plain.ef, o.k + 1);
        QVERIFY2(recallOf(plain, exact) < 0.9, qPrintable(QString::number(recallOf(plain, exact))));
        QVERIFY2(tuned.ef > plain.ef && tuned.ef <= KnnOptions::kMaxTunedEf,
                 qPrintable(QString::number(tuned.ef)));
        // Tuned on 500 other rows: the whole graph reaches the target within the sample's noise.
        const double recall = recallOf(tuned, exact);
        QVERIFY2(recall >= 0.94, qPrintable(QString::number(recall)));
        QCOMPARE(tuned.recall, recall);
    }

    void aBuiltIndexServesTheGraph() {
        // The app's neighbour index (cosine on the raw rows, M 16, ef_construction 100) searched
        // for t-SNE's graph, which measures euclidean distances between the unit rows: the same
        // order, so the index serves without a second build, and ef is tuned per query.
        const std::size_t n = 6000, d = 64;
        const std::vector<float> x = makeData(n, d, "gaussian", 3);
        const Embedding e(std::vector<std::string>(n, "w"), x, d);
        const NeighbourSearch search(e, Metric::Cosine, VectorSpace::Raw);
        const HnswIndex index(search, HnswParams::browsing(), Progress::none());
        QVERIFY(index.ranksAs(e, Metric::Cosine));
        const std::vector<Neighbour> before = index.nearest(17, 10);
        std::vector<float> unit = x;
        for (std::size_t i = 0; i < n; ++i) {
            double sq = 0;
            for (std::size_t j = 0; j < d; ++j) sq += double(x[i * d + j]) * x[i * d + j];
            for (std::size_t j = 0; j < d; ++j) unit[i * d + j] = float(x[i * d + j] / std::sqrt(sq));
        }
        KnnOptions o;
        o.k = 30;
        o.method = KnnMethod::Hnsw;
        o.hnswEf = o.k + 1;
        o.hnswTargetRecall = 0.95;
        o.recallSample = n;  // every row: the reported recall is the true one
        int asked = 0;
        o.hnswIndex = [&](Progress&) {
            ++asked;
            return &index.graph();
        };
        std::vector<std::string> stages;
        Progress progress([&](double, const std::string& stage) {
            if (stages.empty() || stages.back() != stage) stages.push_back(stage);
        });
        const KnnGraph served = buildKnnGraph(unit.data(), n, d, o, progress);
        verifyWellFormed(served);
        QVERIFY(served.approximate);
        QVERIFY(served.reusedIndex);
        QCOMPARE(asked, 1);
        QVERIFY(std::find(stages.begin(), stages.end(), "kNN (HNSW) building") == stages.end());
        QVERIFY(std::find(stages.begin(), stages.end(), "kNN (HNSW) tuning") != stages.end());
        QVERIFY2(served.ef > o.k + 1, qPrintable(QString::number(served.ef)));  // 64-D Gaussian is hard
        // Exact search (asked for, or Auto's choice at this size) does not ask for the index.
        o.method = KnnMethod::Exact;
        const KnnGraph exact = buildKnnGraph(unit.data(), n, d, o);
        o.method = KnnMethod::Auto;
        QVERIFY(!buildKnnGraph(unit.data(), n, d, o).approximate);
        QCOMPARE(asked, 1);
        const double recall = recallOf(served, exact);
        QVERIFY2(recall >= 0.94, qPrintable(QString::number(recall)));
        QCOMPARE(served.recall, recall);
        // The index's own queries keep their breadth: the graph passed its ef per query.
        const std::vector<Neighbour> after = index.nearest(17, 10);
        QCOMPARE(after.size(), before.size());
        for (std::size_t i = 0; i < after.size(); ++i) QCOMPARE(after[i].row, before[i].row);
        // Built without one (none given, or the source has none), the graph says so.
        o.method = KnnMethod::Hnsw;
        o.hnswIndex = nullptr;
        QVERIFY(!buildKnnGraph(unit.data(), n, d, o).reusedIndex);
        o.hnswIndex = [](Progress&) { return nullptr; };
        const KnnGraph own = buildKnnGraph(unit.data(), n, d, o);
        QVERIFY(own.approximate && !own.reusedIndex);
        // A source that waits stops with the run's cancel.
        o.hnswIndex = [](Progress& p) -> const detail::HnswGraph* {
            for (;;) p.step(0.5);
        };
        Progress cancelled;
        cancelled.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, buildKnnGraph(unit.data(), n, d, o, cancelled));
        // An index over other rows is refused, not read out of bounds.
        o.hnswIndex = [&](Progress&) { return &index.graph(); };
        try {
            buildKnnGraph(unit.data(), n - 1, d, o);
            QFAIL("no error");
        } catch (const Error& err) {
            QCOMPARE(QString::fromStdString(err.what()),
                     QString("the neighbour index holds 6000 rows, the data 5999"));
        }
    }

    void whichIndexRanksAsWhichMetric() {
        const std::size_t n = 300, d = 6;
        std::vector<float> x = makeData(n, d, "gaussian", 9);
        for (auto& v : x) v += 2.0f;  // centring then changes cosine and dot
        const Embedding e(std::vector<std::string>(n, "w"), x, d);
        const Embedding copy(e.labels(), x, d);
        struct Case {
            Metric metric;
            VectorSpace space;
            bool cosine, euclidean, dot;
        };
        // Centring changes cosine and dot (but not euclidean); normalising turns euclidean and
        // dot into cosine.
        const Case cases[] = {
            {Metric::Cosine, VectorSpace::Raw, true, false, false},
            {Metric::Cosine, VectorSpace::Centred, false, false, false},
            {Metric::Cosine, VectorSpace::Normalised, true, false, false},
            {Metric::Euclidean, VectorSpace::Raw, false, true, false},
            {Metric::Euclidean, VectorSpace::Centred, false, true, false},
            {Metric::Euclidean, VectorSpace::Normalised, true, false, false},
            {Metric::Dot, VectorSpace::Raw, false, false, true},
            {Metric::Dot, VectorSpace::Centred, false, false, false},
            {Metric::Dot, VectorSpace::Normalised, true, false, false},
        };
        for (const Case& c : cases) {
            const NeighbourSearch search(e, c.metric, c.space);
            const HnswIndex index(search, HnswParams::browsing(), Progress::none());
            const QByteArray what = QByteArray(metricName(c.metric).data()) + " in " + spaceName(c.space).data();
            QVERIFY2(index.ranksAs(e, Metric::Cosine) == c.cosine, what);
            QVERIFY2(index.ranksAs(e, Metric::Euclidean) == c.euclidean, what);
            QVERIFY2(index.ranksAs(e, Metric::Dot) == c.dot, what);
            // Equal values elsewhere in memory are other rows as far as the index knows.
            QVERIFY2(!index.ranksAs(copy, c.metric), what);
        }
        // The claims hold: where ranksAs says yes, the index's graph gives the exact neighbours
        // of that metric (at this size HNSW finds them all).
        for (const Case& c : cases) {
            const NeighbourSearch search(e, c.metric, c.space);
            const HnswIndex index(search, HnswParams::browsing(), Progress::none());
            for (const Metric m : {Metric::Cosine, Metric::Euclidean, Metric::Dot}) {
                if (!index.ranksAs(e, m)) continue;
                KnnOptions o;
                o.k = 8;
                o.metric = m;
                o.method = KnnMethod::Hnsw;
                o.hnswEf = 200;
                o.recallSample = 0;
                o.hnswIndex = [&](Progress&) { return &index.graph(); };
                const KnnGraph served = buildKnnGraph(x.data(), n, d, o);
                o.method = KnnMethod::Exact;
                o.hnswIndex = nullptr;
                const KnnGraph exact = buildKnnGraph(x.data(), n, d, o);
                const double recall = recallOf(served, exact);
                QVERIFY2(recall >= 0.99, qPrintable(QString("%1 in %2 as %3: %4")
                                                        .arg(metricName(c.metric).data(), spaceName(c.space).data(),
                                                             metricName(m).data())
                                                        .arg(recall)));
            }
        }
    }

    void efTuningBisectsTheLastStep() {
        // A recall that reaches 0.95 from ef 137 on: the ×1.25 ladder from 100 fails at 125 and
        // passes at 156; bisection must land within 125/16 of 137 and never below it.
        std::vector<std::size_t> asked;
        const auto recallAt = [&](std::size_t ef) {
            asked.push_back(ef);
            return ef >= 137 ? 0.96 : 0.90;
        };
        const std::size_t ef = detail::tuneEf(100, 2048, 0.95, recallAt);
        QVERIFY2(ef >= 137 && ef <= 137 + 125 / 16, qPrintable(QString::number(ef)));
        QCOMPARE(asked[0], std::size_t(100));
        QCOMPARE(asked[1], std::size_t(125));
        QCOMPARE(asked[2], std::size_t(156));
        QVERIFY2(asked.size() <= 6, qPrintable(QString::number(asked.size())));
        // Met at the start: no search at all beyond it.
        asked.clear();
        QCOMPARE(detail::tuneEf(100, 2048, 0.5, recallAt), std::size_t(100));
        QCOMPARE(asked.size(), std::size_t(1));
        // Never met: the cap, with no bisection below it.
        asked.clear();
        QCOMPARE(detail::tuneEf(100, 400, 0.99, recallAt), std::size_t(400));
        QCOMPARE(asked.back(), std::size_t(378));
        // A start at or above the cap is kept, as a breadth the caller asked for.
        QCOMPARE(detail::tuneEf(3000, 2048, 0.99, recallAt), std::size_t(3000));
    }

    void rowTilesPartitionTheRows() {
        // 24 separated groups: each tile must come from one group (its rows lie close together),
        // hold between half the limit and the limit, and every row must be in exactly one tile.
        const std::size_t n = 5000, d = 6, maxTile = 64;
        const std::vector<float> x = makeData(n, d, "clusters", 3);
        const detail::RowTiles tiles = detail::tileRows(x.data(), n, d, maxTile);
        QCOMPARE(tiles.begin.front(), std::size_t(0));
        QCOMPARE(tiles.begin.back(), n);
        std::vector<std::uint32_t> sorted = tiles.order;
        std::sort(sorted.begin(), sorted.end());
        for (std::size_t i = 0; i < n; ++i) QCOMPARE(sorted[i], std::uint32_t(i));
        double within = 0, overall = 0;
        for (std::size_t t = 0; t < tiles.tiles(); ++t) {
            const std::size_t size = tiles.begin[t + 1] - tiles.begin[t];
            QVERIFY2(size > maxTile / 2 && size <= maxTile, qPrintable(QString::number(size)));
            const float* a = &x[std::size_t(tiles.order[tiles.begin[t]]) * d];
            const float* b = &x[std::size_t(tiles.order[tiles.begin[t + 1] - 1]) * d];
            within += std::sqrt(bruteKey(a, b, d, Metric::Euclidean));
            overall += std::sqrt(bruteKey(a, &x[(t * 97 % n) * d], d, Metric::Euclidean));
        }
        // Rows of one tile are far closer than rows drawn anywhere (groups ±20 apart, spread 1).
        QVERIFY2(within < 0.25 * overall, qPrintable(QString("%1 %2").arg(within).arg(overall)));

        RowMatrixXf m{Eigen::Index(n), Eigen::Index(d)};
        std::copy(x.begin(), x.end(), m.data());
        detail::permuteRows(m, tiles.order);
        for (std::size_t p = 0; p < n; ++p)
            for (std::size_t j = 0; j < d; ++j)
                QCOMPARE(m(Eigen::Index(p), Eigen::Index(j)), x[std::size_t(tiles.order[p]) * d + j]);
    }

    void exactSetUpStopsWhenCancelled() {
        // The exact search's set-up (a copy of the rows and their tiling: about ten seconds at a
        // million rows in 300-D) heeds a cancel, so the quality measure and t-SNE's kNN stage
        // stop in it, and closing the window does not wait for it.
        const std::size_t n = 5000, d = 6;
        const std::vector<float> x = makeData(n, d, "clusters", 3);
        Progress cancelled;
        cancelled.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, detail::tileRows(x.data(), n, d, 64, &cancelled));
        QVERIFY_THROWS_EXCEPTION(Cancelled, detail::ExactKnn(x.data(), n, d, Metric::Euclidean, &cancelled));
        // So does the layout's k-d tree of the quality measure (a second or more at 1 M points).
        QVERIFY_THROWS_EXCEPTION(Cancelled, detail::KdTree(x.data(), n, 2, &cancelled));
        // A progress that is not cancelled changes nothing.
        Progress running;
        QCOMPARE(detail::tileRows(x.data(), n, d, 64, &running).order,
                 detail::tileRows(x.data(), n, d, 64).order);
    }

    void hnswSampledRecallAndAuto() {
        const std::size_t n = 3000, d = 8;
        const std::vector<float> x = makeData(n, d, "gaussian with duplicates", 5);
        KnnOptions o;
        o.k = 5;
        o.exactWorkLimit = 1000.0 * 1000.0 * d;  // Auto picks HNSW above 1 000 rows
        o.exactWorkProbe = 0;                     // without a pilot search
        o.recallSample = 200;
        const KnnGraph g = buildKnnGraph(x.data(), n, d, o);
        QVERIFY(g.approximate);
        verifyWellFormed(g);
        QVERIFY(g.recall > 0.9 && g.recall <= 1.0);
        o.recallSample = 0;  // not measured
        QVERIFY(std::isnan(buildKnnGraph(x.data(), n, d, o).recall));
        o.exactWorkLimit = double(n) * double(n) * d;  // not above: exact
        QVERIFY(!buildKnnGraph(x.data(), n, d, o).approximate);
    }

    void autoPilotMeasuresWhatExactSearchSkips() {
        // Above exactWorkLimit, Auto measures on a few tiles how much exact search must compute:
        // on well-separated clusters it skips most tiles and stays exact; in 32 Gaussian
        // dimensions it skips almost none, and HNSW takes over.
        KnnOptions o;
        o.k = 10;
        o.recallSample = 100;
        const std::size_t n = 6000;
        const std::vector<float> clusters = makeData(n, 8, "few clusters", 9);
        o.exactWorkLimit = 0.5 * double(n) * double(n) * 8;
        QStringList stages;
        Progress progress([&](double, const std::string& s) {
            if (stages.isEmpty() || stages.back() != QString::fromStdString(s))
                stages << QString::fromStdString(s);
        });
        const KnnGraph exact = buildKnnGraph(clusters.data(), n, 8, o, progress);
        QVERIFY(!exact.approximate);
        QCOMPARE(stages, (QStringList{"kNN (pilot)", "kNN (exact)"}));
        QCOMPARE(exact.indices, bruteForce(clusters, n, 8, o.k, Metric::Euclidean).indices);

        const std::vector<float> gaussian = makeData(n, 32, "gaussian", 9);
        o.exactWorkLimit = 0.5 * double(n) * double(n) * 32;
        stages.clear();
        const KnnGraph approximate = buildKnnGraph(gaussian.data(), n, 32, o, progress);
        QVERIFY(approximate.approximate);
        QCOMPARE(stages.front(), QString("kNN (pilot)"));
        QVERIFY(stages.contains("kNN (HNSW) building"));
        verifyWellFormed(approximate);
    }

    void stagesAndCancel_data() {
        QTest::addColumn<KnnMethod>("method");
        QTest::addColumn<QStringList>("stages");
        QTest::newRow("exact") << KnnMethod::Exact << QStringList{"kNN (exact)"};
        QTest::newRow("hnsw") << KnnMethod::Hnsw
                              << QStringList{"kNN (HNSW) building", "kNN (HNSW) querying",
                                             "checking recall"};
    }
    void stagesAndCancel() {
        QFETCH(KnnMethod, method);
        QFETCH(QStringList, stages);
        const std::size_t n = 4000, d = 16;
        const std::vector<float> x = makeData(n, d, "gaussian", 3);
        KnnOptions o;
        o.k = 10;
        o.method = method;
        QStringList seen;
        Progress progress([&](double, const std::string& stage) {
            if (seen.isEmpty() || seen.last() != QString::fromStdString(stage))
                seen << QString::fromStdString(stage);
        });
        buildKnnGraph(x.data(), n, d, o, progress);
        QCOMPARE(seen, stages);

        // Cancelled as soon as each stage has started: the work stops with Cancelled.
        for (const QString& stop : stages) {
            Progress cancelling;
            int reportsInStage = 0;
            cancelling.setCallback([&](double, const std::string& stage) {
                if (QString::fromStdString(stage) == stop && ++reportsInStage == 1)
                    cancelling.cancel();
            });
            QVERIFY_THROWS_EXCEPTION(Cancelled, buildKnnGraph(x.data(), n, d, o, cancelling));
            QCOMPARE(reportsInStage, 1);
        }
    }
};

QTEST_APPLESS_MAIN(TestKnnGraph)
#include "tst_knngraph.moc"
