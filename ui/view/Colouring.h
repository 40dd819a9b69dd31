#pragma once
// Point colours from a metadata column: a categorical palette (top 20 categories, the rest
// "other") or a continuous colour map (viridis), with the matching legend.
#include <vector>

#include "Metadata.h"
#include "ScatterScene.h"

namespace embedscope::ui {

struct Colouring {
    std::vector<Rgba> colours;  ///< one per shown point
    Legend legend;
};

/// Categories beyond this many share the "other" colour.
constexpr int kMaxCategoryColours = 20;

/// rows: the data set row of each shown point (empty = all rows in order). column < 0 or a text
/// column: one colour, no legend.
Colouring colourByColumn(const Metadata& metadata, int column, const std::vector<std::size_t>& rows,
                         std::size_t pointCount);

/// The same for one column (e.g. the clusters, which no metadata table holds).
Colouring colourByColumn(const MetadataColumn& column, const std::vector<std::size_t>& rows, std::size_t pointCount);

/// Per-point faithfulness (0..1) on the colour map; grey while it is being computed.
Colouring colourByFaithfulness(const std::vector<float>& faithfulness, std::size_t pointCount);

/// Viridis (perceptually uniform, readable in grey and by most colour-blind people) at t ∈ [0,1].
Rgba viridis(double t);
/// A distinct colour per category index (Tableau 20 order).
Rgba categoryColour(int index);
/// Points without a value (empty cell, NaN) and folded "other" categories.
constexpr Rgba kMissingColour{190, 190, 190, 255};

}  // namespace embedscope::ui
