#pragma once
// Finds labels by substring or regular expression: matches are highlighted in the view and
// listed with their count; Enter selects the first; a bad expression is reported in place.
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListView;

namespace embedscope::ui {

class MatchModel;
class Workspace;

class SearchDock : public QWidget {
    Q_OBJECT
public:
    explicit SearchDock(Workspace* workspace, QWidget* parent = nullptr);

    QLineEdit* field() const { return m_field; }
    MatchModel* model() const { return m_model; }
    /// Moves keyboard focus to the search field (Ctrl+F).
    void focusField();

private:
    void run();

    Workspace* m_workspace;
    QLineEdit* m_field;
    QCheckBox* m_regex;
    QLabel* m_status;
    QListView* m_list;
    MatchModel* m_model;
};

}  // namespace embedscope::ui
