#pragma once
// Colouring by a signed score (a word's cosine with a semantic axis): a diverging red–blue map
// centred on 0, so the two ends of the axis get the two hues and neutral words fade to grey.
#include "Colouring.h"
#include "Metadata.h"

namespace embedscope::ui {

/// ColorBrewer's RdBu (Brewer 2003) for t in [−1, 1]: −1 dark blue, 0 light grey, +1 dark red;
/// the middle is grey rather than RdBu's near-white so neutral points stay visible on white.
Rgba redBlue(double t);

/// Colours a numeric column's rows by redBlue(value / m) with m the largest |value| among the
/// shown points; the legend runs from −m to m and is titled with the column's name.
Colouring colourByScore(const MetadataColumn& column, const std::vector<std::size_t>& rows,
                        std::size_t pointCount);

}  // namespace embedscope::ui
