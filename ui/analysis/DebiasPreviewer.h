#pragma once
// The Bias dock's "Preview debiasing": where hard debiasing (Bolukbasi et al. 2016) would move
// words, shown by animating them there in the current picture and back. The ranked words are
// neutralized along the Bias axis; when that axis is a gender axis (cosine ≥ 0.5 with the
// definitional-pairs direction) the shipped equalize pairs are equalized too. Only the shown
// layout moves, through Workspace::updateLayout; the data set never changes, and turning the
// preview off puts back the very projection that was shown. A new data set or projection, or
// another layout update (t-SNE), ends the preview.
#include <QObject>
#include <QStringList>
#include <array>
#include <memory>
#include <vector>

class QVariantAnimation;

namespace embedscope::ui {

class BiasLens;
class JobRunner;
class Workspace;
struct Projection;

/// One word the preview moves: its data set row and its positions in the layout.
struct DebiasMove {
    std::size_t row;
    std::array<float, 3> from, to;
    bool equalized;  ///< an equalize pair's word (else neutralized)
};

class DebiasPreviewer : public QObject {
    Q_OBJECT
public:
    DebiasPreviewer(Workspace* workspace, BiasLens* lens, QObject* parent = nullptr);
    ~DebiasPreviewer() override;

    JobRunner* jobs() const { return m_jobs; }
    /// Turns the preview on (computes in the background, then animates the words to their
    /// debiased positions) or off (animates them back). Refused with failed() without an axis,
    /// ranked words or a finished layout.
    void setActive(bool on);
    bool isActive() const { return m_on; }
    /// The words moved (empty while none are shown), for highlighting and the lines drawn.
    const std::vector<DebiasMove>& moves() const { return m_moves; }
    /// 0 = where the words are, 1 = debiased; between while animating.
    double position() const { return m_t; }
    /// "Preview: 40 of the 147 ranked words neutralized, 12 gender pairs equalized. …"
    const QString& summary() const { return m_summary; }
    /// Milliseconds one way (default 900).
    void setDuration(int ms);

signals:
    void changed();  ///< on/off, moves or summary changed (before failed(), when both)
    /// An animation reached its end: fully debiased (true) or back where it started (false).
    void settled(bool debiased);
    void failed(const QString& message);

private:
    void abandon();
    void animateTo(double target);
    void showAt(double t);
    bool stillShown() const;

    Workspace* m_workspace;
    BiasLens* m_lens;
    JobRunner* m_jobs;
    QVariantAnimation* m_animation;
    int m_duration = 900;  // ms, all the way
    bool m_on = false;
    double m_t = 0;
    std::shared_ptr<const Projection> m_original;  // the projection before the preview
    std::shared_ptr<const Projection> m_shown;     // the last one handed to the workspace
    std::vector<DebiasMove> m_moves;
    std::vector<std::size_t> m_points;  // each move's point index in the projection
    QString m_summary;
};

}  // namespace embedscope::ui
