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
    // Comparing an 8-byte big-endian prefix first settles almost every comparison without
    // touching the strings; ties fall back to the whole label, then the row (a stable order).
    struct Key {
        std::uint64_t prefix;
        std::uint32_t row;
    };
    std::vector<Key> keys(m_labels.size());
    for (std::size_t r = 0; r < keys.size(); ++r) {
        const std::string& l = m_labels[r];
        std::uint64_t prefix = 0;
        for (std::size_t i = 0; i < 8; ++i)
            prefix = (prefix << 8) | (i < l.size() ? static_cast<unsigned char>(l[i]) : 0u);
        keys[r] = {prefix, static_cast<std::uint32_t>(r)};
    }
    std::sort(keys.begin(), keys.end(), [this](const Key& a, const Key& b) {
        if (a.prefix != b.prefix) return a.prefix < b.prefix;
        const int c = m_labels[a.row].compare(m_labels[b.row]);
        return c != 0 ? c < 0 : a.row < b.row;
    });
    m_sortedRows.resize(keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) m_sortedRows[i] = keys[i].row;
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

void Embedding::removeRows(const std::vector<std::size_t>& ascendingRows) {
    if (ascendingRows.empty()) return;
    std::size_t out = 0, next = 0;
    for (std::size_t r = 0; r < m_labels.size(); ++r) {
        if (next < ascendingRows.size() && ascendingRows[next] == r) {
            ++next;
            continue;
        }
        if (out != r) {
            m_labels[out] = std::move(m_labels[r]);
            std::copy_n(m_values.begin() + static_cast<std::ptrdiff_t>(r * m_dims), m_dims,
                        m_values.begin() + static_cast<std::ptrdiff_t>(out * m_dims));
        }
        ++out;
    }
    m_labels.resize(out);
    m_values.resize(out * m_dims);  // shrinking keeps the buffer: no reallocation, no copy
    m_frequencyOrdered = m_frequencyOrdered && ascendingRows.front() >= out;  // only a cut tail keeps ranks
    buildIndex();
}

std::vector<std::size_t> Embedding::duplicateRows() const {
    std::vector<std::size_t> dups;
    for (std::size_t i = 1; i < m_sortedRows.size(); ++i)
        if (m_labels[m_sortedRows[i]] == m_labels[m_sortedRows[i - 1]]) dups.push_back(m_sortedRows[i]);
    std::sort(dups.begin(), dups.end());
    return dups;
}

}  // namespace embedscope
