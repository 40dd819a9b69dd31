#pragma once
/// Where the words of a debiasing preview (Debias.h) land in the picture shown.
///
/// A layout is a map from vectors to coordinates. PCA and the axis projection are known maps (PCA
/// is affine, the axis projection unit-normalises then projects): the debiased vector goes through
/// the same map. t-SNE has no map for new points; its out-of-sample placement here is the
/// similarity-weighted mean of the layout positions of the vector's k nearest shown rows (cosine),
/// the usual kNN interpolation for embedding new points into a fixed t-SNE map.
///
/// Each word then moves by the difference its vector change makes under that map:
/// end = start + place(after) − place(before). For an exact map, place(before) is where the word
/// already is, so end = place(after); for the kNN placement it means a word whose vector does not
/// change does not move, and a word moves as far as its neighbourhood changes.
#include <Eigen/Core>
#include <cstddef>
#include <functional>
#include <vector>

#include "../Embedding.h"
#include "../project/Pca.h"
#include "AxisProjection.h"
#include "Debias.h"

namespace embedscope {

/// Maps vectors (M × D) to layout coordinates (M × the layout's dimensions).
using VectorPlacement = std::function<RowMatrixXf(const RowMatrixXf& vectors)>;

/// PCA's own projection onto the chosen components (spherizing first when the fit did).
VectorPlacement pcaPlacement(PcaResult pca, std::vector<std::size_t> axes);
/// The axis projection's own placement (AxisProjection::place).
VectorPlacement axisPlacement(AxisProjection projection);
/// kNN placement for layouts without a map (t-SNE): row i of layout is where row i of shown is
/// drawn. A vector lands at Σ w_j y_j / Σ w_j over its k nearest rows j by cosine, w_j = cos⁺
/// (equal weights when every cosine is ≤ 0); a zero vector lands at the layout's mean. shown must
/// outlive the function. Throws Error when the rows differ in number or D differs.
VectorPlacement neighbourPlacement(const Embedding& shown, RowMatrixXf layout, std::size_t k = 10);

/// The preview's words' end positions: start (one row per preview row, where each word is drawn
/// now) + place(after) − place(before). Throws Error when start does not have a row per word or
/// the placement's width differs from start's.
RowMatrixXf debiasedPositions(const DebiasPreview& preview, const RowMatrixXf& start,
                              const VectorPlacement& place);

}  // namespace embedscope
