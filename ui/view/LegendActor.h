#pragma once
// The legend of the scatter view as a VTK scalar bar: categories with swatches, or a colour ramp.
#include <QSize>
#include <vtkSmartPointer.h>

class vtkScalarBarActor;

namespace embedscope::ui {

struct Legend;

/// A hidden legend with the view's fonts and colours.
vtkSmartPointer<vtkScalarBarActor> makeLegendActor();
/// Shows legend (or hides the actor when it is empty).
void applyLegend(vtkScalarBarActor* actor, const Legend& legend);
/// Puts the legend in the right-hand strip of the given width (logical pixels) of a widget.
void placeLegend(vtkScalarBarActor* actor, QSize widget, double stripWidth);

}  // namespace embedscope::ui
