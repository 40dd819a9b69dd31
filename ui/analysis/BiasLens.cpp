#include "BiasLens.h"

#include <QFile>
#include <algorithm>
#include <QTextStream>
#include <cmath>

#include "Workspace.h"
#include "analysis/WordLists.h"
#include "analysis/WordSpace.h"
#include "jobs/JobRunner.h"

namespace embedscope::ui {

namespace {
QList<AxisPreset> readPresets(const QString& path) {
    QList<AxisPreset> out;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) return out;
    QTextStream in(&file);
    while (!in.atEnd()) {
        const QString line = in.readLine().trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#'))) continue;
        const QStringList parts = line.split(QLatin1Char('\t'));
        if (parts.size() == 2) out.append({parts[0].trimmed(), parts[1].trimmed()});
    }
    return out;
}
}  // namespace

BiasLens::BiasLens(Workspace* workspace, QObject* parent)
    : QObject(parent),
      m_workspace(workspace),
      m_jobs(new JobRunner(this)),
      m_presets(readPresets(analysisResourceDirectory(QStringLiteral("bias")) +
                            QStringLiteral("/axes.tsv"))) {
    connect(workspace, &Workspace::datasetChanged, this, &BiasLens::rebuild);
    connect(workspace, &Workspace::selectionChanged, this, [this] {
        // Only a new box selection changes the list (a bar click selects one word: no re-rank).
        if (m_words == BiasWords::Selection && m_workspace->boxSelection() != m_rankedBox) rank();
    });
    rebuild();
}

BiasLens::~BiasLens() = default;

void BiasLens::rebuild() {
    m_jobs->cancel();
    const auto data = m_workspace->dataset();
    m_space = WordSpace::of(data);
    m_axis.reset();
    m_column.reset();  // the workspace dropped the derived column with the old data set
    // Keep the axis on the new data set when its words are there (setAxis ranks and colours).
    if (m_space && m_pairs && !setGenderDirection().has_value()) return;
    if (m_space && !m_pairs && !m_formula.isEmpty() && !setAxis(m_formula).has_value()) return;
    m_ranking.clear();
    m_missing.clear();
    emit rankingChanged();
}

std::optional<AxisProblem> BiasLens::setAxis(const QString& formula) {
    if (!m_space) return AxisProblem{tr("Open a data set first")};
    try {
        const AxisFormula parsed = AxisFormula::parse(formula.toStdString());
        m_axis = SemanticAxis::fromFormula(m_space->rows(), m_space->lookup(), parsed);
    } catch (const FormulaError& e) {
        // Positions are bytes; the field counts characters.
        const QByteArray utf8 = formula.toUtf8();
        const auto pos = static_cast<qsizetype>(
            std::min<std::size_t>(e.position(), static_cast<std::size_t>(utf8.size())));
        const int start = static_cast<int>(QString::fromUtf8(utf8.left(pos)).size());
        const int length = static_cast<int>(
            QString::fromUtf8(utf8.mid(pos, static_cast<qsizetype>(e.length()))).size());
        return AxisProblem{QString::fromStdString(e.what()), start, length};
    } catch (const std::exception& e) {
        return AxisProblem{QString::fromStdString(e.what())};
    }
    m_formula = formula.trimmed();
    m_pairs = false;
    m_low.clear();
    m_high.clear();
    const AxisFormula parsed =
        AxisFormula::parse(m_formula.toStdString());  // parsed above: cannot throw
    for (const FormulaTerm& t : parsed.terms())
        (t.weight < 0 ? m_low : m_high) << QString::fromStdString(t.word);
    rank();
    if (m_colour) publishScores();
    return std::nullopt;
}

std::optional<AxisProblem> BiasLens::setGenderDirection() {
    if (!m_space) return AxisProblem{tr("Open a data set first")};
    try {
        const auto pairs = readWordPairs((analysisResourceDirectory(QStringLiteral("bias")) +
                                          QStringLiteral("/gender-pairs.tsv"))
                                             .toStdString());
        const BiasDirection fit = fitBiasDirection(m_space->rows(), m_space->lookup(), pairs);
        const QString title = tr("gender direction (%1 pairs, PC1 %2% of variance)")
                                  .arg(fit.used.size())
                                  .arg(fit.explainedVarianceRatio * 100, 0, 'f', 0);
        m_axis = SemanticAxis::fromDirection(title.toStdString(), fit.direction);
        m_formula = title;
        m_pairs = true;
        m_low.clear();
        m_high.clear();
        for (const WordPair& p : fit.used) {
            m_high << QString::fromStdString(p.first);
            m_low << QString::fromStdString(p.second);
        }
    } catch (const std::exception& e) {
        return AxisProblem{QString::fromStdString(e.what())};
    }
    rank();
    if (m_colour) publishScores();
    return std::nullopt;
}

double BiasLens::directBias() const {
    if (m_ranking.empty()) return 0;
    double sum = 0;
    for (const ScoredWord& w : m_ranking) sum += std::abs(w.score);
    return sum / static_cast<double>(m_ranking.size());
}

