// The screen-space picking index: hand-checked answers (radius boundary, depth ties, duplicate
// positions, hidden and out-of-area points, empty input), then random scenes where every query
// through the grid equals the brute-force scan, for several cell sizes.
#include <QTest>
#include <cmath>
#include <limits>
#include <random>

#include "TestSupport.h"
#include "analysis/ScreenIndex.h"

using namespace embedscope;

namespace {

constexpr ScreenArea kArea{10, 20, 810, 620};
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

/// Both the index and the scan, which must agree.
long long pick(const std::vector<float>& xyd, float x, float y, float r, float cell = 0) {
    const long long scan = ScreenIndex::nearestByScan(xyd, kArea, x, y, r);
    const long long grid = ScreenIndex(xyd, kArea, cell).nearest(x, y, r);
    if (scan != grid) qWarning("scan %lld, grid %lld at (%g, %g) r %g", scan, grid, double(x), double(y), double(r));
    return grid == scan ? grid : -2;
}

std::vector<std::uint32_t> box(const std::vector<float>& xyd, float l, float t, float r, float b) {
    auto scan = ScreenIndex::inRectByScan(xyd, kArea, l, t, r, b);
    auto grid = ScreenIndex(xyd, kArea).inRect(l, t, r, b);
    return grid == scan ? grid : std::vector<std::uint32_t>{999999};
}

/// n points: clustered, some on integer pixels (exact distances), some duplicated, some
/// outside the area, some hidden (NaN), depths with ties.
std::vector<float> scene(std::size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> ux(-40, 860), uy(-30, 680), unit;
    std::normal_distribution<float> g(0, 25);
    std::vector<float> xyd(3 * n);
    for (std::size_t i = 0; i < n; ++i) {
        float* p = &xyd[3 * i];
        const float u = unit(rng);
        if (u < 0.3f) {
            p[0] = 400 + g(rng), p[1] = 300 + g(rng);
        } else if (u < 0.6f) {
            p[0] = std::round(ux(rng) / 4) * 4, p[1] = std::round(uy(rng) / 4) * 4;
        } else {
            p[0] = ux(rng), p[1] = uy(rng);
        }
        p[2] = unit(rng) < 0.5f ? std::round(unit(rng) * 4) / 4 : unit(rng) * 2 - 1;
        if (i > 0 && unit(rng) < 0.1f) {  // a duplicate of an earlier point, maybe at another depth
            const std::size_t j = std::uniform_int_distribution<std::size_t>(0, i - 1)(rng);
            p[0] = xyd[3 * j], p[1] = xyd[3 * j + 1];
            if (unit(rng) < 0.5f) p[2] = xyd[3 * j + 2];
        }
        if (unit(rng) < 0.03f) p[0] = kNaN;
    }
    return xyd;
}

}  // namespace

