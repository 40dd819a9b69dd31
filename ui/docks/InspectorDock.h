#pragma once
// The selected point: its label and metadata, and its k nearest neighbours in the ORIGINAL space
// (metric and space visible and switchable); clicking a neighbour selects it. Also the size of
// a box selection and "Isolate selection".
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableView;

namespace embedscope::ui {

class NeighbourModel;
class Workspace;

class InspectorDock : public QWidget {
    Q_OBJECT
public:
    explicit InspectorDock(Workspace* workspace, QWidget* parent = nullptr);

    NeighbourModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }

private:
    void refresh();
    void applySettings();

    Workspace* m_workspace;
    QLabel* m_title;
    QLabel* m_details;
    QSpinBox* m_k;
    QComboBox* m_metric;
    QComboBox* m_space;
    QCheckBox* m_exact;
    QLabel* m_method;
    QLabel* m_explain;
    QTableView* m_table;
    NeighbourModel* m_model;
    QLabel* m_differences;
    QLabel* m_boxInfo;
    QPushButton* m_isolate;
    bool m_updating = false;
};

}  // namespace embedscope::ui
