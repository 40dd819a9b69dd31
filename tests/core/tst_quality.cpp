// Layout quality: trustworthiness and kNN recall against scikit-learn and against a brute force on
// a sample, the exact layout kNN graph, faithfulness, false / torn-away neighbours, errors, cancel.
#include <QFile>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "Error.h"
#include "TestSupport.h"
#include "analysis/LayoutQuality.h"
#include "io/Coordinates.h"
#include "io/Load.h"
#include "neighbours/KnnDetail.h"

using namespace embedscope;

Q_DECLARE_METATYPE(embedscope::Metric)

namespace {

Embedding gaussian(std::size_t n, std::size_t d, unsigned seed, std::size_t clusters = 0) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal;
    std::vector<float> centres(std::max<std::size_t>(clusters, 1) * d);
    for (auto& c : centres) c = clusters ? 20 * normal(rng) : 0;
    std::vector<float> x(n * d);
    std::vector<std::string> labels(n);
    for (std::size_t i = 0; i < n; ++i) {
        labels[i] = "p" + std::to_string(i);
        const float* c = &centres[(clusters ? i % clusters : 0) * d];
        for (std::size_t j = 0; j < d; ++j) x[i * d + j] = c[j] + normal(rng);
    }
    return Embedding(std::move(labels), std::move(x), d);
}

RowMatrixXf asLayout(const Embedding& e) {
    return e.matrix();
}

/// A noisy linear projection to 2-D: a layout that keeps some neighbourhoods and breaks others.
RowMatrixXf project(const Embedding& e, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal;
    Eigen::MatrixXf p(e.dims(), 2);
    for (Eigen::Index i = 0; i < p.size(); ++i) p.data()[i] = normal(rng);
    RowMatrixXf y = e.matrix() * p;
    for (Eigen::Index i = 0; i < y.size(); ++i) y.data()[i] += 0.5f * normal(rng);
    return y;
}

double key(const float* a, const float* b, std::size_t d, Metric metric) {
    double dot = 0, aa = 0, bb = 0, sq = 0;
    for (std::size_t j = 0; j < d; ++j) {
        dot += double(a[j]) * b[j];
        aa += double(a[j]) * a[j];
        bb += double(b[j]) * b[j];
        sq += (double(a[j]) - b[j]) * (double(a[j]) - b[j]);
    }
    return metric == Metric::Euclidean ? sq
           : metric == Metric::Cosine  ? 1 - dot / (std::sqrt(aa) * std::sqrt(bb))
                                       : -dot;
}

/// Rows by (distance from row, row), row itself left out.
std::vector<std::uint32_t> ranking(const float* x, std::size_t n, std::size_t d, std::size_t row,
                                   Metric metric) {
    std::vector<std::pair<double, std::uint32_t>> all;
    for (std::size_t j = 0; j < n; ++j)
        if (j != row) all.emplace_back(key(x + row * d, x + j * d, d, metric), std::uint32_t(j));
    std::sort(all.begin(), all.end());
    std::vector<std::uint32_t> out;
    for (auto& a : all) out.push_back(a.second);
    return out;
}

/// Trustworthiness and recall over the given rows, straight from the definition.
std::pair<double, double> bruteForce(const Embedding& e, const RowMatrixXf& y, std::size_t k,
                                     Metric metric, const std::vector<std::uint32_t>& rows) {
    const std::size_t n = e.rows();
    double penalty = 0, hits = 0;
    for (std::uint32_t i : rows) {
        const auto orig = ranking(e.data(), n, e.dims(), i, metric);
        const auto lay = ranking(y.data(), n, y.cols(), i, Metric::Euclidean);
        for (std::size_t j = 0; j < k; ++j) {
            const std::size_t rank = std::find(orig.begin(), orig.end(), lay[j]) - orig.begin() + 1;
            penalty += std::max<double>(0, double(rank) - double(k));
            hits += std::count(orig.begin(), orig.begin() + k, lay[j]);
        }
    }
    const double s = double(rows.size()), dk = double(k), dn = double(n);
    return {1 - penalty * 2 / (s * dk * (2 * dn - 3 * dk - 1)), hits / (s * dk)};
}

