// embedscope-cli axis: words ranked along a semantic axis, and the axis projection of all words.
#include <algorithm>
#include <cmath>
#include <iostream>

#include "AnalysisCommon.h"
#include "Commands.h"
#include "Common.h"
#include "analysis/AxisProjection.h"
#include "analysis/WordLists.h"
#include "io/Coordinates.h"
#include "io/Load.h"

namespace embedscope::cli {

namespace {

/// The k highest (or lowest) scoring rows of the whole vocabulary, best first.
std::vector<ScoredWord> extremes(const Embedding& e, const Eigen::VectorXf& scores, std::size_t k,
                                 bool highest) {
    std::vector<std::size_t> order;
    for (Eigen::Index i = 0; i < scores.size(); ++i)
        if (!std::isnan(scores[i])) order.push_back(static_cast<std::size_t>(i));
    k = std::min(k, order.size());
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                      [&](std::size_t p, std::size_t q) {
                          const float sp = scores[Eigen::Index(p)], sq = scores[Eigen::Index(q)];
                          return (highest ? sp > sq : sp < sq) || (sp == sq && p < q);
                      });
    std::vector<ScoredWord> out;
    for (std::size_t i = 0; i < k; ++i)
        out.push_back({order[i], e.label(order[i]), scores[Eigen::Index(order[i])]});
    return out;
}

SemanticAxis axis(const UnitRows& rows, const WordLookup& lookup, const std::string& formula,
                  const char* which) {
    try {
        return SemanticAxis::fromFormula(rows, lookup, AxisFormula::parse(formula));
    } catch (const FormulaError& e) {
        // Show the formula with a caret under the bad token, as a compiler would.
        throw Error(std::string(which) + ", " + e.what() + "\n  " + formula + "\n  " +
                    std::string(e.position(), ' ') +
                    std::string(std::max<std::size_t>(1, e.length()), '^'));
    }
}

int runAxis(const Args& args) {
    const std::size_t k = args.count("k").value_or(10);
    const std::size_t dims = args.count("dims").value_or(args.value("z") ? 3 : 2);
    const auto out = args.value("out");
    if ((args.value("y") || args.value("z") || args.value("dims")) && !out)
        throw UsageError("--y, --z and --dims describe a projection: give --out COORDS too");
    std::vector<std::string> words;
    if (auto file = args.value("words")) words = readWordList(*file);

    Progress progress = makeProgress();
    const Dataset data = loadDataset(args.positional(0), loadOptions(args), progress);
    const WordLookup lookup(data.embedding);
    const UnitRows rows(data.embedding);
    const SemanticAxis x = axis(rows, lookup, args.positional(1), "FORMULA");
    std::vector<ScoredWord> ranked, lowest;
    std::vector<std::string> missing;
    if (args.value("words"))
        ranked = x.rank(rows, words, &missing);
    else {
        const Eigen::VectorXf scores = x.scores(rows);
        ranked = extremes(data.embedding, scores, k, true);
        lowest = extremes(data.embedding, scores, k, false);
    }
    std::optional<AxisProjection> projection;
    if (out) {
        std::vector<SemanticAxis> axes{x};
        if (auto y = args.value("y")) axes.push_back(axis(rows, lookup, *y, "--y"));
        if (auto z = args.value("z")) axes.push_back(axis(rows, lookup, *z, "--z"));
        projection = projectOnAxes(rows, axes, dims, progress);
        const bool csv = out->size() >= 4 && out->compare(out->size() - 4, 4, ".csv") == 0;
        writeLayout({data.embedding.labels(), projection->coordinates}, *out, csv ? ',' : '\t');
    }

    if (args.flag("json")) {
        Json j;
        j.beginObject().field("axis", x.title());
        scoredJson(j, "results", ranked);
        if (args.value("words"))
            j.field("missing", missing);
        else
            scoredJson(j, "lowest", lowest);
        if (projection) {
            j.field("out", *out).field("titles", projection->titles);
            j.field("variance_ratio", projection->varianceRatio);
        }
        std::cout << j.endObject().str() << "\n";
    } else {
        std::cout << "axis " << x.title() << " (score = cosine with the axis)\n"
                  << (args.value("words") ? "words, highest first:\n" : "highest:\n");
        printScored(ranked);
        if (!args.value("words")) {
            std::cout << "lowest:\n";
            printScored(lowest);
        }
        for (const auto& m : missing) std::cout << "not in the vocabulary: " << m << "\n";
        if (projection) {
            std::cout << "wrote " << data.embedding.rows() << " points to " << *out << " (columns:";
            for (const auto& t : projection->titles) std::cout << " [" << t << "]";
            std::cout << ")\n";
        }
    }
    return 0;
}

}  // namespace

Command axisCommand() {
    return {
        {"axis",
         {"VECTORS", "FORMULA"},
         with(loadOptionSpecs(),
              {{"words", "FILE", "rank these words (one a line) instead of the whole vocabulary"},
               {"k", "K", "without --words: how many words from each end (default 10)", 'k'},
               {"out", "COORDS", "also write the axis projection of every word (.tsv, or .csv)"},
               {"y", "FORMULA",
                "a second axis for the projection (orthogonalised against the first)"},
               {"z", "FORMULA", "a third axis for the projection"},
               {"dims", "2|3",
                "projection dimensions; columns without an axis are residual principal "
                "components (default 2, or 3 with --z)"},
               {"json", "", "print {\"axis\", \"results\": [{\"word\", \"score\"}, ...], ...}"}}),
         "Rank words by their cosine with the axis FORMULA (like 'he - she' or "
         "'avg(he, him, his) - avg(she, her, hers)'; each word normalised first), or lay all words "
         "out on "
         "up to three axes."},
        runAxis};
}

}  // namespace embedscope::cli
