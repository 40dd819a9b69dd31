#pragma once
// What the view shows: a layout of (some of) the data set's rows, and how it was made.
#include <QString>
#include <QStringList>
#include <array>
#include <cstddef>
#include <vector>

#include "neighbours/Metric.h"

namespace embedscope::ui {

enum class ProjectionMethod { Pca, Tsne, Axes };

/// t-SNE settings the projection dock offers (the rest keep TsneOptions' defaults).
struct TsneSettings {
    double perplexity = 30;
    int iterations = 1000;
    double learningRate = 0;  ///< 0 = auto, max(N/12, 200)
    double exaggeration = 12;
    unsigned seed = 42;
    /// -1: cosine for word-vector files, euclidean otherwise (defaultMetric); else a Metric.
    int metric = -1;
    bool selectionOnly = false;  ///< run on the box selection only
    bool operator==(const TsneSettings&) const = default;
};

/// The user's choice of projection (the projection dock edits it).
struct ProjectionSpec {
    ProjectionMethod method = ProjectionMethod::Pca;
    int dims = 3;                       ///< 2 or 3
    std::array<int, 3> axes{0, 1, 2};   ///< PCA: 0-based components shown as x, y, z
    bool spherize = false;              ///< PCA: centre then unit-normalise rows first
    TsneSettings tsne;
    std::array<QString, 3> formulas{};  ///< Axes: 1–3 axis formulas ("he - she"); empty = unused
    bool operator==(const ProjectionSpec&) const = default;
};

struct Projection {
    ProjectionSpec spec;
    /// M × 3 row-major positions (z = 0 in 2-D).
    std::vector<float> xyz;
    /// The data set row of each position; empty when all rows are shown in order.
    std::vector<std::size_t> rows;
    /// PCA: explained variance ratio of the first components (up to 10), for the scree chart.
    std::vector<double> explainedVarianceRatio;
    /// t-SNE: iterations run, the final KL divergence, whether the user stopped it early.
    std::size_t iterations = 0;
    double kl = 0;
    bool stopped = false;
    Metric metric = Metric::Euclidean;  ///< t-SNE: the distance its neighbourhoods used
    QString methodDetail;  ///< "Barnes-Hut, kNN exact (k = 90)"
    /// Axes: each column's title, the formulas then "residual PC1"…
    QStringList axisTitles;
    std::size_t pointCount() const { return xyz.size() / 3; }
    bool isSubset() const { return !rows.empty(); }
    /// "PCA 3-D · PC1, PC2, PC3 · 40.3% of variance"
    QString describe() const;
    /// Axis titles such as "PC1 (14.9%)".
    QString axisTitle(int axis) const;
};

}  // namespace embedscope::ui
