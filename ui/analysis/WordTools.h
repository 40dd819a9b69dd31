#pragma once
// The Compare and Analogy capability: two words side by side (cosine, euclidean distance, ranks,
// shared neighbours, the words that separate them) and analogies a : b :: c → ? by 3CosAdd or
// 3CosMul, each computed through its own job runner over the current data set and highlighted in
// the view (box selection). Observes the workspace; the Compare dock only shows it.
#include <QObject>
#include <QStringListModel>
#include <initializer_list>
#include <memory>
#include <optional>
#include <vector>

#include "analysis/Analogy.h"
#include "analysis/WordComparison.h"

namespace embedscope::ui {

class JobRunner;
class Workspace;
class WordSpace;

class WordTools : public QObject {
    Q_OBJECT
public:
    explicit WordTools(Workspace* workspace, QObject* parent = nullptr);
    ~WordTools() override;

    JobRunner* jobs() const { return m_jobs; }
    /// Every label of the data set, for word completion: empty when the data set changes, filled
    /// once a background job has listed them.
    QStringListModel* vocabulary() const { return m_vocabulary; }

    /// Compares two words in the background (comparisonReady()). Returns an empty string when it
    /// started, else why not: "unknown word 'kign' (did you mean 'king'?)", "the same word twice".
    QString compare(const QString& a, const QString& b, int k = 10);
    const std::optional<WordComparison>& comparison() const { return m_comparison; }

    /// Solves a : b :: c → ? in the background (answersReady()); errors as compare().
    QString solve(const QString& a, const QString& b, const QString& c,
                  const AnalogyOptions& options = {});
    const std::vector<ScoredWord>& answers() const { return m_answers; }

    /// The label of a row of the current data set.
    QString label(std::size_t row) const;
    /// Selects one word in the view (its neighbours are listed in the inspector).
    void selectWord(std::size_t row);

signals:
    void comparisonReady();
    void answersReady();
    void failed(const QString& message);

private:
    void rebuild();
    /// The rows of the typed words (distinct or not), or the first unknown word's message in *error.
    std::optional<std::vector<std::size_t>> rowsOf(std::initializer_list<QString> words, QString* error) const;
    /// Shows result rows as the box selection (the single selection cleared).
    void highlight(std::vector<std::size_t> rows);

    Workspace* m_workspace;
    JobRunner* m_jobs;
    JobRunner* m_listing;  // the vocabulary's
    QStringListModel* m_vocabulary;
    std::shared_ptr<const WordSpace> m_space;
    std::optional<WordComparison> m_comparison;
    std::vector<ScoredWord> m_answers;
};

}  // namespace embedscope::ui
