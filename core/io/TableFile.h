#pragma once
/// Result tables a person opens in a spreadsheet or reads with pandas/R: a header row, then one
/// row per record, as TSV or CSV. Used for neighbour lists, selections, bias rankings, layouts
/// with their metadata, and by the CLI's --out. Saved atomically (AtomicFile): on any failure an
/// existing file stays byte-identical.
#include <string>
#include <vector>

namespace embedscope {

struct Table {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;  ///< each as long as header
};

/// The table as text. separator '\t' (TSV: a field holding a tab, a line break or starting with a
/// quote is quoted, inner quotes doubled, as the metadata reader unwraps) or ',' / ';' (CSV, RFC
/// 4180: a field holding the separator, a quote or a line break is quoted). Rows end with '\n'.
std::string formatTable(const Table& table, char separator = '\t');

/// Writes formatTable(table, separator) to path atomically. Throws Error naming the path when a
/// row's length differs from the header's or the file cannot be written.
void writeTable(const Table& table, const std::string& path, char separator = '\t');

/// ',' for a path ending in ".csv" (any case), else '\t'.
char separatorForPath(const std::string& path);

/// A number in the shortest form that reads back to the same value.
std::string shortestNumber(double value);
std::string shortestNumber(float value);

}  // namespace embedscope
