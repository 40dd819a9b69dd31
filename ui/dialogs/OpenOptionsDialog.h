#pragma once
// File › Open with options…: the file, its format (or "detect"), first N rows or the top N by a
// metadata column, label column, labels and metadata files, what to do with bad rows, and the
// labels' encoding. The row limits persist between sessions.
#include <QDialog>

#include "io/Dataset.h"

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLineEdit;
class QSpinBox;

namespace embedscope::ui {

class AppSettings;

class OpenOptionsDialog : public QDialog {
    Q_OBJECT
public:
    /// settings: where the row limits are remembered ("open/..."); none = not remembered.
    OpenOptionsDialog(const QString& folder, QWidget* parent = nullptr, AppSettings* settings = nullptr);

    QString path() const;
    LoadOptions options() const;

    void accept() override;

private:
    QLineEdit* fileRow(const QString& label, const QString& tip, QFormLayout* form);

    QString m_folder;
    QLineEdit* m_path;
    QComboBox* m_format;
    AppSettings* m_settings;
    QSpinBox* m_maxRows;
    QSpinBox* m_topRows;
    QLineEdit* m_topBy;
    QLineEdit* m_labelColumn;
    QLineEdit* m_labels;
    QLineEdit* m_metadata;
    QCheckBox* m_skipBad;
    QComboBox* m_encoding;
};

}  // namespace embedscope::ui
