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
/// The layout as (x, y) pairs in 64-bit words plus, in 3-D, the z column: the row loops fetch a
/// neighbour's (x, y) with one scattered load instead of two (about three times faster).
struct PackedLayout {
    std::vector<std::uint64_t> xy;
    std::vector<float> z;
    void fill(const float* y, std::size_t n, std::size_t dims);
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

    /// Z of layout y alone (one repulsion pass).
    double normalisation(const float* y);

    std::size_t points() const { return m_P.rows; }

private:
    SparseAffinities m_P;  // padded: zero entries whose column is the row itself
    std::size_t m_dims;
    double m_alpha;
    std::unique_ptr<Repulsion> m_repulsion;
    double m_entropyTerm = 0;  // Σ p log p
    double m_sumP = 0;         // Σ p (1 up to rounding)
    std::vector<float> m_repulsive;
    tsne_detail::PackedLayout m_packed;
    mutable tsne_detail::PackedLayout m_klPacked;
    mutable std::vector<double> m_rowSums;
};

}  // namespace embedscope
