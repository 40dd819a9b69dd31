#pragma once
/// Analogies a : b :: c : ? (Levy & Goldberg 2014, "Linguistic Regularities in Sparse and Explicit
/// Word Representations", CoNLL): the words d that relate to c as b relates to a.
#include <cstddef>
#include <vector>

#include "../Progress.h"
#include "ScoredWord.h"
#include "UnitRows.h"

namespace embedscope {

enum class AnalogyMethod {
    /// 3CosAdd: score = cos(d, b̂ − â + ĉ) with x̂ = x/‖x‖ — exactly gensim 4.2's
    /// most_similar(positive=[b, c], negative=[a]) (which normalises the three vectors, averages
    /// them with weights +1, +1, −1 and normalises the mean: the same direction).
    Add,
    /// 3CosMul (Levy & Goldberg eq. 4): score = s(d,b)·s(d,c) / (s(d,a) + ε) with every cosine
    /// shifted to [0, 1] as s = (1 + cos)/2 (their footnote 7), as gensim's most_similar_cosmul.
    Mul
};

struct AnalogyOptions {
    AnalogyMethod method = AnalogyMethod::Add;
    std::size_t k = 10;  ///< answers wanted
    /// 3CosMul's ε. Levy & Goldberg use 0.001; gensim 4.2's most_similar_cosmul uses 1e-6, the
    /// default here so the scores equal gensim's (the ranking rarely differs).
    double epsilon = 1e-6;
};

/// The k best rows d, the three input rows and zero rows excluded, best first, ties to the lower
/// row; score = the method's objective. a, b and c must be rows of rows.embedding() and not zero
/// vectors (Error naming the word otherwise); they may repeat.
std::vector<ScoredWord> solveAnalogy(const UnitRows& rows, std::size_t a, std::size_t b,
                                     std::size_t c, const AnalogyOptions& options = {},
                                     Progress& progress = Progress::none());

}  // namespace embedscope