class TestScreenIndex : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { testsupport::applyTestLocale(); }

    void emptyAndBadQueries() {
        QCOMPARE(pick({}, 100, 100, 8), -1LL);
        QCOMPARE(box({}, 0, 0, 1000, 1000), std::vector<std::uint32_t>{});
        const std::vector<float> one{100, 100, 0};
        QCOMPARE(pick(one, kNaN, 100, 8), -1LL);
        QCOMPARE(pick(one, 100, 100, -1), -1LL);
        QCOMPARE(pick(one, 100, 100, 0), 0LL);  // radius 0: exactly under the cursor
        QCOMPARE(pick(one, 100.5f, 100, 0), -1LL);
        QCOMPARE(box(one, 101, 0, 99, 1000), std::vector<std::uint32_t>{});  // an inverted box
        QCOMPARE(ScreenIndex(one, ScreenArea{10, 10, 5, 5}).nearest(100, 100, 8), -1LL);  // no area
    }

    void radiusBoundaryIsIncluded() {
        // (103, 104) is exactly 5 px from (100, 100).
        const std::vector<float> p{103, 104, 0};
        QCOMPARE(pick(p, 100, 100, 5), 0LL);
        QCOMPARE(pick(p, 100, 100, 4.999f), -1LL);
        QCOMPARE(box(p, 103, 104, 103, 104), std::vector<std::uint32_t>{0});  // edges included
        QCOMPARE(box(p, 103.01f, 0, 200, 200), std::vector<std::uint32_t>{});
    }

    void depthDecidesAmongTies() {
        // d² = 25 (far) and 25.5 (near): within a pixel² of each other, the nearer to the viewer wins.
        const std::vector<float> tie{105, 100, 0.8f, 100, 105.0498756f, -0.5f};
        QCOMPARE(pick(tie, 100, 100, 8), 1LL);
        // d² = 25 and 27: no tie, the nearer on screen wins whatever its depth.
        const std::vector<float> apart{105, 100, 0.8f, 100, 105.196152f, -0.5f};
        QCOMPARE(pick(apart, 100, 100, 8), 0LL);
        // The tie window never reaches beyond the radius.
        QCOMPARE(pick(tie, 100, 100, 5), 0LL);
    }

    void duplicatePositions() {
        const std::vector<float> same{200, 200, 0.3f, 200, 200, 0.3f, 200, 200, 0.1f, 200, 200, 0.1f};
        QCOMPARE(pick(same, 201, 201, 8), 2LL);  // nearest the viewer, then the lowest index
        QCOMPARE(box(same, 199, 199, 200, 200), (std::vector<std::uint32_t>{0, 1, 2, 3}));
    }

    void hiddenAndMarginPointsAreNotPicked() {
        // Left of the area (a 2-D axis margin), hidden behind the camera, then a drawn one.
        const std::vector<float> p{5, 100, -1, kNaN, 100, -1, 30, 100, 0.5f};
        QCOMPARE(pick(p, 8, 100, 30), 2LL);
        QCOMPARE(pick(p, 5, 100, 4), -1LL);
        QCOMPARE(box(p, 0, 0, 900, 900), std::vector<std::uint32_t>{2});
    }

    void randomScenesMatchTheScan_data() {
        QTest::addColumn<int>("n");
        QTest::addColumn<float>("cell");
        QTest::newRow("1 point") << 1 << 0.0f;
        QTest::newRow("300, auto cells") << 300 << 0.0f;
        QTest::newRow("20000, auto cells") << 20000 << 0.0f;
        QTest::newRow("20000, 0.5 px cells") << 20000 << 0.5f;
        QTest::newRow("20000, 3 px cells") << 20000 << 3.0f;
        QTest::newRow("20000, one cell") << 20000 << 5000.0f;
    }

    void randomScenesMatchTheScan() {
        QFETCH(int, n);
        QFETCH(float, cell);
        const auto xyd = scene(static_cast<std::size_t>(n), 7u + static_cast<unsigned>(n));
        const ScreenIndex index(xyd, kArea, cell);
        // An index rebuilt over other points first (its memory reused) answers the same.
        ScreenIndex reused(scene(5000, 99), ScreenArea{0, 0, 300, 200}, 2);
        reused.rebuild(xyd, kArea, cell);
        std::mt19937 rng(11);
        std::uniform_real_distribution<float> ux(-20, 840), uy(0, 650);
        const float radii[] = {0, 1, 4, 8, 8.5f, 40};
        int hits = 0, misses = 0;
        for (int q = 0; q < 600; ++q) {
            // Half the queries on whole pixels, where the integer points lie exactly on circles.
            float x = ux(rng), y = uy(rng);
            if (q % 2) x = std::round(x), y = std::round(y);
            const float r = radii[q % 6];
            const long long expected = ScreenIndex::nearestByScan(xyd, kArea, x, y, r);
            QCOMPARE(index.nearest(x, y, r), expected);
            QCOMPARE(reused.nearest(x, y, r), expected);
            (expected >= 0 ? hits : misses)++;
            const float w = std::uniform_real_distribution<float>(0, 200)(rng);
            const float h = std::uniform_real_distribution<float>(0, 200)(rng);
            QCOMPARE(index.inRect(x, y, x + w, y + h), ScreenIndex::inRectByScan(xyd, kArea, x, y, x + w, y + h));
        }
        if (n >= 20000) QVERIFY(hits > 100 && misses > 20);  // both outcomes were exercised
        // The index keeps exactly the drawn points.
        QCOMPARE(index.size(), ScreenIndex::inRectByScan(xyd, kArea, -1e9f, -1e9f, 1e9f, 1e9f).size());
        QCOMPARE(reused.size(), index.size());
        reused.rebuild({}, kArea);
        QCOMPARE(reused.nearest(400, 300, 1e6f), -1LL);  // emptied
    }
};

QTEST_APPLESS_MAIN(TestScreenIndex)
#include "tst_screenindex.moc"
