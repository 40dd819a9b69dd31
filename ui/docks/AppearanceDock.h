#pragma once
// How points look: colour by a metadata column, point size, opacity, and the labels (map /
// selection only / none, font size, which column names a point). Settings persist.
#include <QWidget>

#include "state/WorkspaceFile.h"

class QSpinBox;
class QComboBox;
class QSlider;

namespace embedscope::ui {

class AppSettings;
class ScatterPresenter;
class Workspace;

class AppearanceDock : public QWidget {
    Q_OBJECT
public:
    AppearanceDock(Workspace* workspace, ScatterPresenter* presenter, AppSettings* settings,
                   QWidget* parent = nullptr);

    QComboBox* colourBy() const { return m_colourBy; }

    /// Point size and opacity, for a workspace file.
    AppearanceState state() const;
    /// Shows a workspace's point size and opacity (zero fields keep the current ones). They are
    /// the workspace's, so the app's own settings for new sessions stay as they were.
    void restore(const AppearanceState& state);

private:
    void refreshColumns();
    void applyLabels();

    Workspace* m_workspace;
    ScatterPresenter* m_presenter;
    AppSettings* m_settings;
    QComboBox* m_colourBy;
    QSlider* m_size;
    QSlider* m_opacity;
    QComboBox* m_labelMode;
    QSpinBox* m_labelFont;
    QComboBox* m_labelBy;
};

}  // namespace embedscope::ui
