// embedscope-cli analogies: Google-format analogy accuracy (3CosAdd), as gensim's
// evaluate_word_analogies computes it.
#include <iomanip>
#include <iostream>

#include "Commands.h"
#include "Common.h"
#include "Json.h"
#include "io/Load.h"
#include "train/AnalogyEvaluation.h"

namespace embedscope::cli {

namespace {

int runAnalogies(const Args& args) {
    AnalogyOptions options;
    options.restrict = args.count("restrict").value_or(30000);
    options.caseInsensitive = !args.flag("case-sensitive");
    Progress progress = makeProgress();
    const Dataset data = loadDataset(args.positional(0), loadOptions(args), progress);
    const auto start = std::chrono::steady_clock::now();
    const AnalogyResult r =
        evaluateAnalogies(data.embedding, args.positional(1), options, progress);
    const double seconds = secondsSince(start);
    if (args.flag("json")) {
        Json j;
        j.beginObject().field("accuracy", r.total.accuracy()).field("questions", r.total.questions);
        j.field("correct", r.total.correct)
            .field("skipped", r.skipped)
            .field("invalid_lines", r.invalidLines);
        j.field("restrict", options.restrict).field("seconds", seconds);
        j.beginArray("sections");
        for (const auto& s : r.sections)
            j.beginObject()
                .field("name", s.name)
                .field("accuracy", s.accuracy())
                .field("questions", s.questions)
                .field("correct", s.correct)
                .endObject();
        j.endArray().endObject();
        std::cout << j.str() << "\n";
    } else {
        for (const auto& s : r.sections)
            std::cout << std::left << std::setw(32) << s.name << std::right << std::setw(8)
                      << std::fixed << std::setprecision(4) << s.accuracy() << "  (" << s.correct
                      << "/" << s.questions << ")\n";
        std::cout << std::left << std::setw(32) << r.total.name << std::right << std::setw(8)
                  << r.total.accuracy() << "  (" << r.total.correct << "/" << r.total.questions
                  << "); " << r.skipped << " questions skipped (a word outside the top "
                  << options.restrict << ")\n";
    }
    return 0;
}

}  // namespace

Command analogiesCommand() {
    return {
        {"analogies",
         {"VECTORS", "QUESTIONS"},
         with(
             loadOptionSpecs(),
             {{"restrict", "R",
               "consider only the R most frequent words, i.e. the first R rows (default 30000)"},
              {"case-sensitive", "", "compare words as they are (default: upper-cased, as gensim)"},
              {"json", "", "print the result as JSON"}}),
         "Analogy accuracy of VECTORS on a Google-format QUESTIONS file (': section' lines, then "
         "'a b c d' lines): 3CosAdd over the top R words, per section and in total, with the same "
         "rules "
         "as gensim's evaluate_word_analogies."},
        runAnalogies};
}

}  // namespace embedscope::cli
