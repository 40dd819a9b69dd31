// embedscope-cli bias: a bias direction from definitional pairs and the direct bias of a word list.
#include <iostream>

#include "AnalysisCommon.h"
#include "Commands.h"
#include "Common.h"
#include "analysis/BiasDirection.h"
#include "analysis/WordLists.h"
#include "io/Load.h"

namespace embedscope::cli {

namespace {

int runBias(const Args& args) {
    const std::string pairsPath = args.value("pairs", resourcePath("bias/gender-pairs.tsv"));
    const auto wordsPath = args.value("words");
    if (!wordsPath)
        throw UsageError("bias needs --words FILE (e.g. " + resourcePath("bias/professions.txt") +
                         ")");
    const double c = numberOption(args, "c", 1.0);
    if (c < 0) throw UsageError("-c must be at least 0");
    const auto pairs = readWordPairs(pairsPath);
    const auto words = readWordList(*wordsPath);

    Progress progress = makeProgress();
    const Dataset data = loadDataset(args.positional(0), loadOptions(args), progress);
    const WordLookup lookup(data.embedding);
    const UnitRows rows(data.embedding);
    const BiasDirection direction = fitBiasDirection(rows, lookup, pairs);
    const DirectBias bias = directBias(rows, direction.direction, words, c);
    std::vector<ScoredWord> ranked = bias.words;
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const ScoredWord& p, const ScoredWord& q) { return p.score > q.score; });

    if (args.flag("json")) {
        Json j;
        j.beginObject().field("explained_variance_ratio", direction.explainedVarianceRatio);
        j.field("variance_ratios", direction.varianceRatios);
        j.field("pairs_used", direction.used.size());
        j.beginArray("pairs_skipped");
        for (const auto& [a, b] : direction.skipped) j.beginArray().value(a).value(b).endArray();
        j.endArray();
        j.field("direct_bias", bias.value).field("c", c);
        scoredJson(j, "results", ranked);
        j.field("missing", bias.missing);
        std::cout << j.endObject().str() << "\n";
    } else {
        std::cout << "bias direction from " << direction.used.size()
                  << " pairs: first component explains " << direction.explainedVarianceRatio * 100
                  << "% of their variance\n";
        for (const auto& [a, b] : direction.skipped)
            std::cout << "skipped pair (not in the vocabulary): " << a << " " << b << "\n";
        std::cout << "direct bias (c = " << c << "): " << bias.value << " over "
                  << bias.words.size() << " words\n"
                  << "words by cosine with the direction (+ = the pairs' first words' side):\n";
        printScored(ranked);
        for (const auto& m : bias.missing) std::cout << "not in the vocabulary: " << m << "\n";
    }
    return 0;
}

}  // namespace

Command biasCommand() {
    return {{"bias",
             {"VECTORS"},
             with(loadOptionSpecs(),
                  {{"pairs", "FILE",
                    "definitional pairs, two words a line (default: the shipped he/she, man/woman, "
                    "... pairs of Bolukbasi et al., 2016)"},
                   {"words", "FILE",
                    "the words to measure, one a line (required; resources/bias has professions "
                    "and adjectives)"},
                   {"c", "C", "direct bias strictness: mean |cos|^C (default 1)"},
                   {"json", "", "print the result as JSON"}}),
             "Find the bias direction of definitional pairs (the first principal component of the "
             "centred pairs, "
             "Bolukbasi et al., 2016) and measure the direct bias of a word list along it."},
            runBias};
}

}  // namespace embedscope::cli
