#include "WeatModel.h"

#include <QDir>
#include <algorithm>

#include "Workspace.h"
#include "io/AtomicFile.h"
#include "analysis/WordLists.h"
#include "analysis/WordSpace.h"
#include "jobs/JobRunner.h"

namespace embedscope::ui {

namespace {
QList<WeatSets> readTests() {
    const QDir dir(analysisResourceDirectory(QStringLiteral("weat")));
    QStringList files = dir.entryList({QStringLiteral("weat*.json")}, QDir::Files);
    // weat1 … weat10 in number order, not weat1, weat10, weat2.
    std::sort(files.begin(), files.end(), [](const QString& a, const QString& b) {
        return a.mid(4).section(QLatin1Char('.'), 0, 0).toInt() <
               b.mid(4).section(QLatin1Char('.'), 0, 0).toInt();
    });
    QList<WeatSets> out;
    for (const QString& f : files) {
        try {
            out.append(readWeatSets(dir.filePath(f).toStdString()));
        } catch (const std::exception&) {
            // A broken shipped file leaves its test out; the others stay usable.
        }
    }
    return out;
}

QString joined(const std::vector<std::string>& words) {
    QStringList out;
    for (const std::string& w : words) out << QString::fromStdString(w);
    return out.join(QLatin1Char(' '));
}
}  // namespace

WeatModel::WeatModel(Workspace* workspace, QObject* parent)
    : QObject(parent), m_workspace(workspace), m_jobs(new JobRunner(this)), m_tests(readTests()) {
    connect(workspace, &Workspace::datasetChanged, this, &WeatModel::rebuild);
    rebuild();
}

WeatModel::~WeatModel() = default;

void WeatModel::rebuild() {
    m_jobs->cancel();
    const auto data = m_workspace->dataset();
    m_space = WordSpace::of(data);
    if (m_result) {
        m_result.reset();
        emit resultReady();
    }
}

void WeatModel::run(const WeatSets& sets, const WeatOptions& options) {
    if (!m_space) {
        emit failed(tr("Open a data set first"));
        return;
    }
    auto space = m_space;
    m_jobs->start<WeatResult>(
        tr("WEAT %1").arg(QString::fromStdString(sets.name)).trimmed(),
        [space, sets, options](Progress& progress) {
            return runWeat(space->rows(), sets, options, progress);
        },
        [this, space, sets, options](std::shared_ptr<WeatResult> result) {
            if (space != m_space) return;
            m_sets = sets;
            m_options = options;
            m_result = *result;
            emit resultReady();
        },
        [this](const QString& message) { emit failed(message); });
}

WeatState WeatModel::state() const {
    WeatState s;
    s.sets = m_sets;
    s.options = m_options;
    s.ran = m_result.has_value();
    return s;
}

void WeatModel::restore(const WeatState& state) {
    m_jobs->cancel();
    m_sets = state.sets;
    m_options = state.options;
    m_result.reset();
    emit resultReady();
    if (state.ran && state.hasSets()) run(state.sets, state.options);
}

QString WeatModel::table() const {
    if (!m_result) return {};
    const WeatResult& r = *m_result;
    const QStringList header{
        QStringLiteral("test"),    QStringLiteral("X"),        QStringLiteral("Y"),
        QStringLiteral("A"),       QStringLiteral("B"),        QStringLiteral("effect_size"),
        QStringLiteral("p_value"), QStringLiteral("p_method"), QStringLiteral("permutations"),
        QStringLiteral("seed"),    QStringLiteral("size_X"),   QStringLiteral("size_Y"),
        QStringLiteral("size_A"),  QStringLiteral("size_B"),   QStringLiteral("missing")};
    const QStringList values{QString::fromStdString(m_sets.name),
                             QString::fromStdString(m_sets.xName),
                             QString::fromStdString(m_sets.yName),
                             QString::fromStdString(m_sets.aName),
                             QString::fromStdString(m_sets.bName),
                             QString::number(r.effectSize, 'g', 6),
                             QString::number(r.pValue, 'g', 6),
                             r.exact ? QStringLiteral("exact") : QStringLiteral("monte-carlo"),
                             QString::number(r.permutations),
                             r.exact ? QString() : QString::number(m_options.seed),
                             QString::number(r.sizeX),
                             QString::number(r.sizeY),
                             QString::number(r.sizeA),
                             QString::number(r.sizeB),
                             joined(r.missing)};
    return header.join(QLatin1Char('\t')) + QLatin1Char('\n') + values.join(QLatin1Char('\t')) +
           QLatin1Char('\n');
}

bool WeatModel::exportTable(const QString& path, QString* error) const {
    if (!m_result) {
        if (error) *error = tr("No result yet: run a test first");
        return false;
    }
    // The core's atomic save, as every other export: same failures, same messages.
    try {
        AtomicFile file(path.toStdString());
        file.write(table().toStdString());
        file.commit();
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
    return true;
}

}  // namespace embedscope::ui
