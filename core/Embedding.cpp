#include "Embedding.h"

#include <algorithm>
#include <numeric>

#include "Error.h"

namespace embedscope {

Embedding::Embedding(std::vector<std::string> labels, FloatValues values, std::size_t dims)
    : m_labels(std::move(labels)), m_values(std::move(values)), m_dims(dims) {
    if (m_values.size() != m_labels.size() * m_dims)
        throw Error("embedding has " + std::to_string(m_labels.size()) + " labels of dimension " +
                    std::to_string(m_dims) + " but " + std::to_string(m_values.size()) + " values");
    if (m_labels.size() > UINT32_MAX) throw Error("more than 4294967295 rows are not supported");
    buildIndex();
}

void Embedding::buildIndex() {
    // Comparing an 8-byte big-endian prefix and the length first settles almost every comparison
    // without touching the strings (which, for millions of rows, lie all over memory); ties fall
    // back to the whole label, then the row (a stable order). Equal prefixes with one label of at
    // most 8 bytes: the shorter is a prefix of the other, so length order is label order.
    struct Key {
        std::uint64_t prefix;
        std::uint32_t row;
        std::uint32_t length;
    };
    const std::size_t n = m_labels.size();
    std::vector<Key> keys(n);
#pragma omp parallel for schedule(static) if (n > 100'000)
    for (std::ptrdiff_t r = 0; r < static_cast<std::ptrdiff_t>(n); ++r) {
        const std::string& l = m_labels[static_cast<std::size_t>(r)];
        std::uint64_t prefix = 0;
        for (std::size_t i = 0; i < 8; ++i)
            prefix = (prefix << 8) | (i < l.size() ? static_cast<unsigned char>(l[i]) : 0u);
        keys[static_cast<std::size_t>(r)] = {prefix, static_cast<std::uint32_t>(r),
                                             static_cast<std::uint32_t>(std::min<std::size_t>(l.size(), UINT32_MAX))};
    }
    // order: < 0, 0 (same label), > 0, rows not compared.
    const auto order = [this](const Key& a, const Key& b) -> int {
        if (a.prefix != b.prefix) return a.prefix < b.prefix ? -1 : 1;
        if (a.length <= 8 || b.length <= 8) return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
        return m_labels[a.row].compare(8, std::string::npos, m_labels[b.row], 8, std::string::npos);
    };
    const auto less = [&order](const Key& a, const Key& b) {
        const int c = order(a, b);
        return c != 0 ? c < 0 : a.row < b.row;
    };
    // Two halves sorted at once, then merged: half the wall time of one sort on two cores.
    const auto mid = keys.begin() + static_cast<std::ptrdiff_t>(n / 2);
    if (n > 100'000) {
#pragma omp parallel sections
        {
#pragma omp section
            std::sort(keys.begin(), mid, less);
#pragma omp section
            std::sort(mid, keys.end(), less);
        }
        std::vector<Key> merged(n);
        std::merge(keys.begin(), mid, mid, keys.end(), merged.begin(), less);
        keys.swap(merged);
    } else {
        std::sort(keys.begin(), keys.end(), less);
    }
    m_sortedRows.resize(n);
    m_duplicates.clear();
    for (std::size_t i = 0; i < n; ++i) {
        m_sortedRows[i] = keys[i].row;
        if (i > 0 && order(keys[i - 1], keys[i]) == 0) m_duplicates.push_back(keys[i].row);
    }
    std::sort(m_duplicates.begin(), m_duplicates.end());
}

std::optional<std::size_t> Embedding::find(std::string_view label) const {
    auto it = std::lower_bound(m_sortedRows.begin(), m_sortedRows.end(), label,
                               [this](std::uint32_t r, std::string_view l) { return m_labels[r] < l; });
    if (it == m_sortedRows.end() || m_labels[*it] != label) return std::nullopt;
    return *it;
}

Embedding Embedding::subset(std::span<const std::size_t> rows) const {
    std::vector<std::string> labels;
    FloatValues values;
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
    return {m_duplicates.begin(), m_duplicates.end()};
}

}  // namespace embedscope
