// The block Krylov PCA solver against the exact one: on data with a clear spectral gap and on data
// whose spectrum decays slowly, its explained variances and components agree with the exact
// solver's to the bounds below, it stops before its blocks span the whole space, and a pass limit
// that is too small is reported as not converged. (Its agreement with scikit-learn on the digits,
// its invariants, cancellation and thread-count independence are in tst_pca with the others.)
#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <QTest>
#include <cmath>
#include <random>

#include "Error.h"
#include "SpectrumData.h"
#include "TestSupport.h"
#include "project/Pca.h"

using namespace embedscope;
using Eigen::Index;

namespace {

Embedding makeEmbedding(const RowMatrixXf& x) {
    std::vector<std::string> labels;
    for (Index i = 0; i < x.rows(); ++i) labels.push_back("r" + std::to_string(i));
    return {std::move(labels), std::vector<float>(x.data(), x.data() + x.size()),
            static_cast<std::size_t>(x.cols())};
}

/// Standard deviations decaying by `factor` per direction over all d directions.
std::vector<double> geometric(Index d, double first, double factor) {
    std::vector<double> sd;
    for (Index i = 0; i < d; ++i) sd.push_back(first * std::pow(factor, static_cast<double>(i)));
    return sd;
}

PcaResult fit(const Embedding& e, std::size_t k, PcaSolver solver, bool spherize = false,
              int passes = 30) {
    PcaOptions o;
    o.components = k;
    o.solver = solver;
    o.spherize = spherize;
    o.krylovPasses = passes;
    return fitPca(e, o);
}

/// The sine of the largest principal angle between the spans of two sets of orthonormal rows.
double subspaceAngle(const RowMatrixXf& a, const RowMatrixXf& b) {
    const Eigen::MatrixXd p = a.cast<double>(), q = b.cast<double>();
    const Eigen::MatrixXd outside = q - q * p.transpose() * p;  // q's rows minus their part in span(p)
    return outside.rowwise().norm().maxCoeff();
}

}  // namespace

