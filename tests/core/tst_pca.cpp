// PCA: agreement with scikit-learn on the digits (tests/data/pca, made by make_reference.py), the
// invariants of any result, both solvers, spherize, projection, errors, cancellation and the
// independence of results from the thread count.
#include "Omp.h"

#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <random>

#include "Error.h"
#include "ParseNumber.h"
#include "SpectrumData.h"
#include "TestSupport.h"
#include "project/Pca.h"

using namespace embedscope;
using Eigen::Index;

Q_DECLARE_METATYPE(embedscope::PcaSolver)

namespace {

std::vector<std::string_view> splitTabs(std::string_view line) {
    std::vector<std::string_view> out;
    for (std::size_t start = 0;;) {
        const std::size_t tab = line.find('\t', start);
        out.push_back(line.substr(start, tab - start));
        if (tab == std::string_view::npos) return out;
        start = tab + 1;
    }
}

std::vector<std::string> readLines(const std::string& path) {
    std::ifstream in(path);
    if (!in) qFatal("cannot read %s", path.c_str());
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

Embedding makeEmbedding(const RowMatrixXf& x) {
    std::vector<std::string> labels;
    for (Index i = 0; i < x.rows(); ++i) labels.push_back("r" + std::to_string(i));
    return {std::move(labels), std::vector<float>(x.data(), x.data() + x.size()),
            static_cast<std::size_t>(x.cols())};
}

/// The sklearn digits, 1797 × 64 (integers, so exact in float32).
const Embedding& digits() {
    static const Embedding e = [] {
        const auto lines = readLines(testsupport::testData("pca/digits.tsv"));
        RowMatrixXf x(static_cast<Index>(lines.size()), 64);
        for (std::size_t r = 0; r < lines.size(); ++r) {
            const auto cells = splitTabs(lines[r]);
            if (cells.size() != 64)
                qFatal("digits.tsv line %zu has %zu cells", r + 1, cells.size());
            for (std::size_t c = 0; c < 64; ++c)
                if (!parseFloat(cells[c], x(static_cast<Index>(r), static_cast<Index>(c))))
                    qFatal("digits.tsv line %zu: bad number", r + 1);
        }
        return makeEmbedding(x);
    }();
    return e;
}

/// reference.tsv: key → values (scikit-learn's, with Embedscope's sign rule applied).
const std::vector<double>& reference(const std::string& key) {
    static const auto table = [] {
        std::map<std::string, std::vector<double>> t;
        for (const auto& line : readLines(testsupport::testData("pca/reference.tsv"))) {
            const auto cells = splitTabs(line);
            auto& values = t[std::string(cells[0])];
            for (std::size_t i = 1; i < cells.size(); ++i) {
                double v = 0;
                if (!parseDouble(cells[i], v)) qFatal("reference.tsv: bad number");
                values.push_back(v);
            }
        }
        return t;
    }();
    const auto it = table.find(key);
    if (it == table.end()) qFatal("reference.tsv has no %s", key.c_str());
    return it->second;
}

PcaResult fit(const Embedding& e, std::size_t k, PcaSolver solver, bool spherize = false) {
    PcaOptions o;
    o.components = k;
    o.solver = solver;
    o.spherize = spherize;
    return fitPca(e, o);
}

double maxAbs(const RowMatrixXf& m) {
    return m.size() ? m.cwiseAbs().maxCoeff() : 0.0;
}

}  // namespace

class TestPca : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { testsupport::applyTestLocale(); }

