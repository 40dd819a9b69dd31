// Times what the Inspector does when a point is clicked: neighbour search set-up for the data set
// (once per data set / metric / space) and the query for 100 neighbours, over N × D random vectors.
// Usage: neighbour_bench [N] [D] [queries]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "neighbours/NeighbourSearch.h"

using namespace embedscope;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
    const std::size_t n = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100'000;
    const std::size_t d = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 300;
    const int queries = argc > 3 ? std::atoi(argv[3]) : 20;
    std::mt19937 rng(1);
    std::normal_distribution<float> g;
    std::vector<float> values(n * d);
    for (auto& v : values) v = g(rng);
    std::vector<std::string> labels(n);
    for (std::size_t i = 0; i < n; ++i) labels[i] = "w" + std::to_string(i);
    const Embedding e(std::move(labels), std::move(values), d);

    std::printf("| metric, space | set-up ms | query (k=100) ms, median of %d | first click ms |\n", queries);
    std::printf("|---|---|---|---|\n");
    for (auto [metric, space] : {std::pair{Metric::Cosine, VectorSpace::Raw}, std::pair{Metric::Euclidean, VectorSpace::Raw},
                                 std::pair{Metric::Cosine, VectorSpace::Centred}}) {
        const auto t0 = Clock::now();
        const NeighbourSearch search(e, metric, space);
        const double setup = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        std::vector<double> times;
        for (int q = 0; q < queries; ++q) {
            const auto t1 = Clock::now();
            const auto nb = search.nearest(static_cast<std::size_t>(q) * 997 % n, 100);
            times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t1).count());
            if (nb.size() != 100) return 1;
        }
        std::sort(times.begin(), times.end());
        const double median = times[times.size() / 2];
        std::printf("| %s, %s | %.1f | %.1f | %.1f |\n", metricName(metric).data(), spaceName(space).data(), setup,
                    median, setup + times.front());
    }
    return 0;
}
