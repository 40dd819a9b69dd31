#pragma once
// Finding labels by substring or regular expression, ranked the way people expect from a search
// box: the exact word first, then words starting with the text, then the rest.
#include <QString>
#include <cstddef>
#include <vector>

namespace embedscope {
class Embedding;
}

namespace embedscope::ui {

/// Rows whose label contains pattern (case-insensitive) or, when regex, matches it. Ranked:
/// labels equal to the pattern (a full regex match), then labels starting with it (a match at
/// position 0), then the rest; within each group by frequency rank when the data has one, else
/// by row order. On a regex that does not compile: empty, and error names the position.
std::vector<std::size_t> findLabels(const Embedding& embedding, const QString& pattern, bool regex,
                                    QString* error = nullptr);

}  // namespace embedscope::ui
