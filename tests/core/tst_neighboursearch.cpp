// Exact neighbour queries for the Inspector: every metric in every space against brute force,
// ties, exclusion, and the zero-vector case that cosine cannot answer.
#include <QTest>
#include <cmath>
#include <random>

#include "Error.h"
#include "TestSupport.h"
#include "neighbours/NeighbourSearch.h"

namespace embedscope {
inline bool operator==(const Neighbour& a, const Neighbour& b) { return a.row == b.row && a.distance == b.distance; }
}  // namespace embedscope

using namespace embedscope;

namespace {
Embedding randomEmbedding(std::size_t n, std::size_t d, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> g(0.5f, 1.0f);  // off-centre, so centring matters
    std::vector<std::string> labels;
    std::vector<float> values(n * d);
    for (auto& v : values) v = g(rng);
    for (std::size_t i = 0; i < n; ++i) labels.push_back("w" + std::to_string(i));
    return Embedding(labels, values, d);
}

/// The distance the search should report, computed the slow, obvious way in double.
double bruteDistance(const Embedding& e, std::size_t a, std::size_t b, Metric m, VectorSpace s) {
    const std::size_t d = e.dims();
    std::vector<double> mean(d, 0.0), x(d), y(d);
    if (s == VectorSpace::Centred)
        for (std::size_t r = 0; r < e.rows(); ++r)
            for (std::size_t j = 0; j < d; ++j) mean[j] += e.row(r)[j] / double(e.rows());
    double nx = 0, ny = 0;
    for (std::size_t j = 0; j < d; ++j) {
        x[j] = e.row(a)[j] - mean[j];
        y[j] = e.row(b)[j] - mean[j];
        nx += x[j] * x[j];
        ny += y[j] * y[j];
    }
    if (s == VectorSpace::Normalised)
        for (std::size_t j = 0; j < d; ++j) x[j] /= std::sqrt(nx), y[j] /= std::sqrt(ny);
    double dot = 0, sq = 0, n1 = 0, n2 = 0;
    for (std::size_t j = 0; j < d; ++j) {
        dot += x[j] * y[j];
        sq += (x[j] - y[j]) * (x[j] - y[j]);
        n1 += x[j] * x[j];
        n2 += y[j] * y[j];
    }
    if (m == Metric::Cosine) return 1 - dot / std::sqrt(n1 * n2);
    if (m == Metric::Euclidean) return std::sqrt(sq);
    return -dot;
}
}  // namespace

class TestNeighbourSearch : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { testsupport::applyTestLocale(); }

    void matchesBruteForce_data() {
        QTest::addColumn<int>("metric");
        QTest::addColumn<int>("space");
        for (int m = 0; m < 3; ++m)
            for (int s = 0; s < 3; ++s)
                QTest::addRow("%s/%s", metricName(Metric(m)).data(), spaceName(VectorSpace(s)).data()) << m << s;
    }
    void matchesBruteForce() {
        QFETCH(int, metric);
        QFETCH(int, space);
        const Embedding e = randomEmbedding(300, 16, 3);
        const NeighbourSearch search(e, Metric(metric), VectorSpace(space));
        for (std::size_t q : {0u, 17u, 299u}) {
            std::vector<std::pair<double, std::size_t>> expected;
            for (std::size_t r = 0; r < e.rows(); ++r)
                if (r != q) expected.emplace_back(bruteDistance(e, q, r, Metric(metric), VectorSpace(space)), r);
            std::sort(expected.begin(), expected.end());
            const auto got = search.nearest(q, 10);
            QCOMPARE(got.size(), std::size_t(10));
            for (std::size_t i = 0; i < 10; ++i) {
                QCOMPARE(got[i].row, expected[i].second);
                QVERIFY(std::abs(got[i].distance - expected[i].first) < 1e-4 * (1 + std::abs(expected[i].first)));
                QVERIFY(std::abs(search.distance(q, got[i].row) - got[i].distance) < 1e-5f * (1 + std::abs(got[i].distance)));
            }
        }
    }

    void tiesGoToTheLowerRowAndKIsCapped() {
        const Embedding e({"a", "b", "c", "d"}, {0, 0, 1, 0, 1, 0, 5, 5}, 2);
        const NeighbourSearch search(e, Metric::Euclidean, VectorSpace::Raw);
        const auto got = search.nearest(0, 100);  // k capped at N − 1
        QCOMPARE(got.size(), std::size_t(3));
        QCOMPARE(got[0].row, std::size_t(1));  // b and c are both at distance 1
        QCOMPARE(got[1].row, std::size_t(2));
        QCOMPARE(got[0].distance, 1.0f);
        QCOMPARE(got[2].row, std::size_t(3));
    }

    void zeroVectorUnderCosineIsExplained() {
        const Embedding e({"zero", "x", "y"}, {0, 0, 1, 0, 0, 1}, 2);
        const NeighbourSearch cosine(e, Metric::Cosine, VectorSpace::Raw);
        try {
            cosine.nearest(0, 2);
            QFAIL("expected an Error");
        } catch (const Error& err) {
            QVERIFY2(QString::fromUtf8(err.what()).contains(QStringLiteral("undefined")), err.what());
        }
        // Others never get the zero vector as a neighbour (its cosine is undefined), and no NaN.
        const auto got = cosine.nearest(1, 2);
        QCOMPARE(got.size(), std::size_t(1));
        QCOMPARE(got[0].row, std::size_t(2));
        QVERIFY(!std::isnan(got[0].distance));
        // Euclidean has no such problem.
        QCOMPARE(NeighbourSearch(e, Metric::Euclidean, VectorSpace::Raw).nearest(0, 2).size(), std::size_t(2));
    }

    void arbitraryQueryWithExclusions() {
        const Embedding e = randomEmbedding(50, 4, 9);
        const NeighbourSearch search(e, Metric::Cosine, VectorSpace::Raw);
        const std::size_t exclude[] = {3};
        const auto got = search.nearestTo(e.row(3), 5, exclude);
        QCOMPARE(got.size(), std::size_t(5));
        QVERIFY(got[0].row != 3);
        QCOMPARE(got, search.nearest(3, 5));
        const float wrong[2] = {1, 2};
        QVERIFY_THROWS_EXCEPTION(Error, search.nearestTo(wrong, 5));
        QVERIFY_THROWS_EXCEPTION(Error, search.nearest(50, 5));
    }
};

QTEST_GUILESS_MAIN(TestNeighbourSearch)
#include "tst_neighboursearch.moc"