class TestPcaKrylov : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { testsupport::applyTestLocale(); }

    void agreesWithExact_data() {
        QTest::addColumn<QString>("data");
        QTest::addColumn<int>("components");
        QTest::addColumn<bool>("spherize");
        QTest::addColumn<double>("ratioTolerance");      // absolute, on ratios
        QTest::addColumn<double>("componentTolerance");  // absolute, per loading
        // Four strong directions, then a gap of 20× to the noise floor.
        QTest::newRow("gap, 3") << "gap" << 3 << false << 1e-8 << 1e-5;
        QTest::newRow("gap, spherized, 3") << "gap" << 3 << true << 1e-8 << 1e-5;
        // Variances falling by 10% per direction over all 120: no gap anywhere (3 passes). The
        // stop on residuals ≤ 1e-5·θ₁ bounds a component's angle by 1e-5·θ₁/(θ₃ − θ₄), here
        // 1.2e-4. Measured: ratios within ~1e-9, loadings within 1.3e-5 (3) and 1e-7 (10).
        QTest::newRow("slow decay, 3") << "slow" << 3 << false << 1e-8 << 1.2e-4;
        QTest::newRow("slow decay, 10") << "slow" << 10 << false << 1e-8 << 1e-5;
    }
    void agreesWithExact() {
        QFETCH(QString, data);
        QFETCH(int, components);
        QFETCH(bool, spherize);
        QFETCH(double, ratioTolerance);
        QFETCH(double, componentTolerance);
        static const Embedding gap =
            makeEmbedding(spectrum(20000, 120, {40, 30, 20, 10}, 0.5, 11, 50.0f));
        static const Embedding slow =
            makeEmbedding(spectrum(20000, 120, geometric(120, 10, std::sqrt(0.9)), 0.0, 12, 3.0f));
        const Embedding& e = data == "gap" ? gap : slow;
        const auto k = static_cast<std::size_t>(components);
        const PcaResult exact = fit(e, k, PcaSolver::Exact, spherize);
        const PcaResult krylov = fit(e, k, PcaSolver::Krylov, spherize);
        QCOMPARE(krylov.solverUsed, PcaSolver::Krylov);
        QVERIFY(krylov.converged);
        // It stopped on its residuals, long before its blocks spanned all 120 dimensions.
        QVERIFY2(krylov.solverPasses * 16 < 120, qPrintable(QString::number(krylov.solverPasses)));
        QVERIFY(std::abs(krylov.totalVariance - exact.totalVariance) <
                1e-6 * exact.totalVariance);
        for (std::size_t i = 0; i < k; ++i)
            QVERIFY2(std::abs(exact.explainedVarianceRatio[i] - krylov.explainedVarianceRatio[i]) <
                         ratioTolerance,
                     qPrintable(QString("ratio %1: %2 vs %3")
                                    .arg(i)
                                    .arg(krylov.explainedVarianceRatio[i], 0, 'g', 12)
                                    .arg(exact.explainedVarianceRatio[i], 0, 'g', 12)));
        const double loadings = (exact.components - krylov.components).cwiseAbs().maxCoeff();
        QVERIFY2(loadings < componentTolerance, qPrintable(QString::number(loadings)));
        const double angle = subspaceAngle(exact.components, krylov.components);
        QVERIFY2(angle < componentTolerance, qPrintable(QString::number(angle)));
        QCOMPARE(krylov.mean, exact.mean);
    }

    void tooFewPassesIsReported() {
        // One pass from a start taken from a sample (16 384 of the 40 000 rows): on a slow decay
        // the sample's directions are too rough for one pass to converge.
        const Embedding e =
            makeEmbedding(spectrum(40000, 80, geometric(80, 10, std::sqrt(0.9)), 0.0, 13, 0.0f));
        const PcaResult one = fit(e, 3, PcaSolver::Krylov, false, 1);
        QCOMPARE(one.solverPasses, 1);
        QVERIFY(!one.converged);
        // Still a valid result: orthonormal components, variances within the total.
        const Eigen::MatrixXf gram = one.components * one.components.transpose();
        QVERIFY((gram - Eigen::MatrixXf::Identity(3, 3)).cwiseAbs().maxCoeff() < 1e-5);
        QVERIFY(one.explainedVariance[0] <= one.totalVariance);
        const PcaResult enough = fit(e, 3, PcaSolver::Krylov);
        QVERIFY(enough.converged);
        QVERIFY(enough.solverPasses > 1);
    }

    void sampleStartSavesPasses() {
        // Ten strong directions of nearly equal variance, then a gap: from a Gaussian start the
        // 3 leading ones took 5 passes on such data (README). The start from a sample of the
        // rows already holds the ten closely, so the first block's residuals are small.
        std::vector<double> sd;
        for (int i = 0; i < 10; ++i) sd.push_back(10.0 - 0.2 * i);
        const Embedding e = makeEmbedding(spectrum(60000, 120, sd, 1.0, 17, 2.0f));
        const PcaResult exact = fit(e, 3, PcaSolver::Exact);
        const PcaResult krylov = fit(e, 3, PcaSolver::Krylov);
        QVERIFY(krylov.converged);
        QVERIFY2(krylov.solverPasses <= 2, qPrintable(QString::number(krylov.solverPasses)));
        for (std::size_t i = 0; i < 3; ++i)
            QVERIFY(std::abs(exact.explainedVarianceRatio[i] - krylov.explainedVarianceRatio[i]) <
                    1e-8);
        QVERIFY(subspaceAngle(exact.components, krylov.components) < 1e-5);
    }

    void directionNoSampledRowShows() {
        // The sample takes rows i·N/m, never the last two (N/m > 2 here). Those two alone carry
        // the largest variance, along one axis: the start's Gaussian columns let the passes
        // find it, and the first component is that axis.
        RowMatrixXf x = spectrum(40000, 120, geometric(120, 3, 0.97), 0.1, 18, 0.0f);
        const Index axis = 77, last = x.rows() - 1;
        x.row(last).setZero();
        x.row(last - 1).setZero();
        x(last, axis) = 4000.0f;
        x(last - 1, axis) = -4000.0f;
        const Embedding e = makeEmbedding(x);
        const PcaResult exact = fit(e, 3, PcaSolver::Exact);
        const PcaResult krylov = fit(e, 3, PcaSolver::Krylov);
        QVERIFY(krylov.converged);
        Index top = 0;
        krylov.components.row(0).cwiseAbs().maxCoeff(&top);
        QCOMPARE(top, axis);
        QVERIFY(std::abs(krylov.components(0, axis)) > 0.999f);
        // Against float64 PCA: both sum products of two rows of 4000 among small ones in float,
        // so each is within float's resolution of it (measured: 4e-9 exact, 3.4e-8 Krylov),
        // not of each other.
        Eigen::MatrixXd centred = x.cast<double>();
        centred.rowwise() -= centred.colwise().mean();
        const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(centred.transpose() * centred);
        const double total = es.eigenvalues().sum();
        for (std::size_t i = 0; i < 3; ++i) {
            const double ratio = es.eigenvalues()[x.cols() - 1 - static_cast<Index>(i)] / total;
            QVERIFY(std::abs(exact.explainedVarianceRatio[i] - ratio) < 1e-7);
            QVERIFY(std::abs(krylov.explainedVarianceRatio[i] - ratio) < 1e-7);
        }
    }

    void passLimitBelowOneIsAnError() {
        const Embedding e = makeEmbedding(spectrum(100, 5, {2, 1}, 0.1, 16, 0.0f));
        PcaOptions o;
        o.solver = PcaSolver::Krylov;
        o.krylovPasses = 0;
        try {
            fitPca(e, o);
            QFAIL("no error");
        } catch (const Error& error) {
            QCOMPARE(QString::fromStdString(error.message()),
                     QString("PCA Krylov passes must be at least 1"));
        }
    }

    void fullSpaceIsExact() {
        // 20 dimensions fit in the first block of 16 + 4: the second pass completes the space.
        const Embedding e = makeEmbedding(spectrum(3000, 20, geometric(20, 5, 0.99), 0.1, 14, 1.0f));
        const PcaResult exact = fit(e, 3, PcaSolver::Exact);
        const PcaResult krylov = fit(e, 3, PcaSolver::Krylov);
        QVERIFY(krylov.converged);
        QVERIFY(krylov.solverPasses <= 2);
        for (std::size_t i = 0; i < 3; ++i)
            QVERIFY(std::abs(exact.explainedVarianceRatio[i] - krylov.explainedVarianceRatio[i]) <
                    1e-6);
    }

    void rankDeficientData() {
        // Rows on a plane in 50 dimensions: the second block has nothing new, the Ritz pairs are
        // exact after it, and the third variance is zero.
        RowMatrixXf x(4000, 50);
        std::mt19937_64 rng(15);
        std::normal_distribution<float> g;
        Eigen::RowVectorXf a(50), b(50);
        for (Index j = 0; j < 50; ++j) a[j] = g(rng), b[j] = g(rng);
        for (Index r = 0; r < x.rows(); ++r) x.row(r) = 3 * g(rng) * a + g(rng) * b;
        const PcaResult krylov = fit(makeEmbedding(x), 3, PcaSolver::Krylov);
        QVERIFY(krylov.converged);
        QVERIFY(krylov.explainedVarianceRatio[0] + krylov.explainedVarianceRatio[1] > 1 - 1e-6);
        QVERIFY(krylov.explainedVarianceRatio[2] < 1e-6);
    }
};

QTEST_APPLESS_MAIN(TestPcaKrylov)
#include "tst_pca_krylov.moc"