    void digitsMatchScikitLearn_data() {
        QTest::addColumn<PcaSolver>("solver");
        QTest::addColumn<bool>("spherize");
        QTest::addColumn<double>("ratioTolerance");      // absolute, on ratios
        QTest::addColumn<double>("componentTolerance");  // absolute, per loading
        QTest::addColumn<double>("projectedTolerance");  // relative to the row's largest
        QTest::newRow("exact") << PcaSolver::Exact << false << 1e-6 << 1e-5 << 1e-5;
        QTest::newRow("randomized") << PcaSolver::Randomized << false << 1e-4 << 1e-4 << 1e-4;
        QTest::newRow("exact, spherized") << PcaSolver::Exact << true << 1e-6 << 1e-5 << 1e-5;
        QTest::newRow("randomized, spherized")
            << PcaSolver::Randomized << true << 1e-4 << 1e-4 << 1e-4;
        // 10 components: blocks of 32, so the space is complete after 2 passes.
        QTest::newRow("krylov") << PcaSolver::Krylov << false << 1e-6 << 1e-5 << 1e-5;
        QTest::newRow("krylov, spherized") << PcaSolver::Krylov << true << 1e-6 << 1e-5 << 1e-5;
    }
    void digitsMatchScikitLearn() {
        QFETCH(PcaSolver, solver);
        QFETCH(bool, spherize);
        QFETCH(double, ratioTolerance);
        QFETCH(double, componentTolerance);
        QFETCH(double, projectedTolerance);
        const std::string p = spherize ? "spherized_" : "";
        const PcaResult r = fit(digits(), 10, solver, spherize);
        QCOMPARE(r.solverUsed, solver);
        QCOMPARE(r.spherized, spherize);

        const double total = reference(p + "total_variance")[0];
        QVERIFY2(std::abs(r.totalVariance - total) <= 1e-6 * total,
                 qPrintable(QString::number(r.totalVariance, 'g', 17)));
        const auto& ratio = reference(p + "ratio");
        const auto& variance = reference(p + "variance");
        QCOMPARE(r.explainedVarianceRatio.size(), std::size_t(10));
        for (std::size_t i = 0; i < 10; ++i) {
            QVERIFY2(std::abs(r.explainedVarianceRatio[i] - ratio[i]) <= ratioTolerance,
                     qPrintable(QString("ratio %1: %2 vs %3")
                                    .arg(i)
                                    .arg(r.explainedVarianceRatio[i], 0, 'g', 10)
                                    .arg(ratio[i], 0, 'g', 10)));
            QVERIFY(std::abs(r.explainedVariance[i] - variance[i]) <= ratioTolerance * total);
        }
        for (Index c = 0; c < 3; ++c) {
            const auto& want = reference(p + "component" + std::to_string(c));
            for (Index j = 0; j < 64; ++j)
                QVERIFY2(std::abs(r.components(c, j) - want[j]) <= componentTolerance,
                         qPrintable(QString("component %1, loading %2: %3 vs %4")
                                        .arg(c)
                                        .arg(j)
                                        .arg(r.components(c, j))
                                        .arg(want[j])));
        }
        const RowMatrixXf projected = r.project(digits(), {0, 1, 2});
        QCOMPARE(projected.rows(), Index(1797));
        QCOMPARE(projected.cols(), Index(3));
        for (Index row = 0; row < 5; ++row) {
            const auto& want = reference(p + "projected" + std::to_string(row));
            // A coordinate is a sum of 64 products: its error scales with the row, not with it.
            const double scale =
                std::max({std::abs(want[0]), std::abs(want[1]), std::abs(want[2])});
            for (Index c = 0; c < 3; ++c)
                QVERIFY2(std::abs(projected(row, c) - want[c]) <= projectedTolerance * scale,
                         qPrintable(QString("row %1, axis %2: %3 vs %4")
                                        .arg(row)
                                        .arg(c)
                                        .arg(projected(row, c))
                                        .arg(want[c])));
        }
    }

    void invariants_data() {
        QTest::addColumn<QString>("data");
        QTest::addColumn<PcaSolver>("solver");
        QTest::addColumn<bool>("spherize");
        QTest::addColumn<int>("components");
        QTest::newRow("digits, exact, 10") << "digits" << PcaSolver::Exact << false << 10;
        QTest::newRow("digits, exact, all 64") << "digits" << PcaSolver::Exact << false << 64;
        QTest::newRow("digits, exact, spherized, all 64")
            << "digits" << PcaSolver::Exact << true << 64;
        QTest::newRow("digits, randomized, 10") << "digits" << PcaSolver::Randomized << false << 10;
        QTest::newRow("digits, randomized, 54 (l = D)")
            << "digits" << PcaSolver::Randomized << false << 54;
        QTest::newRow("noise, randomized, 5") << "noise" << PcaSolver::Randomized << false << 5;
        QTest::newRow("digits, krylov, 3") << "digits" << PcaSolver::Krylov << false << 3;
        QTest::newRow("digits, krylov, 60") << "digits" << PcaSolver::Krylov << false << 60;
        QTest::newRow("noise, krylov, spherized, 5") << "noise" << PcaSolver::Krylov << true << 5;
        QTest::newRow("noise, exact, spherized, 5") << "noise" << PcaSolver::Exact << true << 5;
    }
    void invariants() {
        QFETCH(QString, data);
        QFETCH(PcaSolver, solver);
        QFETCH(bool, spherize);
        QFETCH(int, components);
        static const Embedding noise = makeEmbedding(spectrum(3000, 40, {}, 1.0, 7, 5.0f));
        const Embedding& e = data == "digits" ? digits() : noise;
        const auto k = static_cast<std::size_t>(components);
        const PcaResult r = fit(e, k, solver, spherize);

        QCOMPARE(r.components.rows(), Index(components));
        QCOMPARE(r.components.cols(), Index(e.dims()));
        const Eigen::MatrixXf gram = r.components * r.components.transpose();
        const double offIdentity =
            (gram - Eigen::MatrixXf::Identity(components, components)).cwiseAbs().maxCoeff();
        QVERIFY2(offIdentity < 1e-5, qPrintable(QString::number(offIdentity)));
        double sum = 0;
        for (std::size_t i = 0; i < k; ++i) {
            if (i + 1 < k) QVERIFY(r.explainedVariance[i] >= r.explainedVariance[i + 1]);
            QVERIFY(r.explainedVarianceRatio[i] >= 0);
            QCOMPARE(r.explainedVarianceRatio[i], r.explainedVariance[i] / r.totalVariance);
            sum += r.explainedVarianceRatio[i];
            Index top = 0;
            r.components.row(static_cast<Index>(i)).cwiseAbs().maxCoeff(&top);
            QVERIFY2(r.components(static_cast<Index>(i), top) > 0, "sign rule");
        }
        QVERIFY(sum <= 1 + 1e-9);
        if (k == e.dims()) QVERIFY2(std::abs(sum - 1) < 1e-6, qPrintable(QString::number(sum)));
        // The mean is the column mean (of the input; of the unit rows when spherized).
        const Eigen::VectorXd columnMean = e.matrix().cast<double>().colwise().mean().transpose();
        QVERIFY((r.inputMean.cast<double>() - columnMean).cwiseAbs().maxCoeff() < 1e-5);
        if (!spherize) QCOMPARE(r.mean, r.inputMean);
    }

