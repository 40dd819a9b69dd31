#include "SearchDock.h"

#include <QSignalBlocker>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QTimer>
#include <QVBoxLayout>

#include "Workspace.h"
#include "models/MatchModel.h"

namespace embedscope::ui {

SearchDock::SearchDock(Workspace* workspace, QWidget* parent)
    : QWidget(parent), m_workspace(workspace), m_field(new QLineEdit(this)),
      m_regex(new QCheckBox(tr("Regex"), this)), m_status(new QLabel(this)), m_list(new QListView(this)),
      m_model(new MatchModel(this)) {
    setObjectName(QStringLiteral("searchDock"));
    auto* layout = new QVBoxLayout(this);
    auto* row = new QHBoxLayout;
    m_field->setObjectName(QStringLiteral("searchField"));
    m_field->setPlaceholderText(tr("Find labels… (Ctrl+F)"));
    m_field->setClearButtonEnabled(true);
    m_field->setToolTip(tr("Substring (case-insensitive) or, with Regex, a regular expression.\nEnter selects the first match."));
    m_regex->setObjectName(QStringLiteral("searchRegex"));
    m_regex->setToolTip(tr("Treat the text as a regular expression (Perl syntax)"));
    row->addWidget(m_field, 1);
    row->addWidget(m_regex);
    layout->addLayout(row);
    m_status->setObjectName(QStringLiteral("searchStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    m_list->setModel(m_model);
    m_list->setObjectName(QStringLiteral("searchMatches"));
    m_list->setUniformItemSizes(true);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    layout->addWidget(m_list, 1);

    // Search as the user types, after a short pause (big vocabularies take a moment).
    auto* debounce = new QTimer(this);
    debounce->setSingleShot(true);
    debounce->setInterval(200);
    connect(m_field, &QLineEdit::textEdited, debounce, qOverload<>(&QTimer::start));
    connect(debounce, &QTimer::timeout, this, &SearchDock::run);
    connect(m_regex, &QCheckBox::toggled, this, &SearchDock::run);
    connect(m_field, &QLineEdit::returnPressed, this, [this, debounce] {
        debounce->stop();
        run();
        if (!m_workspace->matches().empty()) m_workspace->select(static_cast<long long>(m_workspace->matches().front()));
    });
    connect(m_list, &QListView::clicked, this, [this](const QModelIndex& index) {
        m_workspace->select(m_model->data(index, MatchModel::RowRole).toLongLong());
    });
    // A search restored from a workspace file shows in the field.
    connect(workspace, &Workspace::matchesChanged, this, [this] {
        if (m_field->text() == m_workspace->searchPattern() && m_regex->isChecked() == m_workspace->isSearchRegex()) return;
        m_field->setText(m_workspace->searchPattern());
        {
            const QSignalBlocker block(m_regex);
            m_regex->setChecked(m_workspace->isSearchRegex());
        }
        run();
    });
    connect(workspace, &Workspace::datasetChanged, this, [this] {
        if (!m_field->text().isEmpty()) run();
        else m_model->setMatches(nullptr, {});
    });
}

void SearchDock::focusField() {
    m_field->setFocus(Qt::ShortcutFocusReason);
    m_field->selectAll();
}

void SearchDock::run() {
    const QString error = m_workspace->search(m_field->text(), m_regex->isChecked());
    m_model->setMatches(m_workspace->dataset(), m_workspace->matches());
    if (!error.isEmpty()) {
        m_status->setText(tr("<span style='color:#b00'>Invalid expression: %1</span>").arg(error.toHtmlEscaped()));
        m_field->setStyleSheet(QStringLiteral("QLineEdit { border: 1px solid #b00; }"));
    } else {
        m_field->setStyleSheet(QString());
        m_status->setText(m_field->text().isEmpty() ? QString()
                                                    : tr("%Ln match(es)", nullptr, int(m_workspace->matches().size())));
    }
}

}  // namespace embedscope::ui
