#include "WordNeighbours.h"

namespace embedscope {

double neighbourScore(Metric metric, float distance) {
    switch (metric) {
        case Metric::Cosine:
            return 1.0 - double(distance);
        case Metric::Euclidean:
            return distance;
        case Metric::Dot:
            return -double(distance);
    }
    return distance;
}

std::vector<ScoredWord> mostSimilar(const Embedding& embedding, const NeighbourSearch& search,
                                    std::size_t row, std::size_t k) {
    std::vector<ScoredWord> out;
    for (const Neighbour& n : search.nearest(row, k))
        out.push_back({n.row, embedding.label(n.row), neighbourScore(search.metric(), n.distance)});
    return out;
}

}  // namespace embedscope
