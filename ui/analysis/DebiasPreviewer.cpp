#include "DebiasPreviewer.h"

#include <QEasingCurve>
#include <QVariantAnimation>
#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>

#include "Projection.h"
#include "Workspace.h"
#include "analysis/AxisLayout.h"
#include "analysis/BiasLens.h"
#include "analysis/DebiasPlacement.h"
#include "analysis/WordLists.h"
#include "analysis/WordSpace.h"
#include "jobs/JobRunner.h"
#include "project/Pca.h"

namespace embedscope::ui {

namespace {

/// The shipped equalize pairs are gender pairs: equalizing them about another axis (rich – poor)
/// would say nothing, so they join only when the axis is mostly the gender direction.
constexpr double kGenderAxisCosine = 0.5;
/// Neighbours averaged by the t-SNE placement (DebiasPlacement.h).
constexpr std::size_t kPlacementNeighbours = 10;

struct Computed {
    std::vector<DebiasMove> moves;
    std::vector<std::size_t> points;
    int neutralized = 0, equalizedPairs = 0;
};

std::vector<WordPair> equalizePairsFor(const UnitRows& rows, const WordLookup& lookup,
                                       const Eigen::VectorXf& axis, const std::string& dir) {
    try {
        const BiasDirection gender =
            fitBiasDirection(rows, lookup, readWordPairs(dir + "/gender-pairs.tsv"));
        const double cosine = std::abs(double(gender.direction.dot(axis))) /
                              (double(gender.direction.norm()) * double(axis.norm()));
        if (cosine >= kGenderAxisCosine) return readWordPairs(dir + "/equalize-pairs.tsv");
    } catch (const std::exception&) {
        // No definitional pair in this vocabulary: no gender direction, nothing to equalize.
    }
    return {};
}

/// Maps vectors into the projection's layout as it was made (DebiasPlacement.h).
VectorPlacement placementFor(const Dataset& data, const Embedding& shown, const Projection& p,
                             const RowMatrixXf& layout, Progress& progress) {
    const ProjectionSpec& spec = p.spec;
    if (spec.method == ProjectionMethod::Axes)
        return axisPlacement(projectOnFormulas(data.embedding, shown, spec, progress));
    if (spec.method == ProjectionMethod::Tsne)
        return neighbourPlacement(shown, layout, kPlacementNeighbours);
    // PCA: fitted again with the options computeProjection used (10 components at most); only
    // the components matter, since each word moves by the difference they map its change to.
    PcaOptions options;
    options.spherize = spec.spherize;
    options.components = std::min<std::size_t>({10, shown.dims(), shown.rows()});
    PcaResult pca = fitPca(shown, options, progress);
    std::vector<std::size_t> axes;
    for (int i = 0; i < spec.dims; ++i)
        axes.push_back(std::min<std::size_t>(std::size_t(spec.axes[std::size_t(i)]),
                                             options.components - 1));
    return pcaPlacement(std::move(pca), std::move(axes));
}

Computed compute(const Dataset& data, const Projection& p, const Eigen::VectorXf& axis,
                 std::vector<std::string> neutral, const std::string& dir, Progress& progress) {
    progress.step(0);
    const UnitRows rows(data.embedding);
    const WordLookup lookup(data.embedding);
    const std::vector<WordPair> pairs = equalizePairsFor(rows, lookup, axis, dir);
    // A word of an equalize pair is equalized, not also neutralized.
    std::set<std::string> paired;
    for (const auto& [a, b] : pairs) paired.insert(a), paired.insert(b);
    std::erase_if(neutral, [&](const std::string& w) { return paired.contains(w); });
    const DebiasPreview n = neutralizePreview(rows, axis, neutral);
    const DebiasPreview e = equalizePreview(rows, axis, pairs);
    progress.step(0.2);

    // The moved rows that the layout shows, and where.
    std::unordered_map<std::size_t, std::size_t> pointOf;
    for (std::size_t i = 0; i < p.rows.size(); ++i) pointOf.emplace(p.rows[i], i);
    DebiasPreview shownWords;
    std::vector<std::size_t> points;
    std::vector<bool> equalized;
    const auto take = [&](const DebiasPreview& d, bool eq) {
        for (std::size_t i = 0; i < d.rows.size(); ++i) {
            std::size_t point = d.rows[i];
            if (!p.rows.empty()) {
                const auto it = pointOf.find(d.rows[i]);
                if (it == pointOf.end()) continue;  // isolated away
                point = it->second;
            }
            const Eigen::Index k = shownWords.before.rows();
            shownWords.rows.push_back(d.rows[i]);
            shownWords.before.conservativeResize(k + 1, d.before.cols());
            shownWords.after.conservativeResize(k + 1, d.after.cols());
            shownWords.before.row(k) = d.before.row(Eigen::Index(i));
            shownWords.after.row(k) = d.after.row(Eigen::Index(i));
            points.push_back(point);
            equalized.push_back(eq);
        }
    };
    take(n, false);
    take(e, true);
    Computed out;
    if (points.empty()) return out;

    const Embedding subset = p.rows.empty() ? Embedding() : data.embedding.subset(p.rows);
    const Embedding& shown = p.rows.empty() ? data.embedding : subset;
    const int dims = p.spec.dims;
    RowMatrixXf layout(Eigen::Index(p.pointCount()), dims);
    for (Eigen::Index i = 0; i < layout.rows(); ++i)
        for (int a = 0; a < dims; ++a) layout(i, a) = p.xyz[std::size_t(3 * i + a)];
    RowMatrixXf start(Eigen::Index(points.size()), dims);
    for (std::size_t i = 0; i < points.size(); ++i)
        start.row(Eigen::Index(i)) = layout.row(Eigen::Index(points[i]));
    const RowMatrixXf end =
        debiasedPositions(shownWords, start, placementFor(data, shown, p, layout, progress));
    progress.step(1);

    for (std::size_t i = 0; i < points.size(); ++i) {
        DebiasMove m{shownWords.rows[i], {0, 0, 0}, {0, 0, 0}, equalized[i]};
        for (int a = 0; a < dims; ++a) {
            m.from[std::size_t(a)] = start(Eigen::Index(i), a);
            m.to[std::size_t(a)] = end(Eigen::Index(i), a);
        }
        out.moves.push_back(m);
        (equalized[i] ? out.equalizedPairs : out.neutralized) += 1;
    }
    out.points = std::move(points);
    out.equalizedPairs /= 2;
    return out;
}

}  // namespace

DebiasPreviewer::DebiasPreviewer(Workspace* workspace, BiasLens* lens, QObject* parent)
    : QObject(parent),
      m_workspace(workspace),
      m_lens(lens),
      m_jobs(new JobRunner(this)),
      m_animation(new QVariantAnimation(this)) {
    m_animation->setEasingCurve(QEasingCurve::InOutCubic);
    connect(m_animation, &QVariantAnimation::valueChanged, this,
            [this](const QVariant& v) { showAt(v.toDouble()); });
    connect(m_animation, &QVariantAnimation::finished, this, [this] {
        if (m_moves.empty()) return;
        emit settled(m_t >= 1);
        if (m_t <= 0) {  // back where it started: the preview is over
            m_original.reset();
            m_shown.reset();
            m_moves.clear();
            m_points.clear();
            m_summary.clear();
            emit changed();
        }
    });
    // Another picture (a new data set or projection, a t-SNE frame) ends the preview as it is:
    // there is nothing to put back.
    connect(workspace, &Workspace::datasetChanged, this, &DebiasPreviewer::abandon);
    connect(workspace, &Workspace::projectionChanged, this, &DebiasPreviewer::abandon);
    connect(workspace, &Workspace::projectionUpdated, this, [this] {
        if ((m_on || m_original) && !stillShown()) abandon();
    });
    // Other words or another axis: the preview shown is no longer theirs.
    connect(lens, &BiasLens::rankingChanged, this, [this] {
        if (m_on) setActive(false);
    });
}

DebiasPreviewer::~DebiasPreviewer() = default;

void DebiasPreviewer::setDuration(int ms) { m_duration = std::max(1, ms); }

bool DebiasPreviewer::stillShown() const {
    const auto current = m_workspace->projection();
    return current && current == (m_shown ? m_shown : m_original);
}

void DebiasPreviewer::setActive(bool on) {
    if (on == m_on) return;
    if (!on) {
        m_on = false;
        m_jobs->cancel();
        if (!m_moves.empty() && stillShown()) {
            animateTo(0);
        } else {
            abandon();
        }
        emit changed();
        return;
    }
    const auto data = m_workspace->dataset();
    const auto projection = m_workspace->projection();
    QString why;
    if (!data || !projection) why = tr("Open a data set first");
    else if (!m_lens->axis()) why = tr("Pick an axis first");
    else if (m_lens->ranking().empty()) why = tr("No ranked words to debias");
    else if (m_workspace->isTsneRunning()) why = tr("Wait for t-SNE to finish (or stop it)");
    if (!why.isEmpty()) {
        emit changed();  // a toggle that was pressed goes back up
        emit failed(why);
        return;
    }
    m_on = true;
    emit changed();
    if (!m_moves.empty()) {  // still on its way back: turn round
        animateTo(1);
        return;
    }
    std::vector<std::string> words;
    for (const ScoredWord& w : m_lens->ranking()) words.push_back(w.word);
    const Eigen::VectorXf axis = m_lens->axis()->direction();
    const std::string dir = analysisResourceDirectory(QStringLiteral("bias")).toStdString();
    const int neutralWords = static_cast<int>(words.size());
    m_jobs->start<Computed>(
        tr("Debiasing preview"),
        [data, projection, axis, words, dir](Progress& progress) {
            return compute(*data, *projection, axis, words, dir, progress);
        },
        [this, projection, neutralWords](std::shared_ptr<Computed> c) {
            if (!m_on) return;
            if (m_workspace->projection() != projection) {  // the picture changed meanwhile
                abandon();
                return;
            }
            if (c->moves.empty()) {
                m_on = false;
                emit changed();
                emit failed(tr("None of the words is in the picture"));
                return;
            }
            m_original = projection;
            m_shown.reset();
            m_moves = std::move(c->moves);
            m_points = std::move(c->points);
            m_t = 0;
            m_summary = tr("Preview: %1 of the %2 ranked words neutralized").arg(c->neutralized).arg(neutralWords);
            if (c->equalizedPairs > 0) m_summary += tr(", %1 gender pairs equalized").arg(c->equalizedPairs);
            m_summary += tr(". The loaded vectors do not change.");
            emit changed();
            animateTo(1);
        },
        [this](const QString& message) {
            m_on = false;
            emit changed();
            emit failed(message);
        });
}

void DebiasPreviewer::animateTo(double target) {
    m_animation->stop();
    m_animation->setStartValue(m_t);
    m_animation->setEndValue(target);
    // Part of the way back takes part of the time.
    m_animation->setDuration(std::max(1, int(std::lround(m_duration * std::abs(target - m_t)))));
    m_animation->start();
}

void DebiasPreviewer::showAt(double t) {
    if (m_moves.empty()) return;
    if (!stillShown()) {
        abandon();
        return;
    }
    m_t = std::clamp(t, 0.0, 1.0);
    std::shared_ptr<const Projection> frame = m_original;
    if (m_t > 0) {
        auto moved = std::make_shared<Projection>(*m_original);
        const float s = float(m_t);
        for (std::size_t i = 0; i < m_moves.size(); ++i)
            for (std::size_t a = 0; a < 3; ++a)
                moved->xyz[3 * m_points[i] + a] =
                    m_moves[i].from[a] + s * (m_moves[i].to[a] - m_moves[i].from[a]);
        frame = moved;
    }
    m_shown = frame;
    m_workspace->updateLayout(frame);
}

void DebiasPreviewer::abandon() {
    m_jobs->cancel();
    m_animation->stop();
    const bool had = m_on || !m_moves.empty();
    m_on = false;
    m_t = 0;
    m_original.reset();
    m_shown.reset();
    m_moves.clear();
    m_points.clear();
    m_summary.clear();
    if (had) emit changed();
}

}  // namespace embedscope::ui
