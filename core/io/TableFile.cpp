#include "TableFile.h"

#include <algorithm>
#include <charconv>

#include "../Error.h"
#include "AtomicFile.h"
#include "TabularText.h"

namespace embedscope {

namespace {

bool needsQuotes(const std::string& field, char separator) {
    if (field.find_first_of("\n\r\"") != std::string::npos && separator != '\t') return true;
    if (separator == '\t') return field.find_first_of("\t\n\r") != std::string::npos || field.starts_with('"');
    return field.find(separator) != std::string::npos;
}

void appendRow(std::string& out, const std::vector<std::string>& fields, char separator) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) out += separator;
        if (needsQuotes(fields[i], separator))
            tabular::appendQuoted(out, fields[i]);
        else
            out += fields[i];
    }
    out += '\n';
}

template <typename T>
std::string shortest(T value) {
    char number[32];
    const auto result = std::to_chars(number, number + sizeof number, value);
    return std::string(number, result.ptr);
}

}  // namespace

std::string formatTable(const Table& table, char separator) {
    std::string out;
    appendRow(out, table.header, separator);
    for (const auto& row : table.rows) appendRow(out, row, separator);
    return out;
}

void writeTable(const Table& table, const std::string& path, char separator) {
    for (std::size_t r = 0; r < table.rows.size(); ++r)
        if (table.rows[r].size() != table.header.size())
            throw Error(SourceLocation::file(path),
                        "cannot save the table: row " + std::to_string(r + 1) + " has " +
                            std::to_string(table.rows[r].size()) + " fields, the header " +
                            std::to_string(table.header.size()));
    AtomicFile file(path);
    std::string& out = file.buffer();
    appendRow(out, table.header, separator);
    for (const auto& row : table.rows) {
        appendRow(out, row, separator);
        file.flushIfFull();
    }
    file.commit();
}

char separatorForPath(const std::string& path) {
    std::string tail = path.size() >= 4 ? path.substr(path.size() - 4) : path;
    std::transform(tail.begin(), tail.end(), tail.begin(),
                   [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
    return tail == ".csv" ? ',' : '\t';
}

std::string shortestNumber(double value) { return shortest(value); }
std::string shortestNumber(float value) { return shortest(value); }

}  // namespace embedscope
