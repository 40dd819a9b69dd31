// Where a debiasing preview's words land in a layout (DebiasPlacement.h): through the axis
// projection and PCA exactly, and by the kNN placement for maps without a formula (t-SNE).
#include <QTest>
#include <cmath>
#include <random>

#include "Error.h"
#include "TestSupport.h"
#include "analysis/DebiasPlacement.h"

using namespace embedscope;

namespace {

constexpr std::size_t kDims = 12;

/// Gendered pairs m_i/f_i = base_i ± α g, neutral words w_i with a share of g, and fillers.
struct Space {
    Embedding embedding;
    Eigen::VectorXf g;
};

Space space() {
    std::mt19937 rng(11);
    std::normal_distribution<float> n;
    Space s;
    s.g = Eigen::VectorXf::Zero(kDims);
    s.g[0] = 1;
    std::vector<std::string> labels;
    std::vector<float> values;
    const auto add = [&](const std::string& label, Eigen::VectorXf v) {
        labels.push_back(label);
        values.insert(values.end(), v.data(), v.data() + v.size());
    };
    const auto random = [&] {
        Eigen::VectorXf v(kDims);
        for (auto& x : v) x = n(rng);
        return v;
    };
    for (int i = 0; i < 4; ++i) {
        Eigen::VectorXf base = random();
        base[0] = 0.3f * float(i) - 0.4f;  // pairs not centred on g = 0, so equalize moves them
        add("m" + std::to_string(i), base + (0.8f + 0.1f * float(i)) * s.g);
        add("f" + std::to_string(i), base - (0.5f + 0.2f * float(i)) * s.g);
    }
    for (int i = 0; i < 6; ++i) add("w" + std::to_string(i), random() + float(i - 2) * s.g);
    for (int i = 0; i < 30; ++i) add("x" + std::to_string(i), random() * (1 + 0.1f * float(i)));
    s.embedding = Embedding(labels, values, kDims);
    return s;
}

RowMatrixXf rowsOf(const RowMatrixXf& layout, const std::vector<std::size_t>& rows) {
    RowMatrixXf out(Eigen::Index(rows.size()), layout.cols());
    for (std::size_t i = 0; i < rows.size(); ++i)
        out.row(Eigen::Index(i)) = layout.row(Eigen::Index(rows[i]));
    return out;
}

const std::vector<std::string> kNeutral{"w0", "w1", "w2", "w3", "w4", "w5"};
const std::vector<WordPair> kPairs{{"m0", "f0"}, {"m1", "f1"}, {"m2", "f2"}, {"m3", "f3"}};

}  // namespace

