// embedscope-cli tsne: t-SNE of a file's vectors into 2-D or 3-D coordinates, with the layout's
// quality (trustworthiness, kNN recall) and the final KL divergence.
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>

#include "Commands.h"
#include "Common.h"
#include "Json.h"
#include "ParseNumber.h"
#include "analysis/LayoutQuality.h"
#include "io/Coordinates.h"
#include "io/Load.h"
#include "neighbours/HnswIndex.h"
#include "project/tsne/Tsne.h"

namespace embedscope::cli {

namespace {

TsneOptions tsneOptions(const Args& args) {
    TsneOptions o;
    o.dims = args.count("dims").value_or(2);
    if (o.dims != 2 && o.dims != 3) throw UsageError("--dims must be 2 or 3");
    o.perplexity = numberOption(args, "perplexity", o.perplexity);
    o.iterations = args.count("iterations").value_or(o.iterations);
    o.seed = static_cast<unsigned>(args.count("seed").value_or(o.seed));
    const std::string rate = args.value("learning-rate", "auto");
    if (rate != "auto") o.learningRate = numberOption(args, "learning-rate", 0);
    o.earlyExaggeration = numberOption(args, "exaggeration", o.earlyExaggeration);
    o.lateExaggeration = numberOption(args, "late-exaggeration", o.lateExaggeration);
    if (args.value("late-exaggeration-start"))
        o.lateExaggerationStart = args.count("late-exaggeration-start");
    o.degreesOfFreedom = numberOption(args, "dof", o.degreesOfFreedom);
    if (args.value("theta")) o.theta = numberOption(args, "theta", 0.5);
    const std::string method = args.value("method", "auto");
    if (method == "exact")
        o.method = RepulsionMethod::Exact;
    else if (method == "bh")
        o.method = RepulsionMethod::BarnesHut;
    else if (method == "fft")
        o.method = RepulsionMethod::Fft;
    else if (method == "hybrid")
        o.method = RepulsionMethod::Hybrid;
    else if (method != "auto")
        throw UsageError("--method must be auto, exact, bh, fft or hybrid");
    const std::string init = args.value("init", "pca");
    if (init == "random")
        o.init = TsneInit::Random;
    else if (init != "pca")
        throw UsageError("--init must be pca or random");
    const std::string knn = args.value("knn", "auto");
    if (knn == "exact")
        o.knnMethod = KnnMethod::Exact;
    else if (knn == "hnsw")
        o.knnMethod = KnnMethod::Hnsw;
    else if (knn != "auto")
        throw UsageError("--knn must be auto, exact or hnsw");
    return o;
}

/// The most memory this process has held resident, in MiB: VmHWM of /proc/self/status on Linux
/// (getrusage's ru_maxrss would also count the parent's pages when started by fork and exec).
double peakMemoryMiB() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0) {
            std::int64_t kib = 0;
            const auto begin = line.find_first_of("0123456789");
            const auto end = line.find_first_not_of("0123456789", begin);
            if (begin != std::string::npos && parseInt(line.substr(begin, end - begin), kib))
                return double(kib) / 1024.0;
        }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0;  // Linux reports KiB
}

/// The index --neighbour-index names: read when it was saved for this file, metric and the
/// browsing parameters, else built over the rows and saved there.
struct NeighbourIndexFile {
    std::shared_ptr<const NeighbourSearch> search;
    std::shared_ptr<const HnswIndex> index;
    bool read = false;
    double seconds = 0;
};

NeighbourIndexFile openNeighbourIndex(const Dataset& data, Metric metric, const std::string& path,
                                      Progress& progress) {
    const auto start = std::chrono::steady_clock::now();
    NeighbourIndexFile f;
    f.search = std::make_shared<NeighbourSearch>(data.embedding, metric, VectorSpace::Raw);
    const HnswParams params = HnswParams::browsing();
    const DataFileKey key = DataFileKey::of(data.path);
    std::unique_ptr<HnswIndex> index = HnswIndex::load(path, key, *f.search, params);
    f.read = index != nullptr;
    if (!index) {
        index = std::make_unique<HnswIndex>(*f.search, params, progress);
        index->save(path, key);
    }
    f.index = std::move(index);
    f.seconds = secondsSince(start);
    return f;
}

