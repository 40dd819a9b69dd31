#pragma once
/// A table of per-row metadata with typed columns (from Projector metadata TSV, CSV, ...).
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace embedscope {

enum class ColumnType {
    Categorical,  ///< few distinct values: colour by palette
    Numeric,      ///< every non-empty cell a finite number: colour by colour map
    Text          ///< free text (labels, sentences)
};

/// One column. cells always holds the text as read; numbers is filled for Numeric columns
/// (NaN for empty cells); codes/categories are filled for Categorical ones (-1 for empty cells).
struct MetadataColumn {
    std::string name;
    ColumnType type = ColumnType::Text;
    std::vector<std::string> cells;
    std::vector<double> numbers;
    std::vector<int> codes;
    std::vector<std::string> categories;  ///< in order of first appearance
};

class Metadata {
public:
    /// Categorical when at most this many distinct values and fewer than half the rows are unique.
    static constexpr std::size_t kMaxCategories = 256;

    Metadata() = default;

    /// Adds a column and infers its type from the cells. All columns must have the same length.
    void addColumn(std::string name, std::vector<std::string> cells);

    std::size_t rows() const { return m_columns.empty() ? 0 : m_columns.front().cells.size(); }
    std::size_t columnCount() const { return m_columns.size(); }
    const MetadataColumn& column(std::size_t i) const { return m_columns.at(i); }
    const std::vector<MetadataColumn>& columns() const { return m_columns; }
    std::optional<std::size_t> findColumn(const std::string& name) const;

    /// The same table restricted to the given rows, in that order.
    Metadata subset(const std::vector<std::size_t>& rows) const;

    static ColumnType inferType(const std::vector<std::string>& cells);

private:
    std::vector<MetadataColumn> m_columns;
};

}  // namespace embedscope
