// Bias direction (Bolukbasi et al. 2016) on pairs built along a known direction, direct bias,
// and the neutralize / equalize preview (orthogonality, norms, nothing changed on the embedding).
#include <QTest>
#include <cmath>
#include <random>

#include "Error.h"
#include "TestSupport.h"
#include "analysis/AxisFormula.h"
#include "analysis/BiasDirection.h"
#include "analysis/Debias.h"
#include "analysis/WordLists.h"

using namespace embedscope;

namespace {

constexpr std::size_t kDims = 20;

Eigen::VectorXd randomUnit(std::mt19937& rng) {
    std::normal_distribution<double> g;
    Eigen::VectorXd v(kDims);
    for (auto& x : v) x = g(rng);
    return v.normalized();
}

/// Ten pairs (m_i, f_i) = base_i ± α_i g + noise, with base_i ⟂ g, and ten neutral words.
struct Planted {
    Embedding embedding;
    Eigen::VectorXd g;
    std::vector<WordPair> pairs;
};

Planted planted(double noise) {
    std::mt19937 rng(7);
    Planted p;
    p.g = randomUnit(rng);
    std::normal_distribution<double> n(0, noise);
    std::vector<std::string> labels;
    std::vector<float> values;
    const auto add = [&](const std::string& label, const Eigen::VectorXd& v) {
        labels.push_back(label);
        for (double x : v) values.push_back(float(x));
    };
    for (int i = 0; i < 10; ++i) {
        Eigen::VectorXd base = randomUnit(rng);
        base -= base.dot(p.g) * p.g;
        const double alpha = 0.3 + 0.05 * i;
        Eigen::VectorXd e1(kDims), e2(kDims);
        for (std::size_t j = 0; j < kDims; ++j)
            e1[Eigen::Index(j)] = n(rng), e2[Eigen::Index(j)] = n(rng);
        add("m" + std::to_string(i), base + alpha * p.g + e1);
        add("f" + std::to_string(i), base - alpha * p.g + e2);
        p.pairs.push_back({"m" + std::to_string(i), "f" + std::to_string(i)});
    }
    for (int i = 0; i < 10; ++i) add("w" + std::to_string(i), randomUnit(rng) * (1 + i));
    p.embedding = Embedding(labels, values, kDims);
    return p;
}

}  // namespace

