#pragma once
// Keeps the scatter view in step with the workspace: points, colours, legend, highlights and
// labels follow the workspace's signals; picks, hovers and box selections go back to it.
#include <QObject>

namespace embedscope::ui {

class ScatterView;
class Workspace;

class ScatterPresenter : public QObject {
    Q_OBJECT
public:
    ScatterPresenter(Workspace* workspace, ScatterView* view, QObject* parent = nullptr);

    void setPointSize(double pixels);
    void setOpacity(double opacity);
    /// Draw labels of the hovered, selected and neighbour points (decluttered).
    void setShowLabels(bool show);

private:
    void onDataset();
    void onProjection(bool keepCamera);
    void onProjectionUpdated();
    void onColouring();
    void onHighlights();
    void onHover(long long row);

    Workspace* m_workspace;
    ScatterView* m_view;
    long long m_hovered = -1;
    /// While a t-SNE run grows the layout the camera follows it, until the user moves it.
    bool m_followLayout = false;
    bool m_showLabels = true;
};

}  // namespace embedscope::ui
