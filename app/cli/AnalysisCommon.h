#pragma once
// Pieces the word-analysis commands (neighbors, compare, analogy, axis, bias, weat) share.
#include <string>
#include <string_view>
#include <vector>

#include "Args.h"
#include "Json.h"
#include "analysis/ScoredWord.h"

namespace embedscope::cli {

/// A file shipped in resources/ (e.g. "weat/weat1.json"): next to an installed binary in
/// ../share/embedscope/, else in the source tree the binary was built from.
std::string resourcePath(const std::string& relative);
/// key: [{"word": …, "score": …}, …]
void scoredJson(Json& json, std::string_view key, const std::vector<ScoredWord>& words);
/// One "  word<TAB>score" line per word.
void printScored(const std::vector<ScoredWord>& words);

}  // namespace embedscope::cli
