// embedscope-cli clusters: k-means (spherical for cosine) with each cluster named by its most
// central words, an optional per-word table, and a silhouette-based suggestion for k.
#include <chrono>
#include <cstdint>
#include <iostream>
#include <optional>
#include <string>

#include "Commands.h"
#include "Common.h"
#include "Error.h"
#include "Json.h"
#include "ParseNumber.h"
#include "analysis/KMeans.h"
#include "analysis/Silhouette.h"
#include "io/ClusterTable.h"
#include "io/Load.h"

namespace embedscope::cli {

namespace {

/// The metric asked for, if any (checked before loading, so that bad usage is reported first).
std::optional<Metric> parseMetric(const Args& args) {
    const auto name = args.value("metric");
    if (!name) return std::nullopt;
    if (*name == "cosine") return Metric::Cosine;
    if (*name == "euclidean") return Metric::Euclidean;
    throw UsageError("--metric must be cosine or euclidean, not '" + *name + "'");
}

/// "A..B" with 2 ≤ A ≤ B.
KSuggestOptions parseRange(const std::string& text) {
    const auto dots = text.find("..");
    std::int64_t a = 0, b = 0;
    if (dots == std::string::npos || !parseInt(text.substr(0, dots), a) ||
        !parseInt(text.substr(dots + 2), b) || a < 2 || b < a)
        throw UsageError("--suggest needs a range A..B with 2 ≤ A ≤ B, like 2..12, not '" + text +
                         "'");
    KSuggestOptions o;
    o.kMin = static_cast<std::size_t>(a);
    o.kMax = static_cast<std::size_t>(b);
    return o;
}

void printSuggestion(Json* j, const KSuggestion& s) {
    if (j) {
        j->key("suggest").beginObject();
        j->beginArray("k");
        for (std::size_t k : s.ks) j->value(k);
        j->endArray().field("silhouette", s.silhouettes).field("best", s.best).endObject();
        return;
    }
    std::cout << "k\tsilhouette\n";
    for (std::size_t i = 0; i < s.ks.size(); ++i)
        std::cout << s.ks[i] << "\t" << s.silhouettes[i] << (s.ks[i] == s.best ? "\tbest" : "")
                  << "\n";
}

int runClusters(const Args& args) {
    KMeansOptions options;
    const auto k = args.count("k");
    const auto suggestRange = args.value("suggest");
    if (!k && !suggestRange) throw UsageError("clusters needs -k K (or --suggest A..B)");
    if (k && *k < 1) throw UsageError("-k must be at least 1");
    options.restarts = args.count("restarts").value_or(options.restarts);
    if (options.restarts < 1) throw UsageError("--restarts must be at least 1");
    options.maxIterations = args.count("iterations").value_or(options.maxIterations);
    if (options.maxIterations < 1) throw UsageError("--iterations must be at least 1");
    options.seed = static_cast<unsigned>(args.count("seed").value_or(options.seed));
    const std::optional<Metric> metric = parseMetric(args);
    std::optional<KSuggestOptions> suggest;
    if (suggestRange) suggest = parseRange(*suggestRange);
    if (suggest) suggest->sample = args.count("suggest-sample").value_or(suggest->sample);

    Progress progress = makeProgress();
    const Dataset data = loadDataset(args.positional(0), loadOptions(args), progress);
    options.metric = metric.value_or(defaultMetric(data.format));
    const Embedding& e = data.embedding;

    std::optional<KSuggestion> suggestion;
    if (suggest) suggestion = suggestK(e.matrix(), options, *suggest, progress);
    options.k = k ? *k : suggestion->best;
    const KMeansResult result = runKMeans(e, options, progress);
    if (auto out = args.value("out")) writeClusterTable(e.labels(), result, *out, clusterParameters(options));

    if (args.flag("json")) {
        Json j;
        j.beginObject().field("k", options.k).field("metric", metricName(options.metric));
        j.field("rows", e.rows()).field("inertia", result.inertia);
        j.field("iterations", result.iterations).field("converged", result.converged);
        j.field("restarts", options.restarts).field("seconds", result.seconds);
        if (suggestion) printSuggestion(&j, *suggestion);
        j.beginArray("clusters");
        for (std::size_t c = 0; c < result.sizes.size(); ++c) {
            j.beginObject().field("size", result.sizes[c]).beginArray("central");
            for (std::size_t row : result.central[c]) j.value(e.label(row));
            j.endArray().endObject();
        }
        j.endArray().endObject();
        std::cout << j.str() << "\n";
        return 0;
    }
    if (suggestion) printSuggestion(nullptr, *suggestion);
    std::cout << "k-means (" << metricName(options.metric) << ") of " << e.rows() << " x "
              << e.dims() << " into " << options.k << " clusters: inertia " << result.inertia
              << ", " << result.iterations << " iterations"
              << (result.converged ? "" : " (not converged)") << ", " << result.seconds << " s\n";
    for (std::size_t c = 0; c < result.sizes.size(); ++c) {
        std::cout << c << "\t" << result.sizes[c] << "\t";
        for (std::size_t i = 0; i < result.central[c].size(); ++i)
            std::cout << (i ? ", " : "") << e.label(result.central[c][i]);
        std::cout << "\n";
    }
    if (auto out = args.value("out"))
        std::cout << "wrote " << e.rows() << " rows to " << *out << "\n";
    return 0;
}

}  // namespace

Command clustersCommand() {
    return {
        {"clusters",
         {"VECTORS"},
         with(loadOptionSpecs(),
              {{"k", "K", "number of clusters (required unless --suggest)", 'k'},
               {"metric", "NAME",
                "cosine (spherical k-means) or euclidean; default cosine for word2vec and GloVe "
                "files, euclidean otherwise"},
               {"restarts", "R", "seeded runs, the lowest inertia wins (default 4)"},
               {"iterations", "N", "most Lloyd iterations per run (default 300)"},
               {"seed", "S", "random seed (default 42)"},
               {"suggest", "A..B",
                "score k = A..B by the mean silhouette on a sample and print it; without -k, "
                "cluster with the best"},
               {"suggest-sample", "N", "rows the silhouette is measured on (default 2000)"},
               {"out", "FILE", "write one row per word: label, cluster (0-based), distance (TSV)"},
               {"json", "", "print the result as JSON"}}),
         "Cluster VECTORS with k-means++ and Lloyd's iterations (Hamerly's bounds); each cluster "
         "is named by its 3 members nearest the centroid. Clusters are numbered by size, "
         "largest first. Distances: 1 - cos (cosine) or euclidean."},
        runClusters};
}

}  // namespace embedscope::cli
