#pragma once
/// A row of the embedding with a number attached: a neighbour, an analogy answer, an axis score.
#include <cstddef>
#include <string>

namespace embedscope {

struct ScoredWord {
    std::size_t row = 0;
    std::string word;
    double score = 0;  ///< what the producing function documents (a cosine, a distance, …)
};

}  // namespace embedscope
