#pragma once
// Shows the bookmarks: a click restores one (projection, camera, selection, colouring); Add
// (Ctrl+B) keeps the current view under a name; rename in place (F2 or double-click), delete,
// and move up or down.
#include <QWidget>

class QAction;
class QLabel;
class QListWidget;

namespace embedscope::ui {

class Bookmarks;

class BookmarksDock : public QWidget {
    Q_OBJECT
public:
    explicit BookmarksDock(Bookmarks* bookmarks, QWidget* parent = nullptr);

    /// "Add bookmark" (Ctrl+B), for the View menu.
    QAction* addAction() const { return m_add; }
    QListWidget* list() const { return m_list; }
    /// Asks for a name (suggesting "View N") and adds the current view.
    void addWithName();

private:
    void refresh();
    int current() const;

    Bookmarks* m_bookmarks;
    QListWidget* m_list;
    QLabel* m_status;
    QAction* m_add;
};

}  // namespace embedscope::ui