    void exactEqualsRandomizedWithSpectralGap_data() {
        QTest::addColumn<bool>("spherize");
        QTest::addColumn<float>("offset");
        QTest::newRow("centred") << false << 0.0f;
        QTest::newRow("offset 100") << false << 100.0f;
        QTest::newRow("spherized") << true << 3.0f;
    }
    void exactEqualsRandomizedWithSpectralGap() {
        QFETCH(bool, spherize);
        QFETCH(float, offset);
        // Four strong directions, then a gap of 20× to the noise floor.
        const Embedding e = makeEmbedding(spectrum(5000, 60, {40, 30, 20, 10}, 0.5, 11, offset));
        const PcaResult exact = fit(e, 4, PcaSolver::Exact, spherize);
        const PcaResult randomized = fit(e, 4, PcaSolver::Randomized, spherize);
        QCOMPARE(randomized.solverUsed, PcaSolver::Randomized);
        QVERIFY(std::abs(randomized.totalVariance - exact.totalVariance) <
                1e-6 * exact.totalVariance);
        for (std::size_t i = 0; i < 4; ++i)
            QVERIFY(std::abs(exact.explainedVarianceRatio[i] -
                             randomized.explainedVarianceRatio[i]) < 1e-6);
        QVERIFY2(maxAbs(exact.components - randomized.components) < 1e-4,
                 qPrintable(QString::number(maxAbs(exact.components - randomized.components))));
        const RowMatrixXf a = exact.project(e, {0, 1, 2, 3}),
                          b = randomized.project(e, {0, 1, 2, 3});
        QVERIFY(maxAbs(a - b) < 1e-4 * maxAbs(a));
    }

    void pointsOnALine_data() {
        QTest::addColumn<PcaSolver>("solver");
        QTest::addColumn<bool>("spherize");
        QTest::addColumn<double>("variance");  // along the line
        QTest::addColumn<float>("firstRow");   // the first row's coordinate on component 1
        // Rows (t, 2t), t = 1..5: the mean is (3, 6); the line's direction u = (1, 2)/√5; the
        // coordinates are (t − 3)·√5, variance 2.5·5. Spherized: the centred rows become −u, −u,
        // 0 (the mean row stays zero), u, u; their mean is 0 and their variance 4/4.
        const float root5 = std::sqrt(5.0f);
        QTest::newRow("exact") << PcaSolver::Exact << false << 12.5 << -2 * root5;
        QTest::newRow("randomized") << PcaSolver::Randomized << false << 12.5 << -2 * root5;
        QTest::newRow("exact, spherized") << PcaSolver::Exact << true << 1.0 << -1.0f;
        QTest::newRow("randomized, spherized") << PcaSolver::Randomized << true << 1.0 << -1.0f;
    }
    void pointsOnALine() {
        QFETCH(PcaSolver, solver);
        QFETCH(bool, spherize);
        QFETCH(double, variance);
        QFETCH(float, firstRow);
        RowMatrixXf x(5, 2);
        x << 1, 2, 2, 4, 3, 6, 4, 8, 5, 10;
        const Embedding e = makeEmbedding(x);
        const PcaResult r = fit(e, 2, solver, spherize);
        QVERIFY(std::abs(r.explainedVarianceRatio[0] - 1) < 1e-6);
        QVERIFY(std::abs(r.explainedVarianceRatio[1]) < 1e-6);
        QVERIFY(std::abs(r.explainedVariance[0] - variance) < 1e-5 * variance);
        QVERIFY(std::abs(r.totalVariance - variance) < 1e-5 * variance);
        QVERIFY(std::abs(r.components(0, 0) - 1 / std::sqrt(5.0f)) < 1e-6);
        QVERIFY(std::abs(r.components(0, 1) - 2 / std::sqrt(5.0f)) < 1e-6);
        const RowMatrixXf p = r.project(e, {0});
        QVERIFY2(std::abs(p(0, 0) - firstRow) < 1e-5, qPrintable(QString::number(p(0, 0))));
        QVERIFY(std::abs(p(2, 0)) < 1e-5);  // the mean row
        QVERIFY(std::abs(p(4, 0) + firstRow) < 1e-5);
    }

