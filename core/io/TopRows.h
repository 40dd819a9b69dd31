#pragma once
/// "Top N by frequency": the rows to keep, chosen from a numeric column of the metadata file
/// before the vectors are read, so that only those rows are ever materialised.
#include <cstddef>
#include <string>
#include <vector>

namespace embedscope {

struct TopRows {
    std::vector<std::size_t> rows;  ///< data rows of the file (0-based), ascending
    std::string column;             ///< the column they were ranked by
    std::size_t metadataRows = 0;   ///< rows in the metadata file (header not counted)
};

/// The names a frequency column is found by when none is given (case-insensitive).
inline constexpr const char* kFrequencyColumns[] = {"frequency", "freq", "count"};

/// The n rows of metadataPath (a metadata TSV with a header row) with the largest values in
/// `column` (empty: the first column named frequency, freq or count); ties go to the earlier row.
/// Throws Error naming the file, and the line and column of a cell that is not a finite number.
TopRows selectTopRows(const std::string& metadataPath, const std::string& column, std::size_t n);

}  // namespace embedscope
