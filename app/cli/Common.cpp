#include "Common.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>

#include "ParseNumber.h"

namespace embedscope::cli {

std::vector<OptionSpec> loadOptionSpecs() {
    return {
        {"format", "NAME", "input format instead of sniffing: word2vec-text, word2vec-binary, glove, tsv, npy, csv"},
        {"labels", "FILE", "one label per line (for .npy / Projector TSV vectors)"},
        {"metadata", "FILE", "Projector metadata TSV (one column, or a header row and several)"},
        {"label-column", "NAME", "the column holding labels (CSV, multi-column metadata)"},
        {"max-rows", "N", "read only the first N rows (N ≥ 1)"},
        {"top", "N", "keep only the N rows with the largest value in the metadata's frequency column, in file order (Projector TSV, .npy; needs --metadata or a metadata file beside the vectors)"},
        {"by", "COLUMN", "the metadata column --top ranks by (default: the column named frequency, freq or count)"},
        {"skip-bad-rows", "", "skip rows that cannot be used and report them (default: reject the file)"},
        {"encoding", "NAME", "labels' encoding: auto (default: UTF-8, Latin-1 if clearly not UTF-8), utf-8, latin-1"},
    };
}

std::vector<OptionSpec> with(std::vector<OptionSpec> a, const std::vector<OptionSpec>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

LoadOptions loadOptions(const Args& args) {
    LoadOptions o;
    if (auto f = args.value("format")) {
        o.format = parseFormatName(*f);
        if (!o.format) throw UsageError("unknown format '" + *f + "'");
    }
    o.labelsPath = args.value("labels", "");
    o.metadataPath = args.value("metadata", "");
    o.labelColumn = args.value("label-column", "");
    const auto maxRows = args.count("max-rows");
    // In LoadOptions 0 means every row; on the command line "--max-rows 0" would then load
    // everything, the opposite of what it says: refused, leave the option out instead.
    if (maxRows && *maxRows == 0) throw UsageError("--max-rows must be at least 1 (leave it out to read every row)");
    o.maxRows = maxRows.value_or(0);
    const auto top = args.count("top");
    if (top && *top == 0) throw UsageError("--top must be at least 1 (leave it out to read every row)");
    if (top && maxRows) throw UsageError("--top and --max-rows cannot be combined: choose one");
    o.topRows = top.value_or(0);
    o.topByColumn = args.value("by", "");
    if (!o.topByColumn.empty() && !top) throw UsageError("--by needs --top N");
    if (args.flag("skip-bad-rows")) o.badRows = BadRowPolicy::SkipAndReport;
    const std::string enc = args.value("encoding", "auto");
    if (enc == "auto") o.encoding = Encoding::Auto;
    else if (enc == "utf-8" || enc == "utf8") o.encoding = Encoding::Utf8;
    else if (enc == "latin-1" || enc == "latin1") o.encoding = Encoding::Latin1;
    else throw UsageError("unknown encoding '" + enc + "' (auto, utf-8, latin-1)");
    return o;
}

Progress makeProgress() {
    if (!::isatty(STDERR_FILENO)) return Progress();
    return Progress([](double f, const std::string& stage) {
        std::fprintf(stderr, "\r%s %3d%%", stage.c_str(), static_cast<int>(f * 100));
        if (f >= 1.0) std::fprintf(stderr, "\n");
    });
}

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double numberOption(const Args& args, const std::string& name, double fallback) {
    const auto text = args.value(name);
    if (!text) return fallback;
    double v = 0;
    if (!parseDouble(*text, v) || !std::isfinite(v))
        throw UsageError("--" + name + " needs a number, not '" + *text + "'");
    return v;
}

}  // namespace embedscope::cli
