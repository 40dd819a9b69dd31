#include "WordTools.h"

#include "Workspace.h"
#include "analysis/WordSpace.h"
#include "jobs/JobRunner.h"

namespace embedscope::ui {

WordTools::WordTools(Workspace* workspace, QObject* parent)
    : QObject(parent),
      m_workspace(workspace),
      m_jobs(new JobRunner(this)),
      m_listing(new JobRunner(this, JobPriority::Background)),
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
    // A million labels as QStrings take 0.3 s: built off the GUI thread, completion follows.
    m_vocabulary->setStringList({});
    if (data) {
        m_listing->start<QStringList>(
            tr("Listing words"),
            [data](Progress& progress) {
                const auto& labels = data->embedding.labels();
                QStringList words;
                words.reserve(static_cast<qsizetype>(labels.size()));
                for (std::size_t i = 0; i < labels.size(); ++i) {
                    if (i % 65536 == 0) progress.step(double(i) / double(labels.size()));
                    words << QString::fromStdString(labels[i]);
                }
                return words;
            },
            [this, data](std::shared_ptr<QStringList> words) {
                if (m_workspace->dataset() == data) m_vocabulary->setStringList(*words);
            },
            {});
    }
    emit comparisonReady();
    emit answersReady();
}

QString WordTools::label(std::size_t row) const {
    return m_space ? m_space->label(row) : QString();
}

QString WordTools::compare(const QString& a, const QString& b, int k) {
    QString error;
    const auto rows = rowsOf({a, b}, &error);
    if (!rows) return error;
    if ((*rows)[0] == (*rows)[1]) return tr("Type two different words");
    auto space = m_space;
    const std::size_t ka = (*rows)[0], kb = (*rows)[1], topK = static_cast<std::size_t>(std::max(1, k));
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
            highlight(std::move(rows));
            emit comparisonReady();
        },
        [this](const QString& message) { emit failed(message); });
    return {};
}

QString WordTools::solve(const QString& a, const QString& b, const QString& c,
                         const AnalogyOptions& options) {
    QString error;
    const auto rows = rowsOf({a, b, c}, &error);
    if (!rows) return error;
    auto space = m_space;
    const std::size_t ka = (*rows)[0], kb = (*rows)[1], kc = (*rows)[2];
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
            highlight(std::move(rows));
            emit answersReady();
        },
        [this](const QString& message) { emit failed(message); });
    return {};
}

std::optional<std::vector<std::size_t>> WordTools::rowsOf(std::initializer_list<QString> words, QString* error) const {
    if (!m_space) {
        *error = tr("Open a data set first");
        return std::nullopt;
    }
    std::vector<std::size_t> rows;
    for (const QString& word : words) {
        const auto row = m_space->row(word, error);
        if (!row) return std::nullopt;
        rows.push_back(*row);
    }
    return rows;
}

void WordTools::highlight(std::vector<std::size_t> rows) {
    m_workspace->select(-1);
    m_workspace->setBoxSelection(std::move(rows));
}

void WordTools::selectWord(std::size_t row) {
    m_workspace->select(static_cast<long long>(row));
}

}  // namespace embedscope::ui
