// embedscope-cli compare: two words side by side.
#include <iostream>

#include "AnalysisCommon.h"
#include "Commands.h"
#include "Common.h"
#include "analysis/WordComparison.h"
#include "analysis/WordLookup.h"
#include "io/Load.h"

namespace embedscope::cli {

namespace {

int runCompare(const Args& args) {
    const std::size_t k = args.count("k").value_or(10);
    if (k == 0) throw UsageError("-k must be at least 1");
    Progress progress = makeProgress();
    const Dataset data = loadDataset(args.positional(0), loadOptions(args), progress);
    const WordLookup lookup(data.embedding);
    const std::size_t a = lookup.row(args.positional(1)), b = lookup.row(args.positional(2));
    const UnitRows rows(data.embedding);
    const WordComparison c = compareWords(rows, a, b, k, progress);
    if (args.flag("json")) {
        Json j;
        j.beginObject().field("a", args.positional(1)).field("b", args.positional(2));
        j.field("cosine", c.cosine).field("euclidean", c.euclidean);
        j.field("rank_of_b_among_a", c.rankOfBAmongA).field("rank_of_a_among_b", c.rankOfAAmongB);
        j.field("k", k);
        scoredJson(j, "shared", c.shared);
        scoredJson(j, "closer_to_a", c.closerToA);
        scoredJson(j, "closer_to_b", c.closerToB);
        std::cout << j.endObject().str() << "\n";
    } else {
        const std::string& an = args.positional(1);
        const std::string& bn = args.positional(2);
        std::cout << "cosine:     " << c.cosine << "\neuclidean:  " << c.euclidean << "\n"
                  << "'" << bn << "' is neighbour " << c.rankOfBAmongA << " of '" << an << "'; '"
                  << an << "' is neighbour " << c.rankOfAAmongB << " of '" << bn << "'\n"
                  << "shared among the top " << k << " (mean cosine):\n";
        printScored(c.shared);
        if (c.shared.empty()) std::cout << "  (none)\n";
        std::cout << "closer to '" << an << "' (cosine difference):\n";
        printScored(c.closerToA);
        std::cout << "closer to '" << bn << "' (cosine difference):\n";
        printScored(c.closerToB);
    }
    return 0;
}

}  // namespace

Command compareCommand() {
    return {{"compare",
             {"VECTORS", "A", "B"},
             with(loadOptionSpecs(),
                  {{"k", "K", "neighbours compared and separating words listed (default 10)", 'k'},
                   {"json", "", "print the result as JSON"}}),
             "Compare two words: cosine, euclidean distance, each one's rank among the other's "
             "neighbours, the "
             "neighbours they share among the top K, and the words that separate them best."},
            runCompare};
}

}  // namespace embedscope::cli
