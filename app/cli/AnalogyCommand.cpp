// embedscope-cli analogy: a : b :: c : ? by 3CosAdd or 3CosMul.
#include <iostream>

#include "AnalysisCommon.h"
#include "Commands.h"
#include "Common.h"
#include "analysis/Analogy.h"
#include "analysis/WordLookup.h"
#include "io/Load.h"

namespace embedscope::cli {

namespace {

int runAnalogy(const Args& args) {
    AnalogyOptions options;
    options.k = args.count("k").value_or(10);
    if (options.k == 0) throw UsageError("-k must be at least 1");
    const std::string method = args.value("method", "add");
    if (method == "mul")
        options.method = AnalogyMethod::Mul;
    else if (method != "add")
        throw UsageError("--method must be add or mul, not '" + method + "'");
    options.epsilon = numberOption(args, "epsilon", options.epsilon);
    if (options.epsilon <= 0) throw UsageError("--epsilon must be positive");

    Progress progress = makeProgress();
    const Dataset data = loadDataset(args.positional(0), loadOptions(args), progress);
    const WordLookup lookup(data.embedding);
    const std::size_t a = lookup.row(args.positional(1)), b = lookup.row(args.positional(2)),
                      c = lookup.row(args.positional(3));
    const UnitRows rows(data.embedding);
    const auto results = solveAnalogy(rows, a, b, c, options, progress);
    if (args.flag("json")) {
        Json j;
        j.beginObject();
        scoredJson(j, "results", results);
        std::cout << j.endObject().str() << "\n";
    } else {
        std::cout << args.positional(1) << " : " << args.positional(2)
                  << " :: " << args.positional(3) << " : ?  ("
                  << (method == "add" ? "3CosAdd, cosine similarity" : "3CosMul objective")
                  << ")\n";
        printScored(results);
    }
    return 0;
}

}  // namespace

Command analogyCommand() {
    return {
        {"analogy",
         {"VECTORS", "A", "B", "C"},
         with(loadOptionSpecs(),
              {{"k", "K", "how many answers (default 10)", 'k'},
               {"method", "NAME",
                "add (3CosAdd, default; = gensim most_similar(positive=[B, C], negative=[A])) "
                "or mul (3CosMul; = gensim most_similar_cosmul)"},
               {"epsilon", "E",
                "3CosMul's epsilon (default 1e-6 as gensim; Levy & Goldberg used 0.001)"},
               {"json", "", "print {\"results\": [{\"word\", \"score\"}, ...]}"}}),
         "Solve A : B :: C : ? (Levy & Goldberg 2014), the three words excluded from the answers."},
        runAnalogy};
}

}  // namespace embedscope::cli
