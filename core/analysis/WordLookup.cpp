#include "WordLookup.h"

#include <algorithm>
#include <cctype>
#include <limits>

#include "../Error.h"

namespace embedscope {

std::size_t editDistance(std::string_view a, std::string_view b, std::size_t limit) {
    const std::size_t n = a.size(), m = b.size();
    if ((n > m ? n - m : m - n) > limit) return limit + 1;
    // Three rows of the dynamic programme (the transposition looks two rows back).
    std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
    for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
    for (std::size_t i = 1; i <= n; ++i) {
        cur[0] = i;
        std::size_t rowMin = cur[0];
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            std::size_t v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                v = std::min(v, prev2[j - 2] + 1);
            cur[j] = v;
            rowMin = std::min(rowMin, v);
        }
        if (rowMin > limit) return limit + 1;
        std::swap(prev2, prev);
        std::swap(prev, cur);
    }
    return std::min(prev[m], limit + 1);
}

namespace {
std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}
}  // namespace

std::size_t WordLookup::row(std::string_view word) const {
    if (word.empty()) throw Error("empty word");
    if (auto r = find(word)) return *r;
    throw Error(unknownMessage(word));
}

std::optional<std::string> WordLookup::suggest(std::string_view word) const {
    if (word.empty() || m_embedding.empty()) return std::nullopt;
    const std::string folded = lower(word);
    const std::size_t limit = std::max<std::size_t>(1, std::min<std::size_t>(3, word.size() / 3));
    const std::size_t n = m_embedding.rows();
    std::size_t best = limit + 1, bestRow = n;
    for (std::size_t r = 0; r < n; ++r) {
        const std::string& label = m_embedding.label(r);
        if (label.size() == word.size() && lower(label) == folded) return label;  // case only
        const std::size_t lengthGap =
            label.size() > word.size() ? label.size() - word.size() : word.size() - label.size();
        if (lengthGap >= best) continue;
        const std::size_t d = editDistance(word, label, best - 1);
        if (d < best) best = d, bestRow = r;
    }
    if (bestRow == n) return std::nullopt;
    return m_embedding.label(bestRow);
}

std::vector<std::string> WordLookup::missing(const std::vector<std::string>& words) const {
    std::vector<std::string> out;
    for (const auto& w : words)
        if (!find(w)) out.push_back(w);
    return out;
}

std::string WordLookup::unknownMessage(std::string_view word) const {
    std::string message = "unknown word '" + std::string(word) + "'";
    if (auto s = suggest(word)) message += " (did you mean '" + *s + "'?)";
    return message;
}

}  // namespace embedscope
