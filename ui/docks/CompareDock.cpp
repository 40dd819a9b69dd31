#include "CompareDock.h"

#include <QAbstractItemView>
#include <QComboBox>
#include <QCompleter>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "analysis/WordTools.h"

namespace embedscope::ui {

namespace {
constexpr int kRowRole = Qt::UserRole;

QLabel* messageLabel(QWidget* parent, const QString& name) {
    auto* label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: #b2182b"));
    label->hide();
    return label;
}

QString number(double v, int digits = 3) {
    return QString::number(v, 'f', digits).replace(QLatin1Char('-'), QChar(0x2212));
}
}  // namespace

QLineEdit* CompareDock::wordField(const QString& name, const QString& placeholder) {
    auto* field = new QLineEdit(this);
    field->setObjectName(name);
    field->setPlaceholderText(placeholder);
    auto* completer = new QCompleter(m_tools->vocabulary(), field);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setModelSorting(QCompleter::UnsortedModel);  // frequency order: common words first
    completer->setMaxVisibleItems(12);
    // The analogy's three fields are narrow; a list as narrow as its field cut the words short.
    completer->popup()->setMinimumWidth(field->fontMetrics().horizontalAdvance(QLatin1Char('m')) * 14);
    field->setCompleter(completer);
    return field;
}

CompareDock::CompareDock(WordTools* tools, QWidget* parent) : QWidget(parent), m_tools(tools) {
    setObjectName(QStringLiteral("compareDock"));
    auto* layout = new QVBoxLayout(this);

    auto* compareBox = new QGroupBox(tr("Compare two words"), this);
    auto* grid = new QGridLayout(compareBox);
    m_a = wordField(QStringLiteral("compareA"), tr("first word, e.g. war"));
    m_b = wordField(QStringLiteral("compareB"), tr("second word, e.g. peace"));
    m_compare = new QPushButton(tr("Compare"), compareBox);
    m_compare->setToolTip(
        tr("Cosine and distance, ranks, shared neighbours; both words and the shared "
           "neighbours are highlighted in the view"));
    grid->addWidget(m_a, 0, 0);
    grid->addWidget(m_b, 0, 1);
    grid->addWidget(m_compare, 0, 2);
    m_message = messageLabel(compareBox, QStringLiteral("compareMessage"));
    grid->addWidget(m_message, 1, 0, 1, 3);
    m_details = new QTreeWidget(compareBox);
    m_details->setObjectName(QStringLiteral("compareDetails"));
    m_details->setColumnCount(2);
    m_details->setHeaderLabels({tr("Measure / word"), tr("Value")});
    m_details->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_details->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_details->header()->setStretchLastSection(false);
    m_details->setToolTip(tr("Click a word to select it in the view"));
    m_details->setMinimumHeight(m_details->fontMetrics().height() * 6);
    grid->addWidget(m_details, 2, 0, 1, 3);
    layout->addWidget(compareBox, 3);

    auto* analogyBox = new QGroupBox(tr("Analogy  a : b :: c : ?"), this);
    auto* agrid = new QGridLayout(analogyBox);
    const QString hints[3] = {tr("a (man)"), tr("b (king)"), tr("c (woman)")};
    for (int i = 0; i < 3; ++i) {
        m_analogy[i] = wordField(QStringLiteral("analogy%1").arg(QChar(u'A' + i)), hints[i]);
        agrid->addWidget(m_analogy[i], 0, i);
        connect(m_analogy[i], &QLineEdit::returnPressed, this, &CompareDock::runAnalogy);
    }
    m_method = new QComboBox(analogyBox);
    m_method->addItem(tr("3CosAdd"), int(AnalogyMethod::Add));
    m_method->addItem(tr("3CosMul"), int(AnalogyMethod::Mul));
    m_method->setToolTip(
        tr("Levy & Goldberg (2014): 3CosAdd = cos(d, b − a + c) as gensim's most_similar;\n"
           "3CosMul balances the three similarities (most_similar_cosmul)"));
    m_solve = new QPushButton(tr("Solve"), analogyBox);
    agrid->addWidget(m_method, 1, 0, 1, 2);
    agrid->addWidget(m_solve, 1, 2);
    m_analogyMessage = messageLabel(analogyBox, QStringLiteral("analogyMessage"));
    agrid->addWidget(m_analogyMessage, 2, 0, 1, 3);
    m_answers = new QTreeWidget(analogyBox);
    m_answers->setObjectName(QStringLiteral("analogyAnswers"));
    m_answers->setColumnCount(3);
    m_answers->setHeaderLabels({tr("#"), tr("Answer"), tr("Score")});
    m_answers->setRootIsDecorated(false);
    m_answers->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_answers->header()->setStretchLastSection(false);
    m_answers->setMinimumHeight(m_answers->fontMetrics().height() * 5);
    m_answers->setToolTip(tr("The answers are highlighted in the view; click one to select it"));
    agrid->addWidget(m_answers, 3, 0, 1, 3);
    layout->addWidget(analogyBox, 2);

    connect(m_compare, &QPushButton::clicked, this, &CompareDock::runCompare);
    connect(m_a, &QLineEdit::returnPressed, this, &CompareDock::runCompare);
    connect(m_b, &QLineEdit::returnPressed, this, &CompareDock::runCompare);
    connect(m_solve, &QPushButton::clicked, this, &CompareDock::runAnalogy);
    const auto selectItem = [this](QTreeWidgetItem* item) {
        const QVariant row = item->data(0, kRowRole);
        if (row.isValid()) m_tools->selectWord(row.toULongLong());
    };
    connect(m_details, &QTreeWidget::itemClicked, this, selectItem);
    connect(m_answers, &QTreeWidget::itemClicked, this, selectItem);
    connect(m_tools, &WordTools::comparisonReady, this, &CompareDock::showComparison);
    connect(m_tools, &WordTools::answersReady, this, &CompareDock::showAnswers);
    connect(m_tools, &WordTools::failed, this, [this](const QString& message) {
        m_message->setText(message);
        m_message->show();
    });
}

void CompareDock::runCompare() {
    const QString error = m_tools->compare(m_a->text(), m_b->text());
    m_message->setText(error);
    m_message->setVisible(!error.isEmpty());
}

void CompareDock::runAnalogy() {
    AnalogyOptions options;
    options.method = static_cast<AnalogyMethod>(m_method->currentData().toInt());
    const QString error =
        m_tools->solve(m_analogy[0]->text(), m_analogy[1]->text(), m_analogy[2]->text(), options);
    m_analogyMessage->setText(error);
    m_analogyMessage->setVisible(!error.isEmpty());
}

void CompareDock::showComparison() {
    m_details->clear();
    const auto& c = m_tools->comparison();
    if (!c) return;
    const QString a = m_tools->label(c->a), b = m_tools->label(c->b);
    const auto measure = [this](const QString& name, const QString& value, const QString& tip) {
        auto* item = new QTreeWidgetItem(m_details, {name, value});
        item->setToolTip(0, tip);
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
    };
    measure(tr("Cosine similarity"), number(c->cosine),
            tr("cos(a, b): 1 same direction, 0 unrelated"));
    measure(tr("Euclidean distance"), number(c->euclidean), tr("‖a − b‖ on the vectors as loaded"));
    measure(tr("%1's rank near %2").arg(b, a), QString::number(c->rankOfBAmongA),
            tr("Where %1 comes among %2's neighbours by cosine (1 = the nearest)").arg(b, a));
    measure(tr("%1's rank near %2").arg(a, b), QString::number(c->rankOfAAmongB),
            tr("Where %1 comes among %2's neighbours by cosine (1 = the nearest)").arg(a, b));
    const auto group = [this](const QString& title, const std::vector<ScoredWord>& words,
                              const QString& tip) {
        auto* parent = new QTreeWidgetItem(m_details, {title, QString::number(words.size())});
        parent->setToolTip(0, tip);
        parent->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        for (const ScoredWord& w : words) {
            auto* item =
                new QTreeWidgetItem(parent, {QString::fromStdString(w.word), number(w.score)});
            item->setData(0, kRowRole, QVariant::fromValue<qulonglong>(w.row));
            item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        }
        parent->setExpanded(true);
    };
    group(tr("Shared neighbours (top 10)"), c->shared,
          tr("In both top-10 lists; value = mean cosine"));
    group(tr("Closer to %1").arg(a), c->closerToA, tr("Largest cos(w, %1) − cos(w, %2)").arg(a, b));
    group(tr("Closer to %1").arg(b), c->closerToB, tr("Largest cos(w, %1) − cos(w, %2)").arg(b, a));
}

void CompareDock::showAnswers() {
    m_answers->clear();
    int rank = 1;
    for (const ScoredWord& w : m_tools->answers()) {
        auto* item = new QTreeWidgetItem(
            m_answers, {QString::number(rank++), QString::fromStdString(w.word), number(w.score)});
        item->setData(0, kRowRole, QVariant::fromValue<qulonglong>(w.row));
        item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
    }
    m_answers->resizeColumnToContents(0);
}

}  // namespace embedscope::ui
