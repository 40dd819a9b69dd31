#pragma once
// Shows the Clusters capability: k (with a suggestion from silhouettes), the metric, vectors or
// layout, Run; then the clusters with their colour, size and name. Click selects a cluster's
// words, double-click isolates them, Export writes the table.
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTreeWidget;

namespace embedscope::ui {

class AppSettings;
class ClusterModel;
struct ClusterSettings;

class ClustersDock : public QWidget {
    Q_OBJECT
public:
    ClustersDock(ClusterModel* model, AppSettings* settings, QWidget* parent = nullptr);

    QPushButton* runButton() const { return m_run; }
    QTreeWidget* list() const { return m_list; }
    ClusterSettings settingsFromControls() const;

private:
    void refresh();
    void showSuggestion();
    void chooseExport();

    ClusterModel* m_model;
    AppSettings* m_settings;
    QSpinBox* m_k;
    QComboBox* m_metric;
    QComboBox* m_space;
    QPushButton* m_run;
    QPushButton* m_suggest;
    QPushButton* m_export;
    QLabel* m_status;
    QTreeWidget* m_list;
};

}  // namespace embedscope::ui
