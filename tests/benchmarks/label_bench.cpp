// Times map-style label placement (core/analysis/LabelPlacement) on a synthetic word map: N
// points in 40 Gaussian clusters filling a 1280 × 800 view at zoom 1, label boxes 7 px per
// character (3–12 characters) by 14 px, rank = row. For each N it prints the per-frame cost of
// place() at zooms 1, 2, 4 and 16 about the view's centre beside plain greedy placement (the
// usual per-frame method, here as the peer), how many labels each shows, and how many labels
// each lost since the previous zoom; then the one-off cost of the appearance zooms (once per
// layout and camera direction; in full, and bounded to 4× as for a rebuild on every frame of a
// turning 3-D view).
// Usage: label_bench [N ...]   (default 10000 100000 1000000). Single-threaded, CPU seconds.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "analysis/LabelPlacement.h"

using namespace embedscope;

namespace {

constexpr float kWidth = 1280, kHeight = 800;

std::vector<LabelCandidate> wordMap(std::size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal;
    std::uniform_int_distribution<int> chars(3, 12);
    std::vector<std::pair<float, float>> centres(40);
    for (auto& c : centres) c = {kWidth / 2 + 250 * normal(rng), kHeight / 2 + 150 * normal(rng)};
    std::vector<LabelCandidate> out(n);
    for (std::size_t i = 0; i < n; ++i) {
        const auto& c = centres[i % centres.size()];
        out[i].x = c.first + 40 * normal(rng);
        out[i].y = c.second + 40 * normal(rng);
        out[i].width = 7.0f * float(chars(rng));
        out[i].height = 14;
        out[i].rank = static_cast<std::uint32_t>(i);
    }
    return out;
}

std::vector<LabelCandidate> zoomed(std::vector<LabelCandidate> c, float zoom) {
    for (auto& p : c) {
        p.x = kWidth / 2 + zoom * (p.x - kWidth / 2);
        p.y = kHeight / 2 + zoom * (p.y - kHeight / 2);
    }
    return c;
}

/// The usual per-frame alternative, as a baseline: cull, sort by (rank, depth), place each label
/// whose box overlaps none placed so far, found through a uniform grid over the view. Fast and
/// dense, but not consistent: a label can vanish when one zooms in.
std::vector<std::uint32_t> greedy(const std::vector<LabelCandidate>& c, float padding = 2) {
    std::vector<std::pair<std::uint64_t, std::uint32_t>> order;
    float largest = 1;
    for (std::uint32_t i = 0; i < c.size(); ++i)
        if (c[i].x >= 0 && c[i].x <= kWidth && c[i].y >= 0 && c[i].y <= kHeight) {
            order.push_back({std::uint64_t(c[i].rank) << 32, i});
            largest = std::max({largest, c[i].width, c[i].height});
        }
    std::sort(order.begin(), order.end());
    const float cell = largest + padding;
    const int cols = int(kWidth / cell) + 3, rows = int(kHeight / cell) + 3;
    std::vector<std::vector<LabelBox>> grid(std::size_t(cols) * std::size_t(rows));
    const auto at = [&](float v, int n) {
        return std::clamp(int(std::floor(v / cell)) + 1, 0, n - 1);
    };
    std::vector<std::uint32_t> placed;
    const LabelAnchor anchor = LabelAnchor::above();
    for (const auto& [key, i] : order) {
        LabelBox b = anchor.box(c[i].x, c[i].y, c[i].width, c[i].height);
        b = {b.left - padding / 2, b.top - padding / 2, b.right + padding / 2,
             b.bottom + padding / 2};
        const int c0 = at(b.left, cols), c1 = at(b.right, cols), r0 = at(b.top, rows),
                  r1 = at(b.bottom, rows);
        bool free = true;
        for (int r = r0; r <= r1 && free; ++r)
            for (int q = c0; q <= c1 && free; ++q)
                for (const LabelBox& o : grid[std::size_t(r) * std::size_t(cols) + std::size_t(q)])
                    if (o.overlaps(b)) free = false;
        if (!free) continue;
        for (int r = r0; r <= r1; ++r)
            for (int q = c0; q <= c1; ++q)
                grid[std::size_t(r) * std::size_t(cols) + std::size_t(q)].push_back(b);
        placed.push_back(i);
    }
    return placed;
}

/// Labels of `before` whose point is still in view in `now` but that `after` no longer shows.
std::size_t lost(const std::vector<std::uint32_t>& before, std::vector<std::uint32_t> after,
                 const std::vector<LabelCandidate>& now) {
    std::sort(after.begin(), after.end());
    std::size_t count = 0;
    for (const auto i : before)
        count += now[i].x >= 0 && now[i].x <= kWidth && now[i].y >= 0 && now[i].y <= kHeight &&
                 !std::binary_search(after.begin(), after.end(), i);
    return count;
}

/// CPU milliseconds per call of f, over enough calls to take about 0.2 s.
template <class F>
double milliseconds(F&& f) {
    int calls = 0;
    const std::clock_t start = std::clock();
    double spent = 0;
    do {
        f();
        ++calls;
        spent = double(std::clock() - start) / CLOCKS_PER_SEC;
    } while (spent < 0.2 && calls < 1000);
    return 1000 * spent / calls;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::size_t> sizes;
    for (int a = 1; a < argc; ++a) sizes.push_back(std::strtoull(argv[a], nullptr, 10));
    if (sizes.empty()) sizes = {10000, 100000, 1000000};
    std::printf(
        "Per frame: Embedscope's place() against plain greedy placement (the baseline); "
        "'lost' counts labels\nshown at the previous zoom, still in view, no longer shown.\n");
    std::printf("%9s %5s  %10s %10s %6s  %8s %8s  %6s %6s\n", "points", "zoom", "ours (ms)",
                "greedy(ms)", "ratio", "ours #", "greedy #", "lost", "lost");
    std::vector<std::string> builds;
    for (const std::size_t n : sizes) {
        const auto candidates = wordMap(n, 7);
        LabelPlacement placement;
        LabelStyle bounded;
        bounded.maxZoom = 4;
        const double quick = milliseconds([&] { placement = LabelPlacement(candidates, bounded); });
        const double build = milliseconds([&] { placement = LabelPlacement(candidates); });
        char line[160];
        std::snprintf(line, sizeof line, "%9zu  %10.1f  %12.1f", n, build, quick);
        builds.emplace_back(line);
        std::vector<std::uint32_t> oursBefore, greedyBefore;
        for (const float zoom : {1.0f, 2.0f, 4.0f, 16.0f}) {
            const auto now = zoomed(candidates, zoom);
            LabelFrame frame;
            const double ms =
                milliseconds([&] { frame = placement.place(now, zoom, kWidth, kHeight); });
            std::vector<std::uint32_t> g;
            const double gms = milliseconds([&] { g = greedy(now); });
            std::vector<std::uint32_t> ours;
            for (const auto& l : frame.labels) ours.push_back(l.candidate);
            std::printf("%9zu %5.0f  %10.3f %10.3f %6.2f  %8zu %8zu  %6zu %6zu\n", n, zoom, ms, gms,
                        ms / gms, ours.size(), g.size(), lost(oursBefore, ours, now),
                        lost(greedyBefore, g, now));
            oursBefore = ours, greedyBefore = g;
        }
    }
    std::printf(
        "\nOnce per layout and camera direction: the appearance zooms (ms)\n%9s  %10s  %12s\n",
        "points", "full", "up to 4x");
    for (const auto& b : builds) std::printf("%s\n", b.c_str());
    return 0;
}
