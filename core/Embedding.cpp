#include "Embedding.h"

#include <algorithm>
#include <numeric>

#include "Error.h"

namespace embedscope {

Embedding::Embedding(std::vector<std::string> labels, std::vector<float> values, std::size_t dims)
    : m_labels(std::move(labels)), m_values(std::move(values)), m_dims(dims) {
    if (m_values.size() != m_labels.size() * m_dims)
        throw Error("embedding has " + std::to_string(m_labels.size()) + " labels of dimension " +
                    std::to_string(m_dims) + " but " + std::to_string(m_values.size()) + " values");
    if (m_labels.size() > UINT32_MAX) throw Error("more than 4294967295 rows are not supported");
    buildIndex();
}

void Embedding::buildIndex() {
    m_sortedRows.resize(m_labels.size());
    std::iota(m_sortedRows.begin(), m_sortedRows.end(), 0u);
    std::stable_sort(m_sortedRows.begin(), m_sortedRows.end(),
                     [this](std::uint32_t a, std::uint32_t b) { return m_labels[a] < m_labels[b]; });
}

std::optional<std::size_t> Embedding::find(std::string_view label) const {
    auto it = std::lower_bound(m_sortedRows.begin(), m_sortedRows.end(), label,
                               [this](std::uint32_t r, std::string_view l) { return m_labels[r] < l; });
    if (it == m_sortedRows.end() || m_labels[*it] != label) return std::nullopt;
    return *it;
}

Embedding Embedding::subset(std::span<const std::size_t> rows) const {
    std::vector<std::string> labels;
    std::vector<float> values;
    labels.reserve(rows.size());
    values.reserve(rows.size() * m_dims);
    for (std::size_t r : rows) {
        labels.push_back(m_labels.at(r));
        const auto v = row(r);
        values.insert(values.end(), v.begin(), v.end());
    }
    Embedding out(std::move(labels), std::move(values), m_dims);
    // Ranks survive only when the subset is a prefix (the "first N rows" case).
    bool prefix = true;
    for (std::size_t i = 0; i < rows.size() && prefix; ++i) prefix = rows[i] == i;
    out.m_frequencyOrdered = m_frequencyOrdered && prefix;
    return out;
}

std::vector<std::size_t> Embedding::duplicateRows() const {
    std::vector<std::size_t> dups;
    for (std::size_t i = 1; i < m_sortedRows.size(); ++i)
        if (m_labels[m_sortedRows[i]] == m_labels[m_sortedRows[i - 1]]) dups.push_back(m_sortedRows[i]);
    std::sort(dups.begin(), dups.end());
    return dups;
}

}  // namespace embedscope
