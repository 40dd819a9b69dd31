#include "ScatterPresenter.h"

#include <QCursor>
#include <QToolTip>

#include "Colouring.h"
#include "ScatterScene.h"
#include "ScatterView.h"
#include "ScoreColouring.h"
#include "Workspace.h"

namespace embedscope::ui {

ScatterPresenter::ScatterPresenter(Workspace* workspace, ScatterView* view, QObject* parent)
    : QObject(parent), m_workspace(workspace), m_view(view) {
    connect(workspace, &Workspace::datasetChanged, this, &ScatterPresenter::onDataset);
    connect(workspace, &Workspace::projectionChanged, this, [this] { onProjection(false); });
    connect(workspace, &Workspace::projectionUpdated, this, &ScatterPresenter::onProjectionUpdated);
    connect(workspace, &Workspace::tsneRunningChanged, this, [this](bool running) {
        if (running) m_followLayout = true;
        m_view->overlay().labels().setMoving(running);
        m_view->update();
    });
    connect(view, &ScatterView::interactionChanged, this, [this](bool moving) {
        if (moving) m_followLayout = false;
        // Turning a 3-D camera re-places labels every frame; 2-D pans and zooms reuse them.
        if (m_view->isThreeD()) m_view->overlay().labels().setMoving(moving);
    });
    connect(workspace, &Workspace::colouringChanged, this, &ScatterPresenter::onColouring);
    connect(workspace, &Workspace::selectionChanged, this, &ScatterPresenter::onHighlights);
    connect(workspace, &Workspace::matchesChanged, this, &ScatterPresenter::onHighlights);
    connect(view, &ScatterView::pointPicked, workspace, [workspace](long long row) { workspace->select(row); });
    connect(view, &ScatterView::boxSelected, workspace,
            [workspace](const std::vector<std::size_t>& rows) { workspace->setBoxSelection(rows); });
    connect(view, &ScatterView::pointHovered, this, &ScatterPresenter::onHover);
}

void ScatterPresenter::onDataset() {
    m_emphasis.clear();
    m_view->overlay().labels().setDataset(m_workspace->dataset());
    onProjection(false);
}

void ScatterPresenter::onProjection(bool keepCamera) {
    const auto projection = m_workspace->projection();
    if (!projection) return;
    ScatterScene& scene = m_view->scene();
    const bool threeD = projection->spec.dims == 3;
    if (threeD != m_view->isThreeD()) m_view->setThreeD(threeD);
    scene.setPoints(projection->xyz, projection->rows, keepCamera);
    m_view->overlay().labels().pointsChanged();
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
    m_view->overlay().labels().pointsChanged();
    if (m_followLayout) m_view->scene().fitCamera();
    onHighlights();
}

void ScatterPresenter::onColouring() {
    const auto data = m_workspace->dataset();
    const auto projection = m_workspace->projection();
    if (!data || !projection) return;
    const int column = m_workspace->colourColumn();
    Colouring c;
    if (column == Workspace::kFaithfulnessColour) {
        c = colourByFaithfulness(m_workspace->faithfulness(), projection->pointCount());
    } else if (column == Workspace::kDerivedColour && m_workspace->derivedColumn()) {
        // Numeric derived columns are signed scores (an axis): a diverging map centred on 0.
        const MetadataColumn& derived = *m_workspace->derivedColumn();
        c = derived.type == ColumnType::Numeric ? colourByScore(derived, projection->rows, projection->pointCount())
                                                : colourByColumn(derived, projection->rows, projection->pointCount());
    } else {
        c = colourByColumn(data->metadata, column, projection->rows, projection->pointCount());
    }
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
    h.matches.insert(h.matches.end(), m_emphasis.begin(), m_emphasis.end());
    m_view->scene().setHighlights(h);

    ForcedLabels forced;
    forced.selected = h.selected;
    forced.hovered = m_hovered;
    forced.rows = h.neighbours;
    // A few search matches are worth naming; thousands are not.
    if (m_workspace->matches().size() <= 50)
        forced.rows.insert(forced.rows.end(), m_workspace->matches().begin(), m_workspace->matches().end());
    forced.rows.insert(forced.rows.end(), m_emphasis.begin(), m_emphasis.end());
    m_view->overlay().labels().setForced(forced);
    m_view->update();
}

void ScatterPresenter::setEmphasis(std::vector<std::size_t> rows) {
    m_emphasis = std::move(rows);
    onHighlights();
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

void ScatterPresenter::setLabelSettings(const LabelSettings& settings) {
    m_view->overlay().labels().setSettings(settings);
    m_view->update();
}

}  // namespace embedscope::ui
