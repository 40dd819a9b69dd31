#include "BiasDock.h"

#include <QAction>
#include <QSignalBlocker>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QPushButton>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

#include "analysis/BiasLens.h"
#include "analysis/DebiasPreviewer.h"
#include "docks/BiasChart.h"
#include "export/ExportActions.h"

namespace embedscope::ui {

namespace {
QString shortList(QStringList words) {
    if (words.size() > 3) words = words.mid(0, 3) << QStringLiteral("…");
    return words.join(QStringLiteral(", "));
}

constexpr int kGenderDirection = -1;  // the presets combo's item for the definitional-pairs axis
}  // namespace

BiasDock::BiasDock(BiasLens* lens, DebiasPreviewer* preview, QWidget* parent)
    : QWidget(parent),
      m_lens(lens),
      m_presets(new QComboBox(this)),
      m_formula(new QLineEdit(this)),
      m_error(new QLabel(this)),
      m_words(new QComboBox(this)),
      m_colour(new QCheckBox(tr("Colour the view by axis score"), this)),
      m_preview(preview),
      m_previewAction(new QAction(tr("Preview debiasing"), this)),
      m_previewStatus(new QLabel(this)),
      m_status(new QLabel(this)),
      m_chart(new BiasChart(this)) {
    setObjectName(QStringLiteral("biasDock"));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    m_presets->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_presets->setMinimumContentsLength(12);
    m_presets->addItem(tr("Custom formula"));
    for (const AxisPreset& preset : lens->presets())
        m_presets->addItem(preset.name, preset.formula);
    m_presets->addItem(tr("gender direction (definitional pairs)"), kGenderDirection);
    m_presets->setItemData(
        m_presets->count() - 1,
        tr("The first principal component of he/she, man/woman, … pairs (Bolukbasi et al. 2016)"),
        Qt::ToolTipRole);
    m_presets->setToolTip(tr("Axes shipped in resources/bias/axes.tsv"));
    form->addRow(tr("Axis"), m_presets);
    m_formula->setObjectName(QStringLiteral("axisFormula"));
    m_formula->setPlaceholderText(tr("he - she, avg(rich, wealthy) - avg(poor, needy)"));
    m_formula->setToolTip(
        tr("Words joined by + and -, optional weights (0.5 * rich), avg(…) of several words.\n"
           "A word's score is its cosine with the axis. Enter applies."));
    form->addRow(tr("Formula"), m_formula);
    m_error->setObjectName(QStringLiteral("axisError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b2182b"));
    m_error->hide();
    form->addRow(QString(), m_error);
    m_words->addItem(tr("Professions (shipped)"), int(BiasWords::Professions));
    m_words->addItem(tr("Adjectives (shipped)"), int(BiasWords::Adjectives));
    m_words->addItem(tr("Current box selection"), int(BiasWords::Selection));
    m_words->setToolTip(tr("The words ranked along the axis"));
    form->addRow(tr("Words"), m_words);
    layout->addLayout(form);
    m_colour->setToolTip(tr(
        "Colour every point by its cosine with the axis; the legend is titled with the formula"));
    layout->addWidget(m_colour);
    m_previewAction->setObjectName(QStringLiteral("previewDebiasing"));
    m_previewAction->setCheckable(true);
    m_previewAction->setShortcut(QKeySequence(tr("Ctrl+Shift+D")));
    m_previewAction->setToolTip(
        tr("Show where hard debiasing (Bolukbasi et al. 2016) would move the ranked words: "
           "neutralized to no share of the axis, gender pairs equalized about it. The words "
           "glide there in the current projection and back when turned off; the data set is "
           "never changed. (Ctrl+Shift+D)"));
    addAction(m_previewAction);  // its shortcut works while the dock is shown
    // A push button that says what pressing it again does: a pressed tool button hardly shows.
    auto* previewButton = new QPushButton(m_previewAction->text(), this);
    previewButton->setObjectName(QStringLiteral("previewButton"));
    previewButton->setCheckable(true);
    previewButton->setToolTip(m_previewAction->toolTip());
    layout->addWidget(previewButton);
    connect(previewButton, &QPushButton::toggled, m_previewAction, &QAction::setChecked);
    connect(m_previewAction, &QAction::toggled, previewButton, [this, previewButton](bool on) {
        previewButton->setChecked(on);
        previewButton->setText(on ? tr("Back to the loaded positions") : m_previewAction->text());
    });
    m_previewStatus->setObjectName(QStringLiteral("previewStatus"));
    m_previewStatus->setWordWrap(true);
    m_previewStatus->hide();
    layout->addWidget(m_previewStatus);
    m_status->setWordWrap(true);
    m_status->setObjectName(QStringLiteral("biasStatus"));
    layout->addWidget(m_status);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(m_chart);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    layout->addWidget(scroll, 1);
    auto* buttons = new QHBoxLayout;
    auto* copy = new QPushButton(tr("Copy"), this);
    copy->setObjectName(QStringLiteral("biasCopy"));
    copy->setToolTip(tr("Copy the ranked words with their scores and the axis as TSV (Ctrl+C)"));
    auto* save = new QPushButton(tr("Export TSV…"), this);
    save->setObjectName(QStringLiteral("biasExport"));
    save->setToolTip(tr("Write rank, word, score, axis, word list and direct bias as TSV or CSV"));
    buttons->addStretch(1);
    buttons->addWidget(copy);
    buttons->addWidget(save);
    layout->addLayout(buttons);
    auto* copyKey = new QAction(tr("Copy"), this);
    copyKey->setShortcut(QKeySequence::Copy);
    copyKey->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(copyKey);
    connect(copyKey, &QAction::triggered, this, [this] { ExportActions::copyTable(m_lens->table()); });
    connect(copy, &QPushButton::clicked, this, [this] { ExportActions::copyTable(m_lens->table()); });
    connect(save, &QPushButton::clicked, this, [this] {
        ExportActions::chooseTableFile(this, nullptr, tr("Export bias table"), QStringLiteral("bias.tsv"), m_lens->table());
    });

    connect(m_presets, &QComboBox::activated, this, [this](int index) {
        if (index <= 0) return;
        if (m_presets->itemData(index).typeId() == QMetaType::Int) {  // kGenderDirection
            m_formula->clear();
            const auto problem = m_lens->setGenderDirection();
            m_error->setVisible(problem.has_value());
            if (problem) m_error->setText(problem->message);
            return;
        }
        m_formula->setText(m_presets->itemData(index).toString());
        apply();
    });
    connect(m_formula, &QLineEdit::returnPressed, this, &BiasDock::apply);
    connect(m_formula, &QLineEdit::textEdited, this, [this] { m_presets->setCurrentIndex(0); });
    connect(m_words, &QComboBox::activated, this,
            [this] { m_lens->setWords(static_cast<BiasWords>(m_words->currentData().toInt())); });
    connect(m_colour, &QCheckBox::toggled, m_lens, &BiasLens::setColourByAxis);
    connect(m_chart, &BiasChart::barClicked, this, [this](int index) {
        if (index < static_cast<int>(m_lens->ranking().size()))
            m_lens->selectWord(m_lens->ranking()[static_cast<std::size_t>(index)].row);
    });
    connect(m_previewAction, &QAction::toggled, m_preview, &DebiasPreviewer::setActive);
    connect(m_preview, &DebiasPreviewer::changed, this, [this] {
        m_previewAction->setChecked(m_preview->isActive());  // a refused start goes back up
        m_previewStatus->setText(m_preview->summary());
        m_previewStatus->setVisible(!m_preview->summary().isEmpty());
    });
    connect(m_preview, &DebiasPreviewer::failed, this, [this](const QString& message) {
        m_previewStatus->setText(message);
        m_previewStatus->show();
    });
    connect(m_lens, &BiasLens::rankingChanged, this, &BiasDock::refresh);
    connect(m_lens, &BiasLens::failed, this, [this](const QString& message) {
        m_error->setText(message);
        m_error->show();
    });
    refresh();
}

void BiasDock::apply() {
    const auto problem = m_lens->setAxis(m_formula->text());
    m_error->setVisible(problem.has_value());
    if (!problem) return;
    m_error->setText(problem->message);
    if (problem->position >= 0) {
        // Mark the bad token in the field itself.
        m_formula->setFocus();
        m_formula->setSelection(problem->position, std::max(1, problem->length));
    }
}

void BiasDock::refresh() {
    // A restored workspace or bookmark shows its axis, list and colouring in the controls.
    const BiasState state = m_lens->state();
    if (!m_formula->hasFocus() && !state.formula.empty()) m_formula->setText(QString::fromStdString(state.formula));
    m_words->setCurrentIndex(m_words->findData(int(m_lens->words())));
    {
        const QSignalBlocker block(m_colour);
        m_colour->setChecked(m_lens->isColouringByAxis());
    }
    QStringList words;
    std::vector<double> scores;
    for (const ScoredWord& w : m_lens->ranking()) {
        words << QString::fromStdString(w.word);
        scores.push_back(w.score);
    }
    m_chart->setData(words, scores, shortList(m_lens->lowEnd()), shortList(m_lens->highEnd()));
    if (!m_lens->hasAxis()) {
        m_status->setText(tr("<i>Pick an axis, or type a formula and press Enter.</i>"));
    } else if (m_lens->ranking().empty() && m_lens->words() == BiasWords::Selection) {
        m_status->setText(tr("<i>Box-select words in the view (Ctrl+drag) to rank them.</i>"));
    } else {
        QString text = tr("%1 words along <b>%2</b>")
                           .arg(m_lens->ranking().size())
                           .arg(m_lens->formula().toHtmlEscaped());
        text += tr(" · direct bias %1").arg(m_lens->directBias(), 0, 'f', 3);
        const QStringList& missing = m_lens->missing();
        if (!missing.isEmpty()) {
            // A short sample here; the whole list in the tooltip (a small vocabulary lacks many).
            QStringList shown = missing.mid(0, 4);
            if (missing.size() > 4) shown << QStringLiteral("…");
            text += tr("; %1 not in the vocabulary (%2)")
                        .arg(missing.size())
                        .arg(shown.join(QStringLiteral(", ")).toHtmlEscaped());
        }
        m_status->setToolTip(
            missing.isEmpty()
                ? QString()
                : tr("Not in the vocabulary: %1").arg(missing.join(QStringLiteral(", "))));
        m_status->setText(text);
    }
}

}  // namespace embedscope::ui