    // Issue 10 item 5: finite values whose squares overflow float. Rows (1e20, 0), (0, 1), (0, 0):
    // the covariance is [[1e40/3, −1e20/6], [−1e20/6, 1/3]] (by hand), so component 1 is the x
    // axis with variance 1e40/3 and a ratio of 1 − 7.5e−41; the first row's coordinate is
    // 1e20 − 1e20/3. Rows (3e38, 0), (−3e38, 1), (0, 0): variance (2·9e76)/2 = 9e76 along x.
    // Before, the first gave ratios [0, 0] with the small axis first, the second "the
    // eigen-decomposition did not converge".
    void hugeValues_data() {
        QTest::addColumn<PcaSolver>("solver");
        QTest::addColumn<float>("big");
        QTest::addColumn<double>("variance");
        QTest::addColumn<double>("firstRow");
        for (PcaSolver solver : {PcaSolver::Exact, PcaSolver::Randomized}) {
            const char* name = solver == PcaSolver::Exact ? "exact" : "randomized";
            QTest::newRow((std::string(name) + ", 1e20").c_str())
                << solver << 1e20f << 1e40 / 3 << 1e20 * 2 / 3;
            QTest::newRow((std::string(name) + ", ±3e38").c_str())
                << solver << 3e38f << 9e76 << 3e38;
        }
    }
    void hugeValues() {
        QFETCH(PcaSolver, solver);
        QFETCH(float, big);
        QFETCH(double, variance);
        QFETCH(double, firstRow);
        RowMatrixXf x(3, 2);
        x << big, 0, (big > 1e30f ? -big : 0.0f), 1, 0, 0;
        const Embedding e = makeEmbedding(x);
        const PcaResult r = fit(e, 2, solver);
        QVERIFY2(std::abs(r.explainedVarianceRatio[0] - 1) < 1e-6,
                 qPrintable(QString::number(r.explainedVarianceRatio[0])));
        QVERIFY(std::abs(r.explainedVarianceRatio[1]) < 1e-30);
        QVERIFY2(std::abs(r.explainedVariance[0] - variance) < 1e-5 * variance,
                 qPrintable(QString::number(r.explainedVariance[0])));
        QVERIFY(std::abs(r.components(0, 0) - 1) < 1e-6);
        QVERIFY(std::abs(r.components(0, 1)) < 1e-6);
        const RowMatrixXf p = r.project(e, {0});
        QVERIFY2(std::abs(p(0, 0) - firstRow) < 1e-5 * firstRow,
                 qPrintable(QString::number(p(0, 0))));
    }

    void spherizeIgnoresDistanceFromTheMean_data() {
        QTest::addColumn<PcaSolver>("solver");
        QTest::newRow("exact") << PcaSolver::Exact;
        QTest::newRow("randomized") << PcaSolver::Randomized;
    }
    void spherizeIgnoresDistanceFromTheMean() {
        // Rows in pairs μ ± v_i, then the same with each v_i scaled by its own factor: the mean
        // stays μ and every row keeps its direction from it, so spherized PCA must not change,
        // while plain PCA does.
        QFETCH(PcaSolver, solver);
        const RowMatrixXf v = spectrum(400, 8, {3, 2, 1}, 0.3, 5);
        std::mt19937_64 rng(9);
        std::uniform_real_distribution<float> factor(0.1f, 10.0f);
        const Eigen::RowVectorXf mu = Eigen::RowVectorXf::LinSpaced(8, -2, 5);
        RowMatrixXf a(800, 8), b(800, 8);
        for (Index i = 0; i < 400; ++i) {
            const float f = factor(rng);
            a.row(2 * i) = mu + v.row(i);
            a.row(2 * i + 1) = mu - v.row(i);
            b.row(2 * i) = mu + f * v.row(i);
            b.row(2 * i + 1) = mu - f * v.row(i);
        }
        const Embedding ea = makeEmbedding(a), eb = makeEmbedding(b);
        const PcaResult sa = fit(ea, 3, solver, true), sb = fit(eb, 3, solver, true);
        for (std::size_t i = 0; i < 3; ++i)
            QVERIFY(std::abs(sa.explainedVarianceRatio[i] - sb.explainedVarianceRatio[i]) < 1e-5);
        QVERIFY(maxAbs(sa.components - sb.components) < 1e-4);
        QVERIFY(maxAbs(sa.project(ea, {0, 1}) - sb.project(eb, {0, 1})) < 1e-4);
        const PcaResult pa = fit(ea, 3, solver, false), pb = fit(eb, 3, solver, false);
        QVERIFY(std::abs(pa.explainedVarianceRatio[0] - pb.explainedVarianceRatio[0]) > 1e-2);
    }

