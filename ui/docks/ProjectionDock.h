#pragma once
// Chooses the projection: method, 2-D or 3-D, which principal components go to x/y/z, spherize;
// shows how much variance the picture keeps (scree chart). Changes re-project in the background.
#include <QWidget>

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QLabel;

namespace embedscope::ui {

class ScreeChart;
class Workspace;

class ProjectionDock : public QWidget {
    Q_OBJECT
public:
    explicit ProjectionDock(Workspace* workspace, QWidget* parent = nullptr);

private:
    void apply();
    void refresh();

    Workspace* m_workspace;
    QComboBox* m_method;
    QButtonGroup* m_dims;
    QComboBox* m_axis[3];
    QLabel* m_axisLabel[3];
    QCheckBox* m_spherize;
    ScreeChart* m_scree;
    QLabel* m_summary;
    bool m_updating = false;
};

}  // namespace embedscope::ui
