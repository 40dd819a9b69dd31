#include "Metadata.h"

#include <cmath>
#include <limits>
#include <unordered_map>

#include "Error.h"
#include "ParseNumber.h"

namespace embedscope {

ColumnType Metadata::inferType(const std::vector<std::string>& cells) {
    bool allNumeric = true;
    std::size_t nonEmpty = 0;
    std::unordered_map<std::string_view, int> distinct;
    for (const auto& c : cells) {
        if (c.empty()) continue;
        ++nonEmpty;
        if (allNumeric) {
            double v;
            allNumeric = parseDouble(c, v) && std::isfinite(v);
        }
        if (distinct.size() <= kMaxCategories) distinct.emplace(c, 0);
    }
    if (nonEmpty == 0) return ColumnType::Text;
    // Few distinct integers (digit classes 0-9, years) read better as categories than as a ramp.
    if (allNumeric && distinct.size() > 20) return ColumnType::Numeric;
    if (distinct.size() <= kMaxCategories && distinct.size() * 2 <= nonEmpty)
        return ColumnType::Categorical;
    return allNumeric ? ColumnType::Numeric : ColumnType::Text;
}

void Metadata::addColumn(std::string name, std::vector<std::string> cells) {
    if (!m_columns.empty() && cells.size() != rows())
        throw Error("metadata column '" + name + "' has " + std::to_string(cells.size()) +
                    " rows, the others " + std::to_string(rows()));
    MetadataColumn col;
    col.name = std::move(name);
    col.type = inferType(cells);
    if (col.type == ColumnType::Numeric) {
        col.numbers.reserve(cells.size());
        for (const auto& c : cells) {
            double v = std::numeric_limits<double>::quiet_NaN();
            if (!c.empty()) parseDouble(c, v);
            col.numbers.push_back(v);
        }
    } else if (col.type == ColumnType::Categorical) {
        std::unordered_map<std::string, int> index;
        col.codes.reserve(cells.size());
        for (const auto& c : cells) {
            if (c.empty()) {
                col.codes.push_back(-1);
                continue;
            }
            auto [it, inserted] = index.emplace(c, static_cast<int>(col.categories.size()));
            if (inserted) col.categories.push_back(c);
            col.codes.push_back(it->second);
        }
    }
    col.cells = std::move(cells);
    m_columns.push_back(std::move(col));
}

std::optional<std::size_t> Metadata::findColumn(const std::string& name) const {
    for (std::size_t i = 0; i < m_columns.size(); ++i)
        if (m_columns[i].name == name) return i;
    return std::nullopt;
}

Metadata Metadata::subset(const std::vector<std::size_t>& rows) const {
    Metadata out;
    for (const auto& col : m_columns) {
        std::vector<std::string> cells;
        cells.reserve(rows.size());
        for (std::size_t r : rows) cells.push_back(col.cells.at(r));
        out.addColumn(col.name, std::move(cells));
    }
    return out;
}

}  // namespace embedscope