    void projectChoosesAxes_data() {
        QTest::addColumn<bool>("spherize");
        QTest::newRow("plain") << false;
        QTest::newRow("spherized") << true;
    }
    void projectChoosesAxes() {
        QFETCH(bool, spherize);
        const PcaResult r = fit(digits(), 5, PcaSolver::Exact, spherize);
        const RowMatrixXf all = r.project(digits(), {0, 1, 2, 3, 4});
        const RowMatrixXf picked = r.project(digits(), {4, 0, 2});
        QCOMPARE(picked.cols(), Index(3));
        QCOMPARE(picked.col(0), all.col(4));
        QCOMPARE(picked.col(1), all.col(0));
        QCOMPARE(picked.col(2), all.col(2));
        QCOMPARE(r.project(digits(), {}).cols(), Index(0));
        // Rows projected on their own give what they gave among all rows.
        const std::vector<std::size_t> rows{1796, 3, 1000};
        const RowMatrixXf some = r.project(digits().subset(rows), {0, 1, 2, 3, 4});
        for (Index i = 0; i < 3; ++i) QCOMPARE(some.row(i), all.row(Index(rows[i])));
    }

    void projectErrors_data() {
        QTest::addColumn<int>("dims");
        QTest::addColumn<QList<int>>("axes");
        QTest::addColumn<QString>("message");
        QTest::newRow("other dimension")
            << 63 << QList<int>{0}
            << "cannot project vectors of dimension 63 with a PCA fitted on dimension 64";
        QTest::newRow("component not computed")
            << 64 << QList<int>{0, 3} << "PCA component 4 was not computed (3 were)";
    }
    void projectErrors() {
        QFETCH(int, dims);
        QFETCH(QList<int>, axes);
        QFETCH(QString, message);
        const PcaResult r = fit(digits(), 3, PcaSolver::Exact);
        const Embedding e = makeEmbedding(RowMatrixXf::Ones(4, dims));
        std::vector<std::size_t> ax(axes.begin(), axes.end());
        try {
            r.project(e, ax);
            QFAIL("no error");
        } catch (const Error& err) {
            QCOMPARE(QString::fromStdString(err.message()), message);
        }
    }

