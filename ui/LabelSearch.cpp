#include "LabelSearch.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <algorithm>
#include <array>

#include "Embedding.h"

namespace embedscope::ui {

namespace {
enum Rank { Exact = 0, Prefix = 1, Inside = 2 };
}

std::vector<std::size_t> findLabels(const Embedding& embedding, const QString& pattern, bool regex, QString* error) {
    // Three buckets filled in row order keep each group in frequency order for frequency-ordered
    // files (row = rank) and in file order otherwise, without a sort.
    std::array<std::vector<std::size_t>, 3> buckets;
    if (pattern.isEmpty()) return {};
    const auto& labels = embedding.labels();
    if (regex) {
        const QRegularExpression re(pattern, QRegularExpression::UseUnicodePropertiesOption);
        if (!re.isValid()) {
            if (error)
                *error = QCoreApplication::translate("LabelSearch", "%1 at position %2")
                             .arg(re.errorString())
                             .arg(re.patternErrorOffset() + 1);
            return {};
        }
        for (std::size_t i = 0; i < labels.size(); ++i) {
            const QString label = QString::fromStdString(labels[i]);
            const QRegularExpressionMatch m = re.match(label);
            if (!m.hasMatch()) continue;
            const bool whole = m.capturedStart() == 0 && m.capturedLength() == label.size();
            buckets[whole ? Exact : m.capturedStart() == 0 ? Prefix : Inside].push_back(i);
        }
    } else {
        const QString needle = pattern.toCaseFolded();
        for (std::size_t i = 0; i < labels.size(); ++i) {
            const QString label = QString::fromStdString(labels[i]).toCaseFolded();
            const qsizetype at = label.indexOf(needle);
            if (at < 0) continue;
            buckets[at == 0 && label.size() == needle.size() ? Exact : at == 0 ? Prefix : Inside].push_back(i);
        }
    }
    std::vector<std::size_t> out;
    out.reserve(buckets[0].size() + buckets[1].size() + buckets[2].size());
    for (const auto& b : buckets) out.insert(out.end(), b.begin(), b.end());
    return out;
}

}  // namespace embedscope::ui
