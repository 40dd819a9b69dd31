// embedscope-cli quality: trustworthiness and kNN recall of a layout file against its embedding.
#include <chrono>
#include <iostream>

#include "Commands.h"
#include "Common.h"
#include "Error.h"
#include "Json.h"
#include "analysis/LayoutQuality.h"
#include "io/Coordinates.h"
#include "io/Load.h"

namespace embedscope::cli {

namespace {

Metric parseMetric(const std::string& name) {
    if (name == "euclidean") return Metric::Euclidean;
    if (name == "cosine") return Metric::Cosine;
    if (name == "dot") return Metric::Dot;
    throw UsageError("--metric must be euclidean, cosine or dot, not '" + name + "'");
}

/// The layout must list the embedding's rows in order: a layout of another file, or of a subset,
/// would otherwise be measured against the wrong vectors without a word.
void checkLabels(const Embedding& e, const Layout& layout, const std::string& path) {
    const std::size_t n = std::min(e.rows(), layout.labels.size());
    for (std::size_t i = 0; i < n; ++i)
        if (layout.labels[i] != e.label(i))
            // Line 1 is the header, so row i (0-based) is on line i + 2.
            throw Error(SourceLocation::text(path, i + 2),
                        "the label \"" + layout.labels[i] + "\" does not match row " +
                            std::to_string(i + 1) + " of the embedding (\"" + e.label(i) + "\")");
    if (layout.labels.size() != e.rows())
        throw Error(SourceLocation::file(path),
                    "the layout has " + std::to_string(layout.labels.size()) +
                        " points but the embedding has " + std::to_string(e.rows()) + " rows");
}

int runQuality(const Args& args) {
    QualityOptions options;
    options.k = args.count("k").value_or(10);
    if (options.k < 1) throw UsageError("-k must be at least 1");
    options.metric = parseMetric(args.value("metric", "euclidean"));
    options.sample = args.count("sample").value_or(options.sample);
    options.seed = static_cast<unsigned>(args.count("seed").value_or(options.seed));

    Progress progress = makeProgress();
    const Dataset data = loadDataset(args.positional(0), loadOptions(args), progress);
    const std::string& coords = args.positional(1);
    const Layout layout = readLayout(coords);
    checkLabels(data.embedding, layout, coords);
    const auto start = std::chrono::steady_clock::now();
    const LayoutQuality q = measureLayout(data.embedding, layout.coordinates, options, progress);
    const double seconds = secondsSince(start);

    if (args.flag("json")) {
        Json j;
        j.beginObject().field("k", q.k).field("sample", q.sampleSize);
        j.field("trustworthiness", q.trustworthiness).field("knn_recall", q.knnRecall).endObject();
        std::cout << j.str() << "\n";
    } else {
        std::cout << "points:          " << data.embedding.rows() << " (" << q.sampleSize
                  << " sampled)\n"
                  << "k:               " << q.k << "\n"
                  << "metric:          " << metricName(options.metric) << "\n"
                  << "trustworthiness: " << q.trustworthiness << "\n"
                  << "kNN recall:      " << q.knnRecall << "\n"
                  << "seconds:         " << seconds << "\n";
    }
    return 0;
}

}  // namespace

Command qualityCommand() {
    return {
        {"quality",
         {"IN", "COORDS"},
         with(loadOptionSpecs(),
              {{"k", "K", "neighbours per point (default 10)", 'k'},
               {"metric", "NAME", "distance in IN: euclidean (default), cosine or dot"},
               {"sample", "N", "points to average over (default 1000; 0 = all)"},
               {"seed", "N", "picks the sample (default 42)"},
               {"json", "", "print the result as JSON"}}),
         "Measure how well a layout (label, x, y[, z] as pca writes it) keeps IN's neighbourhoods: "
         "trustworthiness (Venna & Kaski 2001, as scikit-learn) and kNN recall@k. The labels of "
         "COORDS must be IN's, in order."},
        runQuality};
}

}  // namespace embedscope::cli
