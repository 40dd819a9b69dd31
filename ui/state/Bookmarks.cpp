#include "Bookmarks.h"

#include <algorithm>

#include "StateConversion.h"
#include "Workspace.h"
#include "view/ScatterScene.h"

namespace embedscope::ui {

Bookmarks::Bookmarks(Workspace* workspace, ScatterScene* scene, QObject* parent)
    : QObject(parent), m_workspace(workspace), m_scene(scene) {
    // Bookmarks hold coordinates of one data set's rows: another data set drops them (a workspace
    // file sets its own right after).
    connect(workspace, &Workspace::datasetChanged, this, [this] {
        if (m_list.empty()) return;
        m_list.clear();
        emit changed();
    });
}

void Bookmarks::setList(std::vector<Bookmark> list) {
    m_list = std::move(list);
    emit changed();
}

bool Bookmarks::add(const QString& name) {
    const auto projection = m_workspace->projection();
    if (!m_workspace->dataset() || !projection || projection->pointCount() == 0) return false;
    Bookmark b;
    b.name = name.trimmed().isEmpty() ? suggestedName().toStdString() : name.trimmed().toStdString();
    b.projection = projectionState(*projection);
    if (m_scene) b.camera = cameraState(*m_scene);
    b.selected = m_workspace->selectedRow();
    b.box = m_workspace->boxSelection();
    b.colourColumn = m_workspace->colourColumn();
    m_list.push_back(std::move(b));
    emit changed();
    return true;
}

void Bookmarks::rename(int index, const QString& name) {
    if (index < 0 || index >= static_cast<int>(m_list.size()) || name.trimmed().isEmpty()) return;
    m_list[static_cast<std::size_t>(index)].name = name.trimmed().toStdString();
    emit changed();
}

void Bookmarks::remove(int index) {
    if (index < 0 || index >= static_cast<int>(m_list.size())) return;
    m_list.erase(m_list.begin() + index);
    emit changed();
}

void Bookmarks::move(int index, int step) {
    const int to = index + step;
    if (index < 0 || to < 0 || index >= static_cast<int>(m_list.size()) || to >= static_cast<int>(m_list.size())) return;
    std::swap(m_list[static_cast<std::size_t>(index)], m_list[static_cast<std::size_t>(to)]);
    emit changed();
}

bool Bookmarks::restore(int index, QString* error) {
    const auto data = m_workspace->dataset();
    if (!data || index < 0 || index >= static_cast<int>(m_list.size())) return false;
    const Bookmark& b = m_list[static_cast<std::size_t>(index)];
    QString why;
    auto projection = projectionFromState(b.projection, data->embedding.rows(), &why);
    if (!projection) {
        if (error) *error = why;
        return false;
    }
    // A subset (isolated or a t-SNE of a selection) comes back isolated: "Show all" undoes it.
    m_workspace->showProjection(projection, projection->rows);
    if (m_scene && b.camera) restoreCamera(*m_scene, *b.camera);
    const std::size_t rows = data->embedding.rows();
    std::vector<std::size_t> box;
    std::copy_if(b.box.begin(), b.box.end(), std::back_inserter(box), [rows](std::size_t r) { return r < rows; });
    m_workspace->setBoxSelection(std::move(box));
    m_workspace->select(b.selected >= 0 && static_cast<std::size_t>(b.selected) < rows ? b.selected : -1);
    const int columns = static_cast<int>(data->metadata.columnCount());
    // The derived column (clusters, an axis score) stays as it is now, when there is one.
    if (b.colourColumn != Workspace::kDerivedColour || m_workspace->derivedColumn())
        m_workspace->setColourColumn(b.colourColumn < columns ? b.colourColumn : -1);
    return true;
}

QString Bookmarks::suggestedName() const {
    for (int n = static_cast<int>(m_list.size()) + 1;; ++n) {
        const std::string name = tr("View %1").arg(n).toStdString();
        if (std::none_of(m_list.begin(), m_list.end(), [&](const Bookmark& b) { return b.name == name; }))
            return QString::fromStdString(name);
    }
}

}  // namespace embedscope::ui
