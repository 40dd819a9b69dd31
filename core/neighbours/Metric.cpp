#include "Metric.h"

namespace embedscope {

std::string_view metricName(Metric metric) {
    switch (metric) {
        case Metric::Cosine:
            return "cosine";
        case Metric::Euclidean:
            return "euclidean";
        case Metric::Dot:
            return "dot";
    }
    return "unknown";
}

std::string_view spaceName(VectorSpace space) {
    switch (space) {
        case VectorSpace::Raw:
            return "raw";
        case VectorSpace::Centred:
            return "centred";
        case VectorSpace::Normalised:
            return "normalised";
    }
    return "unknown";
}


}  // namespace embedscope