Table BiasLens::table() const {
    Table table;
    table.header = {"rank", "word", "score", "axis", "words", "direct_bias", "row"};
    const std::string axis = m_pairs ? std::string("gender direction (definitional pairs)") : m_formula.toStdString();
    const char* list = m_words == BiasWords::Professions ? "professions" : m_words == BiasWords::Adjectives ? "adjectives" : "selection";
    const std::string bias = shortestNumber(directBias());
    std::size_t rank = 0;
    for (const ScoredWord& w : m_ranking)
        table.rows.push_back({std::to_string(++rank), w.word, shortestNumber(w.score), axis, list, bias, std::to_string(w.row + 1)});
    return table;
}

void BiasLens::setWords(BiasWords words) {
    m_words = words;
    rank();
}

std::vector<std::string> BiasLens::listWords() {
    std::vector<std::string> words;
    if (m_words == BiasWords::Selection) {
        m_rankedBox = m_workspace->boxSelection();
        for (std::size_t row : m_rankedBox)
            words.push_back(m_space->dataset()->embedding.label(row));
        return words;
    }
    const QString name = m_words == BiasWords::Professions ? QStringLiteral("professions.txt")
                                                           : QStringLiteral("adjectives.txt");
    try {
        return readWordList(
            (analysisResourceDirectory(QStringLiteral("bias")) + QLatin1Char('/') + name)
                .toStdString());
    } catch (const std::exception& e) {
        emit failed(QString::fromStdString(e.what()));
        return {};
    }
}

void BiasLens::rank() {
    m_ranking.clear();
    m_missing.clear();
    if (m_space && m_axis) {
        std::vector<std::string> missing;
        m_ranking = m_axis->rank(m_space->rows(), listWords(), &missing);
        for (const std::string& w : missing) m_missing << QString::fromStdString(w);
    }
    emit rankingChanged();
}

void BiasLens::setColourByAxis(bool on) {
    m_colour = on;
    if (on) {
        publishScores();
    } else {
        m_jobs->cancel();
        if (m_column && m_workspace->derivedColumn() == m_column)
            m_workspace->setDerivedColumn(nullptr);
        m_column.reset();
    }
}

void BiasLens::publishScores() {
    if (!m_space || !m_axis) return;
    auto space = m_space;
    auto axis = std::make_shared<const SemanticAxis>(*m_axis);
    m_jobs->start<MetadataColumn>(
        tr("Scoring words on %1").arg(m_formula),
        [space, axis](Progress& progress) {
            progress.step(0);
            const Eigen::VectorXf scores = axis->scores(space->rows());
            MetadataColumn column;
            column.name = axis->title();  // the legend's title: the formula
            column.type = ColumnType::Numeric;
            column.numbers.resize(static_cast<std::size_t>(scores.size()));
            column.cells.resize(column.numbers.size());
            for (Eigen::Index i = 0; i < scores.size(); ++i) {
                // Four decimals are what a cosine means here; they also keep a symmetric legend's
                // middle tick at 0 rather than float noise such as 5.96e-08.
                column.numbers[static_cast<std::size_t>(i)] =
                    std::round(double(scores[i]) * 1e4) / 1e4;
                column.cells[static_cast<std::size_t>(i)] =
                    QString::number(column.numbers[static_cast<std::size_t>(i)], 'f', 4)
                        .toStdString();
            }
            column.codes.assign(column.numbers.size(), -1);
            return column;
        },
        [this, space](std::shared_ptr<MetadataColumn> column) {
            if (space != m_space || !m_colour) return;
            m_column = column;
            m_workspace->setDerivedColumn(column);
            m_workspace->setColourColumn(Workspace::kDerivedColour);
        },
        [this](const QString& message) { emit failed(message); });
}

namespace {
const std::vector<std::string> kWordLists{"professions", "adjectives", "selection"};
}

BiasState BiasLens::state() const {
    BiasState s;
    s.genderPairs = m_pairs && m_axis;
    if (!m_pairs && m_axis) s.formula = m_formula.toStdString();
    s.words = kWordLists[static_cast<std::size_t>(m_words)];
    s.colourByAxis = m_colour;
    return s;
}

std::optional<AxisProblem> BiasLens::restore(const BiasState& state) {
    const auto it = std::find(kWordLists.begin(), kWordLists.end(), state.words);
    m_words = it == kWordLists.end() ? BiasWords::Professions : static_cast<BiasWords>(it - kWordLists.begin());
    std::optional<AxisProblem> problem;
    if (state.genderPairs) {
        problem = setGenderDirection();
    } else if (!state.formula.empty()) {
        problem = setAxis(QString::fromStdString(state.formula));
    } else {
        m_formula.clear();
        m_pairs = false;
        m_axis.reset();
        m_ranking.clear();
        m_missing.clear();
        emit rankingChanged();
    }
    setColourByAxis(state.colourByAxis && hasAxis());
    return problem;
}

void BiasLens::selectWord(std::size_t row) {
    m_workspace->select(static_cast<long long>(row));
}

}  // namespace embedscope::ui
