// Full-size figures on one loaded file (issue 9): the time to stream the matrix once from memory
// (the bandwidth limit), an exact top-100 neighbour query against it, PCA to 3 components against
// it, and HNSW queries (recall@10 and time per query at several ef). Writes the HNSW index (and a
// copy in hnswlib's own layout, PATH.hnswlib) and the query rows so scale_bench.py can run
// hnswlib's Python binding on the very same graph and queries.
//
// Usage: scale_bench FILE [--runs R] [--queries Q] [--index PATH] [--m M] [--ef-construction E]
//                         [--ef 20,40,80,160] [--skip-hnsw] [--skip-pca] [--load-only]
// Prints "key value" lines (seconds), one per figure, for the driver script.
#include "Omp.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "io/Load.h"
#include "neighbours/HnswIndex.h"
#include "neighbours/NeighbourSearch.h"
#include "project/Pca.h"

using namespace embedscope;
using Clock = std::chrono::steady_clock;

namespace {

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

/// One pass over the matrix on all threads: what any exact query must at least pay.
double streamOnce(const Embedding& e, float* sink) {
    const auto t = Clock::now();
    const float* x = e.data();
    const std::size_t n = e.rows() * e.dims();
    float total = 0;
    // simd: the sum may be reassociated, so it runs at memory speed rather than add latency.
#pragma omp parallel for simd reduction(+ : total) schedule(static)
    for (std::ptrdiff_t i = 0; i < static_cast<std::ptrdiff_t>(n); ++i) total += x[i];
    *sink += total;
    return since(t);
}

/// hnswlib's own file layout of the index at path, for its Python binding ("cosine" space): the
/// same graph, with each point's stored row number replaced by that row as a unit vector.
/// Embedscope's index reads the vectors from the matrix in place and its file holds only row
/// numbers, which hnswlib cannot search.
void writeForHnswlib(const std::string& path, const Embedding& e, const std::string& out) {
    std::ifstream in(path, std::ios::binary);
    std::ofstream to(out, std::ios::binary | std::ios::trunc);
    std::size_t head[6];  // offsetLevel0, max_elements, count, size_per_element, label_offset, offsetData
    char middle[4 + 4 + 3 * 8 + 8 + 8];  // maxlevel, entry point, maxM, maxM0, M, mult, ef_construction
    in.read(reinterpret_cast<char*>(head), sizeof head);
    in.read(middle, sizeof middle);
    const std::size_t count = head[2], perElement = head[3], offsetData = head[5], d = e.dims();
    const std::size_t newPerElement = perElement - sizeof(std::uint32_t) + d * sizeof(float);
    std::size_t newHead[6] = {head[0], head[1], count, newPerElement, offsetData + d * sizeof(float), offsetData};
    to.write(reinterpret_cast<const char*>(newHead), sizeof newHead);
    to.write(middle, sizeof middle);
    std::vector<char> element(perElement);
    std::vector<float> unit(d);
    for (std::size_t i = 0; i < count; ++i) {
        in.read(element.data(), static_cast<std::streamsize>(perElement));
        std::uint32_t row;
        std::memcpy(&row, element.data() + offsetData, sizeof row);
        const auto x = e.row(row);
        double sq = 0;
        for (std::size_t j = 0; j < d; ++j) sq += double(x[j]) * x[j];
        for (std::size_t j = 0; j < d; ++j) unit[j] = static_cast<float>(x[j] / std::sqrt(sq));
        to.write(element.data(), static_cast<std::streamsize>(offsetData));
        to.write(reinterpret_cast<const char*>(unit.data()), static_cast<std::streamsize>(d * sizeof(float)));
        to.write(element.data() + offsetData + sizeof row, static_cast<std::streamsize>(perElement - offsetData - sizeof row));
    }
    to << in.rdbuf();  // the upper layers' links, unchanged
    if (!to.flush()) {
        std::fprintf(stderr, "cannot write %s\n", out.c_str());
        std::exit(1);
    }
}

std::vector<std::size_t> parseList(const char* s) {
    std::vector<std::size_t> out;
    for (const char* p = s; *p;) {
        out.push_back(std::strtoul(p, const_cast<char**>(&p), 10));
        if (*p == ',') ++p;
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: scale_bench FILE [--runs R] [--queries Q] [--index PATH] ...\n");
        return 2;
    }
    int runs = 5;
    std::size_t queries = 200;
    std::string indexPath;
    HnswParams params;
    std::vector<std::size_t> efs = {20, 40, 80, 160};
    bool hnsw = true, pca = true, loadOnly = false;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        const char* v = i + 1 < argc ? argv[i + 1] : "";
        if (a == "--runs") runs = std::atoi(v), ++i;
        else if (a == "--queries") queries = std::strtoul(v, nullptr, 10), ++i;
        else if (a == "--index") indexPath = v, ++i;
        else if (a == "--m") params.m = std::strtoul(v, nullptr, 10), ++i;
        else if (a == "--ef-construction") params.efConstruction = std::strtoul(v, nullptr, 10), ++i;
        else if (a == "--ef") efs = parseList(v), ++i;
        else if (a == "--skip-hnsw") hnsw = false;
        else if (a == "--skip-pca") pca = false;
        else if (a == "--load-only") loadOnly = true;
    }

