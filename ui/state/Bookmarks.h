#pragma once
// Named views of the current data set: each keeps the projection (with its coordinates, so
// restoring never recomputes), the camera, the selection and the colouring, and restores them
// in one click. Saved with the workspace; the Bookmarks dock only shows them.
#include <QObject>
#include <QString>
#include <vector>

#include "state/WorkspaceFile.h"

namespace embedscope::ui {

class Workspace;
class ScatterScene;

class Bookmarks : public QObject {
    Q_OBJECT
public:
    /// scene: the view's scene for the camera (nullptr: bookmarks keep no camera).
    Bookmarks(Workspace* workspace, ScatterScene* scene, QObject* parent = nullptr);

    const std::vector<Bookmark>& list() const { return m_list; }
    /// Replaces all of them (a workspace file opened).
    void setList(std::vector<Bookmark> list);

    /// Adds the current view under name; false when there is nothing to keep yet.
    bool add(const QString& name);
    void rename(int index, const QString& name);
    void remove(int index);
    /// Moves a bookmark one place up (-1) or down (+1).
    void move(int index, int step);
    /// Shows the bookmark's view; false with the reason when its coordinates do not fit.
    bool restore(int index, QString* error = nullptr);
    /// "View 3": a name not yet taken.
    QString suggestedName() const;

signals:
    void changed();

private:
    Workspace* m_workspace;
    ScatterScene* m_scene;
    std::vector<Bookmark> m_list;
};

}  // namespace embedscope::ui