class TestBias : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { testsupport::applyTestLocale(); }

    void recoversAPlantedDirection() {
        const Planted p = planted(0.02);
        const UnitRows rows(p.embedding);
        const WordLookup lookup(p.embedding);
        const BiasDirection b = fitBiasDirection(rows, lookup, p.pairs);
        QVERIFY2(b.direction.cast<double>().dot(p.g) > 0.99,
                 "direction not recovered (or pointing to the f side)");
        QVERIFY(std::abs(b.direction.norm() - 1) < 1e-6f);
        QVERIFY(b.explainedVarianceRatio > 0.9);
        QCOMPARE(b.used.size(), std::size_t(10));
        QVERIFY(b.skipped.empty());
        double sum = 0;
        for (std::size_t i = 0; i < b.varianceRatios.size(); ++i) {
            sum += b.varianceRatios[i];
            if (i) QVERIFY(b.varianceRatios[i - 1] >= b.varianceRatios[i]);
        }
        QVERIFY(sum <= 1 + 1e-9);
        // Swapping the pairs' order flips the orientation: the first words stay positive.
        std::vector<WordPair> swapped;
        for (const auto& [a, c] : p.pairs) swapped.push_back({c, a});
        QVERIFY(fitBiasDirection(rows, lookup, swapped).direction.cast<double>().dot(p.g) < -0.99);
    }

    void onePairIsItsDifference() {
        const Planted p = planted(0.3);
        const UnitRows rows(p.embedding);
        const WordLookup lookup(p.embedding);
        const BiasDirection b = fitBiasDirection(rows, lookup, {{"m3", "f3"}, {"m3", "nope"}});
        const Eigen::VectorXd want = (rows.unit(6) - rows.unit(7)).cast<double>().normalized();
        QVERIFY(b.direction.cast<double>().dot(want) > 1 - 1e-6);
        QVERIFY(std::abs(b.explainedVarianceRatio - 1) < 1e-9);
        QCOMPARE(b.skipped.size(), std::size_t(1));
        QCOMPARE(b.skipped[0].second, std::string("nope"));
    }

    void noUsablePairIsAnError() {
        const Planted p = planted(0.02);
        const UnitRows rows(p.embedding);
        const WordLookup lookup(p.embedding);
        try {
            fitBiasDirection(rows, lookup, {{"he", "she"}, {"m1", "her"}});
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(std::string(e.what()), std::string("no definitional pair has both words in "
                                                        "the vocabulary (missing: he, she, her)"));
        }
        QVERIFY_THROWS_EXCEPTION(Error, fitBiasDirection(rows, lookup, {}));
    }

    void directBiasIsTheMeanAbsoluteCosine() {
        // Words at known angles to the direction e1: cos = 0.6, −0.8, 0.
        Embedding e({"a", "b", "c", "zero"}, {0.6f, 0.8f, 0, -1.6f, 1.2f, 0, 0, 0, 5, 0, 0, 0}, 3);
        const UnitRows rows(e);
        const Eigen::VectorXf g = Eigen::Vector3f(2, 0, 0);
        const DirectBias one = directBias(rows, g, {"a", "b", "c", "nope", "zero"});
        QVERIFY(std::abs(one.value - (0.6 + 0.8 + 0) / 3) < 1e-6);
        QCOMPARE(one.missing, (std::vector<std::string>{"nope", "zero"}));
        QCOMPARE(one.words.size(), std::size_t(3));
        QVERIFY(std::abs(one.words[1].score + 0.8) < 1e-6);
        const DirectBias two = directBias(rows, g, {"a", "b", "c"}, 2);
        QVERIFY(std::abs(two.value - (0.36 + 0.64) / 3) < 1e-6);
        QVERIFY_THROWS_EXCEPTION(Error, directBias(rows, g, {"nope"}));
        QVERIFY_THROWS_EXCEPTION(Error, directBias(rows, Eigen::Vector3f::Zero(), {"a"}));
    }

    void neutralizeLeavesWordsOrthogonal() {
        const Planted p = planted(0.05);
        const UnitRows rows(p.embedding);
        const WordLookup lookup(p.embedding);
        const BiasDirection b = fitBiasDirection(rows, lookup, p.pairs);
        const std::vector<float> before(p.embedding.values().begin(), p.embedding.values().end());
        std::vector<std::string> words;
        for (int i = 0; i < 10; ++i) words.push_back("w" + std::to_string(i));
        words.push_back("missing");
        for (bool keepNorm : {true, false}) {
            const DebiasPreview n = neutralizePreview(rows, b.direction, words, keepNorm);
            QCOMPARE(n.rows.size(), std::size_t(10));
            QCOMPARE(n.missing, std::vector<std::string>{"missing"});
            for (Eigen::Index i = 0; i < 10; ++i) {
                const Eigen::VectorXd v = n.after.row(i).transpose().cast<double>();
                QVERIFY(std::abs(v.dot(b.direction.cast<double>())) < 1e-5 * v.norm());
                const double wantNorm = keepNorm ? double(rows.norm(n.rows[std::size_t(i)])) : 1.0;
                QVERIFY(std::abs(v.norm() - wantNorm) < 1e-5 * wantNorm);
                QCOMPARE(n.before.row(i),
                         p.embedding.matrix().row(Eigen::Index(n.rows[std::size_t(i)])));
            }
        }
        // The embedding itself is untouched.
        QVERIFY(std::equal(before.begin(), before.end(), p.embedding.values().begin()));
    }

    void equalizeMakesPairsSymmetric() {
        const Planted p = planted(0.05);
        const UnitRows rows(p.embedding);
        const WordLookup lookup(p.embedding);
        const Eigen::VectorXd g = fitBiasDirection(rows, lookup, p.pairs).direction.cast<double>();
        const DebiasPreview eq =
            equalizePreview(rows, g.cast<float>(), {{"m1", "f1"}, {"m2", "gone"}}, false);
        QCOMPARE(eq.rows.size(), std::size_t(2));
        QCOMPARE(eq.missing, std::vector<std::string>{"gone"});
        const Eigen::VectorXd a = eq.after.row(0).transpose().cast<double>(),
                              c = eq.after.row(1).transpose().cast<double>();
        QVERIFY(std::abs(a.norm() - 1) < 1e-6 && std::abs(c.norm() - 1) < 1e-6);
        QVERIFY(std::abs(a.dot(g) + c.dot(g)) < 1e-6);                     // opposite along g
        QVERIFY(((a - a.dot(g) * g) - (c - c.dot(g) * g)).norm() < 1e-6);  // same elsewhere
        QVERIFY(a.dot(g) > 0);                                             // m stays on the m side
        // Equidistant from any word orthogonal to g.
        const DebiasPreview n = neutralizePreview(rows, g.cast<float>(), {"w3"}, false);
        const Eigen::VectorXd w = n.after.row(0).transpose().cast<double>();
        QVERIFY(std::abs((a - w).norm() - (c - w).norm()) < 1e-6);
    }

    void shippedListsParse() {
        const std::string dir = std::string(EMBEDSCOPE_SOURCE_DIR) + "/resources/bias/";
        const auto pairs = readWordPairs(dir + "gender-pairs.tsv");
        QCOMPARE(pairs.size(), std::size_t(10));
        QCOMPARE(pairs.front(), (WordPair{"he", "she"}));
        QCOMPARE(readWordPairs(dir + "equalize-pairs.tsv").size(), std::size_t(20));
        QCOMPARE(readWordList(dir + "professions.txt").size(), std::size_t(147));
        QCOMPARE(readWordList(dir + "adjectives.txt").size(), std::size_t(78));
        // Axis presets: name TAB formula, every formula parses.
        const auto presets = readWordPairs(dir + "axes.tsv");
        QVERIFY(presets.size() >= 5);
        QCOMPARE(presets.front(), (WordPair{"he – she", "he - she"}));
        for (const auto& [name, formula] : presets)
            QVERIFY2(!AxisFormula::parse(formula).terms().empty(), name.c_str());
    }

    void wordListFilesReportBadLines() {
        QTemporaryDir dir;
        const std::string ok = testsupport::writeFile(
            dir, "ok.tsv", "\xEF\xBB\xBF# pairs\r\nhe\tshe\r\n\nJohn Mary  \n");
        QCOMPARE(readWordPairs(ok), (std::vector<WordPair>{{"he", "she"}, {"John", "Mary"}}));
        const std::string bad = testsupport::writeFile(dir, "bad.tsv", "he\tshe\nlonely\n");
        try {
            readWordPairs(bad);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(
                std::string(e.what()),
                bad + ":2: expected two words separated by a tab or a space, like 'he<TAB>she'");
        }
        QVERIFY_THROWS_EXCEPTION(Error, readWordList(dir.filePath("missing.txt").toStdString()));
        const std::string list = testsupport::writeFile(dir, "w.txt", "new york\n# no\n  café \n");
        QCOMPARE(readWordList(list), (std::vector<std::string>{"new york", "café"}));
    }
};

QTEST_APPLESS_MAIN(TestBias)
#include "tst_bias.moc"
