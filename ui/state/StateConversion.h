#pragma once
// Between the app's objects and the plain state structs of workspace files (core/state): the
// projection, the Workspace's own view state and the camera.
#include <QString>
#include <memory>

#include "Projection.h"
#include "state/WorkspaceFile.h"

namespace embedscope::ui {

class Workspace;
class ScatterScene;

ProjectionState projectionState(const Projection& projection);
/// The saved projection of a data set of rowCount rows, or nullptr with the reason in *error
/// (no coordinates saved, or they do not fit: the data file changed).
std::shared_ptr<Projection> projectionFromState(const ProjectionState& state, std::size_t rowCount, QString* error);
/// The spec alone (to compute the projection again).
ProjectionSpec projectionSpec(const ProjectionState& state);

ViewState viewState(const Workspace& workspace);
/// Neighbour settings, colouring, search, selection and box (rows beyond the data set dropped).
void restoreView(Workspace& workspace, const ViewState& state);

CameraState cameraState(const ScatterScene& scene);
void restoreCamera(ScatterScene& scene, const CameraState& state);

}  // namespace embedscope::ui
