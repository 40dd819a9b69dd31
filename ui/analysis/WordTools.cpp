#include "WordTools.h"

#include "Workspace.h"
#include "analysis/WordSpace.h"
#include "jobs/JobRunner.h"

namespace embedscope::ui {

WordTools::WordTools(Workspace* workspace, QObject* parent)
    : QObject(parent),
      m_workspace(workspace),
      m_jobs(new JobRunner(this)),
      m_vocabulary(new QStringListModel(this)) {
    connect(workspace, &Workspace::datasetChanged, this, &WordTools::rebuild);
    rebuild();
}

WordTools::~WordTools() = default;

void WordTools::rebuild() {
    m_jobs->cancel();
    m_comparison.reset();
    m_answers.clear();
    const auto data = m_workspace->dataset();
    m_space = WordSpace::of(data);
    QStringList words;
    if (data) {
        words.reserve(static_cast<qsizetype>(data->embedding.rows()));
        for (const std::string& label : data->embedding.labels())
            words << QString::fromStdString(label);
    }
    m_vocabulary->setStringList(words);
    emit comparisonReady();
    emit answersReady();
}

QString WordTools::label(std::size_t row) const {
    return m_space ? m_space->label(row) : QString();
}

QString WordTools::compare(const QString& a, const QString& b, int k) {
    if (!m_space) return tr("Open a data set first");
    QString error;
    const auto ra = m_space->row(a, &error);
    if (!ra) return error;
    const auto rb = m_space->row(b, &error);
    if (!rb) return error;
    if (*ra == *rb) return tr("Type two different words");
    auto space = m_space;
    const std::size_t ka = *ra, kb = *rb, topK = static_cast<std::size_t>(std::max(1, k));
    m_jobs->start<WordComparison>(
        tr("Comparing %1 and %2").arg(a.trimmed(), b.trimmed()),
        [space, ka, kb, topK](Progress& progress) {
            return compareWords(space->rows(), ka, kb, topK, progress);
        },
        [this, space](std::shared_ptr<WordComparison> result) {
            if (space != m_space) return;  // the data changed meanwhile
            m_comparison = *result;
            // Both words and the neighbours they share, highlighted in the view.
            std::vector<std::size_t> rows{result->a, result->b};
            for (const ScoredWord& w : result->shared) rows.push_back(w.row);
            m_workspace->select(-1);
            m_workspace->setBoxSelection(std::move(rows));
            emit comparisonReady();
        },
        [this](const QString& message) { emit failed(message); });
    return {};
}

QString WordTools::solve(const QString& a, const QString& b, const QString& c,
                         const AnalogyOptions& options) {
    if (!m_space) return tr("Open a data set first");
    QString error;
    const auto ra = m_space->row(a, &error);
    if (!ra) return error;
    const auto rb = m_space->row(b, &error);
    if (!rb) return error;
    const auto rc = m_space->row(c, &error);
    if (!rc) return error;
    auto space = m_space;
    const std::size_t ka = *ra, kb = *rb, kc = *rc;
    m_jobs->start<std::vector<ScoredWord>>(
        tr("Solving %1 : %2 :: %3").arg(a.trimmed(), b.trimmed(), c.trimmed()),
        [space, ka, kb, kc, options](Progress& progress) {
            return solveAnalogy(space->rows(), ka, kb, kc, options, progress);
        },
        [this, space](std::shared_ptr<std::vector<ScoredWord>> result) {
            if (space != m_space) return;
            m_answers = *result;
            std::vector<std::size_t> rows;
            for (const ScoredWord& w : m_answers) rows.push_back(w.row);
            m_workspace->select(-1);
            m_workspace->setBoxSelection(std::move(rows));
            emit answersReady();
        },
        [this](const QString& message) { emit failed(message); });
    return {};
}

void WordTools::selectWord(std::size_t row) {
    m_workspace->select(static_cast<long long>(row));
}

}  // namespace embedscope::ui
