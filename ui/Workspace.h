#pragma once
// Owns what the user is looking at: the data set (and, as the explorer grows, the projection,
// selection and colouring). Docks and the view observe it through signals.
#include <QObject>
#include <QString>
#include <memory>

#include "io/Dataset.h"
#include "io/Load.h"

namespace embedscope::ui {

class JobRunner;

class Workspace : public QObject {
    Q_OBJECT
public:
    explicit Workspace(QObject* parent = nullptr);

    /// The data set shown now; null before the first load finishes.
    std::shared_ptr<const Dataset> dataset() const { return m_dataset; }
    JobRunner* jobs() const { return m_jobs; }

    /// Loads in the background. The current data set stays until the new one is ready; on error
    /// loadFailed() is emitted and nothing changes.
    void load(const QString& path, const LoadOptions& options = {});
    /// Replaces the data set (used by load() when it finishes, and by tests).
    void setDataset(std::shared_ptr<const Dataset> dataset);

signals:
    void datasetChanged();
    void loadFailed(const QString& path, const QString& message);
    void loadSucceeded(const QString& path);

private:
    std::shared_ptr<const Dataset> m_dataset;
    JobRunner* m_jobs;
};

}  // namespace embedscope::ui