std::string fixture(const char* name) {
    return testsupport::testData("quality/") + name;
}

}  // namespace

class TestQuality : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { testsupport::applyTestLocale(); }

    void matchesScikitLearn_data() {
        QTest::addColumn<QString>("layout");
        QTest::addColumn<Metric>("metric");
        QTest::addColumn<int>("k");
        QTest::addColumn<double>("trustworthiness");
        QTest::addColumn<double>("recall");
        QFile f(QString::fromStdString(fixture("reference.tsv")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        while (!f.atEnd()) {
            const QList<QByteArray> c = f.readLine().trimmed().split('\t');
            QCOMPARE(c.size(), 5);
            // QByteArray::toDouble is locale-independent (unlike strtod).
            QTest::addRow("%s, %s, k %s", c[0].constData(), c[1].constData(), c[2].constData())
                << QString(c[0]) << (c[1] == "cosine" ? Metric::Cosine : Metric::Euclidean)
                << c[2].toInt() << c[3].toDouble() << c[4].toDouble();
        }
    }
    void matchesScikitLearn() {
        QFETCH(QString, layout);
        QFETCH(Metric, metric);
        QFETCH(int, k);
        QFETCH(double, trustworthiness);
        QFETCH(double, recall);
        const Dataset data = loadDataset(fixture("vectors.txt"));
        const Layout y = readLayout(fixture(qPrintable("layout_" + layout + ".tsv")));
        QCOMPARE(y.labels, data.embedding.labels());
        QualityOptions o;
        o.k = k;
        o.metric = metric;
        o.sample = 0;  // every point: scikit-learn's definition
        const LayoutQuality q = measureLayout(data.embedding, y.coordinates, o);
        QCOMPARE(q.k, std::size_t(k));
        QCOMPARE(q.sampleSize, std::size_t(150));
        QVERIFY2(std::abs(q.trustworthiness - trustworthiness) < 1e-9,
                 qPrintable(QString::number(q.trustworthiness, 'g', 17)));
        QVERIFY2(std::abs(q.knnRecall - recall) < 1e-12,
                 qPrintable(QString::number(q.knnRecall, 'g', 17)));
        QVERIFY(!q.kl);
    }

    void sampleMatchesDefinition_data() {
        QTest::addColumn<Metric>("metric");
        QTest::addColumn<int>("sample");
        QTest::newRow("euclidean, 60 of 400") << Metric::Euclidean << 60;
        QTest::newRow("cosine, 60 of 400") << Metric::Cosine << 60;
        QTest::newRow("dot, 60 of 400") << Metric::Dot << 60;
        QTest::newRow("euclidean, all (sample above N)") << Metric::Euclidean << 1000;
    }
    void sampleMatchesDefinition() {
        QFETCH(Metric, metric);
        QFETCH(int, sample);
        const Embedding e = gaussian(400, 12, 9, 4);
        const RowMatrixXf y = project(e, 4);
        QualityOptions o;
        o.k = 12;
        o.metric = metric;
        o.sample = sample;
        o.seed = 77;
        const LayoutQuality q = measureLayout(e, y, o);
        const auto rows = detail::sampleRows(400, sample, 77);
        QCOMPARE(q.sampleSize, rows.size());
        const auto [t, r] = bruteForce(e, y, 12, metric, rows);
        QVERIFY2(std::abs(q.trustworthiness - t) < 1e-12,
                 qPrintable(QString("%1 vs %2").arg(q.trustworthiness).arg(t)));
        QVERIFY2(std::abs(q.knnRecall - r) < 1e-12,
                 qPrintable(QString("%1 vs %2").arg(q.knnRecall).arg(r)));
        QVERIFY(q.trustworthiness > 0.5 && q.trustworthiness < 1);  // neither perfect nor random
    }

    // Past the scan's chunks of 512 rows, on rows far from the origin (a wide rounding band) with
    // many exact duplicates (ties at every distance, resolved by row as in the definition).
    void sampleMatchesDefinitionWithTiesAcrossChunks_data() {
        QTest::addColumn<Metric>("metric");
        QTest::newRow("euclidean") << Metric::Euclidean;
        QTest::newRow("cosine") << Metric::Cosine;
        QTest::newRow("dot") << Metric::Dot;
    }
    void sampleMatchesDefinitionWithTiesAcrossChunks() {
        QFETCH(Metric, metric);
        const std::size_t n = 1300, d = 6;
        const Embedding g = gaussian(n, d, 21, 5);
        std::vector<float> x(g.data(), g.data() + n * d);
        for (std::size_t i = 0; i < n; ++i) {
            if (i % 3 == 2)  // a copy of an earlier row, some chunks away
                std::copy_n(&x[(i * 7 % i) * d], d, &x[i * d]);
            else
                for (std::size_t j = 0; j < d; ++j) x[i * d + j] += 3000.0f;
        }
        const Embedding e(g.labels(), std::move(x), d);
        RowMatrixXf y = project(e, 6);
        for (Eigen::Index i = 0; i < y.rows(); i += 5) y.row(i) = y.row(i / 2);  // layout ties
        QualityOptions o;
        o.k = 9;
        o.metric = metric;
        o.sample = 70;
        o.seed = 3;
        const LayoutQuality q = measureLayout(e, y, o);
        const auto [t, r] = bruteForce(e, y, 9, metric, detail::sampleRows(n, 70, 3));
        QVERIFY2(std::abs(q.trustworthiness - t) < 1e-12,
                 qPrintable(QString("%1 vs %2").arg(q.trustworthiness, 0, 'g', 17).arg(t, 0, 'g', 17)));
        QVERIFY2(std::abs(q.knnRecall - r) < 1e-12,
                 qPrintable(QString("%1 vs %2").arg(q.knnRecall).arg(r)));
        QVERIFY(t < 1);
        if (metric != Metric::Dot) QVERIFY(r > 0.05);  // under dot the longest rows win
    }

    // The streamed scan: every row once per query, chunks in row order and then done(), each key
    // within its bound of the exact one, itself +inf; no working copy of the rows needed.
    void scanCoversEveryRowWithinTheBound() {
        const std::size_t n = 103, d = 5;
        Embedding e = gaussian(n, d, 4, 3);
        std::vector<float> x(e.data(), e.data() + n * d);
        for (float& v : x) v += 1e4f;
        e = Embedding(e.labels(), std::move(x), d);
        for (Metric metric : {Metric::Euclidean, Metric::Cosine, Metric::Dot}) {
            detail::ExactScan scan(e.data(), n, d, metric);
            scan.chunkRows = 8;
            const std::vector<std::uint32_t> queries{0, 50, 7, 102, 7};
            std::vector<std::uint32_t> next(queries.size(), 0);
            std::vector<int> done(queries.size(), 0);
            std::vector<double> worst(queries.size(), 0);
            bool ok = true;
            Progress progress;
            scan.scan(
                queries, progress,
                [&](std::size_t i, std::uint32_t first, const float* approx, std::size_t count,
                    double err) {
                    ok &= first == next[i] && done[i] == 0 && count <= 8;
                    next[i] = first + std::uint32_t(count);
                    for (std::size_t j = 0; j < count; ++j) {
                        const std::uint32_t row = first + std::uint32_t(j);
                        if (row == queries[i]) {
                            ok &= std::isinf(approx[j]) && approx[j] > 0;
                            continue;
                        }
                        const double exact = key(e.data() + queries[i] * d, e.data() + row * d, d, metric);
                        const double off = std::abs(double(approx[j]) - scan.approxOf(exact));
                        ok &= off <= err;
                        worst[i] = std::max(worst[i], off / err);
                    }
                },
                [&](std::size_t i) { ++done[i]; });
            QVERIFY(ok);
            for (std::size_t i = 0; i < queries.size(); ++i) {
                QCOMPARE(next[i], std::uint32_t(n));
                QCOMPARE(done[i], 1);
                QVERIFY(worst[i] > 0);  // the keys are approximate, and the bound is used
            }
        }
    }

    void identityLayoutIsPerfect_data() {
        QTest::addColumn<int>("dims");
        QTest::addColumn<int>("sample");
        QTest::newRow("2-D, all points") << 2 << 0;
        QTest::newRow("2-D, sampled") << 2 << 100;
        QTest::newRow("3-D, all points") << 3 << 0;
    }
    void identityLayoutIsPerfect() {
        QFETCH(int, dims);
        QFETCH(int, sample);
        const Embedding e = gaussian(600, dims, 2);
        QualityOptions o;
        o.k = 10;
        o.sample = sample;
        const LayoutQuality q = measureLayout(e, asLayout(e), o);
        QCOMPARE(q.trustworthiness, 1.0);
        QCOMPARE(q.knnRecall, 1.0);
        const std::vector<float> f = faithfulness(e, asLayout(e), 10, Metric::Euclidean);
        QCOMPARE(f.size(), std::size_t(600));
        QVERIFY(std::all_of(f.begin(), f.end(), [](float v) { return v == 1.0f; }));
        const NeighbourDifferences d =
            neighbourDifferences(e, asLayout(e), 17, 10, Metric::Euclidean);
        QVERIFY(d.falseNeighbours.empty() && d.tornAway.empty());
    }

    void randomLayoutOfClustersIsPoor() {
        const Embedding e = gaussian(1000, 20, 3, 10);  // ten tight, well separated clusters
        const RowMatrixXf random = asLayout(gaussian(1000, 2, 4));
        QualityOptions o;
        o.k = 10;
        const LayoutQuality q = measureLayout(e, random, o);
        QVERIFY2(q.knnRecall < 0.05, qPrintable(QString::number(q.knnRecall)));
        QVERIFY2(q.trustworthiness < 0.65, qPrintable(QString::number(q.trustworthiness)));
        // A layout that keeps the clusters apart (their first two coordinates) does far better.
        const LayoutQuality good = measureLayout(e, e.matrix().leftCols(2), o);
        QVERIFY(good.trustworthiness > 0.9);
        const std::vector<float> f = faithfulness(e, random, 10, Metric::Euclidean);
        double mean = 0;
        for (float v : f) mean += v / 1000.0;
        QVERIFY(mean < 0.05);
    }

    void layoutGraphIsExact_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("dims");
        QTest::newRow("gaussian 2-D") << "gaussian" << 2;
        QTest::newRow("gaussian 3-D") << "gaussian" << 3;
        QTest::newRow("integer grid 2-D (ties)") << "integer" << 2;
        QTest::newRow("all points equal") << "equal" << 2;
        QTest::newRow("a line (one axis constant)") << "line" << 3;
    }
    void layoutGraphIsExact() {
        QFETCH(QString, kind);
        QFETCH(int, dims);
        const std::size_t n = 2500, k = 15;
        std::mt19937 rng(8);
        std::normal_distribution<float> normal;
        std::uniform_int_distribution<int> small(0, 9);
        RowMatrixXf y(n, dims);
        for (Eigen::Index i = 0; i < y.size(); ++i)
            y.data()[i] = kind == "gaussian"  ? normal(rng)
                          : kind == "integer" ? float(small(rng))
                          : kind == "equal"   ? 1.5f
                                              : (i % dims == 0 ? normal(rng) : 3.0f);
        const KnnGraph g = buildLayoutKnnGraph(y, k);
        KnnOptions o;
        o.k = k;
        o.method = KnnMethod::Exact;
        const KnnGraph exact = buildKnnGraph(y.data(), n, dims, o);
        QCOMPARE(g.indices, exact.indices);
        for (std::size_t i = 0; i < n * k; ++i)
            QVERIFY(std::abs(g.distances[i] - exact.distances[i]) <=
                    1e-6f * (1 + exact.distances[i]));
    }

    void falseAndTornNeighbours() {
        // Six points on a line at 0, 1, 2, 10, 11, 12; the layout moves the first to 10.4.
        const Embedding e({"a", "b", "c", "d", "e", "f"}, {0, 0, 1, 0, 2, 0, 10, 0, 11, 0, 12, 0},
                          2);
        RowMatrixXf y = e.matrix();
        y(0, 0) = 10.4f;
        struct Want {
            std::size_t row;
            std::vector<std::size_t> falseNeighbours, tornAway;
        };
        const Want wants[] = {
            {0, {3, 4}, {1, 2}},  // layout: d 0.4, e 0.6; originally b 1, c 2
            {1, {3}, {0}},        // originally a and c tie at 1: a, the lower row, is kept
            {3, {0}, {5}},
            {4, {0}, {5}},  // layout: a 0.6, then d and f tie at 1: d, the lower row
        };
        KnnOptions o;
        o.k = 2;
        const KnnGraph original = buildKnnGraph(e, o);
        const KnnGraph layout = buildLayoutKnnGraph(y, 2);
        for (const Want& w : wants) {
            for (const NeighbourDifferences& d :
                 {neighbourDifferences(original, layout, w.row),
                  neighbourDifferences(e, y, w.row, 2, Metric::Euclidean)}) {
                QCOMPARE(d.falseNeighbours, w.falseNeighbours);
                QCOMPARE(d.tornAway, w.tornAway);
            }
        }
        QCOMPARE(faithfulness(original, layout),
                 (std::vector<float>{0, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f}));
    }

    void errors_data() {
        QTest::addColumn<int>("check");
        QTest::addColumn<QString>("message");
        QTest::newRow("layout too short")
            << 0 << "the layout has 5 points but the embedding has 6 rows";
        QTest::newRow("k half of N")
            << 1 << "k (= 3) must be smaller than half the number of points (6)";
        QTest::newRow("k zero") << 2 << "k must be at least 1";
        QTest::newRow("NaN in layout") << 3 << "layout point 2 has a non-finite coordinate";
        QTest::newRow("zero vector, cosine")
            << 4 << "row 6 is a zero vector: cosine is undefined for it";
        QTest::newRow("no such row") << 5 << "row 7 does not exist (6 rows)";
        QTest::newRow("layout graph k")
            << 6 << "k (= 6) must be smaller than the number of points (6)";
        QTest::newRow("differences k")
            << 7 << "k (= 6) must be smaller than the number of rows (6)";
    }
    void errors() {
        QFETCH(int, check);
        QFETCH(QString, message);
        const Embedding e({"a", "b", "c", "d", "e", "f"}, {1, 0, 0, 1, 2, 0, 0, 2, 3, 3, 0, 0}, 2);
        RowMatrixXf y = e.matrix();
        QualityOptions o;
        o.k = 2;
        try {
            switch (check) {
                case 0:
                    measureLayout(e, y.topRows(5), o);
                    break;
                case 1:
                    o.k = 3;
                    measureLayout(e, y, o);
                    break;
                case 2:
                    o.k = 0;
                    measureLayout(e, y, o);
                    break;
                case 3:
                    y(1, 1) = std::numeric_limits<float>::quiet_NaN();
                    measureLayout(e, y, o);
                    break;
                case 4:
                    o.metric = Metric::Cosine;
                    measureLayout(e, y, o);
                    break;
                case 5:
                    neighbourDifferences(e, y, 6, 2, Metric::Euclidean);
                    break;
                case 6:
                    buildLayoutKnnGraph(y, 6);
                    break;
                case 7:
                    neighbourDifferences(e, y, 0, 6, Metric::Euclidean);
                    break;
            }
            QFAIL("no error");
        } catch (const Error& err) {
            QCOMPARE(QString::fromStdString(err.what()), message);
        }
    }

    void stagesAndCancel() {
        const Embedding e = gaussian(3000, 16, 5);
        const RowMatrixXf y = project(e, 1);
        QualityOptions o;
        QStringList seen;
        Progress progress([&](double, const std::string& stage) {
            if (seen.isEmpty() || seen.last() != QString::fromStdString(stage))
                seen << QString::fromStdString(stage);
        });
        measureLayout(e, y, o, progress);
        const QStringList stages{"layout neighbours", "trustworthiness"};
        QCOMPARE(seen, stages);
        for (const QString& stop : stages) {
            Progress cancelling;
            cancelling.setCallback([&](double, const std::string& stage) {
                if (QString::fromStdString(stage) == stop) cancelling.cancel();
            });
            QVERIFY_THROWS_EXCEPTION(Cancelled, measureLayout(e, y, o, cancelling));
        }
    }
};

QTEST_APPLESS_MAIN(TestQuality)
#include "tst_quality.moc"
