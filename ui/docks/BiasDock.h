#pragma once
// Shows the Bias capability: an axis (preset or typed formula, with the bad token marked when it
// does not resolve), the word list to rank, the ranked bar chart (click a bar: select the word)
// and "Colour by axis score"; "Preview debiasing" (a DebiasPreviewer) moves the ranked words to
// where neutralize / equalize would put them, and back.
#include <QWidget>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;

namespace embedscope::ui {

class BiasChart;
class BiasLens;
class DebiasPreviewer;

class BiasDock : public QWidget {
    Q_OBJECT
public:
    BiasDock(BiasLens* lens, DebiasPreviewer* preview, QWidget* parent = nullptr);

    QComboBox* presets() const { return m_presets; }
    QLineEdit* formula() const { return m_formula; }
    QLabel* error() const { return m_error; }
    QComboBox* wordList() const { return m_words; }
    QCheckBox* colourByAxis() const { return m_colour; }
    BiasChart* chart() const { return m_chart; }
    /// Checkable, Ctrl+Shift+D: the debiasing preview on or off (also in the View menu).
    QAction* previewAction() const { return m_previewAction; }

private:
    void apply();
    void refresh();

    BiasLens* m_lens;
    QComboBox* m_presets;
    QLineEdit* m_formula;
    QLabel* m_error;
    QComboBox* m_words;
    QCheckBox* m_colour;
    DebiasPreviewer* m_preview;
    QAction* m_previewAction;
    QLabel* m_previewStatus;
    QLabel* m_status;
    BiasChart* m_chart;
};

}  // namespace embedscope::ui
