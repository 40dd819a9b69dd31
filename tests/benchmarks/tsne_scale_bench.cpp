// t-SNE at scale, one process per call so that the variants compared share the data, the kNN
// graph and the machine's momentary load (run.sh and tsne_bench.py call it; figures go to README).
//
// Usage:
//   tsne_scale_bench knn FILE.npy [VARIANT ...]
//       kNN graphs for t-SNE (k = 90): seconds and recall@k on a 1 000-row sample, for each
//       VARIANT: M:ef_construction:ef (an HNSW graph; EF 0 = t-SNE's adaptive ef), exact, auto
//       (t-SNE's own choice; the only one when no VARIANT is given), or index (HNSW with the
//       adaptive ef, searching the app's kind of neighbour index, built once on first use and
//       its build timed on its own row).
//   tsne_scale_bench layout FILE.npy ITERATIONS VARIANT...
//       One kNN graph and P, then for each VARIANT (DIMS:METHOD, e.g. 2:fft 3:bh 3:auto) a run of
//       ITERATIONS iterations from the same PCA start: seconds, ms per iteration in and after
//       early exaggeration, the method auto chose, KL, and 10-NN recall of the layout on a 2 000-
//       point sample. Repeat a variant (3:bh 3:auto 3:bh 3:auto) to see the spread. With
//       TSNE_BENCH_P=FILE, P is read from FILE if there, else computed and written to it.
//   tsne_scale_bench repulsion FILE.npy [SNAPSHOTS]
//       One 3-D run, snapshots after 50, 250 and 1 000 iterations (kept in folder SNAPSHOTS if
//       given), and on each the time of one repulsion evaluation and its error against the exact
//       sums for Barnes-Hut variants (θ, group and leaf size; TSNE_BENCH_KAPPA=0,0.25,… for
//       θ 0.7 with those κ of the opening test instead) and, with TSNE_BENCH_FFT set, the 3-D FFT.
//   tsne_scale_bench attraction FILE.npy [SNAPSHOTS]
//       The attractive half of the gradient alone, in 2-D and 3-D, on the same snapshots.
//   tsne_scale_bench tree FILE.npy [SNAPSHOTS]
//       3-D Barnes-Hut alone (θ 0.7) on the same snapshots: ms per evaluation, no exact sums.
//   tsne_scale_bench handover FILE.npy [SNAPSHOTS]
//       The 3-D FFT against Barnes-Hut on the compact snapshot scaled to extents 8 to 32.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "analysis/LayoutQuality.h"
#include "io/Load.h"
#include "neighbours/HnswIndex.h"
#include "neighbours/KnnGraph.h"
#include "project/tsne/Affinities.h"
#include "project/tsne/Gradient.h"
#include "project/tsne/Initialization.h"
#include "project/tsne/Optimizer.h"
#include "project/tsne/Repulsion.h"
#include "project/tsne/SpaceTree.h"
#include "project/tsne/Tsne.h"

using namespace embedscope;

