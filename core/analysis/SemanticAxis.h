#pragma once
/// A meaning direction in the embedding: the normalised sum of a formula's unit word vectors
/// (algorithms.md: the normalised difference of (set) means). Each word is normalised first, as
/// in Bolukbasi et al. (2016) and in gensim's most_similar, so a frequent word's long vector does
/// not outweigh the others; "king - man + woman" thus points where gensim's
/// most_similar(positive=[king, woman], negative=[man]) looks.
#include <Eigen/Core>
#include <string>
#include <vector>

#include "AxisFormula.h"
#include "ScoredWord.h"
#include "UnitRows.h"
#include "WordLookup.h"

namespace embedscope {

class SemanticAxis {
public:
    /// Resolves the formula's words. Throws FormulaError at an unknown word's position ("unknown
    /// word 'kign' (did you mean 'king'?)"), and Error when a word is a zero vector or the terms
    /// cancel out (the sum is shorter than 1e-6 of the largest weight).
    static SemanticAxis fromFormula(const UnitRows& rows, const WordLookup& lookup,
                                    const AxisFormula& formula);
    /// A direction made elsewhere (e.g. a bias direction); normalised here (Error when zero).
    static SemanticAxis fromDirection(std::string title, const Eigen::VectorXf& direction);

    const std::string& title() const { return m_title; }                 ///< the formula text
    const Eigen::VectorXf& direction() const { return m_direction; }     ///< D, unit length
    const std::vector<std::size_t>& wordRows() const { return m_rows; }  ///< the formula's words

    /// Every row's score: its cosine with the axis (NaN for zero rows). O(N·D).
    Eigen::VectorXf scores(const UnitRows& rows) const;
    /// The given words by score, highest first (ties in list order); words not in the vocabulary
    /// or zero vectors are appended to missing (when given) and left out.
    std::vector<ScoredWord> rank(const UnitRows& rows, const std::vector<std::string>& words,
                                 std::vector<std::string>* missing = nullptr) const;

private:
    std::string m_title;
    Eigen::VectorXf m_direction;
    std::vector<std::size_t> m_rows;
};

}  // namespace embedscope
