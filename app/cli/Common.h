#pragma once
// Pieces every embedscope-cli command shares: load options, progress on a terminal, timing.
#include <chrono>
#include <string>
#include <vector>

#include "Args.h"
#include "Error.h"
#include "Progress.h"
#include "io/Dataset.h"

namespace embedscope::cli {

/// --format, --labels, --metadata, --label-column, --max-rows, --skip-bad-rows, --encoding
std::vector<OptionSpec> loadOptionSpecs();
/// a followed by b
std::vector<OptionSpec> with(std::vector<OptionSpec> a, const std::vector<OptionSpec>& b);
/// The LoadOptions the load options on the command line ask for (UsageError when malformed).
LoadOptions loadOptions(const Args& args);
/// Progress printed on stderr when it is a terminal; silent otherwise.
Progress makeProgress();
/// --NAME as a finite number, or fallback when absent (UsageError when it is not a number).
double numberOption(const Args& args, const std::string& name, double fallback);
double secondsSince(std::chrono::steady_clock::time_point start);

/// Runs f; an Error without a place (PCA's or t-SNE's "needs at least 2 rows", "perplexity must
/// be less than the number of points", "diverged") is rethrown naming the file it ran on.
template <class F>
decltype(auto) namingFile(const std::string& path, F&& f) {
    try {
        return f();
    } catch (const Error& e) {
        if (!e.where().path.empty()) throw;
        throw Error(SourceLocation::file(path), e.message());
    }
}

}  // namespace embedscope::cli
