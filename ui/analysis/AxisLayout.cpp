#include "AxisLayout.h"

#include <QByteArray>

#include "analysis/UnitRows.h"
#include "analysis/WordLookup.h"

namespace embedscope::ui {

namespace {
std::vector<SemanticAxis> resolve(const Embedding& all, const UnitRows& rows,
                                  const std::array<QString, 3>& formulas, int* failedField) {
    const WordLookup lookup(all);
    std::vector<SemanticAxis> axes;
    for (int i = 0; i < 3; ++i) {
        const QString& f = formulas[static_cast<std::size_t>(i)];
        if (f.trimmed().isEmpty()) continue;
        if (failedField) *failedField = i;
        axes.push_back(
            SemanticAxis::fromFormula(rows, lookup, AxisFormula::parse(f.toStdString())));
    }
    if (axes.empty()) throw Error("type at least one axis formula");
    return axes;
}

/// Byte offsets in text's UTF-8 to character offsets.
int characters(const QString& text, std::size_t bytes) {
    const QByteArray utf8 = text.toUtf8();
    return static_cast<int>(QString::fromUtf8(utf8.left(static_cast<qsizetype>(
                                                  std::min<std::size_t>(bytes, utf8.size()))))
                                .size());
}
}  // namespace

std::optional<AxisFieldError> checkAxisFormulas(const Embedding& all,
                                                const std::array<QString, 3>& formulas) {
    int field = 0;
    try {
        const UnitRows rows(all);
        resolve(all, rows, formulas, &field);
    } catch (const FormulaError& e) {
        const QString& f = formulas[static_cast<std::size_t>(field)];
        const int start = characters(f, e.position());
        return AxisFieldError{field, QString::fromStdString(e.what()), start,
                              characters(f, e.position() + e.length()) - start};
    } catch (const std::exception& e) {
        return AxisFieldError{field, QString::fromStdString(e.what())};
    }
    return std::nullopt;
}

AxisProjection projectOnFormulas(const Embedding& all, const Embedding& shown,
                                 const ProjectionSpec& spec, Progress& progress) {
    const UnitRows allRows(all);
    const std::vector<SemanticAxis> axes = resolve(all, allRows, spec.formulas, nullptr);
    const UnitRows shownRows(shown);
    return projectOnAxes(shownRows, axes, static_cast<std::size_t>(spec.dims), progress);
}

void layOutOnAxes(const Embedding& all, const Embedding& shown, const ProjectionSpec& spec,
                  Projection& out, Progress& progress) {
    const AxisProjection p = projectOnFormulas(all, shown, spec, progress);
    for (Eigen::Index i = 0; i < p.coordinates.rows(); ++i)
        for (Eigen::Index a = 0; a < p.coordinates.cols(); ++a)
            out.xyz[static_cast<std::size_t>(3 * i + a)] = p.coordinates(i, a);
    out.axisTitles.clear();
    for (const std::string& t : p.titles) out.axisTitles << QString::fromStdString(t);
    out.explainedVarianceRatio = p.varianceRatio;
}

}  // namespace embedscope::ui
