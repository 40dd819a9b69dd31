#include "ScatterPresenter.h"

#include <QCursor>
#include <QToolTip>

#include "Colouring.h"
#include "ScatterScene.h"
#include "ScatterView.h"
#include "Workspace.h"

namespace embedscope::ui {

ScatterPresenter::ScatterPresenter(Workspace* workspace, ScatterView* view, QObject* parent)
    : QObject(parent), m_workspace(workspace), m_view(view) {
    connect(workspace, &Workspace::datasetChanged, this, &ScatterPresenter::onDataset);
    connect(workspace, &Workspace::projectionChanged, this, [this] { onProjection(false); });
    connect(workspace, &Workspace::projectionUpdated, this, &ScatterPresenter::onProjectionUpdated);
    connect(workspace, &Workspace::tsneRunningChanged, this, [this](bool running) {
        if (running) m_followLayout = true;
    });
    connect(view, &ScatterView::interactionChanged, this, [this](bool moving) {
        if (moving) m_followLayout = false;
    });
    connect(workspace, &Workspace::colouringChanged, this, &ScatterPresenter::onColouring);
    connect(workspace, &Workspace::selectionChanged, this, &ScatterPresenter::onHighlights);
    connect(workspace, &Workspace::matchesChanged, this, &ScatterPresenter::onHighlights);
    connect(view, &ScatterView::pointPicked, workspace, [workspace](long long row) { workspace->select(row); });
    connect(view, &ScatterView::boxSelected, workspace,
            [workspace](const std::vector<std::size_t>& rows) { workspace->setBoxSelection(rows); });
    connect(view, &ScatterView::pointHovered, this, &ScatterPresenter::onHover);
}

void ScatterPresenter::onDataset() { onProjection(false); }

void ScatterPresenter::onProjection(bool keepCamera) {
    const auto projection = m_workspace->projection();
    if (!projection) return;
    ScatterScene& scene = m_view->scene();
    const bool threeD = projection->spec.dims == 3;
    if (threeD != m_view->isThreeD()) m_view->setThreeD(threeD);
    scene.setPoints(projection->xyz, projection->rows, keepCamera);
    scene.setAxisTitles(projection->axisTitle(0), projection->axisTitle(1),
                        threeD ? projection->axisTitle(2) : QString());
    m_hovered = -1;
    onColouring();
    onHighlights();
}

void ScatterPresenter::onProjectionUpdated() {
    const auto projection = m_workspace->projection();
    if (!projection) return;
    m_view->scene().updatePositions(projection->xyz);
    if (m_followLayout) m_view->scene().fitCamera();
    onHighlights();
}

void ScatterPresenter::onColouring() {
    const auto data = m_workspace->dataset();
    const auto projection = m_workspace->projection();
    if (!data || !projection) return;
    const Colouring c = m_workspace->colourColumn() == Workspace::kFaithfulnessColour
                            ? colourByFaithfulness(m_workspace->faithfulness(), projection->pointCount())
                            : colourByColumn(data->metadata, m_workspace->colourColumn(), projection->rows,
                                             projection->pointCount());
    m_view->scene().setColours(c.colours);
    m_view->scene().setLegend(c.legend);
    m_view->update();
}

void ScatterPresenter::onHighlights() {
    const auto data = m_workspace->dataset();
    if (!data) return;
    Highlights h;
    h.selected = m_workspace->selectedRow();
    h.hovered = m_hovered;
    for (const auto& n : m_workspace->neighbours()) h.neighbours.push_back(n.row);
    h.matches = m_workspace->matches();
    h.marked = m_workspace->differences().falseNeighbours;
    const auto& box = m_workspace->boxSelection();
    h.matches.insert(h.matches.end(), box.begin(), box.end());
    m_view->scene().setHighlights(h);

    std::vector<std::pair<std::size_t, std::string>> labels;
    if (m_showLabels) {
        const auto& e = data->embedding;
        auto add = [&](long long row) {
            if (row >= 0) labels.emplace_back(static_cast<std::size_t>(row), e.label(static_cast<std::size_t>(row)));
        };
        add(m_hovered);
        add(h.selected);
        for (std::size_t r : h.neighbours) add(static_cast<long long>(r));
        // A few search matches are worth naming; thousands are not.
        if (m_workspace->matches().size() <= 50)
            for (std::size_t r : m_workspace->matches()) add(static_cast<long long>(r));
    }
    m_view->scene().setLabels(labels);
    m_view->update();
}

void ScatterPresenter::onHover(long long row) {
    m_hovered = row;
    onHighlights();
    const auto data = m_workspace->dataset();
    if (row < 0 || !data) {
        QToolTip::hideText();
        return;
    }
    const auto r = static_cast<std::size_t>(row);
    QString tip = QStringLiteral("<b>%1</b>").arg(QString::fromStdString(data->embedding.label(r)).toHtmlEscaped());
    for (const auto& col : data->metadata.columns())
        tip += QStringLiteral("<br>%1: %2").arg(QString::fromStdString(col.name).toHtmlEscaped(),
                                                 QString::fromStdString(col.cells[r]).toHtmlEscaped());
    if (auto rank = data->embedding.frequencyRank(r)) tip += QObject::tr("<br>frequency rank: %L1").arg(*rank + 1);
    QToolTip::showText(QCursor::pos(), tip, m_view);
}

void ScatterPresenter::setPointSize(double pixels) {
    m_view->scene().setPointSize(pixels);
    m_view->update();
}

void ScatterPresenter::setOpacity(double opacity) {
    m_view->scene().setOpacity(opacity);
    m_view->update();
}

void ScatterPresenter::setShowLabels(bool show) {
    m_showLabels = show;
    onHighlights();
}

}  // namespace embedscope::ui
