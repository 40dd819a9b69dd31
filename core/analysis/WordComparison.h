#pragma once
/// Two words side by side: how close they are, where each ranks among the other's neighbours,
/// which neighbours they share, and which words tell them apart.
#include <cstddef>
#include <vector>

#include "../Progress.h"
#include "ScoredWord.h"
#include "UnitRows.h"

namespace embedscope {

struct WordComparison {
    std::size_t a = 0, b = 0;  ///< the rows compared
    double cosine = 0;         ///< cos(a, b)
    double euclidean = 0;      ///< ‖a − b‖ on the vectors as loaded
    /// 1-based rank of b among a's cosine neighbours (a itself and zero rows not counted, ties to
    /// the lower row, as mostSimilar orders them), and of a among b's.
    std::size_t rankOfBAmongA = 0, rankOfAAmongB = 0;
    /// Rows in both top-k cosine neighbour lists (a and b themselves left out), by the mean of the
    /// two cosines, highest first; score = that mean.
    std::vector<ScoredWord> shared;
    /// The k words w (not a or b) with the largest cos(w, a) − cos(w, b), largest first, and the k
    /// with the largest cos(w, b) − cos(w, a); score = that difference.
    std::vector<ScoredWord> closerToA, closerToB;
};

/// Compares rows a and b (which must differ and not be zero vectors; Error otherwise). Two
/// matrix-vector products and sorts: O(N·D + N log k).
WordComparison compareWords(const UnitRows& rows, std::size_t a, std::size_t b, std::size_t k,
                            Progress& progress = Progress::none());

}  // namespace embedscope
