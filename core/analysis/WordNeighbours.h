#pragma once
/// The nearest words of a word, as gensim's KeyedVectors.most_similar(word, topn=k) lists them.
#include <cstddef>
#include <vector>

#include "../Embedding.h"
#include "../neighbours/NeighbourSearch.h"
#include "ScoredWord.h"

namespace embedscope {

/// A neighbour's score in its metric's own terms: cosine similarity for Cosine (1 − distance),
/// the euclidean distance for Euclidean, the dot product for Dot.
double neighbourScore(Metric metric, float distance);

/// The k nearest rows to row, the row itself excluded, nearest first (highest cosine or dot
/// product, smallest euclidean distance), ties broken by lower row; zero rows are never
/// neighbours under cosine. search must be over embedding in VectorSpace::Raw for gensim's
/// numbers (any space works). Scores as neighbourScore. Throws Error for a zero row under cosine.
std::vector<ScoredWord> mostSimilar(const Embedding& embedding, const NeighbourSearch& search,
                                    std::size_t row, std::size_t k);

}  // namespace embedscope
