// Map-style label placement: no two labels overlap (brute force over random word maps), forced
// labels are always drawn, zooming in shows a superset (where plain greedy placement would not),
// nearer points win ties in 3-D, culling, cluster names giving way to words, degenerate input.
#include <QTest>
#include <algorithm>
#include <cmath>
#include <random>
#include <set>

#include "Error.h"
#include "TestSupport.h"
#include "analysis/LabelPlacement.h"

using namespace embedscope;

namespace {

constexpr float kW = 800, kH = 600;

/// n points in 8 Gaussian clusters around the view's centre, boxes 3–12 characters of 7 px by
/// 14 px (a few 18 px), ranks with ties, random depths.
std::vector<LabelCandidate> wordMap(std::size_t n, unsigned seed, float spread = 120) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal;
    std::uniform_int_distribution<int> chars(3, 12);
    std::uniform_real_distribution<float> unit;
    std::vector<std::pair<float, float>> centres(8);
    for (auto& c : centres)
        c = {kW / 2 + 1.5f * spread * normal(rng), kH / 2 + spread * normal(rng)};
    std::vector<LabelCandidate> out(n);
    for (std::size_t i = 0; i < n; ++i) {
        const auto& c = centres[i % centres.size()];
        out[i].x = c.first + spread / 3 * normal(rng);
        out[i].y = c.second + spread / 3 * normal(rng);
        out[i].width = 7.0f * float(chars(rng));
        out[i].height = unit(rng) < 0.1f ? 18 : 14;
        out[i].rank = static_cast<std::uint32_t>(i / 3);  // ties in threes
        out[i].depth = unit(rng);
    }
    return out;
}

/// The same candidates with the camera zoomed by z about (cx, cy).
std::vector<LabelCandidate> zoomedAbout(std::vector<LabelCandidate> c, float cx, float cy,
                                        float z) {
    for (auto& p : c) p.x = cx + z * (p.x - cx), p.y = cy + z * (p.y - cy);
    return c;
}

std::set<std::uint32_t> shown(const LabelFrame& frame) {
    std::set<std::uint32_t> s;
    for (const auto& l : frame.labels) s.insert(l.candidate);
    return s;
}

bool inView(const LabelCandidate& c) {
    return c.x >= 0 && c.x <= kW && c.y >= 0 && c.y <= kH;
}

/// Boxes grown by half the padding, less a thousandth of a pixel for float rounding.
LabelBox padded(const LabelBox& b, float padding) {
    const float by = padding / 2 - 1e-3f;
    return {b.left - by, b.top - by, b.right + by, b.bottom + by};
}

/// The pairs of placed labels whose padded boxes overlap (forced pairs flagged overlapping
/// excepted), by brute force.
int overlappingPairs(const LabelFrame& frame, float padding) {
    int bad = 0;
    const auto& l = frame.labels;
    for (std::size_t a = 0; a < l.size(); ++a)
        for (std::size_t b = a + 1; b < l.size(); ++b)
            if (padded(l[a].box, padding).overlaps(padded(l[b].box, padding)) &&
                !(l[a].forced && l[b].forced && (l[a].overlapping || l[b].overlapping)))
                ++bad;
    return bad;
}

std::vector<LabelCandidate> line(std::initializer_list<float> xs, float width = 100) {
    std::vector<LabelCandidate> c;
    std::uint32_t rank = 0;
    for (const float x : xs) c.push_back({x, 300, width, 10, 0, rank++, false});
    return c;
}

}  // namespace

