#pragma once
// The WEAT capability (Caliskan, Bryson & Narayanan 2017): the ten shipped tests of the paper
// (resources/weat), user-edited X/Y/A/B sets, the test run through its own job runner (exact or
// seeded Monte-Carlo p-value), and the result as a TSV table to copy or export. Observes the
// workspace; the WEAT dock only shows it.
#include <QList>
#include <QObject>
#include <memory>
#include <optional>

#include "analysis/Weat.h"

#include "state/WorkspaceFile.h"

namespace embedscope::ui {

class JobRunner;
class Workspace;
class WordSpace;

class WeatModel : public QObject {
    Q_OBJECT
public:
    explicit WeatModel(Workspace* workspace, QObject* parent = nullptr);
    ~WeatModel() override;

    JobRunner* jobs() const { return m_jobs; }
    /// The shipped tests, WEAT 1 … WEAT 10 (empty when resources/weat is not found).
    const QList<WeatSets>& tests() const { return m_tests; }

    /// Runs the test on the current data set in the background (resultReady() or failed()).
    void run(const WeatSets& sets, const WeatOptions& options = {});
    const std::optional<WeatResult>& result() const { return m_result; }
    const WeatSets& sets() const { return m_sets; }
    const WeatOptions& options() const { return m_options; }  ///< those of the result

    /// What a workspace file keeps: the sets and options, and whether a result was shown.
    WeatState state() const;
    /// Takes the sets and options (resultReady() lets the dock show them) and, when a result
    /// was shown, runs the test again (exact or seeded: the same result).
    void restore(const WeatState& state);

    /// The result as TSV: a header line and one line of values (empty without a result).
    QString table() const;
    /// Writes table() to path; false and a message on failure.
    bool exportTable(const QString& path, QString* error) const;

signals:
    void resultReady();
    void failed(const QString& message);

private:
    void rebuild();

    Workspace* m_workspace;
    JobRunner* m_jobs;
    QList<WeatSets> m_tests;
    std::shared_ptr<const WordSpace> m_space;
    WeatSets m_sets;
    WeatOptions m_options;
    std::optional<WeatResult> m_result;
};

}  // namespace embedscope::ui
