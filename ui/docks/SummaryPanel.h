#pragma once
// Shows what the loaded data set is: file, format, N × D, and the load summary.
#include <QWidget>

class QLabel;
class QTextBrowser;

namespace embedscope::ui {

class Workspace;

class SummaryPanel : public QWidget {
    Q_OBJECT
public:
    explicit SummaryPanel(Workspace* workspace, QWidget* parent = nullptr);

    /// The panel's text, for tests.
    QString text() const;

private:
    void refresh();

    Workspace* m_workspace;
    QTextBrowser* m_view;
};

}  // namespace embedscope::ui
