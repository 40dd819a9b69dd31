#pragma once
// File › Open with options…: the file, its format (or "detect"), first N rows, label column,
// labels and metadata files, what to do with bad rows, and the labels' encoding.
#include <QDialog>

#include "io/Dataset.h"

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLineEdit;
class QSpinBox;

namespace embedscope::ui {

class OpenOptionsDialog : public QDialog {
    Q_OBJECT
public:
    OpenOptionsDialog(const QString& folder, QWidget* parent = nullptr);

    QString path() const;
    LoadOptions options() const;

private:
    QLineEdit* fileRow(const QString& label, const QString& tip, QFormLayout* form);

    QString m_folder;
    QLineEdit* m_path;
    QComboBox* m_format;
    QSpinBox* m_maxRows;
    QLineEdit* m_labelColumn;
    QLineEdit* m_labels;
    QLineEdit* m_metadata;
    QCheckBox* m_skipBad;
    QComboBox* m_encoding;
};

}  // namespace embedscope::ui
