// Times the word-analysis core on a vector file (analysis_peer.py runs it beside gensim): setting
// up cosines, neighbours of a word, analogies by 3CosAdd and 3CosMul, an axis ranking of every
// word, a close-spelling suggestion, and WEAT with an exact and a Monte-Carlo p-value.
// Usage: analysis_bench VECTORS RUNS. Prints "name<TAB>best seconds<TAB>first answer" lines.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>

#include "analysis/Analogy.h"
#include "analysis/SemanticAxis.h"
#include "analysis/Weat.h"
#include "analysis/WordLookup.h"
#include "analysis/WordNeighbours.h"
#include "io/Load.h"

using namespace embedscope;

namespace {
double best(int runs, const std::function<void()>& f) {
    double out = 1e300;
    for (int i = 0; i < runs; ++i) {
        const auto start = std::chrono::steady_clock::now();
        f();
        out = std::min(
            out, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    return out;
}
void report(const char* name, double seconds, const std::string& answer) {
    std::printf("%s\t%.6f\t%s\n", name, seconds, answer.c_str());
}
std::vector<std::string> words(const char* prefix, int first, int count) {
    std::vector<std::string> out;
    for (int i = first; i < first + count; ++i) out.push_back(prefix + std::to_string(i));
    return out;
}
}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: analysis_bench VECTORS RUNS\n");
        return 2;
    }
    const Embedding e = loadDataset(argv[1]).embedding;
    const int runs = std::stoi(argv[2]);
    std::string answer;
    report("unit rows (norms)", best(runs, [&] { UnitRows rows(e); }), "");
    const UnitRows rows(e);
    const NeighbourSearch search(e, Metric::Cosine, VectorSpace::Raw);
    report("neighbours k=10", best(runs, [&] { answer = mostSimilar(e, search, 0, 10)[0].word; }),
           answer);
    for (auto method : {AnalogyMethod::Add, AnalogyMethod::Mul}) {
        AnalogyOptions o;
        o.method = method;
        report(method == AnalogyMethod::Add ? "analogy 3CosAdd" : "analogy 3CosMul",
               best(runs, [&] { answer = solveAnalogy(rows, 1, 2, 3, o)[0].word; }), answer);
    }
    const WordLookup lookup(e);
    const auto axis = SemanticAxis::fromFormula(rows, lookup, AxisFormula::parse("w1 - w2"));
    report("axis scores of every word",
           best(runs, [&] { answer = std::to_string(axis.scores(rows)[0]); }), answer);
    const std::string typo = "w" + std::to_string(e.rows() - 1) + "x";
    report("suggestion (edit distance)",
           best(runs, [&] { answer = lookup.suggest(typo).value_or("-"); }), answer);
    WeatSets sets;
    sets.x = words("w", 100, 12), sets.y = words("w", 200, 12);  // C(24, 12) > 10^6: Monte-Carlo
    sets.a = words("w", 300, 25), sets.b = words("w", 400, 25);
    report("WEAT 12+12, Monte-Carlo 100000",
           best(runs, [&] { answer = std::to_string(runWeat(rows, sets).pValue); }), answer);
    sets.x.resize(10), sets.y.resize(10);  // C(20, 10) = 184 756 splits
    report("WEAT 10+10, exact 184756 splits",
           best(runs, [&] { answer = std::to_string(runWeat(rows, sets).pValue); }), answer);
    return 0;
}
