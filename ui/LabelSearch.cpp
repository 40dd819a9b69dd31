#include "LabelSearch.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <algorithm>
#include <array>
#include <string>

#include "Embedding.h"

namespace embedscope::ui {

namespace {
enum Rank { Exact = 0, Prefix = 1, Inside = 2 };

/// The needle in ASCII lower case, or empty when it has other characters.
std::string asciiFolded(const QString& pattern) {
    std::string out;
    out.reserve(static_cast<std::size_t>(pattern.size()));
    for (const QChar c : pattern) {
        if (c.unicode() >= 0x80) return {};
        out.push_back(static_cast<char>(c.toLower().unicode()));
    }
    return out;
}

/// label folded to ASCII lower case into buffer; false when it has other characters (then only
/// Unicode folding can tell: the Kelvin sign folds to "k").
bool foldAscii(const std::string& label, std::string& buffer) {
    buffer.resize(label.size());
    for (std::size_t i = 0; i < label.size(); ++i) {
        const auto c = static_cast<unsigned char>(label[i]);
        if (c >= 0x80) return false;
        buffer[i] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    }
    return true;
}
}  // namespace

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
        // Most labels and patterns are ASCII: those are compared as bytes, without a QString
        // per label (3 M of them took seconds on every keystroke).
        const QString needle = pattern.toCaseFolded();
        const std::string asciiNeedle = asciiFolded(pattern);
        std::string buffer;
        for (std::size_t i = 0; i < labels.size(); ++i) {
            std::size_t at = 0;
            bool whole = false;
            if (!asciiNeedle.empty() && foldAscii(labels[i], buffer)) {
                at = buffer.find(asciiNeedle);
                if (at == std::string::npos) continue;
                whole = buffer.size() == asciiNeedle.size();
            } else {
                const QString label = QString::fromStdString(labels[i]).toCaseFolded();
                const qsizetype found = label.indexOf(needle);
                if (found < 0) continue;
                at = static_cast<std::size_t>(found);
                whole = label.size() == needle.size();
            }
            buckets[at == 0 && whole ? Exact : at == 0 ? Prefix : Inside].push_back(i);
        }
    }
    std::vector<std::size_t> out;
    out.reserve(buckets[0].size() + buckets[1].size() + buckets[2].size());
    for (const auto& b : buckets) out.insert(out.end(), b.begin(), b.end());
    return out;
}

}  // namespace embedscope::ui
