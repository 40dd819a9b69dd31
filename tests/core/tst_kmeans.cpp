// k-means and the silhouette: exact recovery of separated blobs, spherical against euclidean on
// a constructed case, names, bitwise determinism for 1 and 2 threads, scikit-learn's silhouette
// and digits ARI, bad inputs, cancellation, the cluster table and the suggestion for k.
#include "Omp.h"

#include <QTest>
#include <cmath>
#include <cstring>
#include <map>
#include <random>
#include <set>

#include "Error.h"
#include "TestSupport.h"
#include "analysis/KMeans.h"
#include "analysis/KMeansDetail.h"
#include "analysis/Silhouette.h"
#include "io/ClusterTable.h"
#include "io/Load.h"

using namespace embedscope;
using Eigen::Index;

namespace {

struct Blobs {
    RowMatrixXf x;
    std::vector<int> truth;
};

/// count blobs of size points in dims, centres on a lattice 40 apart (so each blob, of standard
/// deviation 1, is far from every other), seeded.
Blobs blobs(int count, int size, int dims, unsigned seed, float spread = 1.0f) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> noise(0.0f, spread);
    Blobs b;
    b.x.resize(count * size, dims);
    for (int c = 0; c < count; ++c)
        for (int i = 0; i < size; ++i) {
            const Index r = c * size + i;
            for (int d = 0; d < dims; ++d)
                b.x(r, d) = (d == c % dims ? 40.0f * float(1 + c / dims) : 0.0f) + noise(rng);
            b.truth.push_back(c);
        }
    return b;
}

/// Hubert & Arabie's adjusted Rand index of two labellings.
double adjustedRand(const std::vector<int>& a, const std::vector<std::uint32_t>& b) {
    std::map<std::pair<int, std::uint32_t>, double> table;
    std::map<int, double> rows;
    std::map<std::uint32_t, double> cols;
    for (std::size_t i = 0; i < a.size(); ++i) {
        ++table[{a[i], b[i]}];
        ++rows[a[i]];
        ++cols[b[i]];
    }
    auto pairs = [](double n) { return n * (n - 1) / 2; };
    double index = 0, sumRows = 0, sumCols = 0;
    for (const auto& [key, n] : table) index += pairs(n);
    for (const auto& [key, n] : rows) sumRows += pairs(n);
    for (const auto& [key, n] : cols) sumCols += pairs(n);
    const double expected = sumRows * sumCols / pairs(double(a.size()));
    return (index - expected) / (0.5 * (sumRows + sumCols) - expected);
}

Embedding embeddingOf(const RowMatrixXf& x, std::vector<std::string> labels = {}) {
    if (labels.empty())
        for (Index i = 0; i < x.rows(); ++i) labels.push_back("w" + std::to_string(i));
    return {std::move(labels), std::vector<float>(x.data(), x.data() + x.size()),
            std::size_t(x.cols())};
}

KMeansResult clusterWithThreads(const RowMatrixXf& x, const KMeansOptions& o, int threads) {
    const int before = omp_get_max_threads();
    omp_set_num_threads(threads);
    KMeansResult r = runKMeans(x, o);
    omp_set_num_threads(before);
    return r;
}

}  // namespace

