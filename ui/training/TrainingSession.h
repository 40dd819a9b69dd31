#pragma once
// The Training capability: word2vec on the person's own text in the background, a live preview
// (every 2% the 2 000 most frequent words re-projected by PCA, signs kept from the previous frame
// so the picture does not flip) and, at the end or on Cancel, the vectors as the current data set.
#include <QObject>
#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

#include "train/Word2VecOptions.h"

namespace embedscope::ui {

class JobRunner;
class Workspace;
struct Projection;

class TrainingSession : public QObject {
    Q_OBJECT
public:
    TrainingSession(Workspace* workspace, QObject* parent = nullptr);
    ~TrainingSession() override;

    JobRunner* jobs() const { return m_jobs; }
    bool isTraining() const;
    /// Starts training on these files and folders; the view shows the preview as it forms.
    void start(const QStringList& corpus, const Word2VecOptions& options);
    void cancel();

    /// "epoch 2/5 · 812,345 words/s · 0:23 left"
    static QString describe(const TrainingStatus& status, std::size_t epochs);

    /// Words shown in the live preview.
    static constexpr std::size_t kPreviewWords = 2000;

signals:
    void statusChanged(const QString& text);
    /// The vectors are the current data set; cancelled: they are the ones reached so far.
    void finished(bool cancelled, const QString& summary);
    void failed(const QString& message);

private:
    void showPreview(const TrainingSnapshot& snapshot, std::uint64_t run);

    Workspace* m_workspace;
    JobRunner* m_jobs;
    std::uint64_t m_run = 0;  // frames of older runs are dropped
    bool m_previewShown = false;
    std::shared_ptr<const Projection> m_lastPreview;
};

}  // namespace embedscope::ui
