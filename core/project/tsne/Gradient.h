#pragma once
/// The t-SNE gradient for a fixed P: attraction along P's sparse entries plus the repulsion of
/// every pair (Repulsion.h), and the KL divergence of a layout.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "Affinities.h"
#include "Repulsion.h"

namespace embedscope {

namespace tsne_detail {
/// The layout for the loops over P's rows, in TsneGradient's row order: each point's
/// coordinates side by side, (x, y) in 2-D and (x, y, z, 0) in 3-D, so a neighbour's
/// coordinates lie in one cache line, and the neighbours of nearby rows mostly near each other.
/// A row's neighbours are first copied into contiguous buffers by plain loads, then the
/// arithmetic runs vectorised on those (compilers emulate a vector gather here with lane inserts
/// and spills). The attractive half at 100 000 points (blobs in 50-D, tsne_scale_bench
/// attraction, two builds alternating): 3-D 21.9–23.6 ms before, 19.8–20.9 ms now; 2-D about
/// the same (13.8–15.0, 13.2–14.0 ms), its layout fitting the cache either way. The rest of that
/// time is streaming P itself (8 bytes an entry, 13 M entries).
struct PackedLayout {
    static constexpr std::size_t stride(std::size_t dims) { return dims == 2 ? 2 : 4; }
    std::vector<float> coords;
    /// y (n × dims, row order) with stride(dims) floats a point: y itself in 2-D, a copy in 3-D.
    const float* pack(const float* y, std::size_t n, std::size_t dims);
};
}  // namespace tsne_detail

class TsneGradient {
public:
    /// Takes P (move it in to save a copy) and pads every row with zero entries to a multiple of
    /// kRowPadding, so the vectorised loops over a row need no scalar remainder.
    TsneGradient(SparseAffinities P, std::size_t dims, double alpha,
                 std::unique_ptr<Repulsion> repulsion);

    static constexpr std::size_t kRowPadding = 16;

    /// grad (N × dims) = exaggeration · Σ_j p_ij w_ij^{1/α} (y_i − y_j) − (1/Z) Σ_j
    /// w_ij^{1+1/α} (y_i − y_j), the KL gradient of Repulsion.h without its factor 4. Returns Z.
    /// Every point's gradient is computed independently: no dependence on the thread count.
    double evaluate(const float* y, double exaggeration, float* grad);

    /// KL(P‖Q) = Σ p log p − Σ p log w + log Z for layout y whose normalisation is z (as returned
    /// by evaluate or normalisation for the same layout). P is taken as it is, not exaggerated.
    double klDivergence(const float* y, double z) const;

    /// Z of layout y alone (one repulsion pass), in either numbering: Z does not depend on it.
    double normalisation(const float* y);

    /// The gradient numbers the points by P's rows (breadth-first over P, see m_order). evaluate
    /// and klDivergence in that numbering: the loops over P then read and write the layout, the
    /// repulsion and the gradient in order. Looking each row's point up instead cost 40% of the
    /// attractive half at 1 M points (a cache miss a row, which the long row hides from the
    /// processor's look-ahead). The optimiser keeps its layout in row order from start to end.
    double evaluateInRowOrder(const float* y, double exaggeration, float* grad);
    double klDivergenceInRowOrder(const float* y, double z) const;
    /// Copy an N × dims layout from the points' numbering to the rows', and back.
    void toRowOrder(const float* points, float* rows) const;
    void toPointOrder(const float* rows, float* points) const;

    std::size_t points() const { return m_P.rows; }

private:
    void breadthFirstOrder(const SparseAffinities& P);

    SparseAffinities m_P;  // padded: zero entries whose column is the row itself
    std::size_t m_dims;
    double m_alpha;
    std::unique_ptr<Repulsion> m_repulsion;
    double m_entropyTerm = 0;      // Σ p log p
    double m_sumP = 0;             // Σ p (1 up to rounding)
    std::size_t m_longestRow = 0;  // entries, padded
    // m_P's rows and columns are numbered breadth-first over P, from the first point of each
    // connected part: m_order[r] is the point of row r, m_rank its inverse.
    std::vector<std::uint32_t> m_order, m_rank;
    std::vector<float> m_repulsive;          // row order
    std::vector<float> m_rowGradient;        // evaluate's, in row order
    mutable std::vector<float> m_rowLayout;  // evaluate's and klDivergence's y, in row order
    tsne_detail::PackedLayout m_packed;
    mutable tsne_detail::PackedLayout m_klPacked;
    mutable std::vector<double> m_rowSums;
};

}  // namespace embedscope
