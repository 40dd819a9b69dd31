// The pieces of t-SNE: neighbour count, bandwidth search, symmetric P, initialisation, the three
// repulsion methods against each other and against a double-precision reference, the gradient
// against finite differences of the KL divergence, and every tiny or broken input.
#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <random>

#include "Error.h"
#include "TestSupport.h"
#include "project/tsne/Affinities.h"
#include "project/tsne/Gradient.h"
#include "project/tsne/Initialization.h"
#include "project/tsne/Repulsion.h"
#include "project/tsne/SpaceTree.h"
#include "project/tsne/Tsne.h"

using namespace embedscope;

namespace {

/// Three clusters of n/3 points in the plane (or space), seeded: a layout in the state t-SNE
/// typically reaches, spread over about 20 units.
std::vector<float> clusteredLayout(std::size_t n, std::size_t dims, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal;
    std::vector<float> y(n * dims);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t a = 0; a < dims; ++a)
            y[i * dims + a] = float(i % 3) * 8.0f * (a == 0 ? 1.0f : 0.5f) + 2.0f * normal(rng);
    return y;
}

/// Σ_j w^{1+1/α}(y_i − y_j) and Z in double, pair by pair: the definition itself.
double referenceRepulsion(const std::vector<float>& y, std::size_t dims, double alpha,
                          std::vector<double>& force) {
    const std::size_t n = y.size() / dims;
    force.assign(n * dims, 0.0);
    double z = 0;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            if (i == j) continue;
            double d2 = 0;
            for (std::size_t a = 0; a < dims; ++a)
                d2 += std::pow(double(y[i * dims + a]) - y[j * dims + a], 2);
            const double w = std::pow(1 + d2 / alpha, -alpha);
            z += w;
            for (std::size_t a = 0; a < dims; ++a)
                force[i * dims + a] +=
                    w / (1 + d2 / alpha) * (double(y[i * dims + a]) - y[j * dims + a]);
        }
    return z;
}

/// ‖a/za − b/zb‖ / ‖b/zb‖ over all coordinates.
template <class A, class B>
double relativeError(const A& a, double za, const B& b, double zb) {
    double num = 0, den = 0;
    for (std::size_t i = 0; i < b.size(); ++i) {
        const double x = double(a[i]) / za, r = double(b[i]) / zb;
        num += (x - r) * (x - r);
        den += r * r;
    }
    return std::sqrt(num / den);
}

/// Runs repulsion on layout y into force (sized by the caller) and compares Z and the
/// normalised force F/Z with the exact sums: "" when both are within tolerance (relative), else
/// what is off.
QString disagreement(Repulsion& repulsion, const std::vector<float>& y, std::size_t dims,
                     double alpha, double tolerance, std::vector<float>& force) {
    std::vector<double> reference;
    const double zRef = referenceRepulsion(y, dims, alpha, reference);
    const double z = repulsion.compute(y.data(), y.size() / dims, force.data());
    if (!(std::abs(z - zRef) < tolerance * zRef))
        return QString("Z off by %1").arg((z - zRef) / zRef);
    const double error = relativeError(force, z, reference, zRef);
    if (!(error < tolerance)) return QString("force off by %1").arg(error);
    return {};
}

Embedding embeddingOf(std::size_t rows, std::size_t dims, const std::vector<float>& values) {
    std::vector<std::string> labels;
    for (std::size_t i = 0; i < rows; ++i) labels.push_back("w" + std::to_string(i));
    return Embedding(labels, values, dims);
}

/// A kNN graph from a full distance list (for affinities without a search).
KnnGraph graphOf(std::size_t rows, std::size_t k, std::vector<std::uint32_t> indices,
                 std::vector<float> distances) {
    KnnGraph g;
    g.rows = rows;
    g.k = k;
    g.indices = std::move(indices);
    g.distances = std::move(distances);
    return g;
}

/// check(tree) on an empty quadtree (dims 2) or octree (3) of that group size.
template <class Check>
void withTree(int dims, std::uint32_t groupSize, Check check) {
    if (dims == 2) {
        tsne_detail::SpaceTree<2> tree(groupSize);
        check(tree);
    } else {
        tsne_detail::SpaceTree<3> tree(groupSize);
        check(tree);
    }
}

/// Data rows "2-D" and "3-D" in a column dims.
void addDimsRows() {
    QTest::addColumn<int>("dims");
    QTest::newRow("2-D") << 2;
    QTest::newRow("3-D") << 3;
}

}  // namespace

