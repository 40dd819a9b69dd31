#include "TrainingSession.h"

#include <QFileInfo>
#include <QLocale>
#include <QPointer>
#include <algorithm>
#include <cmath>

#include "Workspace.h"
#include "jobs/JobRunner.h"
#include "train/Word2VecTrainer.h"

namespace embedscope::ui {

namespace {
struct TrainingOutcome {
    std::shared_ptr<const Dataset> dataset;
    std::shared_ptr<const Projection> projection;
    Word2VecResult summary;  // without the vectors (moved into the data set)
};

/// PCA of the preview words, each axis flipped when that keeps it closer to the previous frame,
/// and scaled to a unit RMS radius: the vectors grow as they train, the picture should not.
Projection previewProjection(const Dataset& data, const Projection* previous) {
    ProjectionSpec spec;  // PCA 3-D of PC1..PC3
    spec.dims = previous ? previous->spec.dims : 3;
    Projection p = computeProjection(data, spec, {}, Progress::none());
    double sumSquares = 0;
    for (float v : p.xyz) sumSquares += double(v) * v;
    const double rms = std::sqrt(sumSquares / std::max<std::size_t>(1, p.pointCount()));
    if (rms > 0)
        for (float& v : p.xyz) v = static_cast<float>(v / rms);
    if (previous && previous->pointCount() == p.pointCount())
        for (int a = 0; a < spec.dims; ++a) {
            double dot = 0;
            for (std::size_t i = 0; i < p.pointCount(); ++i) dot += double(p.xyz[3 * i + a]) * previous->xyz[3 * i + a];
            if (dot < 0)
                for (std::size_t i = 0; i < p.pointCount(); ++i) p.xyz[3 * i + a] = -p.xyz[3 * i + a];
        }
    return p;
}
}  // namespace

TrainingSession::TrainingSession(Workspace* workspace, QObject* parent)
    : QObject(parent), m_workspace(workspace), m_jobs(new JobRunner(this)) {}

// Training stops at its next batch; its worker posts status and frames here until it returns.
TrainingSession::~TrainingSession() { m_jobs->shutdown(); }

bool TrainingSession::isTraining() const { return m_jobs->isBusy(); }

void TrainingSession::cancel() { m_jobs->cancel(); }

QString TrainingSession::describe(const TrainingStatus& s, std::size_t epochs) {
    QString text = tr("epoch %1/%2 · %3 words/s").arg(s.epoch).arg(epochs).arg(QLocale().toString(qint64(s.wordsPerSecond)));
    if (s.secondsLeft >= 0) {
        const int left = static_cast<int>(s.secondsLeft + 0.5);
        text += tr(" · %1:%2 left").arg(left / 60).arg(left % 60, 2, 10, QLatin1Char('0'));
    }
    return text;
}

void TrainingSession::start(const QStringList& corpus, const Word2VecOptions& options) {
    std::vector<std::string> paths;
    for (const QString& p : corpus) paths.push_back(p.toStdString());
    const std::uint64_t run = ++m_run;
    m_previewShown = false;
    m_lastPreview.reset();
    QPointer<TrainingSession> self(this);
    const QString name = corpus.size() == 1 ? QFileInfo(corpus.first()).fileName() : tr("%n files", nullptr, int(corpus.size()));
    m_jobs->start<TrainingOutcome>(
        tr("Training on %1").arg(name),
        [paths, options, self, run, name](Progress& progress) {
            Word2VecTrainer trainer(options);
            // Status and frames are made on the training thread and shown on the GUI thread.
            trainer.setStatusCallback([self, epochs = options.epochs](const TrainingStatus& s) {
                QMetaObject::invokeMethod(self, [self, s, epochs] {
                    if (self) emit self->statusChanged(describe(s, epochs));
                }, Qt::QueuedConnection);
            });
            trainer.setSnapshotCallback([self, run](const TrainingSnapshot& snapshot) {
                QMetaObject::invokeMethod(self, [self, snapshot, run] {
                    if (self) self->showPreview(snapshot, run);
                }, Qt::QueuedConnection);
            }, kPreviewWords, 0.02);
            Word2VecResult result = trainer.train(paths, progress);
            TrainingOutcome out;
            auto data = std::make_shared<Dataset>(result.toDataset(tr("trained on %1").arg(name).toStdString()));
            // No progress calls from here: after a Cancel they would throw, and the vectors
            // reached so far must still reach the explorer.
            out.projection = std::make_shared<Projection>(computeProjection(*data, ProjectionSpec{}, {}, Progress::none()));
            out.dataset = std::move(data);
            result.embedding = Embedding();
            result.metadata = Metadata();
            out.summary = std::move(result);
            return out;
        },
        [this, run](std::shared_ptr<TrainingOutcome> out) {
            if (run != m_run) return;
            m_workspace->setData(out->dataset, out->projection);
            const Word2VecResult& r = out->summary;
            const QString summary =
                tr("%1 words · vocabulary %2 · %3 words/s%4")
                    .arg(QLocale().toString(qulonglong(r.corpusWords)))
                    .arg(QLocale().toString(qulonglong(out->dataset->embedding.rows())))
                    .arg(QLocale().toString(qint64(r.wordsPerSecond)))
                    .arg(r.cancelled ? tr(" · cancelled: these are the vectors reached so far (File › Save vectors as… keeps them)") : QString());
            emit finished(r.cancelled, summary);
        },
        [this](const QString& message) { emit failed(message); });
}

void TrainingSession::showPreview(const TrainingSnapshot& snapshot, std::uint64_t run) {
    if (run != m_run || !m_jobs->isBusy() || snapshot.vectors.rows() < 3) return;
    auto data = std::make_shared<Dataset>();
    data->path = tr("training preview").toStdString();
    data->format = Format::Word2VecBinary;
    data->embedding = snapshot.vectors;
    data->embedding.setFrequencyOrdered(true);
    // A few milliseconds for 2 000 words: done here rather than through another job.
    auto projection = std::make_shared<const Projection>(previewProjection(*data, m_lastPreview.get()));
    m_lastPreview = projection;
    if (!m_previewShown || !m_workspace->dataset() || m_workspace->dataset()->path != data->path ||
        m_workspace->projection()->pointCount() != projection->pointCount()) {
        m_workspace->setData(std::move(data), projection);
        m_previewShown = true;
    } else {
        m_workspace->updateLayout(projection);
    }
}

}  // namespace embedscope::ui