class TestLabelPlacement : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { testsupport::applyTestLocale(); }

    void neverOverlaps_data() {
        QTest::addColumn<unsigned>("seed");
        QTest::addColumn<float>("padding");
        QTest::addColumn<int>("anchor");
        QTest::newRow("above, padding 2") << 1u << 2.0f << 0;
        QTest::newRow("right, padding 0") << 2u << 0.0f << 1;
        QTest::newRow("centred, padding 5") << 3u << 5.0f << 2;
    }
    void neverOverlaps() {
        QFETCH(unsigned, seed);
        QFETCH(float, padding);
        QFETCH(int, anchor);
        LabelStyle style;
        style.padding = padding;
        style.anchor = anchor == 0   ? LabelAnchor::above()
                       : anchor == 1 ? LabelAnchor::right()
                                     : LabelAnchor::centred();
        auto candidates = wordMap(3000, seed);
        const LabelPlacement placement(candidates, style);
        std::mt19937 rng(seed);
        for (std::size_t i = 0; i < candidates.size(); i += 97) candidates[i].forced = true;
        for (const float z : {0.5f, 1.0f, 1.7f, 3.0f, 8.0f}) {
            const auto now = zoomedAbout(candidates, 300, 250, z);
            const LabelFrame frame = placement.place(now, z, kW, kH);
            QVERIFY2(frame.labels.size() > 20, qPrintable(QString::number(frame.labels.size())));
            QCOMPARE(overlappingPairs(frame, padding), 0);
        }
    }

    void appearanceZoomsAreTight() {
        // Just below its appearance zoom every label would overlap one that is shown there: the
        // grid search misses no blocker (the no-overlap test above shows it invents none).
        const auto c = wordMap(1500, 8);
        const LabelPlacement p(c);
        const float pad = p.style().padding;
        std::size_t checked = 0;
        for (std::uint32_t i = 0; i < c.size(); i += 7) {
            const float s = p.appearanceZoom(i);
            if (!(s > 0) || std::isinf(s)) continue;
            const float z = s * 0.999f;
            const auto now = zoomedAbout(c, 0, 0, z);
            const LabelFrame f = p.place(now, z, 1e9f, 1e9f);
            const LabelBox mine =
                padded(LabelAnchor::above().box(now[i].x, now[i].y, now[i].width, now[i].height),
                       pad + 2e-3f);
            bool blocked = false;
            for (const auto& l : f.labels)
                blocked =
                    blocked || (l.candidate != i && padded(l.box, pad + 2e-3f).overlaps(mine));
            QVERIFY2(blocked, qPrintable(QString("label %1 at %2x").arg(i).arg(z)));
            ++checked;
        }
        QVERIFY(checked > 150);
    }

    void forcedAlwaysWin() {
        auto candidates = wordMap(2000, 4);
        std::set<std::uint32_t> forced;
        for (std::uint32_t i = 5; i < candidates.size(); i += 41)
            if (inView(candidates[i])) candidates[i].forced = true, forced.insert(i);
        const LabelPlacement placement(candidates);
        const LabelFrame frame = placement.place(candidates, 1, kW, kH);
        const auto all = shown(frame);
        for (const auto i : forced) QVERIFY2(all.count(i), qPrintable(QString::number(i)));
        // Forced labels come first, in priority order, then words that avoid them.
        for (std::size_t k = 0; k < forced.size(); ++k) QVERIFY(frame.labels[k].forced);
        QCOMPARE(overlappingPairs(frame, placement.style().padding), 0);
        // Without forcing, several of them lose their place to better-ranked words.
        const LabelFrame plain = placement.place(wordMap(2000, 4), 1, kW, kH);
        const auto plainShown = shown(plain);
        QVERIFY(std::count_if(forced.begin(), forced.end(),
                              [&](auto i) { return !plainShown.count(i); }) > 5);
    }

    void forcedTryOtherAnchorsThenOverlap() {
        // Selected words side by side and on one spot: each takes the first free place of above,
        // right, left, below; when none is left it is drawn above anyway, flagged.
        std::vector<LabelCandidate> c{{400, 300, 60, 12, 0, 0, true},    // above
                                      {430, 300, 60, 12, 0, 1, true},    // right (above is A's)
                                      {400, 300, 60, 12, 0, 2, true},    // below
                                      {400, 300, 60, 12, 0, 3, true},    // nowhere: above
                                      {405, 290, 20, 12, 0, 0, false}};  // a word in their way
        const LabelPlacement placement(c);
        const LabelFrame frame = placement.place(c, 1, kW, kH);
        QCOMPARE(frame.labels.size(), std::size_t(4));
        const float g = 3;
        QCOMPARE(frame.labels[0].box.bottom, 300 - g);
        QCOMPARE(frame.labels[1].box.left, 430 + g);
        QCOMPARE(frame.labels[2].box.top, 300 + g);
        QCOMPARE(frame.labels[3].box.bottom, 300 - g);
        for (int k = 0; k < 4; ++k) QCOMPARE(frame.labels[std::size_t(k)].overlapping, k == 3);
        QCOMPARE(overlappingPairs(frame, 2), 0);
    }

    void plainGreedyCounterexampleStaysConsistent() {
        // A, B, C on a line, labels 100 px wide: A hides B until 100/60 ×; C clears A from
        // 100/105 × but B, once shown, covers it until 100/45 ×. Greedy placement would show C
        // at 1× and drop it at 2×; here C waits for 2.22×.
        const auto c = line({100, 160, 205});
        LabelStyle style;
        style.padding = 0;
        const LabelPlacement p(c, style);
        QCOMPARE(p.appearanceZoom(0), 0.0f);
        QVERIFY(std::abs(p.appearanceZoom(1) - 100.0f / 60) < 1e-4f);
        QVERIFY(std::abs(p.appearanceZoom(2) - 100.0f / 45) < 1e-4f);
        const auto at = [&](float z) {
            return shown(p.place(zoomedAbout(c, 100, 300, z), z, kW, kH));
        };
        QCOMPARE(at(1), (std::set<std::uint32_t>{0}));
        QCOMPARE(at(2), (std::set<std::uint32_t>{0, 1}));
        QCOMPARE(at(2.3f), (std::set<std::uint32_t>{0, 1, 2}));
    }

    void zoomShowsASuperset_data() {
        QTest::addColumn<float>("centreX");
        QTest::addColumn<float>("centreY");
        QTest::addColumn<bool>("withForced");
        QTest::newRow("view centre") << kW / 2 << kH / 2 << false;
        QTest::newRow("off centre, forced") << 250.0f << 420.0f << true;
    }
    void zoomShowsASuperset() {
        QFETCH(float, centreX);
        QFETCH(float, centreY);
        QFETCH(bool, withForced);
        auto base = wordMap(4000, 5);
        if (withForced)  // far apart: they never need another anchor
            for (const std::uint32_t i : {11u, 2222u}) base[i].forced = true;
        const LabelPlacement placement(base);
        std::set<std::uint32_t> before;
        std::vector<LabelCandidate> beforeAt;
        std::size_t grew = 0;
        for (const float z : {1.0f, 1.3f, 2.0f, 4.0f, 9.5f}) {
            const auto now = zoomedAbout(base, centreX, centreY, z);
            const LabelFrame frame = placement.place(now, z, kW, kH);
            for (const auto& l : frame.labels)  // the premise: forced labels did not move
                if (l.forced) QCOMPARE(l.box.bottom, now[l.candidate].y - 3);
            const auto s = shown(frame);
            for (const auto i : before)
                if (inView(now[i]))
                    QVERIFY2(s.count(i), qPrintable(QString("label %1 lost at %2x").arg(i).arg(z)));
            std::size_t kept = 0;
            for (const auto i : s) kept += before.count(i);
            grew += s.size() > kept;
            before = s;
        }
        QCOMPARE(grew, std::size_t(5));  // every zoom step adds labels
    }

    void boundedZoomStaysConsistent() {
        // With maxZoom 2 a label appears by 2× or never; what does appear still never overlaps
        // and never goes away when zooming in, far beyond the bound too.
        const auto c = wordMap(3000, 9);
        LabelStyle style;
        style.maxZoom = 2;
        const LabelPlacement p(c, style);
        const LabelPlacement full(c);
        std::size_t never = 0, fewer = 0;
        for (std::size_t i = 0; i < c.size(); ++i) {
            const float s = p.appearanceZoom(i);
            QVERIFY(s <= 2 || std::isinf(s));
            never += std::isinf(s);
            fewer += std::isinf(s) && !std::isinf(full.appearanceZoom(i));
        }
        QVERIFY(fewer > 1000);
        std::set<std::uint32_t> before;
        for (const float z : {1.0f, 2.0f, 10.0f}) {
            const auto now = zoomedAbout(c, kW / 2, kH / 2, z);
            const LabelFrame f = p.place(now, z, kW, kH);
            QCOMPARE(overlappingPairs(f, style.padding), 0);
            const auto s = shown(f);
            for (const auto i : before)
                if (inView(now[i])) QVERIFY(s.count(i));
            before = s;
        }
        QVERIFY(never < c.size());
    }

    void nearerWinsTies() {
        // Two points on top of each other with the same rank: the nearer one is labelled, in
        // either row order; a better rank wins over depth.
        std::vector<LabelCandidate> c{{400, 300, 50, 12, 5.0f, 7, false},
                                      {402, 301, 50, 12, 2.0f, 7, false}};
        QCOMPARE(shown(LabelPlacement(c).place(c, 1, kW, kH)), (std::set<std::uint32_t>{1}));
        std::swap(c[0].depth, c[1].depth);
        QCOMPARE(shown(LabelPlacement(c).place(c, 1, kW, kH)), (std::set<std::uint32_t>{0}));
        c[1].rank = 6;
        QCOMPARE(shown(LabelPlacement(c).place(c, 1, kW, kH)), (std::set<std::uint32_t>{1}));
    }

    void culling() {
        std::vector<LabelCandidate> c{{-5, 300, 40, 12, 0, 0, false},      // left of the view
                                      {400, kH + 1, 40, 12, 0, 1, true},   // below, forced
                                      {NAN, 100, 40, 12, 0, 2, false},     // not projectable
                                      {kW - 2, 300, 40, 12, 0, 3, false},  // inside, box sticks out
                                      {200, 200, 40, 12, 0, 4, false}};
        const LabelPlacement p(c);
        QCOMPARE(p.appearanceZoom(2), INFINITY);
        const LabelFrame f = p.place(c, 1, kW, kH);
        QCOMPARE(shown(f), (std::set<std::uint32_t>{3, 4}));
        QVERIFY(f.labels[0].box.right > kW);
    }

    void clusterNamesGiveWayToWords() {
        // One cluster of 200 words; its name sits on its centre while it is small on screen.
        auto words = wordMap(200, 6, 20);
        for (auto& w : words) w.x += 400 - kW / 2, w.y += 300 - kH / 2;
        std::vector<AreaLabel> area{{400, 300, 120, 16, 40, 0}};
        LabelStyle style;  // fades from a spread of 120 px to 240 px
        const LabelPlacement p(words, style, area);
        QCOMPARE(p.areaAppearanceZoom(0), 0.0f);
        std::set<std::uint32_t> before;
        for (const float z : {1.0f, 2.0f, 4.0f, 5.0f, 7.0f}) {
            auto a = area;
            a[0].spread *= z;
            const auto now = zoomedAbout(words, 400, 300, z);
            const LabelFrame f = p.place(now, z, kW, kH, a);
            const float opacity = f.areas.empty() ? 0 : f.areas[0].opacity;
            const float expected = std::clamp((240 - 40 * z) / 120, 0.0f, 1.0f);
            QCOMPARE(opacity, expected);
            const LabelBox name = LabelAnchor::centred().box(400, 300, 120, 16);
            int under = 0;
            for (const auto& l : f.labels) under += padded(l.box, 2).overlaps(name);
            if (opacity == 1) QCOMPARE(under, 0);  // opaque: it keeps its place
            if (z == 5.0f) QVERIFY(under > 0);     // fading: words show through
            const auto s = shown(f);
            for (const auto i : before)
                if (inView(now[i])) QVERIFY(s.count(i));
            before = s;
        }
    }

    void namesAndWordsNeverOverlap() {
        // Twenty cluster names of different spreads over a word map: at every zoom no word
        // overlaps another word or a name that has not started fading, and no two such names
        // overlap (the names are centred on their points, the words above theirs).
        const auto words = wordMap(2000, 10);
        std::mt19937 rng(10);
        std::uniform_real_distribution<float> x(100, kW - 100), y(100, kH - 100), r(10, 150);
        std::vector<AreaLabel> names;
        for (std::uint32_t a = 0; a < 20; ++a)
            names.push_back({x(rng), y(rng), 90 + 3.0f * float(a), 16, r(rng), a});
        LabelStyle style;  // words far above their points: a word and a name on one spot
        style.anchor = LabelAnchor::above(30);  // overlap only at middling zooms
        const LabelPlacement p(words, style, names);
        const float pad = p.style().padding;
        for (const float z : {0.5f, 1.0f, 1.5f, 2.5f, 4.0f}) {
            auto now = names;
            for (auto& a : now) {
                a.x = kW / 2 + z * (a.x - kW / 2), a.y = kH / 2 + z * (a.y - kH / 2);
                a.spread *= z;
            }
            const LabelFrame f = p.place(zoomedAbout(words, kW / 2, kH / 2, z), z, kW, kH, now);
            QCOMPARE(overlappingPairs(f, pad), 0);
            std::vector<LabelBox> opaque;
            for (const auto& a : f.areas)
                if (a.opacity == 1) opaque.push_back(padded(a.box, pad));
            QVERIFY(!opaque.empty() || z > 1);
            for (std::size_t a = 0; a < opaque.size(); ++a) {
                for (std::size_t b = a + 1; b < opaque.size(); ++b)
                    QVERIFY(!opaque[a].overlaps(opaque[b]));
                for (const auto& l : f.labels) QVERIFY(!padded(l.box, pad).overlaps(opaque[a]));
            }
        }
    }

    void emptyAndDegenerate() {
        const LabelPlacement none(std::span<const LabelCandidate>{});
        QVERIFY(none.place({}, 1, kW, kH).labels.empty());
        // Zero-sized boxes are never drawn and block nothing; points on one spot: one label.
        std::vector<LabelCandidate> c{{400, 300, 0, 12, 0, 0, false},
                                      {400, 300, 30, 12, 0, 1, false},
                                      {400, 300, 30, 12, 0, 2, false},
                                      {400, 300, 30, 0, 0, 3, true}};
        const LabelPlacement p(c);
        QCOMPARE(p.appearanceZoom(0), INFINITY);
        QCOMPARE(p.appearanceZoom(1), 0.0f);
        QCOMPARE(p.appearanceZoom(2), INFINITY);
        QCOMPARE(shown(p.place(zoomedAbout(c, 0, 0, 1000), 1000, 1e6f, 1e6f)),
                 (std::set<std::uint32_t>{1}));
    }

    void errors_data() {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("message");
        QTest::newRow("negative width") << 0 << "label 2 has an invalid size";
        QTest::newRow("NaN height") << 1 << "label 2 has an invalid size";
        QTest::newRow("alignment") << 2 << "label alignments must lie between 0 and 1";
        QTest::newRow("zoom") << 3 << "the zoom must be positive";
        QTest::newRow("count") << 4
                               << "the labels to place (1 and 0 areas) are not the ones prepared "
                                  "(2 and 0)";
    }
    void errors() {
        QFETCH(int, which);
        QFETCH(QString, message);
        std::vector<LabelCandidate> c{{1, 1, 10, 10, 0, 0, false}, {5, 5, 10, 10, 0, 1, false}};
        LabelStyle style;
        if (which == 0) c[1].width = -1;
        if (which == 1) c[1].height = NAN;
        if (which == 2) style.anchor.alignX = 1.5f;
        try {
            const LabelPlacement p(c, style);
            if (which == 3) p.place(c, 0, kW, kH);
            if (which == 4) p.place(std::span(c).first(1), 1, kW, kH);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.what()), message);
        }
    }
};

QTEST_APPLESS_MAIN(TestLabelPlacement)
#include "tst_labelplacement.moc"
