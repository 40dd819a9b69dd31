#pragma once
/// A bias direction from definitional pairs and the direct bias of a word list (Bolukbasi, Chang,
/// Zou, Saligrama & Kalai 2016, "Man is to Computer Programmer as Woman is to Homemaker?
/// Debiasing Word Embeddings", NeurIPS).
#include <Eigen/Core>
#include <string>
#include <utility>
#include <vector>

#include "ScoredWord.h"
#include "UnitRows.h"
#include "WordLookup.h"

namespace embedscope {

using WordPair = std::pair<std::string, std::string>;

struct BiasDirection {
    /// D, unit length; oriented so that the first words of the pairs score positive (for he/she
    /// pairs, "he" ends up on the + side).
    Eigen::VectorXf direction;
    /// The first principal component's share of the centred pairs' variance (Bolukbasi et al.
    /// Fig. 6: about 0.6 for their ten gender pairs in w2vNEWS); 1 for a single pair.
    double explainedVarianceRatio = 0;
    /// The shares of the first (up to) ten components, descending.
    std::vector<double> varianceRatios;
    std::vector<WordPair> used;     ///< the pairs with both words in the vocabulary
    std::vector<WordPair> skipped;  ///< pairs left out because a word is missing or a zero vector
};

/// Bolukbasi et al. §5 "Identify gender subspace": normalise the words, subtract each pair's mean
/// from its two words, and take the first principal component of those centred vectors. Throws
/// Error when no pair has both words in the vocabulary.
BiasDirection fitBiasDirection(const UnitRows& rows, const WordLookup& lookup,
                               const std::vector<WordPair>& pairs);

struct DirectBias {
    /// Bolukbasi et al. §6: the mean of |cos(w, g)|^c over the words found.
    double value = 0;
    double c = 1;
    /// Every word found with its signed cosine with the direction, in list order.
    std::vector<ScoredWord> words;
    std::vector<std::string> missing;  ///< words not in the vocabulary (or zero vectors)
};

/// The direct bias of words with strictness c (c = 1 by default, as in the paper's Table). Throws
/// Error when c < 0, direction is zero, or no word is found.
DirectBias directBias(const UnitRows& rows, const Eigen::VectorXf& direction,
                      const std::vector<std::string>& words, double c = 1.0);

}  // namespace embedscope
