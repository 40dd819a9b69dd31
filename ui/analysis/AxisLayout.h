#pragma once
// The "Axes" projection method: rows placed by their cosines with 1–3 semantic axes typed as
// formulas (core projectOnAxes), the rest of the dimensions filled by PCA of the residual.
#include <QString>
#include <array>
#include <optional>

#include "Embedding.h"
#include "analysis/AxisProjection.h"
#include "Progress.h"
#include "Projection.h"

namespace embedscope::ui {

/// Why a formula of the axis projection was refused: which field (0..2), the message naming the
/// column, and the bad token's characters (-1: no position).
struct AxisFieldError {
    int field = 0;
    QString message;
    int position = -1;
    int length = 0;
};

/// Checks the formulas against the vocabulary of all (the non-empty ones, at least one). O(N·D).
std::optional<AxisFieldError> checkAxisFormulas(const Embedding& all,
                                                const std::array<QString, 3>& formulas);

/// The axis projection of shown (all, or a subset of all's rows) on spec.formulas' axes,
/// resolved in all. Throws Error (a FormulaError for a bad formula).
AxisProjection projectOnFormulas(const Embedding& all, const Embedding& shown,
                                 const ProjectionSpec& spec, Progress& progress);

/// Fills out.xyz (and its axis titles) with shown (all, or a subset of all's rows) projected on
/// the axes of spec.formulas, resolved in all. Throws Error (a FormulaError for a bad formula).
void layOutOnAxes(const Embedding& all, const Embedding& shown, const ProjectionSpec& spec,
                  Projection& out, Progress& progress);

}  // namespace embedscope::ui
