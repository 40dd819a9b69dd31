#pragma once
// Chooses the projection: PCA (2-D or 3-D, which components go to x/y/z, spherize, a scree chart
// of the variance kept; changes re-project at once) or t-SNE (its parameters, Run, Pause/Resume,
// Stop, the iteration and KL divergence as it runs) or semantic axes (up to three formulas), and
// shows how faithful the layout is.
#include <QWidget>

#include "Projection.h"

class QAction;
class QButtonGroup;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace embedscope::ui {

class AxesBox;
class ScreeChart;
class Workspace;

class ProjectionDock : public QWidget {
    Q_OBJECT
public:
    explicit ProjectionDock(Workspace* workspace, QWidget* parent = nullptr);

    QPushButton* runButton() const { return m_run; }
    QPushButton* stopButton() const { return m_stop; }
    QPushButton* pauseButton() const { return m_pause; }
    /// The Projection menu's commands (PCA, t-SNE, semantic axes, 2-D, 3-D, run, pause, stop) with shortcuts
    /// that work anywhere in the window, whatever the dock shows.
    QList<QAction*> menuActions() const;

private:
    void apply();
    void refresh();
    void refreshQuality();
    /// "done: … iterations" or "stopped at …" for the t-SNE layout shown.
    void showOutcome();
    void runTsne();
    void buildActions();
    void setMethod(ProjectionMethod method);
    ProjectionSpec specFromControls() const;

    Workspace* m_workspace;
    QComboBox* m_method;
    QButtonGroup* m_dims;
    QComboBox* m_axis[3];
    QLabel* m_axisLabel[3];
    QCheckBox* m_spherize;
    ScreeChart* m_scree;
    QGroupBox* m_pcaBox;
    QGroupBox* m_tsneBox;
    AxesBox* m_axesBox;
    QDoubleSpinBox* m_perplexity;
    QSpinBox* m_iterations;
    QDoubleSpinBox* m_learningRate;
    QDoubleSpinBox* m_exaggeration;
    QSpinBox* m_seed;
    QComboBox* m_tsneMetric;
    QCheckBox* m_selectionOnly;
    QPushButton* m_run;
    QPushButton* m_pause;
    QPushButton* m_stop;
    QLabel* m_progress;
    QLabel* m_summary;
    QLabel* m_quality;
    QAction* m_usePca;
    QAction* m_useTsne;
    QAction* m_useAxes;
    QAction* m_twoD;
    QAction* m_threeD;
    QAction* m_runAction;
    QAction* m_pauseAction;
    QAction* m_stopAction;
    bool m_updating = false;
};

}  // namespace embedscope::ui
