#pragma once
/// Word-analogy accuracy on a questions file in the Google format (Mikolov et al. 2013a,
/// questions-words.txt): ": section" lines, then "a b c d" lines meaning a : b :: c : d.
///
/// The rules are gensim 4.2's KeyedVectors.evaluate_word_analogies, so the two give the same
/// number of questions and the same accuracy on the same vectors:
/// - only the first `restrict` rows count (frequency order); with caseInsensitive, words are
///   compared upper-cased, and a word whose upper-cased form repeats stands for its first row;
/// - a question with any of its four words outside those rows is skipped (counted in
///   `skipped`); a line that does not split into exactly 4 words is ignored;
/// - the answer is 3CosAdd (Mikolov et al. 2013b; Levy & Goldberg 2014): the 5 rows most cosine-
///   similar to the unit mean of b̂, ĉ and -â, without the rows of a, b and c; the first of them
///   whose (upper-cased) word is none of a, b, c is the prediction (the fifth when all are);
/// - the total is over all sections.
/// Upper-casing is ASCII only (gensim uses Python's Unicode str.upper; the Google file is ASCII).
/// Scores are computed for blocks of questions as one matrix product.
#include <cstddef>
#include <string>
#include <vector>

#include "../Embedding.h"
#include "../Progress.h"

namespace embedscope {

struct AnalogyOptions {
    std::size_t restrict = 30000;  ///< rows considered (0 = all)
    bool caseInsensitive = true;
};

struct AnalogySection {
    std::string name;
    std::size_t correct = 0;
    std::size_t questions = 0;  ///< evaluated (all four words within the restricted rows)
    double accuracy() const {
        return questions ? static_cast<double>(correct) / static_cast<double>(questions) : 0.0;
    }
};

struct AnalogyResult {
    std::vector<AnalogySection> sections;  ///< in file order, empty ones included
    AnalogySection total{"Total accuracy"};
    std::size_t skipped = 0;       ///< questions with a word outside the restricted rows
    std::size_t invalidLines = 0;  ///< lines that are not 4 words (ignored, as gensim does)
};

/// Throws Error for an unreadable file, a question before the first section line ("path:line:
/// a question before the first ': section' line"), or an embedding with no rows.
AnalogyResult evaluateAnalogies(const Embedding& vectors, const std::string& questionsPath,
                                const AnalogyOptions& options = {},
                                Progress& progress = Progress::none());

}  // namespace embedscope