class TestTsneParts : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { testsupport::applyTestLocale(); }

    void neighbourCount_data() {
        QTest::addColumn<int>("points");
        QTest::addColumn<double>("perplexity");
        QTest::addColumn<int>("k");
        QTest::newRow("3 u") << 1000 << 30.0 << 90;
        QTest::newRow("fractional") << 1000 << 2.5 << 7;
        QTest::newRow("capped at N-1") << 25 << 10.0 << 24;
        QTest::newRow("at least one") << 50 << 0.2 << 1;
        QTest::newRow("two points") << 2 << 1.0 << 1;
        QTest::newRow("one point") << 1 << 30.0 << 0;
        QTest::newRow("none") << 0 << 30.0 << 0;
    }
    void neighbourCount() {
        QFETCH(int, points);
        QFETCH(double, perplexity);
        QFETCH(int, k);
        QCOMPARE(tsneNeighbourCount(std::size_t(points), perplexity), std::size_t(k));
    }

    void bandwidthReachesPerplexity_data() {
        QTest::addColumn<std::vector<float>>("squared");
        QTest::addColumn<double>("perplexity");
        QTest::addColumn<double>("expected");  // the perplexity the result must have
        std::vector<float> ramp;
        for (int j = 0; j < 90; ++j) ramp.push_back(float(j + 1) * 0.37f);
        QTest::newRow("ramp, u=30") << ramp << 30.0 << 30.0;
        QTest::newRow("ramp, u=5") << ramp << 5.0 << 5.0;
        std::vector<float> tiny, huge;
        for (float d : ramp) {
            tiny.push_back(d * 1e-12f);
            huge.push_back(d * 1e12f);
        }
        QTest::newRow("tiny scale") << tiny << 30.0 << 30.0;
        QTest::newRow("huge scale") << huge << 30.0 << 30.0;
        // Equal distances (duplicates: all 0) cannot reach another perplexity: p is uniform, whose
        // perplexity is the count.
        QTest::newRow("all zero") << std::vector<float>(10, 0.0f) << 3.0 << 10.0;
        QTest::newRow("all equal") << std::vector<float>(10, 4.0f) << 3.0 << 10.0;
        // Too few neighbours for the perplexity: as flat as possible, i.e. uniform.
        QTest::newRow("unreachable") << std::vector<float>{1, 2, 3} << 5.0 << 3.0;
    }
    void bandwidthReachesPerplexity() {
        QFETCH(std::vector<float>, squared);
        QFETCH(double, perplexity);
        QFETCH(double, expected);
        std::vector<double> p(squared.size());
        conditionalProbabilities(squared.data(), squared.size(), perplexity, p.data());
        double sum = 0, entropy = 0;
        for (double v : p) {
            QVERIFY(std::isfinite(v) && v >= 0);
            sum += v;
            if (v > 0) entropy -= v * std::log(v);
        }
        QVERIFY(std::abs(sum - 1) < 1e-12);
        QVERIFY2(std::abs(std::exp(entropy) - expected) < 1e-3 * expected,
                 qPrintable(QString::number(std::exp(entropy))));
        for (std::size_t j = 1; j < p.size(); ++j) QVERIFY(p[j] <= p[j - 1] * (1 + 1e-12));
    }

    void affinitiesOfOneNeighbourAreExact() {
        // k = 1: p_j|i = 1 for the single neighbour, so P_ij = ([i→j] + [j→i]) / 2N exactly.
        // Edges: 0→1, 1→0, 2→1, 3→2.
        const KnnGraph g = graphOf(4, 1, {1, 0, 1, 2}, {1, 1, 2, 3});
        const SparseAffinities P = computeAffinities(g, 0.5);
        QCOMPARE(P.rowStart, (std::vector<std::size_t>{0, 1, 3, 5, 6}));
        QCOMPARE(P.columns, (std::vector<std::uint32_t>{1, 0, 2, 1, 3, 2}));
        const float e = 1.0f / 8;
        QCOMPARE(P.values, (std::vector<float>{2 * e, 2 * e, e, e, e, e}));
    }

    void affinitiesAreSymmetricAndSumToOne() {
        // 60 random points, exact neighbours by brute force.
        const std::size_t n = 60, k = 15;
        const std::vector<float> y = clusteredLayout(n, 3, 7);
        std::vector<std::uint32_t> idx;
        std::vector<float> dist;
        for (std::size_t i = 0; i < n; ++i) {
            std::vector<std::pair<float, std::uint32_t>> all;
            for (std::size_t j = 0; j < n; ++j) {
                if (j == i) continue;
                float d2 = 0;
                for (int a = 0; a < 3; ++a) d2 += std::pow(y[i * 3 + a] - y[j * 3 + a], 2.0f);
                all.push_back({std::sqrt(d2), std::uint32_t(j)});
            }
            std::sort(all.begin(), all.end());
            for (std::size_t m = 0; m < k; ++m) {
                idx.push_back(all[m].second);
                dist.push_back(all[m].first);
            }
        }
        const SparseAffinities P = computeAffinities(graphOf(n, k, idx, dist), 5.0);
        double sum = 0;
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t e = P.rowStart[i]; e < P.rowStart[i + 1]; ++e) {
                const std::uint32_t j = P.columns[e];
                QVERIFY(j != i);
                if (e > P.rowStart[i]) QVERIFY(P.columns[e - 1] < j);
                const auto first = P.columns.begin() + std::ptrdiff_t(P.rowStart[j]);
                const auto last = P.columns.begin() + std::ptrdiff_t(P.rowStart[j + 1]);
                const auto mirror = std::find(first, last, std::uint32_t(i));
                QVERIFY(mirror != last);
                QCOMPARE(P.values[std::size_t(mirror - P.columns.begin())], P.values[e]);
                sum += P.values[e];
            }
        QVERIFY(std::abs(sum - 1) < 1e-5);
    }

    void affinitiesMatchTheirDefinition() {
        // A graph as odd as a caller may hand over: asymmetric edges, a row listing itself, a
        // row out of range and a neighbour listed twice. P_ij = (p_j|i + p_i|j) / 2N, summed
        // densely in double, with p_j|i the row's conditional probabilities (twice-listed
        // neighbours adding up; itself and rows out of range left out), to float rounding (and
        // float's smallest steps, for the subnormal probabilities of far neighbours).
        const std::size_t n = 3000, k = 7;
        std::mt19937 rng(5);
        std::uniform_int_distribution<std::uint32_t> pick(0, std::uint32_t(n) - 1);
        std::uniform_real_distribution<float> distance(0.5f, 3.0f);
        std::vector<std::uint32_t> idx(n * k);
        std::vector<float> dist(n * k);
        for (std::size_t i = 0; i < n * k; ++i) {
            idx[i] = pick(rng) % (i % 5 == 0 ? 40 : n);  // some rows much listed
            dist[i] = distance(rng);
        }
        idx[3 * k + 1] = 3;                 // itself
        idx[4 * k + 2] = std::uint32_t(n);  // out of range
        idx[5 * k + 3] = idx[5 * k + 4];    // twice
        std::map<std::pair<std::uint32_t, std::uint32_t>, double> dense;
        for (std::size_t i = 0; i < n; ++i) {
            std::vector<float> d2(k);
            std::vector<double> p(k);
            for (std::size_t j = 0; j < k; ++j) d2[j] = dist[i * k + j] * dist[i * k + j];
            conditionalProbabilities(d2.data(), k, 4.0, p.data());
            for (std::size_t j = 0; j < k; ++j) {
                const std::uint32_t c = idx[i * k + j];
                if (c == i || c >= n) continue;
                dense[{std::uint32_t(i), c}] += p[j] / (2.0 * n);
                dense[{c, std::uint32_t(i)}] += p[j] / (2.0 * n);
            }
        }
        KnnGraph g = graphOf(n, k, idx, dist);
        const SparseAffinities copied = computeAffinities(g, 4.0);
        const SparseAffinities P = computeAffinities(std::move(g), 4.0);
        QVERIFY(g.indices.empty() && g.distances.empty());  // handed over, and freed
        QCOMPARE(P.columns, copied.columns);
        QCOMPARE(P.values, copied.values);
        QCOMPARE(P.nonZeros(), dense.size());
        auto want = dense.begin();
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t e = P.rowStart[i]; e < P.rowStart[i + 1]; ++e, ++want) {
                QCOMPARE(want->first, std::make_pair(std::uint32_t(i), P.columns[e]));
                QVERIFY2(std::abs(P.values[e] - want->second) <= 1e-6 * want->second + 1e-40,
                         qPrintable(QString("%1, %2: %3 vs %4").arg(i).arg(P.columns[e]).arg(P.values[e], 0, 'g', 9).arg(want->second, 0, 'g', 9)));
            }
    }

    void pcaInitialisationIsScaled() {
        std::vector<float> values;
        std::mt19937 rng(3);
        std::normal_distribution<float> normal;
        for (int i = 0; i < 300 * 5; ++i) values.push_back(normal(rng) * float(1 + i % 5));
        const RowMatrixXf y = initialLayout(embeddingOf(300, 5, values), 3, TsneInit::Pca, 1);
        QCOMPARE(y.cols(), Eigen::Index(3));
        const double mean = y.col(0).cast<double>().mean();
        const double sd = std::sqrt((y.col(0).cast<double>().array() - mean).square().mean());
        QVERIFY(std::abs(sd - kTsneInitStd) < 1e-6 * kTsneInitStd);
        QVERIFY(std::abs(mean) < 1e-9);
        // The first PCA axis carries the most variance.
        const auto spread = [&](int c) { return y.col(c).cast<double>().squaredNorm(); };
        QVERIFY(spread(0) >= spread(1) && spread(1) >= spread(2));
    }

    void randomInitialisationIsSeeded() {
        const RowMatrixXf a = randomNormalLayout(5000, 2, 9, 1e-4);
        const RowMatrixXf b = randomNormalLayout(5000, 2, 9, 1e-4);
        const RowMatrixXf c = randomNormalLayout(5000, 2, 10, 1e-4);
        QVERIFY(a == b);
        QVERIFY(a != c);
        const double sd = std::sqrt(a.cast<double>().squaredNorm() / double(a.size()));
        QVERIFY(std::abs(sd - 1e-4) < 0.05e-4);
    }

    void repulsionMethodsAgree_data() {
        QTest::addColumn<int>("dims");
        QTest::addColumn<double>("alpha");
        QTest::addColumn<int>("method");
        QTest::addColumn<double>("tolerance");  // relative error of the normalised force
        const int exact = int(RepulsionMethod::Exact), bh = int(RepulsionMethod::BarnesHut),
                  fft = int(RepulsionMethod::Fft), hybrid = int(RepulsionMethod::Hybrid);
        QTest::addColumn<double>("spread");  // the layout's scale (clusteredLayout: ~30 units)
        QTest::newRow("2-D exact") << 2 << 1.0 << exact << 1e-5 << 1.0;
        QTest::newRow("2-D Barnes-Hut") << 2 << 1.0 << bh << 1e-2 << 1.0;
        QTest::newRow("2-D FFT") << 2 << 1.0 << fft << 2e-2 << 1.0;
        QTest::newRow("3-D exact") << 3 << 1.0 << exact << 1e-5 << 1.0;
        QTest::newRow("3-D Barnes-Hut") << 3 << 1.0 << bh << 1e-2 << 1.0;
        QTest::newRow("2-D exact, alpha 0.5") << 2 << 0.5 << exact << 1e-5 << 1.0;
        QTest::newRow("2-D Barnes-Hut, alpha 0.5") << 2 << 0.5 << bh << 1e-2 << 1.0;
        QTest::newRow("2-D FFT, alpha 0.5") << 2 << 0.5 << fft << 2e-2 << 1.0;
        QTest::newRow("3-D Barnes-Hut, alpha 2") << 3 << 2.0 << bh << 1e-2 << 1.0;
        // Layouts under two units across, as in early exaggeration: most cells are within the
        // kernel's length scale, where Barnes-Hut's test accepts them by size alone
        // (size² < θ²·κ at d = 0, BarnesHut.cpp).
        QTest::newRow("2-D Barnes-Hut, compact") << 2 << 1.0 << bh << 1e-2 << 0.05;
        QTest::newRow("2-D Barnes-Hut, compact, alpha 0.5") << 2 << 0.5 << bh << 1e-2 << 0.05;
        QTest::newRow("3-D Barnes-Hut, compact") << 3 << 1.0 << bh << 1e-2 << 0.05;
        QTest::newRow("3-D Barnes-Hut, compact, alpha 2") << 3 << 2.0 << bh << 1e-2 << 0.05;
        // Near a point every α's kernel bends alike (w''/w = −2 at d = 0), so the near-field
        // acceptance must not widen with α: as κα it took cells a unit wide here, Z 2% off.
        QTest::newRow("2-D Barnes-Hut, compact, alpha 8") << 2 << 8.0 << bh << 1e-2 << 0.05;
        QTest::newRow("3-D Barnes-Hut, compact, alpha 8") << 3 << 8.0 << bh << 1e-2 << 0.05;
        // The 3-D hybrid on both sides of its hand-over: FFT on a grid of one box per unit
        // (layout ~15 units), Barnes-Hut at its default 3-D angle (~60 units, beyond the grid).
        QTest::newRow("3-D hybrid, compact") << 3 << 1.0 << hybrid << 2e-2 << 0.5;
        QTest::newRow("3-D hybrid, compact, alpha 0.5") << 3 << 0.5 << hybrid << 2e-2 << 0.5;
        QTest::newRow("3-D hybrid, grown") << 3 << 1.0 << hybrid << 2e-2 << 2.0;
    }
    void repulsionMethodsAgree() {
        QFETCH(int, dims);
        QFETCH(double, alpha);
        QFETCH(int, method);
        QFETCH(double, tolerance);
        QFETCH(double, spread);
        const std::size_t n = 900;
        std::vector<float> y = clusteredLayout(n, std::size_t(dims), 11);
        for (float& v : y) v *= float(spread);
        const double theta = method == int(RepulsionMethod::Hybrid) ? defaultTheta(3) : 0.5;
        auto repulsion = makeRepulsion(RepulsionMethod(method), std::size_t(dims), alpha, theta);
        std::vector<float> force(y.size());
        const QString off =
            disagreement(*repulsion, y, std::size_t(dims), alpha, tolerance, force);
        QVERIFY2(off.isEmpty(), qPrintable(off));
    }

    /// The 3-D FFT keeps each grid size's plans and kernels, and steps its grid down only once the
    /// layout has shrunk by a quarter. A layout that grows, shrinks a little (same grid), shrinks a
    /// lot (a size seen before), grows past its largest and comes back must get the exact forces
    /// at every step, and the very same ones whenever it returns to a scale it had.
    void fft3dReusesItsGrids() {
        const std::size_t n = 900;
        const std::vector<float> base = clusteredLayout(n, 3, 11);  // ~28 units wide
        auto fft = makeFftRepulsion3d(1.0);
        std::map<double, std::vector<float>> first;
        // Grids of 9, 15, 15 (not 12), 9, 20 and 15 boxes.
        for (double spread : {0.3, 0.5, 0.42, 0.3, 0.7, 0.5}) {
            std::vector<float> y = base;
            for (float& v : y) v *= float(spread);
            std::vector<float> force(y.size());
            const QString at = QString("spread %1: ").arg(spread);
            const QString off = disagreement(*fft, y, 3, 1.0, 2e-2, force);
            QVERIFY2(off.isEmpty(), qPrintable(at + off));
            if (first.count(spread))
                QVERIFY2(first[spread] == force, qPrintable(at + "not the same forces again"));
            else
                first[spread] = force;
        }
    }

    void autoPicksByScale_data() {
        QTest::addColumn<int>("points");
        QTest::addColumn<int>("dims");
        QTest::addColumn<int>("method");
        QTest::newRow("small, 2-D") << 999 << 2 << int(RepulsionMethod::Exact);
        QTest::newRow("small, 3-D") << 999 << 3 << int(RepulsionMethod::Exact);
        QTest::newRow("20 000, 2-D") << 20000 << 2 << int(RepulsionMethod::BarnesHut);
        QTest::newRow("20 000, 3-D") << 20000 << 3 << int(RepulsionMethod::BarnesHut);
        QTest::newRow("50 000, 2-D") << 50000 << 2 << int(RepulsionMethod::BarnesHut);
        QTest::newRow("50 000, 3-D") << 50000 << 3 << int(RepulsionMethod::BarnesHut);
        QTest::newRow("100 000, 2-D") << 100000 << 2 << int(RepulsionMethod::Fft);
        QTest::newRow("99 999, 3-D") << 99999 << 3 << int(RepulsionMethod::BarnesHut);
        QTest::newRow("100 000, 3-D") << 100000 << 3 << int(RepulsionMethod::Hybrid);
    }
    void autoPicksByScale() {
        // The thresholds measured in Repulsion.h; a method asked for is kept.
        QFETCH(int, points);
        QFETCH(int, dims);
        QFETCH(int, method);
        const std::size_t n = std::size_t(points), d = std::size_t(dims);
        QCOMPARE(int(chooseRepulsion(RepulsionMethod::Auto, n, d)), method);
        QCOMPARE(chooseRepulsion(RepulsionMethod::BarnesHut, n, d), RepulsionMethod::BarnesHut);
    }

    void manyIdenticalPoints_data() { addDimsRows(); }
    void manyIdenticalPoints() {
        // 300 points on one spot form one leaf of more points than a group holds (the tree
        // cannot split them). Every one of them must still get its force and Z share: before
        // groups were runs of nodes, such a leaf belonged to no group and its points kept
        // whatever the force buffer held.
        QFETCH(int, dims);
        const std::size_t d = std::size_t(dims), same = 300, n = 900;
        std::vector<float> y = clusteredLayout(n, d, 5);
        for (std::size_t i = 0; i < same; ++i)
            for (std::size_t a = 0; a < d; ++a) y[i * d + a] = 4.0f;
        auto repulsion = makeBarnesHutRepulsion(d, 1.0, 0.5);
        std::vector<float> force(y.size(), std::numeric_limits<float>::quiet_NaN());
        const QString off = disagreement(*repulsion, y, d, 1.0, 1e-2, force);
        QVERIFY2(off.isEmpty(), qPrintable(off));
        for (std::size_t k = 0; k < same * d; ++k) QVERIFY(std::isfinite(force[k]));
    }

    void treeGroupsAreFullAndCoverEveryPoint_data() { addDimsRows(); }
    void treeGroupsAreFullAndCoverEveryPoint() {
        // Groups share one walk of the tree, so they should come close to the size allowed: in
        // 3-D, single nodes under the limit averaged a quarter of it.
        QFETCH(int, dims);
        const std::size_t d = std::size_t(dims), n = 20000;
        std::mt19937 rng(3);
        std::uniform_real_distribution<float> u(-50.0f, 50.0f);
        std::vector<float> y(n * d);
        for (float& v : y) v = u(rng);
        const std::uint32_t limit = 128;
        auto check = [&](auto& tree) {
            tree.build(y.data(), n, 16);
            std::vector<int> seen(n, 0);
            std::uint32_t next = 0;
            for (const auto& g : tree.groups()) {
                QCOMPARE(g.begin, next);  // runs in tree order, back to back
                QVERIFY(g.count >= 1 && g.count <= limit);
                next += g.count;
                for (std::uint32_t p = g.begin; p < g.begin + g.count; ++p) ++seen[tree.order()[p]];
            }
            QCOMPARE(std::size_t(next), n);
            QVERIFY(std::all_of(seen.begin(), seen.end(), [](int c) { return c == 1; }));
            const double mean = double(n) / double(tree.groups().size());
            QVERIFY2(mean >= limit / 2.0, qPrintable(QString::number(mean)));
        };
        withTree(dims, limit, check);
    }

    void treeRefitMeasuresTheMovedPoints_data() { addDimsRows(); }
    void treeRefitMeasuresTheMovedPoints() {
        // A refit keeps the tree's shape and order and measures each node again from its
        // points' new places: its size and centre of mass must be those of its points, as a
        // build would give them. Points moved far (the layout reversed) make cells that
        // overlap, and the refit must refuse them; so must a layout of another size.
        QFETCH(int, dims);
        const std::size_t d = std::size_t(dims), n = 3000;
        std::vector<float> y = clusteredLayout(n, d, 4);
        auto check = [&](auto& tree) {
            QVERIFY(!tree.refit(y.data(), n, 1.1));  // nothing built yet
            tree.build(y.data(), n, 16);
            const auto order = tree.order();
            const auto groups = tree.groups();
            const auto before = tree.nodes();
            std::mt19937 rng(9);
            std::normal_distribution<float> step(0.0f, 0.05f);
            for (float& v : y) v += step(rng);
            QVERIFY(tree.refit(y.data(), n, 1.1));
            QVERIFY(tree.order() == order);
            QCOMPARE(tree.groups().size(), groups.size());
            QCOMPARE(tree.nodes().size(), before.size());
            for (std::size_t k = 0; k < before.size(); ++k) {
                const auto& node = tree.nodes()[k];
                QCOMPARE(node.count, before[k].count);
                QCOMPARE(node.firstChild, before[k].firstChild);
                float size = 0;
                for (std::size_t a = 0; a < d; ++a) {
                    float lo = std::numeric_limits<float>::max(), hi = -lo;
                    double sum = 0;
                    for (std::uint32_t p = node.begin; p < node.begin + node.count; ++p) {
                        const float v = y[std::size_t(tree.order()[p]) * d + a];
                        QCOMPARE(tree.column(int(a))[p], v);
                        lo = std::min(lo, v);
                        hi = std::max(hi, v);
                        sum += v;
                    }
                    size = std::max(size, hi - lo);
                    QVERIFY2(std::abs(node.centre[a] - sum / node.count) < 1e-4,
                             qPrintable(QString("node %1 axis %2").arg(k).arg(a)));
                }
                QCOMPARE(node.size, size);
            }
            std::vector<float> reversed(y.rbegin(), y.rend());
            QVERIFY(!tree.refit(reversed.data(), n, 1.1));
            QVERIFY(!tree.refit(y.data(), n - 1, 1.1));
        };
        withTree(dims, tsne_detail::SpaceTree<2>::kGroupSize, check);
    }

    void barnesHutFollowsAMovingLayout_data() { addDimsRows(); }
    void barnesHutFollowsAMovingLayout() {
        // One Barnes-Hut object through the steps of a layout that drifts and grows (its tree
        // refitted), jumps to another layout (built again) and drifts on: the forces must stay
        // as close to the exact ones as a fresh tree's at every step.
        QFETCH(int, dims);
        const std::size_t d = std::size_t(dims), n = 600;
        auto repulsion = makeBarnesHutRepulsion(d, 1.0, 0.5);
        std::vector<float> y = clusteredLayout(n, d, 21);
        std::mt19937 rng(2);
        std::normal_distribution<float> step(0.0f, 0.1f);
        for (int t = 0; t < 16; ++t) {
            if (t == 8) y = clusteredLayout(n, d, 22);
            for (float& v : y) v = v * 1.01f + step(rng);
            std::vector<float> force(y.size());
            const QString off = disagreement(*repulsion, y, d, 1.0, 1e-2, force);
            QVERIFY2(off.isEmpty(), qPrintable(QString("step %1: ").arg(t) + off));
        }
    }

    void gradientMatchesFiniteDifferences_data() {
        QTest::addColumn<double>("alpha");
        QTest::newRow("alpha 1") << 1.0;
        QTest::newRow("alpha 0.6") << 0.6;
    }
    void gradientMatchesFiniteDifferences() {
        // dKL/dy = 4 · grad (the gradient omits the factor 4), checked by central differences.
        QFETCH(double, alpha);
        const std::size_t n = 12, dims = 2;
        std::mt19937 rng(5);
        std::uniform_real_distribution<float> u(0.2f, 1.0f);
        SparseAffinities P;
        P.rows = n;
        double total = 0;
        for (std::size_t i = 0; i < n; ++i) {
            P.rowStart.push_back(P.columns.size());
            for (std::size_t j = 0; j < n; ++j)
                if (j != i && (i + j) % 3 != 0) {
                    P.columns.push_back(std::uint32_t(j));
                    P.values.push_back(u(rng) + u(rng));
                }
        }
        P.rowStart.push_back(P.columns.size());
        for (std::size_t i = 0; i < n; ++i)  // symmetrise, normalise
            for (std::size_t e = P.rowStart[i]; e < P.rowStart[i + 1]; ++e) {
                const std::size_t j = P.columns[e];
                for (std::size_t f = P.rowStart[j]; f < P.rowStart[j + 1]; ++f)
                    if (P.columns[f] == i && j < i) P.values[e] = P.values[f];
            }
        for (float v : P.values) total += v;
        for (float& v : P.values) v = float(v / total);
        std::vector<float> y = clusteredLayout(n, dims, 2);
        for (float& v : y) v *= 0.2f;  // a few units across: gradients well above rounding
        TsneGradient gradient(P, dims, alpha, makeExactRepulsion(dims, alpha));
        std::vector<float> grad(n * dims);
        gradient.evaluate(y.data(), 1.0, grad.data());
        const float h = 1e-2f;
        for (std::size_t k = 0; k < y.size(); ++k) {
            std::vector<float> plus = y, minus = y;
            plus[k] += h;
            minus[k] -= h;
            const double kp =
                gradient.klDivergence(plus.data(), gradient.normalisation(plus.data()));
            const double km =
                gradient.klDivergence(minus.data(), gradient.normalisation(minus.data()));
            const double numeric = (kp - km) / (double(plus[k]) - minus[k]);
            QVERIFY2(std::abs(numeric - 4 * grad[k]) < 1e-4 + 0.01 * std::abs(numeric),
                     qPrintable(QString("coordinate %1: numeric %2, analytic %3")
                                    .arg(k)
                                    .arg(numeric)
                                    .arg(4 * grad[k])));
        }
    }

    void gradientOverSeveralParts_data() { addDimsRows(); }
    void gradientOverSeveralParts() {
        // P in three interleaved connected parts (i mod 3) and a point with no entries: the
        // gradient renumbers the points breadth-first over P, part after part, and must give
        // every point its own gradient and the same KL as the definitions in double.
        QFETCH(int, dims);
        const std::size_t n = 40, d = std::size_t(dims), isolated = 39;
        std::mt19937 rng(8);
        std::uniform_real_distribution<float> u(0.2f, 1.0f);
        std::vector<std::vector<double>> p(n, std::vector<double>(n, 0.0));
        double total = 0;
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = i + 3; j < n && j <= i + 9; j += 3)
                if (i != isolated && j != isolated) {
                    p[i][j] = p[j][i] = u(rng);
                    total += 2 * p[i][j];
                }
        SparseAffinities P;
        P.rows = n;
        for (std::size_t i = 0; i < n; ++i) {
            P.rowStart.push_back(P.columns.size());
            for (std::size_t j = 0; j < n; ++j)
                if (p[i][j] > 0) {
                    p[i][j] = double(float(p[i][j] / total));
                    P.columns.push_back(std::uint32_t(j));
                    P.values.push_back(float(p[i][j]));
                }
        }
        P.rowStart.push_back(P.columns.size());
        std::vector<float> y = clusteredLayout(n, d, 4);
        for (float& v : y) v *= 0.3f;
        std::vector<double> repulsive;
        const double z = referenceRepulsion(y, d, 1.0, repulsive);
        const double ex = 4.0;
        TsneGradient gradient(P, d, 1.0, makeExactRepulsion(d, 1.0));
        std::vector<float> grad(n * d);
        gradient.evaluate(y.data(), ex, grad.data());
        double kl = 0;
        for (std::size_t i = 0; i < n; ++i) {
            for (std::size_t a = 0; a < d; ++a) {
                double attract = 0;
                for (std::size_t j = 0; j < n; ++j) {
                    if (p[i][j] == 0) continue;
                    double s = 0;
                    for (std::size_t b = 0; b < d; ++b)
                        s += std::pow(double(y[i * d + b]) - y[j * d + b], 2);
                    attract += p[i][j] / (1 + s) * (double(y[i * d + a]) - y[j * d + a]);
                    if (a == 0) kl += p[i][j] * std::log(p[i][j] * z * (1 + s));
                }
                const double want = ex * attract - repulsive[i * d + a] / z;
                QVERIFY2(std::abs(grad[i * d + a] - want) < 1e-5 * (1 + std::abs(want)),
                         qPrintable(QString("point %1, axis %2: %3, want %4")
                                        .arg(i)
                                        .arg(a)
                                        .arg(grad[i * d + a])
                                        .arg(want)));
            }
        }
        const double got = gradient.klDivergence(y.data(), gradient.normalisation(y.data()));
        QVERIFY2(std::abs(got - kl) < 1e-5 * std::abs(kl),
                 qPrintable(QString("%1, want %2").arg(got).arg(kl)));

        // The optimiser's path: the same layout in the gradient's row order gives the same
        // gradient and KL, and the numbering goes back to the points' order exactly.
        std::vector<float> rows(n * d), rowGrad(n * d), back(n * d);
        gradient.toRowOrder(y.data(), rows.data());
        QVERIFY(rows != y);  // the parts are interleaved: the numbering moves points
        gradient.toPointOrder(rows.data(), back.data());
        QCOMPARE(back, y);
        const double rowZ = gradient.evaluateInRowOrder(rows.data(), ex, rowGrad.data());
        gradient.toPointOrder(rowGrad.data(), back.data());
        QCOMPARE(back, grad);
        // Z alone may differ in its last bits: the repulsion sums the points in another order.
        const double rowKl = gradient.klDivergenceInRowOrder(rows.data(), rowZ);
        QVERIFY2(std::abs(rowKl - got) < 1e-6 * std::abs(got),
                 qPrintable(QString("%1, want %2").arg(rowKl).arg(got)));
    }

    void klOfMatchingLayoutIsSmall() {
        // Two points: q = p = 1/2 whatever their distance, so KL = 0.
        SparseAffinities P{2, {0, 1, 2}, {1, 0}, {0.5f, 0.5f}};
        TsneGradient gradient(P, 2, 1.0, makeExactRepulsion(2, 1.0));
        const std::vector<float> y = {0, 0, 3, 4};
        QVERIFY(std::abs(gradient.klDivergence(y.data(), gradient.normalisation(y.data()))) < 1e-5);
    }

    void tinyAndBrokenInputs_data() {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("dims");
        QTest::addColumn<QString>("kind");  // how the values are made
        QTest::addColumn<double>("perplexity");
        QTest::addColumn<int>("layoutDims");
        QTest::addColumn<int>("method");
        QTest::addColumn<QString>("error");  // empty: must succeed
        const int autoM = int(RepulsionMethod::Auto), fft = int(RepulsionMethod::Fft),
                  bh = int(RepulsionMethod::BarnesHut);
        QTest::newRow("N=0") << 0 << 4 << "random" << 30.0 << 2 << autoM << "";
        QTest::newRow("N=1") << 1 << 4 << "random" << 30.0 << 2 << autoM << "";
        QTest::newRow("N=2, perplexity 30")
            << 2 << 4 << "random" << 30.0 << 2 << autoM
            << "perplexity (30) must be less than the number of points (2)";
        QTest::newRow("N=2, perplexity 1") << 2 << 4 << "random" << 1.0 << 2 << autoM << "";
        QTest::newRow("N=3, perplexity 2") << 3 << 4 << "random" << 2.0 << 3 << autoM << "";
        QTest::newRow("N=3, 1-D input") << 3 << 1 << "random" << 2.0 << 2 << autoM << "";
        QTest::newRow("perplexity = N")
            << 25 << 4 << "random" << 25.0 << 2 << autoM
            << "perplexity (25) must be less than the number of points (25)";
        QTest::newRow("perplexity > N")
            << 25 << 4 << "random" << 30.5 << 2 << autoM
            << "perplexity (30.5) must be less than the number of points (25)";
        QTest::newRow("perplexity 0")
            << 25 << 4 << "random" << 0.0 << 2 << autoM << "perplexity (0) must be positive";
        QTest::newRow("duplicate rows") << 60 << 5 << "pairs" << 10.0 << 2 << autoM << "";
        QTest::newRow("duplicate rows, Barnes-Hut") << 60 << 5 << "pairs" << 10.0 << 3 << bh << "";
        QTest::newRow("all rows identical") << 40 << 5 << "identical" << 10.0 << 2 << autoM << "";
        QTest::newRow("all rows identical, FFT")
            << 40 << 5 << "identical" << 10.0 << 2 << fft << "";
        QTest::newRow("all rows identical, Barnes-Hut")
            << 40 << 5 << "identical" << 10.0 << 3 << bh << "";
        QTest::newRow("zero-variance column")
            << 50 << 5 << "constant column" << 10.0 << 2 << autoM << "";
        QTest::newRow("NaN") << 20 << 3 << "nan in row 7" << 5.0 << 2 << autoM
                             << "row 7 (\"w6\") has a non-finite value";
        QTest::newRow("infinity") << 20 << 3 << "inf in row 20" << 5.0 << 2 << autoM
                                  << "row 20 (\"w19\") has a non-finite value";
        QTest::newRow("4-D layout")
            << 20 << 3 << "random" << 5.0 << 4 << autoM << "t-SNE lays out in 2 or 3 dimensions";
        QTest::newRow("all rows identical, hybrid")
            << 40 << 5 << "identical" << 10.0 << 3 << int(RepulsionMethod::Hybrid) << "";
        QTest::newRow("FFT in 3-D")
            << 20 << 3 << "random" << 5.0 << 3 << fft
            << "in 3-D the FFT repulsion runs within the hybrid (its grid is affordable only while "
               "the layout is compact); use hybrid, bh or exact";
        QTest::newRow("hybrid in 2-D")
            << 20 << 3 << "random" << 5.0 << 2 << int(RepulsionMethod::Hybrid)
            << "the hybrid repulsion is for 3-D layouts; use fft or bh in 2-D";
    }
    void tinyAndBrokenInputs() {
        QFETCH(int, rows);
        QFETCH(int, dims);
        QFETCH(QString, kind);
        QFETCH(double, perplexity);
        QFETCH(int, layoutDims);
        QFETCH(int, method);
        QFETCH(QString, error);
        std::mt19937 rng(1);
        std::normal_distribution<float> normal;
        std::vector<float> values(std::size_t(rows * dims));
        for (int i = 0; i < rows; ++i)
            for (int a = 0; a < dims; ++a) {
                float& v = values[std::size_t(i * dims + a)];
                v = normal(rng);
                if (kind == "pairs" && i % 2 == 1) v = values[std::size_t((i - 1) * dims + a)];
                if (kind == "identical") v = 0.25f * float(a);
                if (kind == "constant column" && a == 2) v = 7.0f;
            }
        if (kind == "nan in row 7") values[6 * dims + 1] = std::numeric_limits<float>::quiet_NaN();
        if (kind == "inf in row 20") values[19 * dims] = -std::numeric_limits<float>::infinity();
        TsneOptions options;
        options.dims = std::size_t(layoutDims);
        options.perplexity = perplexity;
        options.iterations = 1000;
        options.method = RepulsionMethod(method);
        const Embedding data = embeddingOf(std::size_t(rows), std::size_t(dims), values);
        try {
            const TsneResult result = runTsne(data, options);
            QVERIFY2(error.isEmpty(), "expected an error");
            QCOMPARE(result.layout.rows(), Eigen::Index(rows));
            QCOMPARE(result.layout.cols(), Eigen::Index(layoutDims));
            QVERIFY(result.layout.allFinite());
            QVERIFY2(std::isfinite(result.kl) && result.kl >= -1e-6,
                     qPrintable(QString::number(result.kl)));
            QVERIFY(!result.cancelled);
            QCOMPARE(result.iterations, rows < 2 ? std::size_t(0) : std::size_t(1000));
            if (rows == 1) QVERIFY(result.layout.isZero(0));
            if (rows >= 2 && kind != "identical") {
                // Distinct inputs keep distinct positions.
                QVERIFY(result.layout.row(0) != result.layout.row(rows - 1));
            }
            if (kind == "pairs") {
                // Identical rows end up together: nearer to their twin than to any other row.
                const auto& y = result.layout;
                for (int i = 0; i + 1 < rows; i += 2) {
                    const float twin = (y.row(i) - y.row(i + 1)).squaredNorm();
                    for (int j = 0; j < rows; ++j)
                        if (j != i && j != i + 1)
                            QVERIFY2(twin <= (y.row(i) - y.row(j)).squaredNorm(),
                                     qPrintable(QString("%1 %2 %3 %4")
                                                    .arg(i)
                                                    .arg(j)
                                                    .arg(twin)
                                                    .arg((y.row(i) - y.row(j)).squaredNorm())));
                }
            }
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.message()), error);
        }
    }

    void learningRateAuto() {
        QCOMPARE(autoLearningRate(100), 200.0);
        QCOMPARE(autoLearningRate(2400), 200.0);
        QCOMPARE(autoLearningRate(12000), 1000.0);
    }
};

QTEST_APPLESS_MAIN(TestTsneParts)
#include "tst_tsne_parts.moc"
