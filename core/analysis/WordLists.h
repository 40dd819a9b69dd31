#pragma once
/// The word-list files of the analysis tools: plain word lists, definitional pairs, and WEAT sets.
///
/// Word list: one word per line (UTF-8; a word may contain spaces), lines starting with '#' and
/// blank lines ignored, CR LF accepted, spaces and tabs at either end trimmed.
/// Pairs: the same, with two words per line separated by a tab (or, without a tab, by spaces).
/// WEAT sets: a JSON object with string arrays "X", "Y", "A", "B" and optional strings "name",
/// "X_name", "Y_name", "A_name", "B_name" (other keys, e.g. "source", are allowed and ignored).
#include <string>
#include <vector>

#include "BiasDirection.h"
#include "Weat.h"

namespace embedscope {

/// Throws Error "path: cannot open" or "path:line: …" naming the bad line.
std::vector<std::string> readWordList(const std::string& path);
/// Throws Error "path:line: expected two words …" for a line that does not hold a pair.
std::vector<WordPair> readWordPairs(const std::string& path);
/// Parses the JSON text of WEAT sets; path only names it in errors ("path:line:column: …").
WeatSets parseWeatSets(const std::string& json, const std::string& path);
/// Reads and parses a WEAT sets file.
WeatSets readWeatSets(const std::string& path);

}  // namespace embedscope
