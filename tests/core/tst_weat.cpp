// WEAT (Caliskan et al. 2017) on constructed vectors: a known effect size, exact p-values equal to
// hand enumeration (ties included, unequal sizes), Monte-Carlo p seeded, reproducible on any thread
// count and within 0.01 of the exact value, missing words listed, empty sets refused.
#include "Omp.h"
#include <QTest>
#include <cmath>
#include <random>

#include "Error.h"
#include "TestSupport.h"
#include "analysis/Weat.h"
#include "analysis/WordLists.h"

using namespace embedscope;

namespace {

/// Words in the plane of A = {e1} and B = {e2} (3-D), each at the angle that gives the wanted
/// s(w, A, B) = cos θ − sin θ = √2 cos(θ + π/4); "a" = e1, "b" = e2.
Embedding plane(const std::vector<std::pair<std::string, double>>& words) {
    std::vector<std::string> labels{"a", "b"};
    std::vector<float> values{1, 0, 0, 0, 1, 0};
    for (const auto& [label, s] : words) {
        const double theta = std::acos(s / std::sqrt(2.0)) - M_PI / 4;
        labels.push_back(label);
        values.insert(values.end(), {float(std::cos(theta)), float(std::sin(theta)), 0.0f});
    }
    return Embedding(labels, values, 3);
}

WeatSets sets(std::vector<std::string> x, std::vector<std::string> y) {
    WeatSets s;
    s.x = std::move(x);
    s.y = std::move(y);
    s.a = {"a"};
    s.b = {"b"};
    return s;
}

Embedding randomWords(std::size_t targets, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> g;
    std::vector<std::string> labels;
    std::vector<float> values;
    for (std::size_t i = 0; i < targets + 8; ++i) {
        labels.push_back(i < targets ? "t" + std::to_string(i)
                                     : "attr" + std::to_string(i - targets));
        for (int j = 0; j < 10; ++j)
            values.push_back(g(rng) + (i < targets / 2 ? 0.15f : 0.0f) * float(j == 0));
    }
    return Embedding(labels, values, 10);
}

WeatSets randomSets(std::size_t targets) {
    WeatSets s;
    for (std::size_t i = 0; i < targets; ++i)
        (i < targets / 2 ? s.x : s.y).push_back("t" + std::to_string(i));
    for (int i = 0; i < 8; ++i) (i < 4 ? s.a : s.b).push_back("attr" + std::to_string(i));
    return s;
}

}  // namespace

