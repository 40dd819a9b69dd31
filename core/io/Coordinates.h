#pragma once
/// Projected coordinates (a layout) with their labels, as TSV or CSV.
#include <string>
#include <vector>

#include "../Embedding.h"

namespace embedscope {

/// A 2-D or 3-D layout: one row of coordinates per label.
struct Layout {
    std::vector<std::string> labels;
    RowMatrixXf coordinates;  ///< N × (2 or 3)
};

/// Writes a header row ("label<sep>x<sep>y[<sep>z]") then one row per point, numbers in the
/// shortest form that reads back to the same float. separator is '\t' (TSV) or ',' (CSV; labels
/// are quoted as RFC 4180 requires). Throws Error naming the path when writing fails.
void writeLayout(const Layout& layout, const std::string& path, char separator = '\t');

/// Reads what writeLayout wrote (TSV or CSV, detected from the header). Throws Error with
/// path:line:column on a malformed row.
Layout readLayout(const std::string& path);

}  // namespace embedscope
