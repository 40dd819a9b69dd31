#include "BookmarksDock.h"

#include <QAction>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QSignalBlocker>
#include <QToolButton>
#include <QVBoxLayout>

#include "state/Bookmarks.h"

namespace embedscope::ui {

BookmarksDock::BookmarksDock(Bookmarks* bookmarks, QWidget* parent)
    : QWidget(parent), m_bookmarks(bookmarks), m_list(new QListWidget(this)), m_status(new QLabel(this)),
      m_add(new QAction(tr("Add &bookmark…"), this)) {
    setObjectName(QStringLiteral("bookmarksDock"));
    auto* layout = new QVBoxLayout(this);
    m_list->setObjectName(QStringLiteral("bookmarkList"));
    m_list->setToolTip(tr("Click a bookmark to restore its projection, camera, selection and colouring.\n"
                          "Double-click or F2 renames it."));
    m_list->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    layout->addWidget(m_list, 1);
    auto* row = new QHBoxLayout;
    auto button = [this, row](QAction* action) {
        auto* b = new QToolButton(this);
        b->setDefaultAction(action);
        row->addWidget(b);
    };
    m_add->setObjectName(QStringLiteral("addBookmark"));
    m_add->setShortcut(QKeySequence(tr("Ctrl+B")));
    m_add->setToolTip(tr("Keep the current view (projection, camera, selection, colouring) as a bookmark (Ctrl+B)"));
    connect(m_add, &QAction::triggered, this, &BookmarksDock::addWithName);
    auto* remove = new QAction(tr("Delete"), this);
    remove->setToolTip(tr("Delete the chosen bookmark"));
    connect(remove, &QAction::triggered, this, [this] { m_bookmarks->remove(current()); });
    auto* up = new QAction(tr("Up"), this);
    connect(up, &QAction::triggered, this, [this] {
        const int i = current();
        m_bookmarks->move(i, -1);
        m_list->setCurrentRow(i - 1);
    });
    auto* down = new QAction(tr("Down"), this);
    connect(down, &QAction::triggered, this, [this] {
        const int i = current();
        m_bookmarks->move(i, +1);
        m_list->setCurrentRow(i + 1);
    });
    for (QAction* a : {m_add, remove, up, down}) button(a);
    row->addStretch(1);
    layout->addLayout(row);
    m_status->setWordWrap(true);
    m_status->setObjectName(QStringLiteral("bookmarkStatus"));
    layout->addWidget(m_status);

    connect(m_list, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
        QString error;
        if (m_bookmarks->restore(m_list->row(item), &error)) m_status->clear();
        else m_status->setText(tr("<span style='color:#b00'>Not restored: %1</span>").arg(error.toHtmlEscaped()));
    });
    connect(m_list, &QListWidget::itemChanged, this,
            [this](QListWidgetItem* item) { m_bookmarks->rename(m_list->row(item), item->text()); });
    connect(m_bookmarks, &Bookmarks::changed, this, &BookmarksDock::refresh);
    refresh();
}

int BookmarksDock::current() const { return m_list->currentRow(); }

void BookmarksDock::addWithName() {
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Add bookmark"), tr("Name"), QLineEdit::Normal,
                                               m_bookmarks->suggestedName(), &ok);
    if (!ok) return;
    if (!m_bookmarks->add(name)) m_status->setText(tr("Open a data set first: there is no view to keep."));
}

void BookmarksDock::refresh() {
    const QSignalBlocker block(m_list);
    const int row = m_list->currentRow();
    m_list->clear();
    for (const auto& b : m_bookmarks->list()) {
        auto* item = new QListWidgetItem(QString::fromStdString(b.name), m_list);
        item->setFlags(item->flags() | Qt::ItemIsEditable);
        const std::size_t points = b.projection.xyz.size() / 3;
        item->setToolTip(tr("%1 %2-D, %L3 points").arg(b.projection.method == "tsne" ? tr("t-SNE") : b.projection.method == "axes" ? tr("Axes") : tr("PCA")).arg(b.projection.dims).arg(points));
    }
    m_list->setCurrentRow(std::min(row, m_list->count() - 1));
    if (m_list->count() == 0) m_status->setText(tr("<i>No bookmarks yet: Ctrl+B keeps the current view.</i>"));
}

}  // namespace embedscope::ui
