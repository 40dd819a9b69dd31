#pragma once
// Camera interaction for the scatter view: VTK's trackball in 3-D; in 2-D a left drag pans and
// nothing rotates. Key presses are handled by ScatterView, never by VTK (its defaults include
// "q"/"e" to quit and "3" for stereo).
#include <vtkInteractorStyleTrackballCamera.h>

namespace embedscope::ui {

class ScatterStyle : public vtkInteractorStyleTrackballCamera {
public:
    static ScatterStyle* New();
    vtkTypeMacro(ScatterStyle, vtkInteractorStyleTrackballCamera);

    void setTwoD(bool twoD) { m_twoD = twoD; }

    void OnLeftButtonDown() override;
    void OnLeftButtonUp() override;
    void OnChar() override {}
    void OnKeyPress() override {}
    void OnKeyRelease() override {}

private:
    bool m_twoD = false;
};

}  // namespace embedscope::ui
