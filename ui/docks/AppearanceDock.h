#pragma once
// How points look: colour by a metadata column, point size, opacity, and the labels (map /
// selection only / none, font size, which column names a point). Settings persist.
#include <QWidget>

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
