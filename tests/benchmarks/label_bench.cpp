// Times map-style label placement (core/analysis/LabelPlacement) on a synthetic word map: N
// points in 40 Gaussian clusters filling a 1280 × 800 view at zoom 1, label boxes 7 px per
// character (3–12 characters) by 14 px, rank = row. For each N it prints the one-off cost of
// the appearance zooms (once per layout and camera direction; in full, and bounded to 4× as for
// a rebuild on every frame of a turning 3-D view) and the per-frame cost of place() at zooms 1,
// 4 and 16 about the view's centre, with how many labels each frame shows.
// Usage: label_bench [N ...]   (default 10000 100000 1000000). Single-threaded, CPU seconds.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
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
    std::printf("%10s  %18s  %18s  %6s  %14s  %8s\n", "points", "zooms, full (ms)",
                "zooms, <= 4x (ms)", "zoom", "place() (ms)", "labels");
    for (const std::size_t n : sizes) {
        const auto candidates = wordMap(n, 7);
        LabelPlacement placement;
        LabelStyle bounded;
        bounded.maxZoom = 4;
        const double quick = milliseconds([&] { placement = LabelPlacement(candidates, bounded); });
        const double build = milliseconds([&] { placement = LabelPlacement(candidates); });
        for (const float zoom : {1.0f, 4.0f, 16.0f}) {
            const auto now = zoomed(candidates, zoom);
            LabelFrame frame;
            const double ms =
                milliseconds([&] { frame = placement.place(now, zoom, kWidth, kHeight); });
            std::printf("%10zu  %18.1f  %18.1f  %6.0f  %14.3f  %8zu\n", n, build, quick, zoom, ms,
                        frame.labels.size());
        }
    }
    return 0;
}