class TestDebiasPlacement : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { testsupport::applyTestLocale(); }

    void axisProjectionOnTheBiasDirection() {
        // The first axis is the bias direction: a neutralized word has no share of it, so it
        // lands at 0 on that axis; an equalized pair lands mirrored about 0 on it, level on the
        // other (the pair shares everything but its g component).
        const Space s = space();
        const UnitRows rows(s.embedding);
        const AxisProjection p =
            projectOnAxes(rows, {SemanticAxis::fromDirection("g", s.g)}, 2);
        const VectorPlacement place = axisPlacement(p);

        const DebiasPreview n = neutralizePreview(rows, s.g, kNeutral);
        const RowMatrixXf moved = debiasedPositions(n, rowsOf(p.coordinates, n.rows), place);
        QCOMPARE(moved.rows(), Eigen::Index(6));
        float farthest = 0;  // they started well off the axis's zero
        for (Eigen::Index i = 0; i < moved.rows(); ++i) {
            QVERIFY2(std::abs(moved(i, 0)) < 1e-5f, n.words[std::size_t(i)].c_str());
            farthest = std::max(farthest, std::abs(p.coordinates(Eigen::Index(n.rows[std::size_t(i)]), 0)));
        }
        QVERIFY(farthest > 0.3f);

        const DebiasPreview e = equalizePreview(rows, s.g, kPairs);
        const RowMatrixXf eq = debiasedPositions(e, rowsOf(p.coordinates, e.rows), place);
        QCOMPARE(eq.rows(), Eigen::Index(8));
        float asymmetry = 0;  // before: the pairs were not mirrored
        for (Eigen::Index i = 0; i < 8; i += 2) {
            QVERIFY(eq(i, 0) > 0.1f);  // the male word stays on its side
            QVERIFY(std::abs(eq(i, 0) + eq(i + 1, 0)) < 1e-5f);
            QVERIFY(std::abs(eq(i, 1) - eq(i + 1, 1)) < 1e-5f);
            asymmetry += std::abs(p.coordinates(Eigen::Index(e.rows[std::size_t(i)]), 0) +
                                  p.coordinates(Eigen::Index(e.rows[std::size_t(i) + 1]), 0));
        }
        QVERIFY(asymmetry > 0.1f);
    }

    void pcaPlacesByItsAffineMap() {
        const Space s = space();
        const UnitRows rows(s.embedding);
        PcaOptions options;
        options.components = 3;
        const PcaResult pca = fitPca(s.embedding, options);
        const std::vector<std::size_t> axes{1, 0};
        const RowMatrixXf layout = pca.project(s.embedding, axes);
        const DebiasPreview n = neutralizePreview(rows, s.g, kNeutral);
        const RowMatrixXf moved =
            debiasedPositions(n, rowsOf(layout, n.rows), pcaPlacement(pca, axes));
        // The reference: (x − μ) · component, by hand in double.
        for (Eigen::Index i = 0; i < moved.rows(); ++i)
            for (Eigen::Index a = 0; a < 2; ++a) {
                const double want = (n.after.row(i).cast<double>() - pca.mean.transpose().cast<double>())
                                        .dot(pca.components.row(Eigen::Index(axes[std::size_t(a)])).cast<double>());
                QVERIFY(std::abs(moved(i, a) - want) < 1e-4 * (1 + std::abs(want)));
            }
    }

    void neighbourPlacementInterpolates() {
        // Five rows on a plane, drawn at known places.
        const Embedding e({"a", "b", "c", "d", "e"},
                          {0, 0, 1, 1, 0, 0, 0, 1, 0, -1, 0, 0, 0, -1, 0}, 3);
        RowMatrixXf layout(5, 2);
        layout << 0, 0, 10, 0, 0, 10, -10, 0, 0, -10;
        const VectorPlacement one = neighbourPlacement(e, layout, 1);
        RowMatrixXf v(3, 3);
        v << 0, 2, 0,  // the direction of c: lands on c
            1, 1, 0,   // between b and c, equally similar: k = 2 gives their mean
            0, 0, 0;   // a zero vector: the layout's mean
        RowMatrixXf at = one(v);
        QCOMPARE(at(0, 0), 0.0f);
        QCOMPARE(at(0, 1), 10.0f);
        QCOMPARE(at(1, 0), 10.0f);  // the tie goes to the earlier row, b
        QCOMPARE(at(2, 0), 0.0f);
        QCOMPARE(at(2, 1), 0.0f);
        at = neighbourPlacement(e, layout, 2)(v);
        QVERIFY(std::abs(at(1, 0) - 5) < 1e-5f && std::abs(at(1, 1) - 5) < 1e-5f);
        // Weighted by cosine: (1, 0.5, 0) has cos 0.894 with b, 0.447 with c.
        RowMatrixXf w(1, 3);
        w << 1, 0.5f, 0;
        at = neighbourPlacement(e, layout, 2)(w);
        QVERIFY(std::abs(at(0, 0) - 10 * 2.0f / 3) < 1e-4f);
        QVERIFY(std::abs(at(0, 1) - 10 * 1.0f / 3) < 1e-4f);
        QVERIFY_THROWS_EXCEPTION(Error, neighbourPlacement(e, RowMatrixXf(4, 2), 1));
        QVERIFY_THROWS_EXCEPTION(Error, one(RowMatrixXf::Ones(1, 4)));
    }

    void aWordThatDoesNotChangeDoesNotMove() {
        // kNN placement of before and after: equal vectors give no displacement, wherever the
        // word is drawn.
        const Space s = space();
        const UnitRows rows(s.embedding);
        RowMatrixXf layout(Eigen::Index(s.embedding.rows()), 2);
        for (Eigen::Index i = 0; i < layout.rows(); ++i) layout.row(i) << float(i), float(i % 7);
        DebiasPreview n = neutralizePreview(rows, s.g, kNeutral);
        n.after.row(3) = n.before.row(3);
        const RowMatrixXf start = rowsOf(layout, n.rows);
        const RowMatrixXf moved =
            debiasedPositions(n, start, neighbourPlacement(s.embedding, layout, 10));
        QCOMPARE(moved.row(3), start.row(3));
        QVERIFY((moved.row(0) - start.row(0)).norm() > 0);
        QVERIFY_THROWS_EXCEPTION(Error, debiasedPositions(n, RowMatrixXf(2, 2),
                                                          neighbourPlacement(s.embedding, layout, 10)));
        QVERIFY_THROWS_EXCEPTION(Error, debiasedPositions(n, RowMatrixXf(6, 3),
                                                          neighbourPlacement(s.embedding, layout, 10)));
    }
};

QTEST_APPLESS_MAIN(TestDebiasPlacement)
#include "tst_debiasplacement.moc"
