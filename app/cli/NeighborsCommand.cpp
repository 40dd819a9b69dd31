// embedscope-cli neighbors: the nearest words of a word, as gensim's most_similar lists them.
#include <iostream>

#include "AnalysisCommon.h"
#include "Commands.h"
#include "Common.h"
#include "analysis/WordLookup.h"
#include "analysis/WordNeighbours.h"
#include "io/Load.h"
#include "io/TableFile.h"

namespace embedscope::cli {

namespace {

int runNeighbors(const Args& args) {
    const std::size_t k = args.count("k").value_or(10);
    if (k == 0) throw UsageError("-k must be at least 1");
    const std::string metricName = args.value("metric", "cosine");
    Metric metric = Metric::Cosine;
    if (metricName == "euclidean")
        metric = Metric::Euclidean;
    else if (metricName == "dot")
        metric = Metric::Dot;
    else if (metricName != "cosine")
        throw UsageError("--metric must be cosine, euclidean or dot, not '" + metricName + "'");

    Progress progress = makeProgress();
    const Dataset data = loadDataset(args.positional(0), loadOptions(args), progress);
    const WordLookup lookup(data.embedding);
    const std::size_t row = lookup.row(args.positional(1));
    const NeighbourSearch search(data.embedding, metric, VectorSpace::Raw);
    const auto results = mostSimilar(data.embedding, search, row, k);
    if (const auto out = args.value("out")) {
        // The GUI's neighbour export, in the same columns (the raw space: as gensim measures).
        Table table;
        table.header = {"rank", "word", "score", "metric", "query"};
        std::size_t rank = 0;
        for (const auto& r : results)
            table.rows.push_back({std::to_string(++rank), r.word, shortestNumber(r.score), metricName, args.positional(1)});
        writeTable(table, *out, separatorForPath(*out));
    }
    if (args.flag("json")) {
        Json j;
        j.beginObject();
        scoredJson(j, "results", results);
        std::cout << j.endObject().str() << "\n";
    } else {
        std::cout << "nearest to '" << args.positional(1) << "' (" << metricName
                  << (metric == Metric::Euclidean ? " distance"
                      : metric == Metric::Dot     ? " product"
                                                  : " similarity")
                  << "):\n";
        printScored(results);
        if (const auto out = args.value("out")) std::cout << "wrote " << results.size() << " rows to " << *out << "\n";
    }
    return 0;
}

}  // namespace

Command neighborsCommand() {
    return {{"neighbors",
             {"VECTORS", "WORD"},
             with(loadOptionSpecs(),
                  {{"k", "K", "how many neighbours (default 10)", 'k'},
                   {"metric", "NAME",
                    "cosine (default; score = cosine similarity), euclidean (score = distance) or "
                    "dot (score = dot product)"},
                   {"out", "FILE", "also write rank, word, score, metric, query as TSV (CSV for .csv)"},
                   {"json", "", "print {\"results\": [{\"word\", \"score\"}, ...]}"}}),
             "List the nearest words of WORD, itself excluded, nearest first, ties in row order "
             "(gensim's "
             "most_similar for cosine)."},
            runNeighbors};
}

}  // namespace embedscope::cli
