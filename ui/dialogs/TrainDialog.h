#pragma once
// Data › Train word vectors…: the corpus (text files or folders) and word2vec's parameters, with
// word2vec.c's defaults and a tooltip each. The last choices persist.
#include <QDialog>

#include "train/Word2VecOptions.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace embedscope::ui {

class AppSettings;

class TrainDialog : public QDialog {
    Q_OBJECT
public:
    TrainDialog(AppSettings* settings, QWidget* parent = nullptr);

    QStringList corpus() const;
    void setCorpus(const QStringList& paths);
    Word2VecOptions options() const;

    void accept() override;

private:
    void addPaths(const QStringList& paths);
    void updateStart();

    AppSettings* m_settings;
    QListWidget* m_files;
    QComboBox* m_model;
    QSpinBox* m_dims;
    QSpinBox* m_window;
    QSpinBox* m_negative;
    QDoubleSpinBox* m_sample;
    QSpinBox* m_minCount;
    QSpinBox* m_epochs;
    QSpinBox* m_threads;
    QSpinBox* m_seed;
    QCheckBox* m_lowercase;
    QPushButton* m_start;
};

}  // namespace embedscope::ui
