#include "JobStatus.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

#include "JobRunner.h"

namespace embedscope::ui {

JobStatus::JobStatus(JobRunner* runner, QWidget* parent)
    : QWidget(parent), m_title(new QLabel(this)), m_bar(new QProgressBar(this)),
      m_cancel(new QToolButton(this)) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);
    m_bar->setRange(0, 1000);
    m_bar->setFixedWidth(180);
    m_bar->setTextVisible(false);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop this job; what is shown now stays (Esc)"));
    m_cancel->setShortcut(QKeySequence(Qt::Key_Escape));
    m_cancel->setObjectName(QStringLiteral("cancelJob"));
    setObjectName(QStringLiteral("jobStatus"));
    hide();

    connect(m_cancel, &QToolButton::clicked, runner, &JobRunner::cancel);
    connect(runner, &JobRunner::started, this, [this](const QString& title) {
        m_title->setText(title);
        m_bar->setValue(0);
        show();
    });
    connect(runner, &JobRunner::progressChanged, this, [this, runner](int permille, const QString& stage) {
        m_bar->setValue(permille);
        m_title->setText(stage.isEmpty() ? runner->title() : runner->title() + QStringLiteral(" – ") + stage);
    });
    connect(runner, &JobRunner::finished, this, [this, runner]() {
        if (!runner->isBusy()) hide();
    });
}

}  // namespace embedscope::ui
