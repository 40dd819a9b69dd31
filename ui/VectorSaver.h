#pragma once
// File › Save vectors as…: writes the current data set (loaded or trained) in any writer's format
// in the background, metadata beside it for Projector TSV. The old file stays intact on failure.
#include <QObject>
#include <QString>
#include <memory>

#include "io/Dataset.h"

namespace embedscope::ui {

class JobRunner;

class VectorSaver : public QObject {
    Q_OBJECT
public:
    explicit VectorSaver(QObject* parent = nullptr);

    JobRunner* jobs() const { return m_jobs; }
    /// The file dialog's filters, one per format, in saveFormat() order.
    static QString filters();
    /// The format a chosen filter (or, failing that, the path's extension) asks for.
    static Format saveFormat(const QString& path, const QString& filter);
    void save(std::shared_ptr<const Dataset> data, const QString& path, Format format);

signals:
    void saved(const QString& path);
    void failed(const QString& message);

private:
    JobRunner* m_jobs;
};

}  // namespace embedscope::ui