class TestKMeans : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { testsupport::applyTestLocale(); }

    void recoversSeparatedBlobsExactly_data() {
        QTest::addColumn<int>("metric");
        QTest::newRow("euclidean") << int(Metric::Euclidean);
        QTest::newRow("cosine") << int(Metric::Cosine);
    }
    void recoversSeparatedBlobsExactly() {
        QFETCH(int, metric);
        // Six blobs on distinct axes: apart both in distance and in direction.
        const Blobs b = blobs(6, 150, 8, 7);
        KMeansOptions o;
        o.k = 6;
        o.metric = Metric(metric);
        const KMeansResult r = runKMeans(b.x, o);
        QCOMPARE(adjustedRand(b.truth, r.assignment), 1.0);
        QCOMPARE(r.sizes, std::vector<std::size_t>(6, 150));
        QVERIFY(r.converged);
        QCOMPARE(r.centroids.rows(), Index(6));
        if (o.metric == Metric::Cosine)
            for (Index c = 0; c < 6; ++c) QVERIFY(std::abs(r.centroids.row(c).norm() - 1) < 1e-5);
        // Same sizes: the cluster holding the lower row comes first, so cluster c is blob c.
        for (std::size_t i = 0; i < b.truth.size(); ++i) QCOMPARE(int(r.assignment[i]), b.truth[i]);
    }

    void sphericalIgnoresLengthEuclideanDoesNot() {
        // Two directions (0° and 90°), three short and three long rows on each.
        RowMatrixXf x(12, 2);
        x << 1, 0, 2, 0, 3, 0, 20, 0, 21, 0, 22, 0,  //
            0, 1, 0, 2, 0, 3, 0, 20, 0, 21, 0, 22;
        KMeansOptions o;
        o.k = 2;
        o.metric = Metric::Cosine;
        const KMeansResult c = runKMeans(x, o);
        for (int i = 0; i < 12; ++i) QCOMPARE(c.assignment[i], std::uint32_t(i < 6 ? 0 : 1));
        QVERIFY(c.inertia < 1e-6);
        for (float d : c.distance) QVERIFY(d < 1e-6f);
        // Euclidean: one group of long rows alone, inertia 822 (scikit-learn's KMeans(2) on
        // these rows, once), below the 1091 of the split by direction.
        o.metric = Metric::Euclidean;
        const KMeansResult e = runKMeans(x, o);
        QCOMPARE(e.inertia, 822.0);
        QCOMPARE(e.sizes, (std::vector<std::size_t>{9, 3}));
        QCOMPARE(e.assignment[3], e.assignment[4]);
        QCOMPARE(e.assignment[3], e.assignment[5]);
        QVERIFY(e.assignment[0] != e.assignment[3] || e.assignment[9] != e.assignment[6]);
    }

    void namesAreTheMembersNearestTheCentroid() {
        // Cluster "fruit" around (0, 0) and "tools" around (100, 0); the centroid of each is the
        // mean, so the nearest members are known by construction.
        RowMatrixXf x(10, 2);
        x << 0.2f, 0, -2, 0, 0, 0.5f, 3, 0, -1.5f, -0.5f,  //
            100.1f, 0, 104, 0, 97, 0, 99.4f, 0.3f, 99.5f, -0.3f;
        const std::vector<std::string> words = {"apple", "pear",   "plum", "fig",  "kiwi",
                                                "saw",   "hammer", "file", "rasp", "drill"};
        const Embedding e = embeddingOf(x, words);
        KMeansOptions o;
        o.k = 2;
        const KMeansResult r = runKMeans(e, o);
        std::vector<std::vector<std::string>> names(2);
        for (int c = 0; c < 2; ++c)
            for (std::size_t row : r.central[c]) names[c].push_back(e.label(row));
        // Means (−0.06, 0) and (100, 0): apple 0.26, plum 0.50, kiwi 1.52 from the first; saw
        // 0.1, drill 0.58, rasp 0.67 from the second.
        QCOMPARE(names[0], (std::vector<std::string>{"apple", "plum", "kiwi"}));
        QCOMPARE(names[1], (std::vector<std::string>{"saw", "drill", "rasp"}));
        QVERIFY(std::abs(r.distance[0] - 0.26f) < 1e-5);
        QCOMPARE(clusterNames(r, e.labels()),
                 (std::vector<std::string>{"apple, plum, kiwi", "saw, drill, rasp"}));
    }

    void namesAndDistancesAgreeWithBruteForce() {
        const Blobs b = blobs(5, 80, 6, 3, 8.0f);  // overlapping
        KMeansOptions o;
        o.k = 7;
        const KMeansResult r = runKMeans(b.x, o);
        double inertia = 0;
        std::vector<std::size_t> sizes(7, 0);
        for (Index i = 0; i < b.x.rows(); ++i) {
            const std::uint32_t own = r.assignment[i];
            ++sizes[own];
            const double d = (b.x.row(i) - r.centroids.row(own)).cast<double>().norm();
            QVERIFY(std::abs(d - r.distance[i]) < 1e-4 * (1 + d));
            inertia += d * d;
            // Lloyd's fixed point: no other centroid is nearer.
            for (Index c = 0; c < 7; ++c)
                QVERIFY((b.x.row(i) - r.centroids.row(c)).norm() >= r.distance[i] - 1e-4f);
        }
        QCOMPARE(sizes, r.sizes);
        QVERIFY(std::is_sorted(sizes.rbegin(), sizes.rend()));
        QVERIFY(std::abs(inertia - r.inertia) < 1e-6 * inertia);
        for (std::size_t c = 0; c < 7; ++c) {
            QCOMPARE(r.central[c].size(), std::size_t(3));
            std::vector<std::pair<float, std::size_t>> members;
            for (std::size_t i = 0; i < r.assignment.size(); ++i)
                if (r.assignment[i] == c) members.emplace_back(r.distance[i], i);
            std::sort(members.begin(), members.end());
            for (std::size_t m = 0; m < 3; ++m) QCOMPARE(r.central[c][m], members[m].second);
        }
    }

    void identicalForOneAndTwoThreads_data() {
        QTest::addColumn<int>("metric");
        QTest::addColumn<int>("restarts");
        QTest::newRow("euclidean, 1 run") << int(Metric::Euclidean) << 1;
        QTest::newRow("euclidean, 3 runs") << int(Metric::Euclidean) << 3;
        QTest::newRow("cosine, 1 run") << int(Metric::Cosine) << 1;
        QTest::newRow("cosine, 3 runs") << int(Metric::Cosine) << 3;
    }
    void identicalForOneAndTwoThreads() {
        QFETCH(int, metric);
        QFETCH(int, restarts);
        // Overlapping blobs take many iterations, and 33 chunks: every parallel path is
        // exercised (loops go parallel from detail::kParallelRows rows on).
        const Blobs b = blobs(12, 2760, 8, 11, 25.0f);
        QVERIFY(std::size_t(b.x.rows()) >= detail::kParallelRows);
        KMeansOptions o;
        o.k = 12;
        o.metric = Metric(metric);
        o.restarts = std::size_t(restarts);
        o.maxIterations = 10;  // enough to show drift, were there any
        o.seed = 5;
        const KMeansResult one = clusterWithThreads(b.x, o, 1);
        const KMeansResult two = clusterWithThreads(b.x, o, 2);
        QVERIFY(one.iterations > 3);
        QCOMPARE(one.assignment, two.assignment);
        QCOMPARE(std::memcmp(&one.inertia, &two.inertia, sizeof(double)), 0);
        QCOMPARE(one.centroids, two.centroids);
        QCOMPARE(one.distance, two.distance);
        QCOMPARE(one.restart, two.restart);
        o.seed = 6;
        const KMeansResult other = clusterWithThreads(b.x, o, 2);
        QVERIFY(other.inertia != one.inertia || other.assignment != one.assignment);
    }

    void boundsChangeNothingButTheWork_data() {
        QTest::addColumn<bool>("spherical");
        QTest::newRow("euclidean") << false;
        QTest::newRow("spherical") << true;
    }
    void boundsChangeNothingButTheWork() {
        QFETCH(bool, spherical);
        // Touching blobs: many iterations in which rows still move. Hamerly's and Yinyang's
        // bounds must give the clustering that measuring every distance gives.
        Blobs b = blobs(30, 100, 12, 21, 12.0f);
        if (spherical) b.x.rowwise().normalize();
        const detail::KMeansData data{b.x.data(), std::size_t(b.x.rows()), 12, 12};
        using B = detail::LloydSettings::Bounds;
        std::vector<detail::LloydRun> runs;
        for (B bounds : {B::None, B::Hamerly, B::Yinyang}) {
            std::mt19937_64 rng(3);
            detail::LloydSettings settings;
            settings.bounds = bounds;
            settings.spherical = spherical;
            runs.push_back(detail::runLloyd(
                data, detail::seedKMeansPlusPlus(data, 30, rng, {Progress::none(), 0, 1}), settings,
                {Progress::none(), 0, 1}));
        }
        QVERIFY(runs[0].iterations > 5);
        for (int r : {1, 2}) {
            QCOMPARE(runs[r].iterations, runs[0].iterations);
            QCOMPARE(runs[r].assignment, runs[0].assignment);
            QVERIFY(std::abs(runs[r].inertia - runs[0].inertia) <= 1e-9 * runs[0].inertia);
            QVERIFY(runs[r].distances < 0.6 * runs[0].distances);
        }
    }

    void moreRestartsNeverWorse() {
        const Blobs b = blobs(12, 100, 16, 2, 25.0f);
        KMeansOptions o;
        o.k = 12;
        o.restarts = 1;
        const double single = runKMeans(b.x, o).inertia;
        o.restarts = 6;
        const KMeansResult many = runKMeans(b.x, o);
        QVERIFY(many.inertia <= single);  // run 0 is the same in both
    }

    void digitsAgreeWithScikitLearn() {
        LoadOptions load;
        load.metadataPath =
            std::string(EMBEDSCOPE_SOURCE_DIR) + "/resources/samples/digits-metadata.tsv";
        const Dataset digits =
            loadDataset(std::string(EMBEDSCOPE_SOURCE_DIR) + "/resources/samples/digits.tsv", load);
        std::vector<int> truth;
        for (const auto& cell : digits.metadata.column(*digits.metadata.findColumn("digit")).cells)
            truth.push_back(cell.at(0) - '0');
        KMeansOptions o;
        o.k = 10;
        o.restarts = 10;
        const KMeansResult r = runKMeans(digits.embedding, o);
        // scikit-learn 1.2: adjusted_rand_score(digit, KMeans(10, n_init=10,
        // random_state=0).fit(X).labels_) = 0.668699122362767 (/usr/bin/python3, once).
        const double ari = adjustedRand(truth, r.assignment);
        QVERIFY2(ari >= 0.668699122362767 - 0.02, qPrintable(QString::number(ari)));
    }

    void silhouetteMatchesScikitLearn_data() {
        QTest::addColumn<int>("metric");
        QTest::addColumn<float>("shift");
        QTest::addColumn<double>("expected");
        // sklearn.metrics.silhouette_score(X + shift, labels, metric=...) on the rows below.
        QTest::newRow("euclidean") << int(Metric::Euclidean) << 0.0f << 0.4160685524849271;
        QTest::newRow("cosine") << int(Metric::Cosine) << 1.0f << -0.049853442824509174;
    }
    void silhouetteMatchesScikitLearn() {
        QFETCH(int, metric);
        QFETCH(float, shift);
        QFETCH(double, expected);
        RowMatrixXf x(12, 3);
        x << 0, 0, 1, 1, 0, 2, 0, 2, 1, 5, 5, 0, 6, 5, 1, 5, 7, 2, 9, 0, 3, 8, 1, 1, 9, 2, 2, 2, 8,
            8, 3, 1, 0, 7, 7, 7;
        x.array() += shift;
        // Label 3 has a single row (its silhouette is 0).
        const std::vector<std::uint32_t> labels = {0, 0, 0, 1, 1, 1, 2, 2, 2, 1, 0, 3};
        std::vector<std::uint32_t> renamed = labels;  // any numbers name the clusters
        for (auto& l : renamed) l = l * 1000003u + 7u;
        const double s = silhouetteScore(x, labels, Metric(metric));
        QVERIFY2(std::abs(s - expected) < 1e-12, qPrintable(QString::number(s, 'g', 17)));
        QCOMPARE(silhouetteScore(x, renamed, Metric(metric)), s);
    }

    void silhouetteRejectsWhatScikitLearnRejects() {
        RowMatrixXf x(3, 2);
        x << 0, 0, 1, 1, 2, 2;
        const std::vector<std::uint32_t> one = {0, 0, 0}, all = {0, 1, 2}, few = {0, 1};
        QVERIFY_THROWS_EXCEPTION(Error, silhouetteScore(x, one, Metric::Euclidean));
        QVERIFY_THROWS_EXCEPTION(Error, silhouetteScore(x, all, Metric::Euclidean));
        try {
            silhouetteScore(x, few, Metric::Euclidean);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.message(),
                     std::string("the silhouette needs one label per row: 2 labels for 3 rows"));
        }
    }

    void suggestsTheNumberOfBlobs() {
        const Blobs b = blobs(4, 100, 5, 9);
        KSuggestOptions s;
        s.kMin = 2;
        s.kMax = 7;
        s.sample = 300;
        const KSuggestion r = suggestK(b.x, KMeansOptions{}, s);
        QCOMPARE(r.ks, (std::vector<std::size_t>{2, 3, 4, 5, 6, 7}));
        QCOMPARE(r.silhouettes.size(), std::size_t(6));
        QCOMPARE(r.best, std::size_t(4));
        for (double v : r.silhouettes) QVERIFY(v > -1 && v <= 1);
    }

    void clustersALayoutThroughAStridedView() {
        const Blobs b = blobs(3, 50, 3, 4);
        const RowMatrixXf xy = b.x.leftCols(2);  // a copy, contiguous
        KMeansOptions o;
        o.k = 3;
        const KMeansResult strided = runKMeans(b.x.leftCols(2), o);
        const KMeansResult copied = runKMeans(xy, o);
        QCOMPARE(strided.assignment, copied.assignment);
        QCOMPARE(strided.inertia, copied.inertia);
    }

    void smallCases() {
        RowMatrixXf x(5, 2);
        x << 0, 0, 2, 0, 0, 2, 2, 2, 1, 1;
        KMeansOptions o;
        o.k = 1;
        const KMeansResult one = runKMeans(x, o);
        QCOMPARE(one.sizes, std::vector<std::size_t>{5});
        QVERIFY(one.centroids.isApprox(RowMatrixXf::Ones(1, 2)));
        QCOMPARE(one.inertia, 8.0);  // four corners at squared distance 2
        QCOMPARE(one.central[0].front(), std::size_t(4));
        o.k = 5;  // k = N: every row its own cluster
        const KMeansResult each = runKMeans(x, o);
        QCOMPARE(each.sizes, std::vector<std::size_t>(5, 1));
        QCOMPARE(each.inertia, 0.0);
        // All rows identical: k ≤ N still gives k non-empty clusters.
        const RowMatrixXf same = RowMatrixXf::Constant(6, 3, 0.5f);
        o.k = 3;
        const KMeansResult dup = runKMeans(same, o);
        QCOMPARE(dup.sizes.size(), std::size_t(3));
        for (std::size_t s : dup.sizes) QVERIFY(s >= 1);
        QCOMPARE(dup.inertia, 0.0);
    }

    void badInputsSayWhat_data() {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("k");
        QTest::addColumn<int>("metric");
        QTest::addColumn<QString>("message");
        QTest::newRow("k > N") << 3 << 5 << int(Metric::Euclidean)
                               << "k = 5 clusters need at least as many rows, but there are 3 rows";
        QTest::newRow("N = 0") << 0 << 2 << int(Metric::Euclidean)
                               << "k = 2 clusters need at least as many rows, but there are 0 rows";
        QTest::newRow("k = 0") << 3 << 0 << int(Metric::Euclidean)
                               << "k-means needs k ≥ 1 clusters";
        QTest::newRow("dot") << 3 << 2 << int(Metric::Dot)
                             << "k-means needs a distance: choose euclidean or cosine, not dot";
    }
    void badInputsSayWhat() {
        QFETCH(int, rows);
        QFETCH(int, k);
        QFETCH(int, metric);
        QFETCH(QString, message);
        const RowMatrixXf x = RowMatrixXf::Ones(rows, 4);
        KMeansOptions o;
        o.k = std::size_t(k);
        o.metric = Metric(metric);
        try {
            runKMeans(x, o);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.message()), message);
        }
    }

    void badRowsAreNamed_data() {
        QTest::addColumn<int>("metric");
        QTest::addColumn<float>("value");
        QTest::addColumn<QString>("message");
        QTest::newRow("zero, cosine")
            << int(Metric::Cosine) << 0.0f << "row 3 is a zero vector: cosine is undefined for it";
        QTest::newRow("NaN") << int(Metric::Euclidean) << std::nanf("")
                             << "row 3 has a non-finite value";
        QTest::newRow("infinity, cosine")
            << int(Metric::Cosine) << INFINITY << "row 3 has a non-finite value";
    }
    void badRowsAreNamed() {
        QFETCH(int, metric);
        QFETCH(float, value);
        QFETCH(QString, message);
        RowMatrixXf x = RowMatrixXf::Ones(5, 3);
        x.row(2).setConstant(value);
        KMeansOptions o;
        o.k = 2;
        o.metric = Metric(metric);
        try {
            runKMeans(x, o);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.message()), message);
        }
        // A zero row is fine for euclidean k-means.
        if (value == 0.0f) {
            o.metric = Metric::Euclidean;
            QCOMPARE(runKMeans(x, o).sizes.size(), std::size_t(2));
        }
    }

    void reportsProgressAndCancels() {
        const Blobs b = blobs(8, 2000, 10, 1, 20.0f);
        KMeansOptions o;
        o.k = 8;
        o.restarts = 2;
        std::vector<double> seen;
        Progress progress([&](double f, const std::string& stage) {
            QCOMPARE(stage, std::string("k-means"));
            seen.push_back(f);
        });
        runKMeans(b.x, o, progress);
        QVERIFY(!seen.empty());
        QCOMPARE(seen.back(), 1.0);
        for (double f : seen) QVERIFY(f >= 0 && f <= 1);

        Progress cancelled;
        cancelled.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, runKMeans(b.x, o, cancelled));
        // Cancelled at the first report, from inside the work.
        Progress midway;
        midway.setCallback([&](double, const std::string&) { midway.cancel(); });
        QVERIFY_THROWS_EXCEPTION(Cancelled, runKMeans(b.x, o, midway));
    }

    void clusterTableRoundTrips() {
        RowMatrixXf x(4, 2);
        x << 0, 0, 0, 1, 10, 10, 10, 11;
        const Embedding e = embeddingOf(x, {"a b", "tab\there", "\"q\"", "z"});
        KMeansOptions o;
        o.k = 2;
        const KMeansResult r = runKMeans(e, o);
        QTemporaryDir dir;
        const std::string path = dir.filePath("clusters.tsv").toStdString();
        writeClusterTable(e.labels(), r, path);
        QCOMPARE(testsupport::readFile(path),
                 QByteArray("label\tcluster\tdistance\na b\t0\t0.5\n\"tab\there\"\t0\t0.5\n"
                            "\"\"\"q\"\"\"\t1\t0.5\nz\t1\t0.5\n"));
        QVERIFY_THROWS_EXCEPTION(Error, writeClusterTable({"only one"}, r, path));
    }
};

QTEST_GUILESS_MAIN(TestKMeans)
#include "tst_kmeans.moc"