namespace {

/// The layout's longest side. A loop, not Eigen's colwise min and max, whose AVX-512 reductions
/// make GCC 12 warn of uninitialised registers.
float extentOf(const RowMatrixXf& y) {
    float longest = 0;
    for (Eigen::Index a = 0; a < y.cols(); ++a) {
        float lo = y(0, a), hi = y(0, a);
        for (Eigen::Index i = 1; i < y.rows(); ++i) {
            lo = std::min(lo, y(i, a));
            hi = std::max(hi, y(i, a));
        }
        longest = std::max(longest, hi - lo);
    }
    return longest;
}

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

/// A Progress that prints each stage's start, seconds after t, on stderr: where the time goes.
Progress stagePrinter(Clock::time_point t) {
    return Progress([t, stage = std::string()](double, const std::string& now) mutable {
        if (now == stage) return;
        stage = now;
        std::fprintf(stderr, "  %7.1f s  %s\n", since(t), now.c_str());
    });
}

/// t-SNE's own kNN options (perplexity 30): Auto picks exact or HNSW by size.
KnnOptions tsneKnn(std::size_t n) { return tsneKnnOptions(n, 30, 0); }

int knn(const Embedding& data, int argc, char** argv) {
    std::printf("| graph (HNSW M:efC:ef) | seconds | recall@90 (1 000 rows) |\n|---|---|---|\n");
    auto run = [&](const std::string& name, const KnnOptions& o) {
        const auto t = Clock::now();
        Progress progress = stagePrinter(t);
        const KnnGraph g = buildKnnGraph(data, o, progress);
        std::printf("| %s | %.1f | %.3f (ef %zu) |\n", name.c_str(), since(t), g.recall, g.ef);
        std::fflush(stdout);
    };
    // The Inspector's index (euclidean here, as t-SNE's graph of these rows), for "index".
    const NeighbourSearch search(data, Metric::Euclidean, VectorSpace::Raw);
    std::unique_ptr<HnswIndex> index;
    for (int a = 3; a < argc; ++a) {
        KnnOptions o = tsneKnn(data.rows());
        const std::string variant = argv[a];
        if (variant == "index") {
            if (!index) {
                const auto t = Clock::now();
                index = std::make_unique<HnswIndex>(search, HnswParams::browsing(), Progress::none());
                std::printf("| the neighbour index (16:100), built once | %.1f | |\n", since(t));
            }
            o.method = KnnMethod::Hnsw;
            o.hnswIndex = [&](Progress&) { return &index->graph(); };
            run(variant, o);
            continue;
        }
        if (variant == "exact" || variant == "auto") {
            if (variant == "exact") o.method = KnnMethod::Exact;
            run(variant, o);
            continue;
        }
        o.method = KnnMethod::Hnsw;
        unsigned m = 0, efc = 0, ef = 0;
        if (std::sscanf(argv[a], "%u:%u:%u", &m, &efc, &ef) != 3) return 2;
        o.hnswM = m;
        o.hnswEfConstruction = efc;
        o.hnswEf = ef;
        o.hnswTargetRecall = ef == 0 ? 0.95 : 0.0;
        if (ef == 0) o.hnswEf = o.k + 10;
        run(argv[a], o);
    }
    if (argc == 3) run("auto", tsneKnn(data.rows()));
    return 0;
}

/// Reads P from file (as writeAffinities wrote it); false when it is not there or not whole.
bool readAffinities(const char* file, std::size_t rows, SparseAffinities& P) {
    FILE* f = std::fopen(file, "rb");
    if (!f) return false;
    std::size_t entries = 0;
    bool ok = std::fread(&P.rows, sizeof P.rows, 1, f) == 1 && P.rows == rows &&
              std::fread(&entries, sizeof entries, 1, f) == 1;
    if (ok) {
        P.rowStart.resize(rows + 1);
        P.columns.resize(entries);
        P.values.resize(entries);
        ok = std::fread(P.rowStart.data(), sizeof(std::size_t), rows + 1, f) == rows + 1 &&
             std::fread(P.columns.data(), 4, entries, f) == entries &&
             std::fread(P.values.data(), 4, entries, f) == entries;
    }
    std::fclose(f);
    return ok;
}

void writeAffinities(const char* file, const SparseAffinities& P) {
    FILE* f = std::fopen(file, "wb");
    if (!f) return;
    const std::size_t entries = P.nonZeros();
    std::fwrite(&P.rows, sizeof P.rows, 1, f);
    std::fwrite(&entries, sizeof entries, 1, f);
    std::fwrite(P.rowStart.data(), sizeof(std::size_t), P.rows + 1, f);
    std::fwrite(P.columns.data(), 4, entries, f);
    std::fwrite(P.values.data(), 4, entries, f);
    std::fclose(f);
}

int layout(const Embedding& data, int argc, char** argv) {
    if (argc < 5) return 2;
    const std::size_t iterations = std::strtoul(argv[3], nullptr, 10);
    const std::size_t n = data.rows();
    // TSNE_BENCH_P=FILE keeps P between calls: at 1 M points the graph and P take two minutes,
    // while a change to the iterations is measured in a few.
    const char* cache = std::getenv("TSNE_BENCH_P");
    SparseAffinities P;
    if (cache && readAffinities(cache, n, P)) {
        std::printf("N %zu: P read from %s\n", n, cache);
    } else {
        auto t = Clock::now();
        Progress progress = stagePrinter(t);
        const KnnGraph graph = buildKnnGraph(data, tsneKnn(n), progress);
        const double knnSeconds = since(t);
        t = Clock::now();
        P = computeAffinities(graph, 30);
        std::printf("N %zu: kNN graph %.1f s (%s, recall %.3f), P %.1f s\n", n, knnSeconds,
                    graph.approximate ? ("HNSW, ef " + std::to_string(graph.ef)).c_str() : "exact",
                    graph.recall, since(t));
        if (cache) writeAffinities(cache, P);
    }
    std::printf(
        "| dims:method | method used | optimise s | ms/iter early | ms/iter late | KL | "
        "10-NN recall | extent |\n|---|---|---|---|---|---|---|---|\n");
    std::fflush(stdout);
    for (int a = 4; a < argc; ++a) {
        // DIMS:METHOD[:THETA]
        const std::string spec = argv[a];
        TsneOptions o;
        o.dims = std::size_t(spec[0] - '0');
        const std::string rest = spec.substr(2);
        const std::string method = rest.substr(0, rest.find(':'));
        if (rest.find(':') != std::string::npos)
            o.theta = std::stod(rest.substr(rest.find(':') + 1));
        o.method = method == "bh"       ? RepulsionMethod::BarnesHut
                   : method == "fft"    ? RepulsionMethod::Fft
                   : method == "hybrid" ? RepulsionMethod::Hybrid
                                        : RepulsionMethod::Auto;
        o.iterations = iterations;
        const RepulsionMethod used = chooseRepulsion(o.method, n, o.dims);
        const double theta = o.theta.value_or(defaultTheta(o.dims));
        TsneGradient gradient(P, o.dims, 1.0, makeRepulsion(used, o.dims, 1.0, theta));
        RowMatrixXf start = initialLayout(data, o.dims, TsneInit::Pca, o.seed);
        // Early exaggeration and the rest as two calls, timed apart; together they are one run's
        // schedule (the optimiser restarts gains and velocities at the switch either way).
        TsneOptions early = o;
        early.iterations = std::min(iterations, o.earlyExaggerationIterations);
        auto t0 = Clock::now();
        TsneResult result =
            optimizeTsne(gradient, std::move(start), early, autoLearningRate(n), {});
        const double earlySeconds = since(t0);
        double lateSeconds = 0;
        const std::size_t lateIterations = iterations - early.iterations;
        if (lateIterations > 0) {
            TsneOptions late = o;
            late.iterations = lateIterations;
            late.earlyExaggerationIterations = 0;
            t0 = Clock::now();
            result =
                optimizeTsne(gradient, std::move(result.layout), late, autoLearningRate(n), {});
            lateSeconds = since(t0);
        }
        QualityOptions q;
        q.sample = 2000;
        const double recall = measureLayout(data, result.layout, q).knnRecall;
        const float extent = extentOf(result.layout);
        std::printf("| %s (θ %.2g) | %s | %.1f | %.1f | %s | %.3f | %.3f | %.0f |\n", spec.c_str(),
                    theta, std::string(repulsionMethodName(used)).c_str(),
                    earlySeconds + lateSeconds, 1000 * earlySeconds / double(early.iterations),
                    lateIterations > 0
                        ? std::to_string(int(1000 * lateSeconds / double(lateIterations))).c_str()
                        : "-",
                    result.kl, recall, extent);
        std::fflush(stdout);
    }
    return 0;
}

/// The 3-D snapshots for `repulsion`: read from folder (if given and there), else computed by
/// one Barnes-Hut run and written there.
std::vector<std::pair<std::size_t, RowMatrixXf>> snapshots3d(const Embedding& data,
                                                             const char* folder) {
    const std::size_t n = data.rows();
    const std::size_t stops[] = {50, 250, 1000};
    std::vector<std::pair<std::size_t, RowMatrixXf>> snapshots;
    auto path = [&](std::size_t stop) {
        return std::string(folder) + "/snapshot" + std::to_string(n) + "_" + std::to_string(stop) +
               ".f32";
    };
    if (folder) {
        for (std::size_t stop : stops) {
            RowMatrixXf y(Eigen::Index(n), 3);
            FILE* f = std::fopen(path(stop).c_str(), "rb");
            if (!f) break;
            const std::size_t got = std::fread(y.data(), sizeof(float), n * 3, f);
            std::fclose(f);
            if (got != n * 3) break;
            snapshots.emplace_back(stop, std::move(y));
        }
        if (snapshots.size() == 3) return snapshots;
        snapshots.clear();
    }
    const SparseAffinities P = computeAffinities(buildKnnGraph(data, tsneKnn(n)), 30);
    TsneOptions o;
    o.dims = 3;
    TsneGradient gradient(P, 3, 1.0, makeRepulsion(RepulsionMethod::BarnesHut, 3, 1.0, 0.7));
    RowMatrixXf layout = initialLayout(data, 3, TsneInit::Pca, o.seed);
    std::size_t done = 0;
    for (std::size_t stop : stops) {
        TsneOptions part = o;
        part.iterations = stop - done;
        part.earlyExaggerationIterations = done < 250 ? 250 - done : 0;
        layout = optimizeTsne(gradient, std::move(layout), part, autoLearningRate(n), {}).layout;
        done = stop;
        snapshots.emplace_back(stop, layout);
        if (folder)
            if (FILE* f = std::fopen(path(stop).c_str(), "wb")) {
                std::fwrite(layout.data(), sizeof(float), n * 3, f);
                std::fclose(f);
            }
    }
    return snapshots;
}

/// The normalised repulsive force F/Z of every 50th point, exactly in double.
std::vector<double> exactSample(const RowMatrixXf& y, double& z) {
    const std::size_t n = std::size_t(y.rows());
    std::vector<double> f;
    double zSample = 0;
    for (std::size_t i = 0; i < n; i += 50) {
        double fi[3] = {}, zi = 0;
        for (std::size_t j = 0; j < n; ++j) {
            if (j == i) continue;
            double d[3], s = 0;
            for (int a = 0; a < 3; ++a) {
                d[a] = double(y(Eigen::Index(i), a)) - y(Eigen::Index(j), a);
                s += d[a] * d[a];
            }
            const double w = 1 / (1 + s);
            zi += w;
            for (int a = 0; a < 3; ++a) fi[a] += w * w * d[a];
        }
        for (double v : fi) f.push_back(v);
        zSample += zi;
    }
    z = zSample * 50;  // Z estimated from the sample's shares
    return f;
}

/// Times one repulsion evaluation (median of 3) on each snapshot of a 3-D run for Barnes-Hut
/// variants (θ, group and leaf size) and the 3-D FFT, with the relative
/// error of F/Z on every 50th point against the exact sums: which settings pay off at this N.
/// SNAPSHOTS (a folder) keeps the snapshots between calls.
int repulsion(const Embedding& data, const char* folder) {
    const std::size_t n = data.rows();
    const auto snapshots = snapshots3d(data, folder);
    struct Variant {
        std::string name;
        std::unique_ptr<Repulsion> r;
    };
    std::vector<Variant> variants;
    auto bh = [&](double theta, std::uint32_t group, std::uint32_t leaf = 0,
                  double kappa = tsne_detail::kKernelScale) {
        char name[96];
        std::snprintf(name, sizeof name, "bh θ %.2f group %u leaf %u κ %.2f", theta, group, leaf,
                      kappa);
        variants.push_back(
            {name, tsne_detail::makeBarnesHutRepulsion(3, 1.0, theta, leaf, group, kappa)});
    };
    if (const char* kappas = std::getenv("TSNE_BENCH_KAPPA")) {
        for (const char* k = kappas; *k;) {
            char* end = nullptr;
            bh(0.7, 128, 0, std::strtod(k, &end));
            k = *end == ',' ? end + 1 : end;
        }
    } else if (!std::getenv("TSNE_BENCH_FFT_ONLY")) {
        for (double theta : {0.5, 0.6, 0.7, 0.8})
            for (std::uint32_t group : {64u, 128u, 256u}) bh(theta, group);
        bh(0.7, 128, 8);
        bh(0.7, 128, 32);
    } else {
        bh(0.7, 128);
    }
    if (std::getenv("TSNE_BENCH_FFT") || std::getenv("TSNE_BENCH_FFT_ONLY"))
        variants.push_back({"fft 3-D", makeFftRepulsion3d(1.0)});
    std::vector<std::vector<double>> references;
    std::vector<double> referenceZ;
    std::printf("| variant |");
    for (auto& [it, y] : snapshots) {
        const float extent = extentOf(y);
        std::printf(" ms, error of F/Z (of F, of Z) at iteration %zu (extent %.0f) |", it, extent);
        double zSample = 0;
        references.push_back(exactSample(y, zSample));
        // Z over every pair (the sample's estimate is itself ~1e-2 off, which hid the methods'
        // own errors)
        std::vector<float> unused(n * 3);
        referenceZ.push_back(makeExactRepulsion(3, 1.0)->compute(y.data(), n, unused.data()));
    }
    std::printf("\n|---|---|---|---|\n");
    std::vector<float> force(n * 3);
    for (auto& v : variants) {
        std::printf("| %s |", v.name.c_str());
        for (std::size_t s = 0; s < snapshots.size(); ++s) {
            const RowMatrixXf& y = snapshots[s].second;
            std::vector<double> ms;
            double z = 0;
            for (int rep = 0; rep < 3; ++rep) {
                const auto t = Clock::now();
                z = v.r->compute(y.data(), n, force.data());
                ms.push_back(1000 * since(t));
            }
            std::sort(ms.begin(), ms.end());
            double diff = 0, norm = 0, diffF = 0, normF = 0;
            const auto& ref = references[s];
            for (std::size_t k = 0; k < ref.size(); ++k) {
                const double gotF = double(force[(k / 3) * 50 * 3 + k % 3]);
                const double want = ref[k] / referenceZ[s], got = gotF / z;
                diff += (got - want) * (got - want);
                norm += want * want;
                diffF += (gotF - ref[k]) * (gotF - ref[k]);
                normF += ref[k] * ref[k];
            }
            std::printf(" %.1f (%.1f-%.1f), %.1e (%.1e, %.1e) |", ms[1], ms[0], ms[2],
                        std::sqrt(diff / norm), std::sqrt(diffF / normF),
                        std::abs(z - referenceZ[s]) / referenceZ[s]);
        }
        std::printf("\n");
        std::fflush(stdout);
    }
    return 0;
}

/// Times the 3-D FFT and Barnes-Hut (θ 0.7) on the compact snapshot (iteration 250) scaled to a
/// range of extents: where the FFT's grid stops paying, which sets the hybrid's hand-over
/// (kMaxBoxes3d). Barnes-Hut's work does not change with the scale; the FFT's grid does.
int handover(const Embedding& data, const char* folder) {
    const std::size_t n = data.rows();
    const RowMatrixXf compact = snapshots3d(data, folder)[1].second;
    const float extent = extentOf(compact);
    auto tree = makeRepulsion(RepulsionMethod::BarnesHut, 3, 1.0, 0.7);
    std::vector<float> force(n * 3);
    auto time = [&](Repulsion& r, const RowMatrixXf& y) {
        std::vector<double> ms;
        for (int rep = 0; rep < 4; ++rep) {  // the first sizes the grid and plans: left out
            const auto t = Clock::now();
            r.compute(y.data(), n, force.data());
            if (rep > 0) ms.push_back(1000 * since(t));
        }
        std::sort(ms.begin(), ms.end());
        return ms[1];
    };
    std::printf("| extent | FFT ms | Barnes-Hut ms |\n|---|---|---|\n");
    for (float target : {8.0f, 12.0f, 16.0f, 20.0f, 24.0f, 28.0f, 32.0f}) {
        const RowMatrixXf y = compact * (target / extent);
        auto fft = makeFftRepulsion3d(1.0);
        std::printf("| %.0f | %.1f | %.1f |\n", target, time(*fft, y), time(*tree, y));
        std::fflush(stdout);
    }
    return 0;
}

/// Times 3-D Barnes-Hut (auto's θ 0.7; median of 15 evaluations) on each snapshot, with no
/// exact sums: quick enough to compare builds of the tree code under perf or side by side.
int treeTime(const Embedding& data, const char* folder) {
    const std::size_t n = data.rows();
    const auto snapshots = snapshots3d(data, folder);
    auto tree = makeRepulsion(RepulsionMethod::BarnesHut, 3, 1.0, defaultTheta(3));
    std::vector<float> force(n * 3);
    tsne_detail::SpaceTree<3> octree;
    std::printf("| iteration | Barnes-Hut ms (min-max) | its octree alone | Z |\n|---|---|---|---|\n");
    for (const auto& [it, y] : snapshots) {
        std::vector<double> ms, build;
        double z = 0;
        for (int rep = 0; rep < 15; ++rep) {
            auto t = Clock::now();
            z = tree->compute(y.data(), n, force.data());
            ms.push_back(1000 * since(t));
            t = Clock::now();
            octree.build(y.data(), n, 16);
            build.push_back(1000 * since(t));
        }
        std::sort(ms.begin(), ms.end());
        std::sort(build.begin(), build.end());
        std::printf("| %zu | %.1f (%.1f-%.1f) | %.2f (%.2f-%.2f) | %.6g |\n", it, ms[7], ms[0],
                    ms[14], build[7], build[0], build[14], z);
        std::fflush(stdout);
    }
    return 0;
}

/// A repulsion of nothing: evaluate() is then the attraction alone.
class NoRepulsion final : public Repulsion {
public:
    explicit NoRepulsion(std::size_t dims) : m_dims(dims) {}
    double compute(const float*, std::size_t n, float* force) override {
        std::fill(force, force + m_dims * n, 0.0f);
        return 1.0;
    }

private:
    std::size_t m_dims;
};

/// Times the attractive half of the gradient (median of 5 evaluations) on the 3-D snapshots
/// and on their first two columns: what a step costs besides the repulsion.
int attraction(const Embedding& data, const char* folder) {
    const std::size_t n = data.rows();
    const auto snapshots = snapshots3d(data, folder);
    const SparseAffinities P = computeAffinities(buildKnnGraph(data, tsneKnn(n)), 30);
    std::printf("| dims | ms per attraction at iterations 50, 250, 1000 |\n|---|---|\n");
    for (std::size_t dims : {2, 3}) {
        TsneGradient gradient(P, dims, 1.0, std::make_unique<NoRepulsion>(dims));
        std::printf("| %zu |", dims);
        for (const auto& [it, y] : snapshots) {
            const RowMatrixXf layout = y.leftCols(Eigen::Index(dims));
            std::vector<float> rows(n * dims), grad(n * dims);
            gradient.toRowOrder(layout.data(), rows.data());  // as the optimiser runs
            std::vector<double> ms;
            for (int rep = 0; rep < 5; ++rep) {
                const auto t = Clock::now();
                gradient.evaluateInRowOrder(rows.data(), 1.0, grad.data());
                ms.push_back(1000 * since(t));
            }
            std::sort(ms.begin(), ms.end());
            std::printf(" %.1f (%.1f-%.1f) |", ms[2], ms[0], ms[4]);
        }
        std::printf("\n");
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: tsne_scale_bench knn|layout FILE.npy ...\n");
        return 2;
    }
    const Embedding data = loadDataset(argv[2]).embedding;
    const std::string mode = argv[1];
    const int rc = mode == "knn"          ? knn(data, argc, argv)
                   : mode == "layout"     ? layout(data, argc, argv)
                   : mode == "repulsion"  ? repulsion(data, argc > 3 ? argv[3] : nullptr)
                   : mode == "attraction" ? attraction(data, argc > 3 ? argv[3] : nullptr)
                   : mode == "handover"   ? handover(data, argc > 3 ? argv[3] : nullptr)
                   : mode == "tree"       ? treeTime(data, argc > 3 ? argv[3] : nullptr)
                                          : 2;
    if (rc == 2) std::fprintf(stderr, "bad arguments\n");
    return rc;
}
