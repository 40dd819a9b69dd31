// k-means inside the core: what Hamerly's and Yinyang's bounds save in Lloyd's iterations, and the
// same clustering on 1 and 2 threads (bitwise identical; the time is what changes). Usage:
// kmeans_bench FILE [k] [restarts]     (FILE: any format embedscope reads; euclidean)
#include "Omp.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "analysis/KMeans.h"
#include "analysis/KMeansDetail.h"
#include "io/Load.h"

using namespace embedscope;
using Clock = std::chrono::steady_clock;

namespace {

double since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: kmeans_bench FILE [k] [restarts]\n");
        return 2;
    }
    const std::size_t k = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 50;
    const std::size_t restarts = argc > 3 ? std::strtoul(argv[3], nullptr, 10) : 4;
    const Dataset data = loadDataset(argv[1], {});
    const auto x = data.embedding.matrix();
    const detail::KMeansData view{x.data(), std::size_t(x.rows()), std::size_t(x.cols()),
                                  std::size_t(x.cols())};
    std::printf("%zu x %zu, k = %zu\n\n", view.rows, view.dims, k);

    // One run from the same seeds, Lloyd's phase alone, with and without the bounds.
    std::printf(
        "| Lloyd (1 run, %d threads) | seconds | iterations | distances / (N k iterations) | "
        "inertia |\n",
        omp_get_max_threads());
    std::printf("|---|---|---|---|---|\n");
    using B = detail::LloydSettings::Bounds;
    for (B bounds : {B::None, B::Hamerly, B::Yinyang}) {
        std::mt19937_64 rng(7);
        RowMatrixXf seeds = detail::seedKMeansPlusPlus(view, k, rng, {Progress::none(), 0, 1});
        detail::LloydSettings settings;
        settings.bounds = bounds;
        const auto t = Clock::now();
        const detail::LloydRun run =
            detail::runLloyd(view, std::move(seeds), settings, {Progress::none(), 0, 1});
        const double seconds = since(t);
        std::printf("| %s | %.3f | %zu | %.3f | %.6g |\n",
                    bounds == B::None      ? "every distance"
                    : bounds == B::Hamerly ? "Hamerly"
                                           : "Yinyang",
                    seconds, run.iterations,
                    run.distances / (double(view.rows) * double(k) * double(run.iterations + 1)),
                    run.inertia);
    }

    std::printf("\n| runKMeans, %zu restarts | seconds | inertia | iterations |\n", restarts);
    std::printf("|---|---|---|---|\n");
    KMeansOptions options;
    options.k = k;
    options.restarts = restarts;
    options.seed = 0;
    double first = 0;
    for (int threads : {1, 2}) {
        omp_set_num_threads(threads);
        const auto t = Clock::now();
        const KMeansResult r = runKMeans(x, options);
        const double seconds = since(t);
        if (threads == 1) first = r.inertia;
        std::printf("| %d thread%s | %.3f | %.10g%s | %zu |\n", threads, threads > 1 ? "s" : "",
                    seconds, r.inertia,
                    threads > 1
                        ? (std::memcmp(&first, &r.inertia, sizeof first) == 0 ? " (identical)"
                                                                              : " (DIFFERS)")
                        : "",
                    r.iterations);
    }
    return 0;
}
