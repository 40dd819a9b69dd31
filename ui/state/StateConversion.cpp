#include "StateConversion.h"

#include <QStringList>
#include <algorithm>

#include "Workspace.h"
#include "view/ScatterScene.h"

namespace embedscope::ui {

namespace {
const char* methodName(ProjectionMethod m) {
    switch (m) {
        case ProjectionMethod::Tsne: return "tsne";
        case ProjectionMethod::Axes: return "axes";
        case ProjectionMethod::Pca: break;
    }
    return "pca";
}

std::vector<std::size_t> within(std::vector<std::size_t> rows, std::size_t count) {
    rows.erase(std::remove_if(rows.begin(), rows.end(), [count](std::size_t r) { return r >= count; }), rows.end());
    return rows;
}
}  // namespace

ProjectionState projectionState(const Projection& p) {
    ProjectionState s;
    s.method = methodName(p.spec.method);
    s.dims = p.spec.dims;
    s.axes = p.spec.axes;
    s.spherize = p.spec.spherize;
    const TsneSettings& t = p.spec.tsne;
    s.tsne = {t.perplexity, t.iterations, t.learningRate, t.exaggeration, t.seed, t.metric, t.selectionOnly};
    for (std::size_t i = 0; i < 3; ++i) s.formulas[i] = p.spec.formulas[i].toStdString();
    s.xyz = p.xyz;
    s.rows = p.rows;
    s.explainedVarianceRatio = p.explainedVarianceRatio;
    s.iterations = p.iterations;
    s.kl = p.kl;
    s.stopped = p.stopped;
    s.metric = static_cast<int>(p.metric);
    s.methodDetail = p.methodDetail.toStdString();
    for (const QString& title : p.axisTitles) s.axisTitles.push_back(title.toStdString());
    return s;
}

ProjectionSpec projectionSpec(const ProjectionState& s) {
    ProjectionSpec spec;
    spec.method = s.method == "tsne" ? ProjectionMethod::Tsne : s.method == "axes" ? ProjectionMethod::Axes : ProjectionMethod::Pca;
    spec.dims = s.dims;
    spec.axes = s.axes;
    spec.spherize = s.spherize;
    spec.tsne = {s.tsne.perplexity, s.tsne.iterations, s.tsne.learningRate, s.tsne.exaggeration,
                 static_cast<unsigned>(s.tsne.seed), s.tsne.metric, s.tsne.selectionOnly};
    for (std::size_t i = 0; i < 3; ++i) spec.formulas[i] = QString::fromStdString(s.formulas[i]);
    return spec;
}

std::shared_ptr<Projection> projectionFromState(const ProjectionState& s, std::size_t rowCount, QString* error) {
    const std::size_t points = s.xyz.size() / 3;
    if (points == 0) {
        *error = QObject::tr("no coordinates were saved");
        return nullptr;
    }
    const bool fits = s.rows.empty() ? points == rowCount
                                     : std::all_of(s.rows.begin(), s.rows.end(), [rowCount](std::size_t r) { return r < rowCount; });
    if (!fits) {
        *error = QObject::tr("the saved coordinates (%L1 points) do not fit the data set (%L2 rows)").arg(points).arg(rowCount);
        return nullptr;
    }
    auto p = std::make_shared<Projection>();
    p->spec = projectionSpec(s);
    p->xyz = s.xyz;
    p->rows = s.rows;
    p->explainedVarianceRatio = s.explainedVarianceRatio;
    p->iterations = static_cast<std::size_t>(s.iterations);
    p->kl = s.kl;
    p->stopped = s.stopped;
    p->metric = static_cast<Metric>(s.metric);
    p->methodDetail = QString::fromStdString(s.methodDetail);
    for (const std::string& title : s.axisTitles) p->axisTitles << QString::fromStdString(title);
    return p;
}

ViewState viewState(const Workspace& w) {
    ViewState v;
    v.isolated = w.isolatedRows();
    v.selected = w.selectedRow();
    v.box = w.boxSelection();
    v.searchPattern = w.searchPattern().toStdString();
    v.searchRegex = w.isSearchRegex();
    v.colourColumn = w.colourColumn();
    v.neighbourK = w.neighbourSettings().k;
    v.neighbourMetric = std::string(metricName(w.neighbourSettings().metric));
    v.neighbourSpace = std::string(spaceName(w.neighbourSettings().space));
    return v;
}

void restoreView(Workspace& w, const ViewState& v) {
    const auto data = w.dataset();
    const std::size_t rows = data ? data->embedding.rows() : 0;
    NeighbourSettings n;
    n.k = v.neighbourK;
    n.metric = v.neighbourMetric == "euclidean" ? Metric::Euclidean : v.neighbourMetric == "dot" ? Metric::Dot : Metric::Cosine;
    n.space = v.neighbourSpace == "centred" ? VectorSpace::Centred
            : v.neighbourSpace == "normalised" ? VectorSpace::Normalised : VectorSpace::Raw;
    w.setNeighbourSettings(n);
    const int columns = data ? static_cast<int>(data->metadata.columnCount()) : 0;
    // The derived column (clusters, an axis) comes back when its controller recomputes it.
    if (v.colourColumn != Workspace::kDerivedColour) w.setColourColumn(v.colourColumn < columns ? v.colourColumn : -1);
    w.search(QString::fromStdString(v.searchPattern), v.searchRegex);
    w.setBoxSelection(within(v.box, rows));
    w.select(v.selected >= 0 && static_cast<std::size_t>(v.selected) < rows ? v.selected : -1);
}

CameraState cameraState(const ScatterScene& scene) {
    const auto s = scene.cameraState();
    return CameraState{{s[0], s[1], s[2]}, {s[3], s[4], s[5]}, {s[6], s[7], s[8]}, s[9]};
}

void restoreCamera(ScatterScene& scene, const CameraState& c) {
    scene.setCameraState({c.position[0], c.position[1], c.position[2], c.focalPoint[0], c.focalPoint[1],
                          c.focalPoint[2], c.viewUp[0], c.viewUp[1], c.viewUp[2], c.parallelScale});
}

}  // namespace embedscope::ui
