#pragma once
// Shows the Compare and Analogy capability: two word fields with completion and the numbers that
// relate them (click a word to select it), and an analogy box a : b :: c → ranked answers.
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;

namespace embedscope::ui {

class WordTools;

class CompareDock : public QWidget {
    Q_OBJECT
public:
    explicit CompareDock(WordTools* tools, QWidget* parent = nullptr);

    QLineEdit* wordA() const { return m_a; }
    QLineEdit* wordB() const { return m_b; }
    QPushButton* compareButton() const { return m_compare; }
    QLabel* compareMessage() const { return m_message; }
    QTreeWidget* details() const { return m_details; }
    QLineEdit* analogyField(int i) const { return m_analogy[i]; }
    QComboBox* method() const { return m_method; }
    QPushButton* solveButton() const { return m_solve; }
    QLabel* analogyMessage() const { return m_analogyMessage; }
    QTreeWidget* answers() const { return m_answers; }

private:
    QLineEdit* wordField(const QString& name, const QString& placeholder);
    void runCompare();
    void runAnalogy();
    void showComparison();
    void showAnswers();

    WordTools* m_tools;
    QLineEdit* m_a;
    QLineEdit* m_b;
    QPushButton* m_compare;
    QLabel* m_message;
    QTreeWidget* m_details;
    QLineEdit* m_analogy[3];
    QComboBox* m_method;
    QPushButton* m_solve;
    QLabel* m_analogyMessage;
    QTreeWidget* m_answers;
};

}  // namespace embedscope::ui
