#pragma once
/// Axis projection: every row placed by its cosines with 1–3 semantic axes, a third projection
/// method beside PCA and t-SNE (the TensorFlow Projector's "custom" projection, with the axes made
/// orthogonal and labelled).
///
/// Coordinates: the axes are orthonormalised by Gram–Schmidt in the order given (axis 1 keeps its
/// direction; axis 2 keeps only its part orthogonal to axis 1, …), and a row's coordinate on axis i
/// is the cosine of the row with orthonormalised axis i — the projection of the unit-normalised row
/// onto that basis. So the first coordinate is exactly the row's score on the first axis, every
/// point lies inside the unit disk (ball), and distances in the picture are those of the unit rows
/// projected onto the axes' span. With fewer axes than output dimensions, the rest are the leading
/// principal components of the unit rows' residual (their part orthogonal to all axes), centred;
/// those columns use the same scale (a unit row's coordinate), so the picture is not stretched.
#include <Eigen/Core>
#include <cstddef>
#include <string>
#include <vector>

#include "../Embedding.h"
#include "../Progress.h"
#include "SemanticAxis.h"
#include "UnitRows.h"

namespace embedscope {

struct AxisProjection {
    /// N × dims: what becomes a layout (ui::Projection::xyz takes it with z = 0 in 2-D). Zero rows
    /// (no direction) sit at the origin.
    RowMatrixXf coordinates;
    /// One per column: the axis formulas, then "residual PC1", "residual PC2".
    std::vector<std::string> titles;
    /// dims orthonormal D-vectors, the directions of the columns.
    std::vector<Eigen::VectorXf> basis;
    /// Per column: the share of the unit rows' total variance along it (ddof 1).
    std::vector<double> varianceRatio;
    /// Subtracted from each unit row's projection: zero for the axis columns, the unit rows'
    /// mean along the column for residual PCs (which are centred).
    Eigen::RowVectorXf offset;
    std::size_t axisCount = 0;  ///< how many columns are axes (the rest are residual PCs)
    std::size_t zeroRows = 0;   ///< rows that are zero vectors, placed at the origin

    /// Places other vectors (M × D, e.g. DebiasPreview::after) in this layout exactly as the
    /// embedding's rows were placed: unit-normalised, projected on basis, minus offset; zero
    /// vectors at the origin. Throws Error when D differs.
    RowMatrixXf place(const RowMatrixXf& vectors) const;
};

/// The smallest share of an axis that must remain after removing the earlier axes (sine of its
/// angle to their span): 0.05, about 3 degrees; below that the axis is treated as dependent.
inline constexpr double kMinAxisIndependence = 0.05;

/// Projects every row of rows.embedding() onto 1–3 axes, filling up to dims (2 or 3) with
/// residual principal components. Throws Error when dims is not 2 or 3, there are no axes or more
/// than dims, an axis is nearly dependent on the ones before it (naming both formulas), or every
/// row is a zero vector. Reports progress over the blocks of rows; cancellable.
AxisProjection projectOnAxes(const UnitRows& rows, const std::vector<SemanticAxis>& axes,
                             std::size_t dims, Progress& progress = Progress::none());

}  // namespace embedscope
