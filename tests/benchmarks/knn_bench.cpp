// Times the kNN graph (exact and HNSW) and the layout-quality measures on synthetic clustered
// data. Usage: knn_bench [SCALE]   (SCALE multiplies every N; default 1). Prints one line per case.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <string>

#include "analysis/LayoutQuality.h"
#include "neighbours/KnnGraph.h"

using namespace embedscope;

namespace {

Embedding clustered(std::size_t n, std::size_t d, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal;
    const std::size_t clusters = 50;
    std::vector<float> centres(clusters * d);
    for (auto& c : centres) c = 3 * normal(rng);
    std::vector<float> x(n * d);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < d; ++j)
            x[i * d + j] = centres[(i % clusters) * d + j] + normal(rng);
    return Embedding(std::vector<std::string>(n), std::move(x), d);
}

double cpuSeconds = 0;  // of the last seconds() call, all threads together

/// Wall-clock seconds of f(); its CPU seconds land in cpuSeconds (on a shared machine the CPU
/// time is the steadier figure).
template <class F>
double seconds(F&& f) {
    const auto t = std::chrono::steady_clock::now();
    const std::clock_t c = std::clock();
    f();
    cpuSeconds = double(std::clock() - c) / CLOCKS_PER_SEC;
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
    const double scale = argc > 1 ? std::atof(argv[1]) : 1.0;
    auto n = [&](double base) { return static_cast<std::size_t>(base * scale); };

    for (Metric metric : {Metric::Euclidean, Metric::Cosine}) {
        const Embedding e = clustered(n(20000), 100, 1);
        KnnOptions o;
        o.k = 15;
        o.metric = metric;
        o.method = KnnMethod::Exact;
        const double s = seconds([&] { buildKnnGraph(e, o); });
        std::printf("exact kNN      %zu x 100, k 15, %s: %.2f s (CPU %.2f s)\n", e.rows(),
                    std::string(metricName(metric)).c_str(), s, cpuSeconds);
    }
    {
        const Embedding e = clustered(n(100000), 100, 2);
        KnnOptions o;
        o.k = 15;
        o.metric = Metric::Cosine;
        o.method = KnnMethod::Hnsw;
        KnnGraph g;
        const double s = seconds([&] { g = buildKnnGraph(e, o); });
        std::printf("HNSW kNN       %zu x 100, k 15, cosine: %.2f s (CPU %.2f s), recall %.4f\n",
                    e.rows(), s, cpuSeconds, g.recall);
        RowMatrixXf layout = e.matrix().leftCols(2);
        QualityOptions q;
        q.metric = Metric::Cosine;
        LayoutQuality lq;
        const double t = seconds([&] { lq = measureLayout(e, layout, q); });
        std::printf(
            "measureLayout  %zu x 100 -> 2-D, sample 1000, k 10: %.2f s (CPU %.2f s), T %.4f, "
            "recall %.4f\n",
            e.rows(), t, cpuSeconds, lq.trustworthiness, lq.knnRecall);
    }
    {
        const Embedding e = clustered(n(1000000), 2, 3);
        const RowMatrixXf layout = e.matrix();
        const double s = seconds([&] { buildLayoutKnnGraph(layout, 10); });
        std::printf("layout kNN     %zu 2-D points, k 10 (k-d tree): %.2f s (CPU %.2f s)\n",
                    e.rows(), s, cpuSeconds);
    }
    {
        const Embedding e = clustered(n(200000), 10, 4);
        const RowMatrixXf layout = e.matrix().leftCols(2);
        const double s = seconds([&] { faithfulness(e, layout, 10, Metric::Euclidean); });
        std::printf("faithfulness   %zu x 10 -> 2-D, k 10 (HNSW + k-d tree): %.2f s (CPU %.2f s)\n",
                    e.rows(), s, cpuSeconds);
    }
    return 0;
}
