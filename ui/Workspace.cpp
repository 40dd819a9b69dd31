#include "Workspace.h"

#include <QFileInfo>

#include "jobs/JobRunner.h"

namespace embedscope::ui {

Workspace::Workspace(QObject* parent) : QObject(parent), m_jobs(new JobRunner(this)) {}

void Workspace::load(const QString& path, const LoadOptions& options) {
    const std::string file = path.toStdString();
    m_jobs->start<Dataset>(
        tr("Loading %1").arg(QFileInfo(path).fileName()),
        [file, options](Progress& progress) { return loadDataset(file, options, progress); },
        [this, path](std::shared_ptr<Dataset> data) {
            setDataset(std::move(data));
            emit loadSucceeded(path);
        },
        [this, path](const QString& message) { emit loadFailed(path, message); });
}

void Workspace::setDataset(std::shared_ptr<const Dataset> dataset) {
    m_dataset = std::move(dataset);
    emit datasetChanged();
}

}  // namespace embedscope::ui