int runTsneCommand(const Args& args) {
    const auto out = args.value("out");
    if (!out) throw UsageError("tsne needs --out COORDS.tsv");
    TsneOptions options = tsneOptions(args);
    const std::optional<std::string> metric = args.value("metric");
    if (metric && *metric != "euclidean" && *metric != "cosine")
        throw UsageError("--metric must be euclidean or cosine, not '" + *metric + "'");
    const std::size_t qualityK = args.count("quality-k").value_or(10);

    Progress progress = makeProgress();
    const Dataset data = loadDataset(args.positional(0), loadOptions(args), progress);
    options.metric = !metric               ? defaultMetric(data.format)
                     : *metric == "cosine" ? Metric::Cosine
                                           : Metric::Euclidean;
    // The core lays out one point trivially; the CLI refuses it as it refuses 2 or 3 points
    // (below the perplexity), so that too few rows always mean an error naming the file.
    if (data.embedding.rows() < 2)
        throw Error(SourceLocation::file(data.path),
                    "t-SNE needs at least 2 rows, got " + std::to_string(data.embedding.rows()));
    // Opened only when the graph takes HNSW: exact search needs no index. What the report says of
    // it (read, seconds); the index itself goes to t-SNE.
    std::optional<NeighbourIndexFile> index;
    if (const auto indexPath = args.value("neighbour-index")) {
        if (data.path.empty()) throw UsageError("--neighbour-index needs a data file, not standard input");
        options.neighbourIndex = [&, path = *indexPath](Progress& p) {
            // Handed over with its search and not kept here: t-SNE lets go of it once its graph
            // is built, before the affinities (0.45 GB at 3 M rows).
            auto held = std::make_shared<NeighbourIndexFile>(openNeighbourIndex(data, options.metric, path, p));
            index = NeighbourIndexFile{nullptr, nullptr, held->read, held->seconds};
            return std::shared_ptr<const HnswIndex>(held, held->index.get());
        };
    }
    const TsneResult result =
        namingFile(data.path, [&] { return runTsne(data.embedding, options, {}, progress); });
    const Layout layout{data.embedding.labels(), result.layout};
    const bool csv = out->size() >= 4 && out->compare(out->size() - 4, 4, ".csv") == 0;
    writeLayout(layout, *out, csv ? ',' : '\t');

    // Quality needs k < N/2 (trustworthiness' definition): skipped for tiny inputs or k = 0.
    std::optional<LayoutQuality> quality;
    double qualitySeconds = 0;
    if (qualityK > 0 && 2 * qualityK < data.embedding.rows()) {
        const auto start = std::chrono::steady_clock::now();
        QualityOptions q;
        q.k = qualityK;
        q.seed = options.seed;
        q.metric = options.metric;  // the neighbourhoods t-SNE was asked to keep
        quality = measureLayout(data.embedding, result.layout, q, progress);
        qualitySeconds = secondsSince(start);
    }

    if (args.flag("json")) {
        Json j;
        j.beginObject().field("file", data.path).field("rows", data.embedding.rows());
        j.field("dims", data.embedding.dims()).field("layout_dims", options.dims);
        j.field("metric", metricName(options.metric));
        j.field("seconds", result.seconds).field("kl", result.kl);
        if (quality) {
            j.field("trustworthiness", quality->trustworthiness)
                .field("knn_recall", quality->knnRecall);
            j.field("quality_k", quality->k).field("quality_sample", quality->sampleSize);
        } else {
            j.key("trustworthiness").null().key("knn_recall").null();
        }
        j.field("quality_seconds", qualitySeconds);
        j.field("iterations", result.iterations)
            .field("method", repulsionMethodName(result.method));
        j.field("perplexity", options.perplexity).field("neighbours", result.neighbours);
        j.field("learning_rate", result.learningRate);
        j.field("knn_approximate", result.knnApproximate)
            .field("knn_graph_recall", result.knnRecall);
        j.field("knn_reused_index", result.knnReusedIndex);
        if (index)
            j.field("neighbour_index", index->read ? "read" : "built")
                .field("neighbour_index_seconds", index->seconds);
        j.field("peak_memory_mib", peakMemoryMiB());
        j.field("out", *out).endObject();
        std::cout << j.str() << "\n";
    } else {
        std::cout << "t-SNE of " << data.embedding.rows() << " x " << data.embedding.dims()
                  << " into " << options.dims << "-D (" << metricName(options.metric) << ", "
                  << repulsionMethodName(result.method) << "): " << result.iterations
                  << " iterations in " << result.seconds << " s\n"
                  << "KL divergence:   " << result.kl << "\n";
        if (quality)
            std::cout << "trustworthiness: " << quality->trustworthiness << " (k = " << quality->k
                      << ")\n"
                      << "kNN recall:      " << quality->knnRecall << "\n";
        if (index)
            std::cout << "neighbour index: " << (index->read ? "read from " : "built and saved to ")
                      << *args.value("neighbour-index") << " in " << index->seconds << " s\n";
        if (result.knnApproximate)
            std::cout << "neighbour graph: HNSW" << (result.knnReusedIndex ? " (the neighbour index)" : "")
                      << ", recall " << result.knnRecall << "\n";
        std::cout << "wrote " << layout.labels.size() << " points to " << *out << "\n";
    }
    return 0;
}

}  // namespace

