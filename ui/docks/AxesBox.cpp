#include "AxesBox.h"

#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>

#include "Workspace.h"
#include "analysis/AxisLayout.h"

namespace embedscope::ui {

AxesBox::AxesBox(Workspace* workspace, QWidget* parent)
    : QGroupBox(tr("Axes"), parent), m_workspace(workspace) {
    setObjectName(QStringLiteral("axesBox"));
    auto* layout = new QGridLayout(this);
    layout->setColumnStretch(1, 1);
    const QString placeholders[3] = {tr("he - she"), tr("rich - poor (optional)"),
                                     tr("3-D only, optional")};
    for (int i = 0; i < 3; ++i) {
        m_fields[i] = new QLineEdit(this);
        m_fields[i]->setObjectName(QStringLiteral("axisFormula%1").arg(QLatin1Char("xyz"[i])));
        m_fields[i]->setPlaceholderText(placeholders[i]);
        m_fields[i]->setToolTip(
            tr("A formula of words: he - she, avg(rich, wealthy) - poor, king - man + woman.\n"
               "Later axes are made orthogonal to earlier ones; empty axes are filled by PCA "
               "of what the axes leave. Enter applies."));
        m_errors[i] = new QLabel(this);
        m_errors[i]->setWordWrap(true);
        m_errors[i]->setStyleSheet(QStringLiteral("color: #b2182b"));
        m_errors[i]->hide();
        layout->addWidget(new QLabel(QString(QLatin1Char("xyz"[i])), this), 2 * i, 0);
        layout->addWidget(m_fields[i], 2 * i, 1);
        layout->addWidget(m_errors[i], 2 * i + 1, 1);
        connect(m_fields[i], &QLineEdit::returnPressed, this, &AxesBox::applyRequested);
    }
}

std::array<QString, 3> AxesBox::formulas() const {
    return {m_fields[0]->text().trimmed(), m_fields[1]->text().trimmed(),
            m_fields[2]->text().trimmed()};
}

void AxesBox::setFormulas(const std::array<QString, 3>& formulas) {
    for (int i = 0; i < 3; ++i)
        if (m_fields[i]->text().trimmed() != formulas[static_cast<std::size_t>(i)])
            m_fields[i]->setText(formulas[static_cast<std::size_t>(i)]);
}

bool AxesBox::check() {
    for (QLabel* e : m_errors) e->hide();
    const auto data = m_workspace->dataset();
    if (!data) return false;
    const auto problem = checkAxisFormulas(data->embedding, formulas());
    if (!problem) return true;
    m_errors[problem->field]->setText(problem->message);
    m_errors[problem->field]->show();
    if (problem->position >= 0) {
        m_fields[problem->field]->setFocus();
        m_fields[problem->field]->setSelection(problem->position, std::max(1, problem->length));
    }
    return false;
}

}  // namespace embedscope::ui