class TestWeat : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { testsupport::applyTestLocale(); }

    void knownEffectSizeAndExactP() {
        // s: X = {0.5, 0.3}, Y = {−0.1, −0.3}. d = (0.4 − (−0.2)) / σ with the population σ of
        // {0.5, 0.3, −0.1, −0.3} = √0.1, so d = 6/√10. Splits of four into two: X sums 0.8 (the
        // observed), 0.4, 0.2, 0.2, 0, −0.4; one is ≥ 0.8, so p = 1/6.
        const Embedding e = plane({{"x1", 0.5}, {"x2", 0.3}, {"y1", -0.1}, {"y2", -0.3}});
        const UnitRows rows(e);
        const WeatResult r = runWeat(rows, sets({"x1", "x2"}, {"y1", "y2"}));
        QVERIFY2(std::abs(r.effectSize - 6 / std::sqrt(10.0)) < 1e-6,
                 std::to_string(r.effectSize).c_str());
        QVERIFY(r.exact);
        QCOMPARE(r.permutations, std::size_t(6));
        QCOMPARE(r.pValue, 1.0 / 6);
        QVERIFY(std::abs(r.statistic - 1.2) < 1e-6);  // 0.8 − (−0.4)
        QVERIFY(std::abs(r.associationsX[0] - 0.5) < 1e-6 &&
                std::abs(r.associationsY[1] + 0.3) < 1e-6);
        // Swapping X and Y flips d and makes the observed split the lowest: p = 6/6.
        const WeatResult swapped = runWeat(rows, sets({"y1", "y2"}, {"x1", "x2"}));
        QVERIFY(std::abs(swapped.effectSize + r.effectSize) < 1e-9);
        QCOMPARE(swapped.pValue, 1.0);
    }

    void tiesCountAsAtLeastAsExtreme() {
        // y1 is the same vector as x1, so the split {y1, x2} ties the observed {x1, x2}:
        // s = {0.5, 0.1 | 0.5, −0.3}; X sums 0.6 (observed), 1.0, 0.2, 0.6, −0.2, 0.2 → p = 3/6.
        const Embedding e = plane({{"x1", 0.5}, {"x2", 0.1}, {"y1", 0.5}, {"y2", -0.3}});
        const WeatResult r = runWeat(UnitRows(e), sets({"x1", "x2"}, {"y1", "y2"}));
        QCOMPARE(r.pValue, 0.5);
    }

    void unequalSizesKeepTheirSizes() {
        // X = {0.4, 0.2, 0}, Y = {0.6, −0.2}: 10 splits into 3 + 2; X sums ≥ 0.6 (observed):
        // {.4,.2,0}=.6, {.4,.2,.6}=1.2, {.4,0,.6}=1.0, {.2,0,.6}=.8, {.4,.6,−.2}=.8,
        // {.2,.6,−.2}=.6, {0,.6,−.2}=.4, {.4,.2,−.2}=.4, {.4,0,−.2}=.2, {.2,0,−.2}=0 → 6 of 10.
        const Embedding e =
            plane({{"x1", 0.4}, {"x2", 0.2}, {"x3", 0.0}, {"y1", 0.6}, {"y2", -0.2}});
        const WeatResult r = runWeat(UnitRows(e), sets({"x1", "x2", "x3"}, {"y1", "y2"}));
        QCOMPARE(r.permutations, std::size_t(10));
        QVERIFY2(std::abs(r.pValue - 0.6) < 1e-12, std::to_string(r.pValue).c_str());
        QCOMPARE(r.sizeX, std::size_t(3));
        QCOMPARE(r.sizeY, std::size_t(2));
        // d uses the population σ over all five: mean .2, σ = √(0.08) → d = (0.2 − 0.2)/σ = 0.
        QVERIFY(std::abs(r.effectSize) < 1e-6);
    }

    void monteCarloIsSeededAndNearExact() {
        const Embedding e = randomWords(16, 3);  // C(16, 8) = 12 870 splits
        const UnitRows rows(e);
        const WeatSets s = randomSets(16);
        const WeatResult exact = runWeat(rows, s);
        QVERIFY(exact.exact);
        QCOMPARE(exact.permutations, std::size_t(12870));
        WeatOptions mc;
        mc.method = WeatPValueMethod::MonteCarlo;
        mc.permutations = 100'000;
        mc.seed = 11;
        const WeatResult a = runWeat(rows, s, mc);
        QVERIFY(!a.exact);
        QCOMPARE(a.permutations, std::size_t(100'000));
        QVERIFY2(std::abs(a.pValue - exact.pValue) < 0.01,
                 (std::to_string(a.pValue) + " vs " + std::to_string(exact.pValue)).c_str());
        QCOMPARE(a.effectSize, exact.effectSize);
        // The same seed gives the same p on one thread as on several.
        const int threads = omp_get_max_threads();
        omp_set_num_threads(1);
        const WeatResult b = runWeat(rows, s, mc);
        omp_set_num_threads(std::max(2, threads));
        const WeatResult c = runWeat(rows, s, mc);
        omp_set_num_threads(threads);
        QCOMPARE(b.pValue, a.pValue);
        QCOMPARE(c.pValue, a.pValue);
        // p = (count + 1)/(R + 1): never 0.
        QVERIFY(a.pValue >= 1.0 / 100'001);
    }

    void autoSwitchesToMonteCarloAboveAMillion() {
        const Embedding e = randomWords(24, 5);  // C(24, 12) = 2 704 156 > 10⁶
        WeatOptions o;
        o.permutations = 2000;
        const WeatResult r = runWeat(UnitRows(e), randomSets(24), o);
        QVERIFY(!r.exact);
        QCOMPARE(r.permutations, std::size_t(2000));
        const double count = r.pValue * 2001 - 1;
        QVERIFY(std::abs(count - std::round(count)) < 1e-6);
        QCOMPARE(binomialCapped(24, 12, 10'000'000), std::uint64_t(2'704'156));
        QCOMPARE(binomialCapped(100, 50, 1'000'000), std::uint64_t(1'000'001));
    }

    void missingWordsAreListed() {
        const Embedding e = plane({{"x1", 0.5}, {"x2", 0.3}, {"y1", -0.1}, {"y2", -0.3}});
        WeatSets s = sets({"x1", "nope", "x2"}, {"y1", "y2", "gone"});
        s.b.push_back("also");
        const WeatResult r = runWeat(UnitRows(e), s);
        QCOMPARE(r.missing, (std::vector<std::string>{"nope", "gone", "also"}));
        QVERIFY(std::abs(r.effectSize - 6 / std::sqrt(10.0)) < 1e-6);  // the same test as above
        // Lower-casing looks up "X1" as "x1".
        WeatOptions lower;
        lower.lowercase = true;
        QCOMPARE(runWeat(UnitRows(e), sets({"X1", "x2"}, {"Y1", "y2"}), lower).missing.size(),
                 std::size_t(0));
    }

    void emptySetsAreRefused_data() {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("message");
        QTest::newRow("X empty") << 0 << "WEAT set X (Flowers) is empty";
        QTest::newRow("B empty") << 3 << "WEAT set B is empty";
        QTest::newRow("Y all missing")
            << 1 << "no word of WEAT set Y is in the vocabulary (missing: p, q)";
    }
    void emptySetsAreRefused() {
        QFETCH(int, which);
        QFETCH(QString, message);
        const Embedding e = plane({{"x1", 0.5}, {"x2", 0.3}, {"y1", -0.1}, {"y2", -0.3}});
        WeatSets s = sets({"x1", "x2"}, {"y1", "y2"});
        s.xName = "Flowers";
        if (which == 0) s.x.clear();
        if (which == 1) s.y = {"p", "q"};
        if (which == 3) s.b.clear();
        try {
            runWeat(UnitRows(e), s);
            QFAIL("no error");
        } catch (const Error& err) {
            QCOMPARE(QString::fromStdString(err.what()), message);
        }
    }

    void cancelStopsThePermutations_data() {
        QTest::addColumn<int>("method");
        QTest::addColumn<bool>("beforeStart");
        QTest::newRow("exact, during") << int(WeatPValueMethod::Exact) << false;
        QTest::newRow("Monte-Carlo, during") << int(WeatPValueMethod::MonteCarlo) << false;
        QTest::newRow("Monte-Carlo, before") << int(WeatPValueMethod::MonteCarlo) << true;
    }
    void cancelStopsThePermutations() {
        QFETCH(int, method);
        QFETCH(bool, beforeStart);
        const Embedding e = randomWords(26, 9);  // C(26, 13) = 10 400 600 splits
        const UnitRows rows(e);
        WeatOptions o;
        o.method = WeatPValueMethod(method);
        o.permutations = 20'000'000;
        double seen = -1;
        Progress progress([&](double fraction, const std::string& stage) {
            if (stage != "WEAT permutations" || fraction == 0) return;
            seen = fraction;
            progress.cancel();
        });
        if (beforeStart) progress.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, runWeat(rows, randomSets(26), o, progress));
        if (beforeStart)
            QCOMPARE(seen, -1.0);
        else
            QVERIFY2(seen > 0 && seen < 1, std::to_string(seen).c_str());
    }

    void equalAssociationsHaveNoEffectSize() {
        const Embedding e = plane({{"x1", 0.2}, {"y1", 0.2}});
        QVERIFY_THROWS_EXCEPTION(Error, runWeat(UnitRows(e), sets({"x1"}, {"y1"})));
    }

    void setsFileParses() {
        const std::string json =
            "{\"name\": \"WEAT 1\", \"source\": {\"paper\": [\"ignored\", 1, true]},\n"
            "            \"X_name\": \"Flowers\", \"X\": [\"aster\", \"caf\\u00e9\"], \"Y\": "
            "[\"ant\"], \"A\": [\"love\"], \"B\": [\"abuse\", \"x\\\"y\"]}";
        const WeatSets s = parseWeatSets(json, "t.json");
        QCOMPARE(s.name, std::string("WEAT 1"));
        QCOMPARE(s.xName, std::string("Flowers"));
        QCOMPARE(s.x, (std::vector<std::string>{"aster", "café"}));
        QCOMPARE(s.b, (std::vector<std::string>{"abuse", "x\"y"}));
        const auto fails = [](const std::string& text) {
            try {
                parseWeatSets(text, "t.json");
            } catch (const Error& e) {
                return std::string(e.what());
            }
            return std::string("no error");
        };
        QCOMPARE(fails("{\"X\": [], \"Y\": [], \"A\": []}"),
                 std::string("t.json: no \"B\" list: a WEAT sets file needs X, Y, A and B"));
        QCOMPARE(fails("{\"X\": [\"a\",\n  3]}"),
                 std::string("t.json:2:3: \"X\" must hold words in double quotes"));
        QCOMPARE(fails("[1]"), std::string("t.json:1:1: a WEAT sets file is a JSON object"));
        QCOMPARE(fails("{\"X\": [\"a\""),
                 std::string("t.json:1:11: expected ',' or ']' in the array"));
    }

    void shippedTestsParse() {
        for (int i = 1; i <= 10; ++i) {
            const std::string path = std::string(EMBEDSCOPE_SOURCE_DIR) + "/resources/weat/weat" +
                                     std::to_string(i) + ".json";
            const WeatSets s = readWeatSets(path);
            QCOMPARE(s.name, "WEAT " + std::to_string(i));
            QVERIFY(!s.x.empty() && !s.y.empty() && !s.a.empty() && !s.b.empty());
            QVERIFY(!s.xName.empty() && !s.bName.empty());
            QCOMPARE(s.x.size(), s.y.size());  // the paper's target sets have equal sizes
        }
    }
};

QTEST_APPLESS_MAIN(TestWeat)
#include "tst_weat.moc"
