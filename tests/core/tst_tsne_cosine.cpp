// t-SNE under cosine: it is t-SNE of the unit rows (the same neighbours, affinities within the
// perplexity search's tolerance),
// it keeps direction clusters together where Euclidean distances split them by length, a zero
// vector is a clear error, and word-vector formats default to cosine.
#include <QTest>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>

#include "Error.h"
#include "TestSupport.h"
#include "io/Format.h"
#include "neighbours/HnswIndex.h"
#include "project/tsne/Tsne.h"

using namespace embedscope;

namespace {

/// count directions (random unit vectors in dims dimensions), perDirection points each: the
/// direction plus N(0, 0.05²) per coordinate, scaled to a length of 1, 4 or 16 in turn.
Embedding rays(std::size_t count, std::size_t perDirection, std::size_t dims, unsigned seed,
               std::vector<int>& direction) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal;
    std::vector<float> dirs(count * dims);
    for (std::size_t k = 0; k < count; ++k) {
        float norm = 0;
        for (std::size_t a = 0; a < dims; ++a)
            norm += std::pow(dirs[k * dims + a] = normal(rng), 2.0f);
        for (std::size_t a = 0; a < dims; ++a) dirs[k * dims + a] /= std::sqrt(norm);
    }
    std::vector<float> values;
    std::vector<std::string> labels;
    direction.clear();
    const float lengths[3] = {1, 4, 16};
    for (std::size_t i = 0; i < count * perDirection; ++i) {
        const std::size_t k = i % count;
        const float length = lengths[(i / count) % 3];
        for (std::size_t a = 0; a < dims; ++a)
            values.push_back(length * (dirs[k * dims + a] + 0.05f * normal(rng)));
        labels.push_back("w" + std::to_string(i));
        direction.push_back(int(k));
    }
    return Embedding(labels, values, dims);
}

/// Mean share of each point's k nearest layout neighbours that share its label.
double agreement(const RowMatrixXf& y, const std::vector<int>& labels, std::size_t k) {
    const Eigen::Index n = y.rows();
    double total = 0;
    std::vector<std::pair<float, Eigen::Index>> d(static_cast<std::size_t>(n));
    for (Eigen::Index i = 0; i < n; ++i) {
        for (Eigen::Index j = 0; j < n; ++j)
            d[std::size_t(j)] = {j == i ? INFINITY : (y.row(i) - y.row(j)).squaredNorm(), j};
        std::partial_sort(d.begin(), d.begin() + Eigen::Index(k), d.end());
        std::size_t same = 0;
        for (std::size_t m = 0; m < k; ++m)
            same += labels[std::size_t(d[m].second)] == labels[std::size_t(i)];
        total += double(same) / double(k);
    }
    return total / double(n);
}

bool bitwiseEqual(const RowMatrixXf& a, const RowMatrixXf& b) {
    return a.rows() == b.rows() && a.cols() == b.cols() &&
           std::memcmp(a.data(), b.data(), sizeof(float) * std::size_t(a.size())) == 0;
}

/// The largest coordinate difference between two layouts, relative to the first's extent.
double layoutDifference(const RowMatrixXf& a, const RowMatrixXf& b) {
    const double extent = (a.colwise().maxCoeff() - a.colwise().minCoeff()).maxCoeff();
    return double((a - b).cwiseAbs().maxCoeff()) / extent;
}

TsneOptions shortRun(Metric metric, int iterations = 300) {
    TsneOptions o;
    o.metric = metric;
    o.iterations = iterations;
    o.perplexity = 20;
    o.knnMethod = KnnMethod::Exact;
    o.seed = 11;
    return o;
}

}  // namespace

