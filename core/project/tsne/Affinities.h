#pragma once
/// t-SNE's input affinities P: Gaussian conditional probabilities on the kNN graph, each point's
/// bandwidth found by binary search to the target perplexity, then symmetrised into a sparse
/// matrix (van der Maaten 2014, "Accelerating t-SNE using tree-based algorithms", JMLR 15).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "../../Progress.h"
#include "../../neighbours/KnnGraph.h"

namespace embedscope {

/// A sparse symmetric N × N matrix in CSR form, columns ascending within a row, no diagonal.
/// For t-SNE's P the values sum to 1.
struct SparseAffinities {
    std::size_t rows = 0;
    std::vector<std::size_t> rowStart;  ///< rows + 1 offsets into columns / values
    std::vector<std::uint32_t> columns;
    std::vector<float> values;

    std::size_t nonZeros() const { return values.size(); }
};

/// The neighbour count t-SNE uses for a perplexity: min(N − 1, ⌊3·perplexity⌋), at least 1
/// when N > 1 (van der Maaten 2014 uses ⌊3u⌋ neighbours).
std::size_t tsneNeighbourCount(std::size_t points, double perplexity);

/// Search settings for one point's bandwidth; the defaults are the design's (tolerance on the
/// entropy in nats, as in van der Maaten's bhtsne).
struct BandwidthSearch {
    double tolerance = 1e-5;
    int maxSteps = 200;
};

/// Fills p (size of squaredDistances) with the conditional probabilities p_j|i ∝ exp(−β d²_ij)
/// whose perplexity e^H (H the entropy in nats) is the target, searching β by bisection
/// (doubling/halving while a bound is open). Distances are shifted by their minimum first, so
/// identical points (d = 0) and huge distances neither divide by zero nor underflow; if all
/// distances are equal p is uniform. Returns β.
double conditionalProbabilities(const float* squaredDistances, std::size_t count, double perplexity,
                                double* p, const BandwidthSearch& search = {});

/// P = (P_cond + P_condᵀ) / 2N from a kNN graph whose distances are euclidean (not squared).
/// A neighbour equal to the row itself or out of range is left out. Memory: P and the graph's
/// arrays (the graph taken by value holds the conditional probabilities, and is gone after).
/// Throws Cancelled when progress is cancelled.
SparseAffinities computeAffinities(KnnGraph&& graph, double perplexity,
                                   Progress& progress = Progress::none(),
                                   const BandwidthSearch& search = {});
/// The same from a copy of the graph.
SparseAffinities computeAffinities(const KnnGraph& graph, double perplexity,
                                   Progress& progress = Progress::none(),
                                   const BandwidthSearch& search = {});

}  // namespace embedscope
