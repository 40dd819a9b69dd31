#pragma once
// The Bias capability: a semantic axis (a preset from resources/bias/axes.tsv or a typed
// formula), a word list (the shipped professions or adjectives, or the current box selection)
// ranked along it, and "colour by axis score" as a numeric derived column titled with the
// formula. Observes the workspace; the Bias dock only shows it.
#include <QList>
#include <QObject>
#include <QStringList>
#include <memory>
#include <optional>
#include <vector>

#include "Metadata.h"
#include "io/TableFile.h"
#include "analysis/SemanticAxis.h"

#include "state/WorkspaceFile.h"

namespace embedscope::ui {

class JobRunner;
class Workspace;
class WordSpace;

struct AxisPreset {
    QString name;     ///< "he – she"
    QString formula;  ///< "he - she"
};

/// Why a formula was refused; position and length mark the bad token (-1: no position).
struct AxisProblem {
    QString message;
    int position = -1;
    int length = 0;
};

enum class BiasWords { Professions, Adjectives, Selection };

class BiasLens : public QObject {
    Q_OBJECT
public:
    explicit BiasLens(Workspace* workspace, QObject* parent = nullptr);
    ~BiasLens() override;

    JobRunner* jobs() const { return m_jobs; }
    /// The shipped axes (empty when resources/bias/axes.tsv is not found).
    const QList<AxisPreset>& presets() const { return m_presets; }

    /// Resolves the formula against the current data set and ranks the word list along it.
    /// Returns the problem (its message names the column) and keeps the previous axis.
    std::optional<AxisProblem> setAxis(const QString& formula);
    /// The axis from the shipped definitional pairs (resources/bias/gender-pairs.tsv): the first
    /// principal component of the centred pairs (Bolukbasi et al. 2016), "he" side positive.
    std::optional<AxisProblem> setGenderDirection();
    bool hasAxis() const { return m_axis.has_value(); }
    /// The words at the axis's negative and positive ends ("she", "he"), for the chart.
    const QStringList& lowEnd() const { return m_low; }
    const QStringList& highEnd() const { return m_high; }
    /// Bolukbasi et al.'s direct bias (c = 1) of the ranked words: the mean |cos| with the axis.
    double directBias() const;
    QString formula() const { return m_formula; }
    const SemanticAxis* axis() const { return m_axis ? &*m_axis : nullptr; }

    void setWords(BiasWords words);
    BiasWords words() const { return m_words; }
    /// The word list along the axis, highest score first (SemanticAxis::rank).
    const std::vector<ScoredWord>& ranking() const { return m_ranking; }
    /// Words of the list that the vocabulary lacks.
    const QStringList& missing() const { return m_missing; }

    /// Colours the view by every row's score on the axis (computed in the background), or stops.
    void setColourByAxis(bool on);
    bool isColouringByAxis() const { return m_colour; }

    void selectWord(std::size_t row);

    /// What a workspace file keeps: the axis, the word list and the colouring.
    BiasState state() const;
    /// Sets them again on the current data set; the problem when the axis cannot be resolved.
    std::optional<AxisProblem> restore(const BiasState& state);
    /// The ranking as a table: rank, word, score (cosine with the axis), axis, words (the list
    /// ranked), direct_bias, row. Empty rows without a ranking.
    Table table() const;

signals:
    void rankingChanged();
    void failed(const QString& message);

private:
    void rebuild();
    void rank();
    void publishScores();
    std::vector<std::string> listWords();

    Workspace* m_workspace;
    JobRunner* m_jobs;
    QList<AxisPreset> m_presets;
    std::shared_ptr<const WordSpace> m_space;
    QString m_formula;
    std::optional<SemanticAxis> m_axis;
    BiasWords m_words = BiasWords::Professions;
    std::vector<ScoredWord> m_ranking;
    QStringList m_missing;
    QStringList m_low, m_high;
    bool m_pairs = false;  // the axis is the definitional-pairs direction, not m_formula
    std::vector<std::size_t> m_rankedBox;  // the box selection the list was made of
    bool m_colour = false;
    std::shared_ptr<const MetadataColumn> m_column;  // what we gave the workspace
};

}  // namespace embedscope::ui
