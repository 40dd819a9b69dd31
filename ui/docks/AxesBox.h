#pragma once
// The projection dock's "Axes" settings: up to three axis formulas (x, y, z), each checked against
// the vocabulary when applied, with the error shown under its field and the bad token selected.
#include <QGroupBox>
#include <array>

class QLabel;
class QLineEdit;

namespace embedscope::ui {

class Workspace;

class AxesBox : public QGroupBox {
    Q_OBJECT
public:
    explicit AxesBox(Workspace* workspace, QWidget* parent = nullptr);

    std::array<QString, 3> formulas() const;
    void setFormulas(const std::array<QString, 3>& formulas);
    /// Checks the formulas; shows the first problem under its field. True when they all resolve.
    bool check();
    QLineEdit* field(int i) const { return m_fields[i]; }
    QLabel* error(int i) const { return m_errors[i]; }

signals:
    /// Enter in a field: the formulas should be applied.
    void applyRequested();

private:
    Workspace* m_workspace;
    QLineEdit* m_fields[3];
    QLabel* m_errors[3];
};

}  // namespace embedscope::ui