    void errors_data() {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("dims");
        QTest::addColumn<int>("components");
        QTest::addColumn<QList<int>>("badRows");  // 0-based rows given a bad value in column 0
        QTest::addColumn<float>("badValue");
        QTest::addColumn<PcaSolver>("solver");
        QTest::addColumn<int>("powerIterations");
        QTest::addColumn<QString>("message");
        const float nan = std::numeric_limits<float>::quiet_NaN();
        const float inf = std::numeric_limits<float>::infinity();
        const auto ex = PcaSolver::Exact, ra = PcaSolver::Randomized;
        QTest::newRow("no rows") << 0 << 3 << 1 << QList<int>{} << 0.f << ex << 4
                                 << "PCA needs at least 2 rows, got 0";
        QTest::newRow("one row") << 1 << 3 << 1 << QList<int>{} << 0.f << ex << 4
                                 << "PCA needs at least 2 rows, got 1";
        QTest::newRow("no dimensions") << 5 << 0 << 1 << QList<int>{} << 0.f << ex << 4
                                       << "PCA needs vectors of at least 1 dimension";
        QTest::newRow("no components")
            << 5 << 3 << 0 << QList<int>{} << 0.f << ex << 4 << "PCA needs at least 1 component";
        QTest::newRow("more components than dimensions")
            << 10 << 4 << 5 << QList<int>{} << 0.f << ex << 4
            << "PCA cannot compute 5 components from 10 rows of dimension 4 (at most 4)";
        QTest::newRow("more components than rows")
            << 3 << 10 << 4 << QList<int>{} << 0.f << ra << 4
            << "PCA cannot compute 4 components from 3 rows of dimension 10 (at most 3)";
        QTest::newRow("NaN in row 17")
            << 40 << 5 << 2 << QList<int>{16} << nan << ex << 4 << "row 17 has a non-finite value";
        QTest::newRow("+inf in row 1")
            << 40 << 5 << 2 << QList<int>{0} << inf << ex << 4 << "row 1 has a non-finite value";
        QTest::newRow("-inf in the last row")
            << 40 << 5 << 2 << QList<int>{39} << -inf << ra << 4 << "row 40 has a non-finite value";
        QTest::newRow("two bad rows in one unit") << 40 << 5 << 2 << QList<int>{30, 6} << nan << ex
                                                  << 4 << "row 7 has a non-finite value";
        // 400 dimensions: units of 2560 rows, so these lie in the second and third.
        QTest::newRow("bad rows in later units")
            << 6000 << 400 << 2 << QList<int>{5900, 3000} << nan << ra << 4
            << "row 3001 has a non-finite value";
        // 20 000 rows: the first look samples 16 384 of them, rows i·20000/16384, which skips
        // row 6 (0-based 5); the solver's first pass meets the value, and the input is then
        // checked in a pass of its own.
        const auto kr = PcaSolver::Krylov, au = PcaSolver::Auto;
        QTest::newRow("NaN in a row the sample skips, exact")
            << 20000 << 5 << 2 << QList<int>{5} << nan << ex << 4 << "row 6 has a non-finite value";
        QTest::newRow("inf in a row the sample skips, Krylov")
            << 20000 << 5 << 2 << QList<int>{5} << inf << kr << 4 << "row 6 has a non-finite value";
        QTest::newRow("NaN in a row the sample skips, randomized")
            << 20000 << 5 << 2 << QList<int>{5} << nan << ra << 4 << "row 6 has a non-finite value";
        QTest::newRow("NaN in a row the sample skips, auto")
            << 20000 << 60 << 2 << QList<int>{5} << nan << au << 4 << "row 6 has a non-finite value";
        QTest::newRow("negative power iterations")
            << 40 << 5 << 2 << QList<int>{} << 0.f << ra << -1
            << "PCA power iterations must not be negative";
    }
    void errors() {
        QFETCH(int, rows);
        QFETCH(int, dims);
        QFETCH(int, components);
        QFETCH(QList<int>, badRows);
        QFETCH(float, badValue);
        QFETCH(PcaSolver, solver);
        QFETCH(int, powerIterations);
        QFETCH(QString, message);
        RowMatrixXf x(rows, dims);
        for (Index i = 0; i < x.size(); ++i) x.data()[i] = std::sin(0.37f * static_cast<float>(i));
        for (int r : badRows) x(r, 0) = badValue;
        PcaOptions o;
        o.components = static_cast<std::size_t>(components);
        o.solver = solver;
        o.powerIterations = powerIterations;
        try {
            fitPca(makeEmbedding(x), o);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.message()), message);
        }
    }

    void cancel_data() {
        QTest::addColumn<PcaSolver>("solver");
        QTest::addColumn<bool>("spherize");
        QTest::addColumn<QString>("stage");  // cancel as this stage starts; "" = before the call
        QTest::newRow("before the call") << PcaSolver::Exact << false << "";
        // The mean has a pass of its own only when spherizing (or for values the sample does
        // not show); otherwise the solver's first pass measures it.
        QTest::newRow("mean") << PcaSolver::Exact << true << "PCA: mean";
        QTest::newRow("spherize") << PcaSolver::Randomized << true << "PCA: spherize";
        QTest::newRow("covariance") << PcaSolver::Exact << false << "PCA: covariance";
        QTest::newRow("eigen-decomposition")
            << PcaSolver::Exact << false << "PCA: eigen-decomposition";
        QTest::newRow("first randomized pass")
            << PcaSolver::Randomized << false << "PCA: randomized pass 1 of 6";
        QTest::newRow("third randomized pass")
            << PcaSolver::Randomized << false << "PCA: randomized pass 3 of 6";
        QTest::newRow("second Krylov pass") << PcaSolver::Krylov << false << "PCA: Krylov pass 2";
    }
    void cancel() {
        QFETCH(PcaSolver, solver);
        QFETCH(bool, spherize);
        QFETCH(QString, stage);
        // Krylov starts from the leading directions of up to 16 384 rows: on these 6 000 its
        // first pass would already converge, so it gets a slow decay over more rows.
        std::vector<double> slow;
        for (int i = 0; i < 80; ++i) slow.push_back(10 * std::pow(0.95, i));
        const Embedding e = makeEmbedding(solver == PcaSolver::Krylov
                                              ? spectrum(40000, 80, slow, 0.0, 3)
                                              : spectrum(6000, 20, {3, 2}, 1.0, 3));
        QStringList stages;
        Progress* self = nullptr;
        Progress progress([&](double, const std::string& s) {
            const QString name = QString::fromStdString(s);
            if (stages.isEmpty() || stages.last() != name) stages << name;
            if (name == stage) self->cancel();
        });
        self = &progress;
        if (stage.isEmpty()) progress.cancel();
        PcaOptions o;
        o.solver = solver;
        o.spherize = spherize;
        QVERIFY_THROWS_EXCEPTION(Cancelled, fitPca(e, o, progress));
        // Nothing started after the stage that was cancelled.
        if (stage.isEmpty())
            QVERIFY(stages.isEmpty());
        else
            QCOMPARE(stages.last(), stage);
    }

    void threadCountDoesNotChangeResults_data() {
        QTest::addColumn<PcaSolver>("solver");
        QTest::addColumn<bool>("spherize");
        QTest::newRow("exact") << PcaSolver::Exact << false;
        QTest::newRow("exact, spherized") << PcaSolver::Exact << true;
        QTest::newRow("randomized") << PcaSolver::Randomized << false;
        QTest::newRow("randomized, spherized") << PcaSolver::Randomized << true;
        QTest::newRow("krylov") << PcaSolver::Krylov << false;
        QTest::newRow("krylov, spherized") << PcaSolver::Krylov << true;
    }
    void threadCountDoesNotChangeResults() {
        QFETCH(PcaSolver, solver);
        QFETCH(bool, spherize);
        // 30 000 rows of 50: four units of 8192 rows for every pass.
        const Embedding e = makeEmbedding(spectrum(30000, 50, {5, 4, 3, 2}, 1.0, 21, 2.0f));
        const int before = omp_get_max_threads();
        omp_set_num_threads(1);
        const PcaResult one = fit(e, 4, solver, spherize);
        omp_set_num_threads(3);
        const PcaResult three = fit(e, 4, solver, spherize);
        omp_set_num_threads(before);
        QCOMPARE(three.components, one.components);
        QCOMPARE(three.mean, one.mean);
        QCOMPARE(three.totalVariance, one.totalVariance);
        QCOMPARE(three.explainedVariance, one.explainedVariance);
        QCOMPARE(three.project(e, {0, 1}), one.project(e, {0, 1}));
    }

    // The solvers start from the mean of sampled rows and measure the exact mean in their first
    // pass (the rows i·20000/16384 of 20 000 are sampled). Here the rows the sample skips lie
    // 50 away from the others, so the sampled mean is far off; every result must still be
    // that of float64 PCA on the data. With an offset of 0.2 the centre is short next to the
    // spread and the passes centre inside their products; with 10 000 they must centre the rows
    // first (inside the products the float rounding of values near 10 000 swamps the spread).
    void sampledCentreIsCorrected_data() {
        QTest::addColumn<PcaSolver>("solver");
        QTest::addColumn<float>("offset");
        for (float offset : {0.2f, 10000.0f}) {
            const std::string at = ", offset " + std::to_string(offset);
            QTest::newRow(("exact" + at).c_str()) << PcaSolver::Exact << offset;
            QTest::newRow(("Krylov" + at).c_str()) << PcaSolver::Krylov << offset;
            QTest::newRow(("randomized" + at).c_str()) << PcaSolver::Randomized << offset;
        }
    }
    void sampledCentreIsCorrected() {
        QFETCH(PcaSolver, solver);
        QFETCH(float, offset);
        const Index n = 20000, m = 16384;
        RowMatrixXf x = spectrum(n, 24, {6, 4, 3, 2}, 0.5, 21, offset);
        std::vector<bool> sampled(static_cast<std::size_t>(n), false);
        for (Index i = 0; i < m; ++i) sampled[static_cast<std::size_t>(i * n / m)] = true;
        for (Index r = 0; r < n; ++r)
            if (!sampled[static_cast<std::size_t>(r)]) x.row(r).array() += 50.0f;
        const Embedding e = makeEmbedding(x);
        const PcaResult r = fit(e, 3, solver);

        Eigen::MatrixXd centred = x.cast<double>();
        const Eigen::RowVectorXd mean = centred.colwise().mean();
        centred.rowwise() -= mean;
        const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(centred.transpose() * centred);
        const double total = es.eigenvalues().sum();
        // The mean is a float: within a few of its units in the last place.
        const double ulps = 4 * std::ldexp(1.0, std::ilogb(offset + 60.0f) - 23);
        QVERIFY((r.mean.cast<double>().transpose() - mean).cwiseAbs().maxCoeff() < ulps);
        QCOMPARE(r.inputMean, r.mean);
        QVERIFY(std::abs(r.totalVariance - total / (n - 1)) < 1e-5 * r.totalVariance);
        for (Index i = 0; i < 3; ++i) {
            const Eigen::VectorXd u = es.eigenvectors().col(x.cols() - 1 - i);
            const double ratio = es.eigenvalues()[x.cols() - 1 - i] / total;
            QVERIFY2(std::abs(r.explainedVarianceRatio[static_cast<std::size_t>(i)] - ratio) < 1e-6,
                     qPrintable(QString::number(r.explainedVarianceRatio[static_cast<std::size_t>(i)] - ratio)));
            QVERIFY(std::abs(std::abs(r.components.row(i).cast<double>().dot(u)) - 1) < 1e-5);
        }
        // Projections are centred on the true mean (to its float rounding along √24 columns):
        // each coordinate sums to zero over the rows.
        const RowMatrixXf p = r.project(e, {0, 1, 2});
        for (Index a = 0; a < 3; ++a)
            QVERIFY(std::abs(p.col(a).cast<double>().sum()) / n < 5 * ulps);
    }

    // A value whose square overflows float in a row the sample skips: the first pass overflows,
    // and PCA measures the input and scales it, as when the sample shows the value.
    void hugeValueTheSampleSkips() {
        const Index n = 20000;
        RowMatrixXf x = spectrum(n, 6, {3, 2}, 0.5, 4);
        x(5, 0) = 1e25f;  // row 5 is not among rows i·20000/16384
        const Embedding e = makeEmbedding(x);
        for (PcaSolver solver : {PcaSolver::Exact, PcaSolver::Krylov}) {
            const PcaResult r = fit(e, 2, solver);
            QVERIFY(r.inputScale < 1.0f);
            // Nearly all the variance lies along x: (1e25)²·(1/n)(1 − 1/n)·n/(n − 1) = 1e50/n.
            QVERIFY2(std::abs(r.explainedVariance[0] / (1e50 / n) - 1) < 1e-4,
                     qPrintable(QString::number(r.explainedVariance[0])));
            QVERIFY(std::abs(r.components(0, 0) - 1) < 1e-6);
        }
    }

    // Auto weighs a Krylov run by the sample's spectrum: with a gap after 10 strong directions
    // it converges in a few passes; with none (noise) it would not, and the covariance is
    // cheaper.
    void autoWeighsTheSpectrum() {
        const std::vector<double> strong(10, 10.0);
        const Embedding gap = makeEmbedding(spectrum(20000, 300, strong, 1.0, 8));
        const PcaResult krylov = fit(gap, 3, PcaSolver::Auto);
        QCOMPARE(krylov.solverUsed, PcaSolver::Krylov);
        QVERIFY(krylov.converged);
        QVERIFY2(krylov.solverPasses <= 3, qPrintable(QString::number(krylov.solverPasses)));
        const Embedding flat = makeEmbedding(spectrum(20000, 300, {}, 1.0, 8));
        const PcaResult exact = fit(flat, 3, PcaSolver::Auto);
        QCOMPARE(exact.solverUsed, PcaSolver::Exact);
        QCOMPARE(exact.solverPasses, 1);
    }

    void autoPicksSolver_data() {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("dims");
        QTest::addColumn<int>("components");
        QTest::addColumn<PcaSolver>("expected");
        QTest::newRow("digits-sized: under 10^6 values") << 1797 << 64 << 3 << PcaSolver::Exact;
        QTest::newRow("20000 x 60: the covariance is cheap")
            << 20000 << 60 << 3 << PcaSolver::Exact;
        QTest::newRow("20000 x 100, 90 components: l = D")
            << 20000 << 100 << 90 << PcaSolver::Exact;
        QTest::newRow("2000 x 1000, 3 components: the eigen-decomposition is dear")
            << 2000 << 1000 << 3 << PcaSolver::Krylov;
        QTest::newRow("300 x 5000: D > 4096") << 300 << 5000 << 3 << PcaSolver::Randomized;
    }
    void autoPicksSolver() {
        QFETCH(int, rows);
        QFETCH(int, dims);
        QFETCH(int, components);
        QFETCH(PcaSolver, expected);
        const Embedding e = makeEmbedding(RowMatrixXf::Random(rows, dims));
        QCOMPARE(fit(e, static_cast<std::size_t>(components), PcaSolver::Auto).solverUsed,
                 expected);
    }
};

QTEST_APPLESS_MAIN(TestPca)
#include "tst_pca.moc"
