#include "SemanticAxis.h"

#include <algorithm>
#include <cmath>

namespace embedscope {

namespace {
/// For "king-man" where king and man are words: the hint to add spaces.
std::string unknownWordMessage(const WordLookup& lookup, const std::string& word) {
    if (word.find('-') != std::string::npos) {
        bool allKnown = true;
        std::string spaced;
        std::size_t start = 0;
        for (;;) {
            const std::size_t dash = word.find('-', start);
            const std::string piece =
                word.substr(start, dash == std::string::npos ? std::string::npos : dash - start);
            allKnown = allKnown && lookup.find(piece).has_value();
            spaced += piece;
            if (dash == std::string::npos) break;
            spaced += " - ";
            start = dash + 1;
        }
        if (allKnown)
            return "unknown word '" + word + "' (write '" + spaced + "' with spaces to subtract)";
    }
    return lookup.unknownMessage(word);
}
}  // namespace

SemanticAxis SemanticAxis::fromFormula(const UnitRows& rows, const WordLookup& lookup,
                                       const AxisFormula& formula) {
    SemanticAxis axis;
    axis.m_title = formula.text();
    Eigen::VectorXd sum = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(rows.dims()));
    double largest = 0;
    for (const FormulaTerm& t : formula.terms()) {
        const auto row = lookup.find(t.word);
        if (!row) throw FormulaError(t.position, t.length, unknownWordMessage(lookup, t.word));
        if (rows.isZero(*row))
            throw FormulaError(t.position, t.length,
                               "'" + t.word + "' is a zero vector: it has no direction");
        sum += t.weight * rows.unit(*row).cast<double>();
        largest = std::max(largest, std::abs(t.weight));
        axis.m_rows.push_back(*row);
    }
    const double length = sum.norm();
    if (!(length > 1e-6 * largest))
        throw Error("the formula '" + formula.text() +
                    "' adds up to a zero vector (its words cancel out)");
    axis.m_direction = (sum / length).cast<float>();
    return axis;
}

SemanticAxis SemanticAxis::fromDirection(std::string title, const Eigen::VectorXf& direction) {
    const float length = direction.norm();
    if (!(length > 0) || !std::isfinite(length))
        throw Error("the direction '" + title + "' is a zero vector");
    SemanticAxis axis;
    axis.m_title = std::move(title);
    axis.m_direction = direction / length;
    return axis;
}

Eigen::VectorXf SemanticAxis::scores(const UnitRows& rows) const {
    return rows.cosines(m_direction);
}

std::vector<ScoredWord> SemanticAxis::rank(const UnitRows& rows,
                                           const std::vector<std::string>& words,
                                           std::vector<std::string>* missing) const {
    const Eigen::VectorXd axis = m_direction.cast<double>();
    std::vector<ScoredWord> out;
    for (const auto& w : words) {
        const auto row = rows.embedding().find(w);
        if (!row || rows.isZero(*row)) {
            if (missing) missing->push_back(w);
            continue;
        }
        out.push_back({*row, w, rows.unit(*row).cast<double>().dot(axis)});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const ScoredWord& p, const ScoredWord& q) { return p.score > q.score; });
    return out;
}

}  // namespace embedscope
