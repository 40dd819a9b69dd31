// embedscope-cli weat: the Word Embedding Association Test (Caliskan et al. 2017) on a shipped test
// or on sets from a JSON file.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <iostream>

#include "AnalysisCommon.h"
#include "Commands.h"
#include "Common.h"
#include "analysis/WordLists.h"
#include "io/Load.h"

namespace embedscope::cli {

namespace {

/// "WEAT 3", "weat3", "3" → resources/weat/weat3.json.
std::string shippedTest(const std::string& name) {
    std::string key;
    for (char c : name)
        if (c != ' ' && c != '_' && c != '-')
            key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c));
        }))
        key = "weat" + key;
    const std::string path = resourcePath("weat/" + key + ".json");
    if (key.find('/') != std::string::npos || !std::filesystem::exists(path))
        throw UsageError("no shipped test '" + name +
                         "': --test takes weat1 ... weat10 (Caliskan et al. 2017)");
    return path;
}

int runWeatCommand(const Args& args) {
    const auto test = args.value("test"), setsFile = args.value("sets");
    if (bool(test) == bool(setsFile))
        throw UsageError("weat needs either --test NAME or --sets FILE");
    WeatOptions options;
    options.permutations = args.count("permutations").value_or(options.permutations);
    if (options.permutations == 0) throw UsageError("--permutations must be at least 1");
    options.seed = args.count("seed").value_or(options.seed);
    options.exactLimit = args.count("exact-limit").value_or(options.exactLimit);
    options.lowercase = args.flag("lowercase");
    if (args.flag("monte-carlo")) options.method = WeatPValueMethod::MonteCarlo;
    const WeatSets sets = readWeatSets(test ? shippedTest(*test) : *setsFile);

    Progress progress = makeProgress();
    const Dataset data = loadDataset(args.positional(0), loadOptions(args), progress);
    const UnitRows rows(data.embedding);
    const WeatResult r = runWeat(rows, sets, options, progress);

    if (args.flag("json")) {
        Json j;
        j.beginObject()
            .field("effect_size", r.effectSize)
            .field("p_value", r.pValue)
            .field("exact", r.exact);
        j.field("missing", r.missing);
        j.field("name", sets.name)
            .field("statistic", r.statistic)
            .field("permutations", r.permutations);
        if (!r.exact) j.field("seed", std::size_t(options.seed));
        j.key("sizes")
            .beginObject()
            .field("X", r.sizeX)
            .field("Y", r.sizeY)
            .field("A", r.sizeA)
            .field("B", r.sizeB);
        j.endObject();
        std::cout << j.endObject().str() << "\n";
    } else {
        const auto named = [](const std::string& set, const std::string& name) {
            return name.empty() ? set : name;
        };
        std::cout << (sets.name.empty() ? "WEAT" : sets.name) << ": " << named("X", sets.xName)
                  << " vs " << named("Y", sets.yName) << ", " << named("A", sets.aName) << " vs "
                  << named("B", sets.bName) << "\n"
                  << "effect size d: " << r.effectSize << "\n"
                  << "p-value:       " << r.pValue << " (one-sided, "
                  << (r.exact ? "exact over " + std::to_string(r.permutations) + " splits"
                              : "Monte-Carlo, " + std::to_string(r.permutations) +
                                    " permutations, seed " + std::to_string(options.seed))
                  << ")\n"
                  << "sizes:         X " << r.sizeX << ", Y " << r.sizeY << ", A " << r.sizeA
                  << ", B " << r.sizeB << "\n";
        if (!r.missing.empty()) {
            std::cout << "not in the vocabulary (" << r.missing.size() << "):";
            for (const auto& m : r.missing) std::cout << " " << m;
            std::cout << "\n";
        }
    }
    return 0;
}

}  // namespace

Command weatCommand() {
    return {
        {"weat",
         {"VECTORS"},
         with(loadOptionSpecs(),
              {{"test", "NAME", "a shipped test of Caliskan et al. (2017): weat1 ... weat10"},
               {"sets", "FILE", "JSON {\"X\": [...], \"Y\": [...], \"A\": [...], \"B\": [...]}"},
               {"permutations", "R",
                "Monte-Carlo permutations when exact is too costly (default 100000)"},
               {"seed", "S", "Monte-Carlo seed (default 42)"},
               {"exact-limit", "N", "enumerate every split up to N splits (default 1000000)"},
               {"monte-carlo", "", "use Monte-Carlo even when the exact p-value is affordable"},
               {"lowercase", "",
                "look the words up in lower case (uncased vocabularies such as GloVe 6B)"},
               {"json", "", "print {\"effect_size\", \"p_value\", \"exact\", \"missing\", ...}"}}),
         "Run the Word Embedding Association Test: effect size d and one-sided permutation p-value "
         "(exact, "
         "or seeded Monte-Carlo); words missing from the vocabulary are listed."},
        runWeatCommand};
}

}  // namespace embedscope::cli
