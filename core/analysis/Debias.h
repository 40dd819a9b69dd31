#pragma once
/// Neutralize and equalize (Bolukbasi et al. 2016, §5 "hard de-biasing") as a preview: new
/// vectors for the chosen words, returned beside the old ones; the Embedding is never changed.
#include <Eigen/Core>
#include <string>
#include <vector>

#include "../Embedding.h"
#include "BiasDirection.h"
#include "UnitRows.h"

namespace embedscope {

struct DebiasPreview {
    std::vector<std::size_t> rows;     ///< the rows moved, in request order
    std::vector<std::string> words;    ///< their labels
    RowMatrixXf before;                ///< rows × D, the vectors as loaded
    RowMatrixXf after;                 ///< rows × D, where they would move
    std::vector<std::string> missing;  ///< requested words not in the vocabulary (or zero vectors)
};

/// Neutralize: each word's unit vector minus its component along the direction, renormalised.
/// With keepNorm the result is scaled back to the word's original length, so it lies in the space
/// of the loaded vectors (and a PCA or axis layout can place it); without, it is the paper's unit
/// vector. Every result is orthogonal to the direction. A word lying exactly along the direction
/// has no other part and becomes the zero vector. Throws Error when the direction is zero.
DebiasPreview neutralizePreview(const UnitRows& rows, const Eigen::VectorXf& direction,
                                const std::vector<std::string>& words, bool keepNorm = true);

/// Equalize each pair (e.g. grandmother/grandfather) about the direction: both words get the same
/// component orthogonal to it, ν = μ − μ_B (μ the pair's mean unit vector), and opposite
/// components along it of length √(1 − ‖ν‖²), so they become equidistant from every neutralized
/// word. keepNorm as for neutralizePreview. A pair with a missing word is listed in missing.
DebiasPreview equalizePreview(const UnitRows& rows, const Eigen::VectorXf& direction,
                              const std::vector<WordPair>& pairs, bool keepNorm = true);

}  // namespace embedscope
