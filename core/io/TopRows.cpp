#include "TopRows.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <utility>

#include "../Error.h"
#include "../ParseNumber.h"
#include "MappedFile.h"
#include "TabularText.h"

namespace embedscope {

namespace {

using namespace tabular;

bool sameIgnoringCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

std::string nameList(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "'" : ", '") + n + "'";
    return out;
}

}  // namespace

TopRows selectTopRows(const std::string& metadataPath, const std::string& column, std::size_t n) {
    MappedFile file(metadataPath);
    std::string_view text = file.view();
    text.remove_prefix(bomLength(text));
    const auto lineAt = [&](std::size_t pos) {
        const std::size_t nl = text.find('\n', pos);
        std::string_view line = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        return std::pair{line, nl == std::string_view::npos ? text.size() : nl + 1};
    };
    const auto [header, afterHeader] = lineAt(0);
    if (header.find('\t') == std::string_view::npos)
        throw Error(SourceLocation::text(metadataPath, 1),
                    "has one column and no header row: there is no column of frequencies to "
                    "choose the top rows by (it needs a header such as 'word<TAB>frequency')");
    std::vector<std::string> names;
    for (std::size_t start = 0;;) {
        const std::size_t tab = header.find('\t', start);
        names.push_back(unquoteWholeCell(trimSpaces(header.substr(start, tab - start))));
        if (tab == std::string_view::npos) break;
        start = tab + 1;
    }
    std::size_t wanted = names.size();
    if (!column.empty()) {
        wanted = std::find(names.begin(), names.end(), column) - names.begin();
        if (wanted == names.size())
            throw Error(SourceLocation::text(metadataPath, 1),
                        "no column named '" + column + "' to choose the top rows by; the columns "
                        "are " + nameList(names));
    } else {
        for (const char* name : kFrequencyColumns) {
            wanted = std::find_if(names.begin(), names.end(),
                                  [&](const std::string& s) { return sameIgnoringCase(s, name); }) -
                     names.begin();
            if (wanted < names.size()) break;
        }
        if (wanted == names.size())
            throw Error(SourceLocation::text(metadataPath, 1),
                        "no column named frequency, freq or count to choose the top rows by; "
                        "name one of " + nameList(names));
    }

    TopRows out;
    out.column = names[wanted];
    std::vector<std::pair<double, std::size_t>> values;  // (value, row)
    std::uint64_t lineNo = 1;
    std::size_t blankRun = 0;  // blank lines seen since the last row: fine only at the end
    for (std::size_t pos = afterHeader; pos < text.size();) {
        const auto [line, next] = lineAt(pos);
        pos = next;
        ++lineNo;
        if (trimLineEnd(line).empty()) {
            ++blankRun;
            continue;
        }
        if (blankRun > 0)
            throw Error(SourceLocation::text(metadataPath, lineNo - blankRun),
                        "blank line in a metadata file with " + std::to_string(names.size()) +
                            " columns; every row needs all its cells");
        std::size_t start = 0;
        for (std::size_t k = 0; k < wanted && start != std::string_view::npos; ++k) {
            start = line.find('\t', start);
            if (start != std::string_view::npos) ++start;
        }
        if (start == std::string_view::npos)
            throw Error(SourceLocation::text(metadataPath, lineNo, line.size() + 1),
                        "has no cell in column '" + out.column + "' (the header has " +
                            std::to_string(names.size()) + " columns)");
        const std::size_t tab = line.find('\t', start);
        const std::string cell = unquoteWholeCell(trimSpaces(line.substr(start, tab - start)));
        double v = 0;
        if (!parseDouble(cell, v) || !std::isfinite(v))
            throw Error(SourceLocation::text(metadataPath, lineNo, start + 1),
                        (std::isfinite(v) ? notANumber(cell) : shown(cell) + " is not finite") +
                            " (column '" + out.column + "', which the top rows are chosen by)");
        values.emplace_back(v, values.size());
    }
    out.metadataRows = values.size();
    const std::size_t keep = std::min(n, values.size());
    // Largest first, ties to the earlier row: a strict order, so the choice is deterministic.
    const auto before = [](const auto& a, const auto& b) {
        return a.first > b.first || (a.first == b.first && a.second < b.second);
    };
    std::nth_element(values.begin(), values.begin() + keep, values.end(), before);
    out.rows.reserve(keep);
    for (std::size_t i = 0; i < keep; ++i) out.rows.push_back(values[i].second);
    std::sort(out.rows.begin(), out.rows.end());
    return out;
}

}  // namespace embedscope