    auto t = Clock::now();
    const Dataset data = loadDataset(argv[1]);
    const Embedding& e = data.embedding;
    std::printf("rows %zu\ndims %zu\nthreads %d\nload %.4f\n", e.rows(), e.dims(), omp_get_max_threads(), since(t));
    // What `embedscope-cli info` does, for whole-process timing against gensim.
    if (loadOnly) return e.rows() == 0;

    // Stream and exact query alternately, so both see the same machine load.
    float sink = 0;
    t = Clock::now();
    const NeighbourSearch exact(e, Metric::Cosine, VectorSpace::Raw);
    std::printf("exact_setup %.4f\n", since(t));
    std::vector<double> stream, query;
    for (int r = 0; r < runs; ++r) {
        stream.push_back(streamOnce(e, &sink));
        t = Clock::now();
        const auto nb = exact.nearest((static_cast<std::size_t>(r) * 7919) % e.rows(), 100);
        query.push_back(since(t));
        sink += nb.front().distance;
    }
    std::printf("stream %.4f\nstream_best %.4f\nexact_top100 %.4f\nexact_top100_best %.4f\n", median(stream),
                *std::min_element(stream.begin(), stream.end()), median(query),
                *std::min_element(query.begin(), query.end()));

    if (pca) {
        // Fit to 3 components + projection onto them, per solver (Auto first: what the app runs),
        // alternating with a stream of the matrix so both see the same load.
        const std::pair<const char*, PcaSolver> solvers[] = {{"pca3", PcaSolver::Auto},
                                                             {"pca3_exact", PcaSolver::Exact},
                                                             {"pca3_krylov", PcaSolver::Krylov},
                                                             {"pca3_randomized", PcaSolver::Randomized}};
        for (const auto& [key, solver] : solvers) {
            std::vector<double> times, projections;
            PcaOptions options;
            options.solver = solver;
            int passes = 0, used = 0;
            for (int r = 0; r < std::max(1, runs / 2); ++r) {
                t = Clock::now();
                const auto fit = fitPca(e, options);
                const auto projecting = Clock::now();
                const auto coords = fit.project(e, {0, 1, 2});
                times.push_back(since(t));
                projections.push_back(since(projecting));
                sink += coords(0, 0);
                passes = fit.solverPasses;
                used = static_cast<int>(fit.solverUsed);
                stream.push_back(streamOnce(e, &sink));
            }
            // solver: 1 exact, 2 randomized, 3 Krylov (PcaSolver); passes: its passes over the data.
            std::printf("%s %.4f\n%s_best %.4f\n%s_passes %d\n%s_solver %d\n%s_project %.4f\n", key,
                        median(times), key, *std::min_element(times.begin(), times.end()), key, passes,
                        key, used, key, median(projections));
        }
        std::printf("stream_pca %.4f\n", median(stream));
    }

    if (hnsw) {
        const auto key = DataFileKey::of(argv[1]);
        std::unique_ptr<HnswIndex> index;
        if (!indexPath.empty()) index = HnswIndex::load(indexPath, key, exact, params);
        if (index) {
            std::printf("hnsw_build_reused 1\n");
        } else {
            t = Clock::now();
            index = std::make_unique<HnswIndex>(exact, params, Progress::none());
            std::printf("hnsw_build %.2f\n", since(t));
            if (!indexPath.empty()) index->save(indexPath, key);
        }
        if (!indexPath.empty()) writeForHnswlib(indexPath, e, indexPath + ".hnswlib");
        // The same seeded rows as queries for both programs, with their exact top 10.
        std::vector<std::size_t> rows(queries);
        for (std::size_t q = 0; q < queries; ++q) rows[q] = (q * 2654435761u + 17) % e.rows();
        std::vector<std::vector<Neighbour>> truth(queries);
        for (std::size_t q = 0; q < queries; ++q) truth[q] = exact.nearest(rows[q], 10);
        if (!indexPath.empty()) {
            std::ofstream out(indexPath + ".queries");
            for (std::size_t q = 0; q < queries; ++q) {
                out << rows[q];
                for (const auto& n : truth[q]) out << ' ' << n.row;
                out << '\n';
            }
        }
        for (std::size_t ef : efs) {
            index->setEf(ef);
            std::size_t hits = 0;
            // One query at a time on one thread, as a click asks.
            t = Clock::now();
            for (std::size_t q = 0; q < queries; ++q) {
                const auto found = index->nearest(rows[q], 10);
                for (const auto& f : found)
                    for (const auto& x : truth[q]) hits += f.row == x.row;
            }
            const double seconds = since(t);
            std::printf("hnsw_ef%zu_recall10 %.4f\nhnsw_ef%zu_query %.7f\n", ef, double(hits) / double(10 * queries),
                        ef, seconds / double(queries));
        }
    }
    std::fprintf(stderr, "(checksum %g)\n", static_cast<double>(sink));
    return 0;
}
