#pragma once
// Keeps the scatter view in step with the workspace: points, colours, legend, highlights and
// labels follow the workspace's signals; picks, hovers and box selections go back to it.
#include <QObject>
#include <vector>

#include "MapLabels.h"

namespace embedscope::ui {

class ScatterView;
class Workspace;

class ScatterPresenter : public QObject {
    Q_OBJECT
public:
    ScatterPresenter(Workspace* workspace, ScatterView* view, QObject* parent = nullptr);

    void setPointSize(double pixels);
    void setOpacity(double opacity);
    /// Map labels (as many as fit), only the selection's, or none; font size; label column.
    void setLabelSettings(const LabelSettings& settings);
    /// Rows highlighted and labelled beside the workspace's own (e.g. the words a preview moves).
    void setEmphasis(std::vector<std::size_t> rows);

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
    std::vector<std::size_t> m_emphasis;
    /// While a t-SNE run grows the layout the camera follows it, until the user moves it.
    bool m_followLayout = false;
};

}  // namespace embedscope::ui
