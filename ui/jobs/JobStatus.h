#pragma once
// The status-bar strip for background jobs: what runs, a progress bar, and Cancel (Esc).
#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace embedscope::ui {

class JobRunner;

class JobStatus : public QWidget {
    Q_OBJECT
public:
    explicit JobStatus(JobRunner* runner, QWidget* parent = nullptr);

private:
    QLabel* m_title;
    QProgressBar* m_bar;
    QToolButton* m_cancel;
};

}  // namespace embedscope::ui
