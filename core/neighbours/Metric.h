#pragma once
/// How nearness is measured, and in which space, for neighbour queries and kNN graphs.
#include <string_view>

#include "../io/Format.h"

namespace embedscope {

enum class Metric {
    Cosine,     ///< distance 1 − cos(a, b); the default for word vectors
    Euclidean,  ///< distance ‖a − b‖
    Dot         ///< "distance" −a·b (larger dot product = nearer)
};

/// The vectors' space. The Embedding Projector silently centres and normalises before neighbour
/// search; Embedscope measures in the space the user picks and says which.
enum class VectorSpace {
    Raw,        ///< the vectors as loaded
    Centred,    ///< the column mean subtracted
    Normalised  ///< each vector scaled to unit length (not centred)
};

std::string_view metricName(Metric metric);       ///< "cosine", "euclidean", "dot"
std::string_view spaceName(VectorSpace space);    ///< "raw", "centred", "normalised"

/// The metric a data set is measured in unless the person picks another: cosine for the
/// word-vector formats (word2vec text and binary, GloVe), whose neighbours are read by angle;
/// euclidean for the others (.npy, Projector TSV, CSV: image or product embeddings, tables).
Metric defaultMetric(Format format);

}  // namespace embedscope
