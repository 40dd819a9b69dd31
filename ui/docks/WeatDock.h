#pragma once
// Shows the WEAT capability: pick one of the shipped tests or edit the four sets, choose how the
// p-value is found, Run; the result as a table (d, p, exact or Monte-Carlo, sizes, missing
// words) with Copy and Export TSV.
#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace embedscope::ui {

class AppSettings;
class WeatModel;

class WeatDock : public QWidget {
    Q_OBJECT
public:
    explicit WeatDock(WeatModel* model, QWidget* parent = nullptr);

    QComboBox* test() const { return m_test; }
    QPlainTextEdit* set(int i) const { return m_sets[i]; }  ///< 0..3: X, Y, A, B
    QComboBox* pMethod() const { return m_method; }
    QPushButton* runButton() const { return m_run; }
    QPushButton* copyButton() const { return m_copy; }
    QTableWidget* table() const { return m_table; }
    QLabel* status() const { return m_status; }

private:
    void showTest(int index);
    void run();
    void showResult();
    void chooseExport();

    WeatModel* m_model;
    QComboBox* m_test;
    QPlainTextEdit* m_sets[4];
    QLabel* m_setNames[4];
    QComboBox* m_method;
    QSpinBox* m_permutations;
    QSpinBox* m_seed;
    QPushButton* m_run;
    QPushButton* m_copy;
    QPushButton* m_export;
    QLabel* m_status;
    QTableWidget* m_table;
};

}  // namespace embedscope::ui
