#include "ScatterStyle.h"

#include <vtkCallbackCommand.h>
#include <vtkObjectFactory.h>
#include <vtkRenderWindowInteractor.h>

namespace embedscope::ui {

vtkStandardNewMacro(ScatterStyle);

void ScatterStyle::OnLeftButtonDown() {
    if (!m_twoD) {
        Superclass::OnLeftButtonDown();
        return;
    }
    const int* pos = Interactor->GetEventPosition();
    FindPokedRenderer(pos[0], pos[1]);
    if (!CurrentRenderer) return;
    GrabFocus(EventCallbackCommand);
    StartPan();
}

void ScatterStyle::OnLeftButtonUp() {
    if (!m_twoD) {
        Superclass::OnLeftButtonUp();
        return;
    }
    if (State == VTKIS_PAN) {
        EndPan();
        if (Interactor) ReleaseFocus();
    }
}

}  // namespace embedscope::ui
