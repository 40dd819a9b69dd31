#pragma once
// How points look: colour by a metadata column, point size, opacity, labels. Settings persist.
#include <QWidget>

class QCheckBox;
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

    Workspace* m_workspace;
    ScatterPresenter* m_presenter;
    AppSettings* m_settings;
    QComboBox* m_colourBy;
    QSlider* m_size;
    QSlider* m_opacity;
    QCheckBox* m_labels;
};

}  // namespace embedscope::ui