Command tsneCommand() {
    return {
        {"tsne",
         {"IN"},
         with(loadOptionSpecs(),
              {{"dims", "2|3", "layout dimensions (default 2)"},
               {"metric", "NAME",
                "input distance: cosine or euclidean (default cosine for word2vec, GloVe and "
                "fastText files, euclidean otherwise)"},
               {"perplexity", "P", "effective number of neighbours, < N (default 30)"},
               {"iterations", "N", "iterations in total (default 1000, the first 250 exaggerated)"},
               {"seed", "S", "random seed (default 42)"},
               {"learning-rate", "auto|X", "step size; auto = max(N/12, 200) (default)"},
               {"exaggeration", "F", "early exaggeration factor (default 12)"},
               {"late-exaggeration", "F", "exaggeration after the early phase (default 1 = off)"},
               {"late-exaggeration-start", "N",
                "iteration where late exaggeration starts (default 250)"},
               {"dof", "A", "degrees of freedom of the kernel; < 1 = heavier tails (default 1)"},
               {"theta", "T", "Barnes-Hut accuracy, 0 = exact (default 0.5 in 2-D, 0.7 in 3-D)"},
               {"method", "NAME", "repulsion: auto (default), exact, bh, fft (2-D) or hybrid (3-D: fft, then bh)"},
               {"init", "NAME", "pca (default) or random"},
               {"knn", "NAME",
                "neighbour graph: auto (default: exact unless it would take more than about 6 minutes, "
                "then HNSW), exact or hnsw"},
               {"neighbour-index", "FILE",
                "when the neighbour graph takes HNSW, search this index of IN's rows in the "
                "t-SNE metric instead of building one: read when it was saved for this file, else "
                "built and saved there"},
               {"quality-k", "K",
                "neighbours for trustworthiness and kNN recall (default 10, 0 = skip)"},
               {"out", "COORDS", "where to write label + coordinates (.tsv, or .csv)"},
               {"json", "", "print the result as JSON"}}),
         "Lay IN out in 2-D or 3-D with t-SNE and write the coordinates; prints the KL "
         "divergence, trustworthiness and kNN recall (both with the t-SNE metric)."},
        runTsneCommand};
}

}  // namespace embedscope::cli
