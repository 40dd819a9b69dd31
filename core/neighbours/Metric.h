#pragma once
/// How nearness is measured, and in which space, for neighbour queries and kNN graphs.
#include <string_view>


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

}  // namespace embedscope