class TestTsneCosine : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { testsupport::applyTestLocale(); }

    void cosineIsEuclideanOnUnitRows() {
        std::vector<int> dir;
        const Embedding data = rays(5, 40, 12, 1, dir);
        // Normalised independently of the core (Eigen, in float): rows of unit length within
        // float rounding, which the core keeps as they are.
        RowMatrixXf m = data.matrix();
        m.rowwise().normalize();
        const Embedding unit(data.labels(), std::vector<float>(m.data(), m.data() + m.size()),
                             data.dims());
        // Cosine ranks the rows (with no unit copy of them) as euclidean distance ranks their
        // unit vectors, and √(2·(1 − cos)) is that distance, to a float's rounding: the
        // perplexity search lands within its tolerance, so the KL of the same starting layout
        // (iteration 0: PCA of the unit rows) agrees to 1e-5. A distance of 1 − cos itself
        // would change P's shape, and that KL, by far more.
        const Embedding coreUnit = unitRows(data);
        const std::pair<const Embedding*, const Embedding*> cases[] = {{&unit, &unit},
                                                                        {&data, &coreUnit}};
        for (const auto& [cosineInput, euclideanInput] : cases) {
            const TsneResult start = runTsne(*cosineInput, shortRun(Metric::Cosine, 0));
            const TsneResult euclideanStart = runTsne(*euclideanInput, shortRun(Metric::Euclidean, 0));
            QVERIFY(bitwiseEqual(start.layout, euclideanStart.layout));
            QVERIFY2(std::abs(start.kl - euclideanStart.kl) <= 1e-5 * euclideanStart.kl,
                     qPrintable(QString("%1 vs %2").arg(start.kl).arg(euclideanStart.kl)));
            // Ten iterations on: the layouts still agree (t-SNE's early exaggeration makes such
            // differences grow later, so a whole run is only as good, not the same; see
            // cosineKeepsDirectionsTogether).
            const TsneResult cosine = runTsne(*cosineInput, shortRun(Metric::Cosine, 10));
            const TsneResult euclidean = runTsne(*euclideanInput, shortRun(Metric::Euclidean, 10));
            QVERIFY2(layoutDifference(cosine.layout, euclidean.layout) < 1e-3,
                     qPrintable(QString::number(layoutDifference(cosine.layout, euclidean.layout))));
        }
        // The core's unit rows, which normalising again leaves as they are.
        QVERIFY(std::equal(coreUnit.values().begin(), coreUnit.values().end(),
                           unitRows(coreUnit).values().begin()));
        for (std::size_t i = 0; i < coreUnit.rows(); ++i)
            QVERIFY(std::abs(Eigen::Map<const Eigen::VectorXf>(coreUnit.row(i).data(),
                                                               Eigen::Index(data.dims()))
                                 .norm() -
                             1) < 1e-6);
    }

    void cosineKeepsDirectionsTogether() {
        // Each direction comes in three lengths (1, 4, 16): Euclidean distances split it into
        // three far-apart groups, cosine sees one cluster. With k = 75 of a direction's 90
        // points, the layout's neighbours show which (measured: cosine 1.00, euclidean 0.73).
        std::vector<int> dir;
        const Embedding data = rays(4, 90, 10, 2, dir);
        const TsneResult cosine = runTsne(data, shortRun(Metric::Cosine));
        const TsneResult euclidean = runTsne(data, shortRun(Metric::Euclidean));
        const double c = agreement(cosine.layout, dir, 75);
        const double e = agreement(euclidean.layout, dir, 75);
        QVERIFY2(c > 0.95, qPrintable(QString::number(c)));
        QVERIFY2(e < c - 0.2, qPrintable(QString("euclidean %1, cosine %2").arg(e).arg(c)));
    }

    void theNeighbourIndexServesTheGraph() {
        // The app's neighbour index (cosine on the raw rows) stands in for t-SNE's own HNSW
        // build: same directions kept, the graph's recall reached, nothing built twice.
        std::vector<int> dir;
        const Embedding data = rays(4, 90, 10, 2, dir);
        const NeighbourSearch cosine(data, Metric::Cosine, VectorSpace::Raw);
        const auto index = std::make_shared<const HnswIndex>(cosine, HnswParams::browsing(), Progress::none());
        int asked = 0;
        TsneOptions o = shortRun(Metric::Cosine);
        o.knnMethod = KnnMethod::Hnsw;
        o.neighbourIndex = [&](Progress&) {
            ++asked;
            return index;
        };
        const TsneResult served = runTsne(data, o);
        QCOMPARE(asked, 1);
        QVERIFY(served.knnApproximate);
        QVERIFY(served.knnReusedIndex);
        QVERIFY2(served.knnRecall >= 0.95, qPrintable(QString::number(served.knnRecall)));
        const double c = agreement(served.layout, dir, 75);
        QVERIFY2(c > 0.95, qPrintable(QString::number(c)));
        // An index that ranks otherwise is left alone: euclidean on these rows splits each
        // direction by length, and t-SNE under cosine builds its own.
        const NeighbourSearch euclidean(data, Metric::Euclidean, VectorSpace::Raw);
        const auto other = std::make_shared<const HnswIndex>(euclidean, HnswParams::browsing(), Progress::none());
        o.neighbourIndex = [&](Progress&) { return other; };
        const TsneResult own = runTsne(data, o);
        QVERIFY(own.knnApproximate);
        QVERIFY(!own.knnReusedIndex);
        QVERIFY2(agreement(own.layout, dir, 75) > 0.95, "cosine neighbours");
        // Exact search asked for: the index is not even asked for.
        o.neighbourIndex = [&](Progress&) {
            ++asked;
            return index;
        };
        o.knnMethod = KnnMethod::Exact;
        const TsneResult exact = runTsne(data, o);
        QCOMPARE(asked, 1);
        QVERIFY(!exact.knnApproximate);
        QVERIFY(!exact.knnReusedIndex);
        QCOMPARE(exact.knnRecall, 1.0);
    }

    void zeroVectorIsAnError() {
        const Embedding data({"a", "b", "zero", "d", "e"}, {1, 0, 0, 1, 0, 0, 1, 1, 2, 1}, 2);
        TsneOptions o = shortRun(Metric::Cosine);
        o.perplexity = 1.5;
        try {
            runTsne(data, o);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.what()),
                     QString("row 3 (\"zero\") is a zero vector: cosine is undefined for it"));
        }
        o.metric = Metric::Euclidean;  // fine under euclidean
        QCOMPARE(runTsne(data, o).layout.rows(), Eigen::Index(5));
        o.metric = Metric::Dot;
        try {
            runTsne(data, o);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.what()),
                     QString("t-SNE measures euclidean or cosine distances, not dot"));
        }
    }

    void defaultMetricFollowsTheFormat() {
        for (const Format f : {Format::Word2VecText, Format::Word2VecBinary, Format::GloveText}) {
            QVERIFY(isWordVectorFormat(f));
            QCOMPARE(defaultMetric(f), Metric::Cosine);
        }
        for (const Format f : {Format::ProjectorTsv, Format::Npy, Format::Csv}) {
            QVERIFY(!isWordVectorFormat(f));
            QCOMPARE(defaultMetric(f), Metric::Euclidean);
        }
        QCOMPARE(defaultMetric(*parseFormatName("fasttext")), Metric::Cosine);
    }
};

QTEST_APPLESS_MAIN(TestTsneCosine)
#include "tst_tsne_cosine.moc"
