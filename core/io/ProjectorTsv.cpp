// TensorFlow Embedding Projector files: the vectors TSV (numbers only), the metadata TSV and a
// plain labels file.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "../Error.h"
#include "../ParseNumber.h"
#include "ChunkedText.h"
#include "EmbeddingBuilder.h"
#include "MappedFile.h"
#include "Readers.h"
#include "TabularText.h"

namespace embedscope {

namespace {

using namespace tabular;

/// The outcome of one line of the vectors file: a problem (message and 1-based column) or,
/// when message is empty, the values, with the column of the first non-finite one (0 = none).
struct LineResult {
    std::size_t column = 0;
    std::string message;
};

/// One line of the vectors file, cut on tabs into exactly dims values written to out.
/// firstRow: the file's first data row, where a header or labels are the likely mistake.
LineResult parseVectorLine(std::string_view line, std::size_t dims, float* out, bool firstRow) {
    std::size_t k = 0;
    std::size_t cellStart = 0;
    std::size_t nonFiniteColumn = 0;
    for (;;) {
        const std::size_t tab = line.find('\t', cellStart);
        const std::size_t cellEnd = tab == std::string_view::npos ? line.size() : tab;
        if (k == dims) {
            const auto cells =
                static_cast<std::size_t>(std::count(line.begin(), line.end(), '\t')) + 1;
            return {cellStart + 1, "has " + counted(cells, "value", "values") + ", expected " +
                                       std::to_string(dims) + " (as on the first row)"};
        }
        const std::string_view cell = trimSpaces(line.substr(cellStart, cellEnd - cellStart));
        if (cell.empty()) return {cellStart + 1, "value " + std::to_string(k + 1) + " is empty"};
        if (!parseFloat(cell, out[k])) {
            std::string message = notANumber(cell);
            if (firstRow)
                message +=
                    " (a Projector vectors TSV has no header row and no labels: put them "
                    "in a metadata TSV)";
            return {cellStart + 1, std::move(message)};
        }
        if (nonFiniteColumn == 0 && !std::isfinite(out[k])) nonFiniteColumn = cellStart + 1;
        ++k;
        if (tab == std::string_view::npos) break;
        cellStart = tab + 1;
    }
    if (k < dims)
        return {line.size() + 1, "has " + counted(k, "value", "values") + ", expected " +
                                     std::to_string(dims) + " (as on the first row)"};
    return {nonFiniteColumn, {}};
}

/// One non-blank line as a parsing thread saw it.
struct TsvRow {
    std::uint64_t line;     ///< 0-based line within the chunk
    std::uint64_t column;   ///< the problem's column, or the first non-finite value's; 0 = none
    std::uint32_t problem;  ///< 1-based index into TsvChunk::problems; 0 = parsed
    const char* next;       ///< the start of the following line
};

struct TsvChunk : chunked::ChunkBase {
    std::vector<float> values;  ///< D per parsed row, in order
    std::vector<TsvRow> rows;
    std::vector<std::string> problems;
};

void parseTsvChunk(TsvChunk& c, std::size_t dims, const char* firstRow) {
    c.values.clear();
    c.rows.clear();
    c.problems.clear();
    c.lines = 0;
    c.stop = c.end;
    for (const char* p = c.begin; p < c.end;) {
        const char* nl = static_cast<const char*>(std::memchr(p, '\n', c.end - p));
        const char* next = nl ? nl + 1 : c.end;
        // Trailing spaces and tabs carry no value; an empty cell in the middle still counts.
        const std::string_view line = trimLineEnd(std::string_view(p, (nl ? nl : c.end) - p));
        if (!line.empty()) {  // blank lines are not rows
            const std::size_t at = c.values.size();
            c.values.resize(at + dims);
            LineResult r = parseVectorLine(line, dims, c.values.data() + at, p == firstRow);
            std::uint32_t problem = 0;
            if (!r.message.empty()) {
                c.values.resize(at);
                c.problems.push_back(std::move(r.message));
                problem = static_cast<std::uint32_t>(c.problems.size());
            }
            c.rows.push_back({c.lines, r.column, problem, next});
        }
        if (!nl) break;
        p = next;
        ++c.lines;
    }
}

/// The lines of a small text file (metadata, labels): BOM skipped, CR before LF dropped, and a
/// final newline does not start another line.
struct TextLines {
    std::vector<std::string_view> lines;
    std::string text;
};

TextLines readLines(const std::string& path) {
    TextLines out;
    {
        MappedFile file(path);
        out.text.assign(file.view());
    }
    std::string_view rest(out.text);
    rest.remove_prefix(bomLength(rest));
    while (!rest.empty()) {
        const std::size_t nl = rest.find('\n');
        std::string_view line = rest.substr(0, nl);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        out.lines.push_back(line);
        if (nl == std::string_view::npos) break;
        rest.remove_prefix(nl + 1);
    }
    return out;
}

/// Throws when a side file's row count does not fit the vectors (see readMetadataTsv): unlike
/// the Projector, which warns and truncates, a mismatch means rows would get the wrong names.
void checkRowCount(const std::string& path, const std::string& what, std::size_t rows,
                   std::size_t expected, bool allowMore, const std::string& hint) {
    if (rows == expected || (allowMore && rows > expected)) return;
    std::string message = "has " + what + " but ";
    message += allowMore ? "the first " + counted(expected, "row", "rows") +
                               " of the vectors file were read"
                         : "the vectors file has " + counted(expected, "row", "rows");
    message += "; every vector needs exactly one";
    if (!hint.empty()) message += " (" + hint + ")";
    throw Error(SourceLocation::file(path), message);
}

/// Hints for a one-column file whose count is off: a stray header or trailing blank lines.
std::string oneColumnHint(const std::vector<std::string_view>& lines, std::size_t expected) {
    std::size_t trailingBlank = 0;
    while (trailingBlank < lines.size() && lines[lines.size() - 1 - trailingBlank].empty())
        ++trailingBlank;
    if (trailingBlank > 0 && lines.size() - trailingBlank <= expected && lines.size() > expected)
        return "the last " + std::to_string(trailingBlank) +
               " lines are blank, and each blank line is an empty label";
    if (lines.size() == expected + 1)
        return "a one-column file has no header row: its first line is a label too";
    return {};
}

std::vector<std::string> oneColumn(const std::vector<std::string_view>& lines, std::size_t rows) {
    std::vector<std::string> cells;
    cells.reserve(rows);
    for (std::size_t i = 0; i < rows; ++i) cells.push_back(unquoteWholeCell(lines[i]));
    return cells;
}

}  // namespace

Dataset readProjectorTsv(const std::string& path, const LoadOptions& options, Progress& progress) {
    MappedFile file(path);
    const std::string_view text = file.view();
    progress.setStage("reading vectors");
    EmbeddingBuilder builder(path, options, /*labelsAreKeys=*/false);
    builder.setValuesMayOverflow(true);

    // The first data row sets D (and the reservation, from its length).
    const std::size_t bom = bomLength(text);
    std::size_t pos = bom;
    std::uint64_t lineNo = 1;
    std::string_view first;
    while (pos < text.size()) {
        const std::size_t nl = text.find('\n', pos);
        const std::size_t end = nl == std::string_view::npos ? text.size() : nl;
        first = trimLineEnd(text.substr(pos, end - pos));
        if (!first.empty()) break;
        pos = end + 1;
        ++lineNo;
    }
    if (first.empty())
        throw Error(SourceLocation::file(path), text.size() == bom
                                                    ? "is empty: no vectors to read"
                                                    : "has only blank lines: no vectors to read");
    const std::size_t dims = std::count(first.begin(), first.end(), '\t') + 1;
    builder.start(dims, text.size() / (first.size() + 1) + 1);

    SourceLocation where = SourceLocation::text(path, 1);
    std::size_t dataRow = 0;
    const char* stoppedAt = text.data() + text.size();
    const auto take = [&](TsvChunk& c, std::uint64_t chunkLine) {
        const float* v = c.values.data();
        for (const TsvRow& r : c.rows) {
            where.line = chunkLine + r.line;
            where.column = r.column ? std::optional<std::uint64_t>(r.column) : std::nullopt;
            if (r.problem) {
                builder.rowProblem(where, c.problems[r.problem - 1]);
            } else {
                std::memcpy(builder.next(), v, dims * sizeof(float));
                v += dims;
                builder.commit(std::to_string(dataRow), where);
            }
            ++dataRow;
            if (builder.full()) {
                stoppedAt = r.next;
                return false;
            }
        }
        return true;
    };
    chunked::parseInChunks<TsvChunk>(
        file, pos, lineNo, [&](TsvChunk& c) { parseTsvChunk(c, dims, text.data() + pos); }, take,
        progress);
    progress.step(1.0);
    Dataset data = builder.finish(Format::ProjectorTsv);
    // Stopping at exactly the last row is not a cut: side files must then match exactly.
    if (data.summary.truncatedByMaxRows &&
        onlyBlankFrom(text, static_cast<std::size_t>(stoppedAt - text.data())))
        data.summary.truncatedByMaxRows = false;
    return data;
}

Metadata readMetadataTsv(const std::string& path, std::size_t expectedRows, bool allowMore) {
    const TextLines file = readLines(path);
    const auto& lines = file.lines;
    Metadata meta;
    if (lines.empty() || lines.front().find('\t') == std::string_view::npos) {
        // One column, no header: every line (blank ones too) is a label.
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (const auto tab = lines[i].find('\t'); tab != std::string_view::npos)
                throw Error(SourceLocation::text(path, i + 1, tab + 1),
                            "this line has several tab-separated cells but the first line has "
                            "one; a metadata file with several columns needs a header row");
        }
        checkRowCount(path, counted(lines.size(), "row of metadata", "rows of metadata"),
                      lines.size(), expectedRows, allowMore, oneColumnHint(lines, expectedRows));
        meta.addColumn("label", oneColumn(lines, expectedRows));
        return meta;
    }

    // Several columns: the first line is the header.
    std::vector<std::string> names;
    for (std::size_t start = 0;;) {
        const std::size_t tab = lines[0].find('\t', start);
        std::string name = unquoteWholeCell(trimSpaces(lines[0].substr(start, tab - start)));
        if (name.empty()) name = "column " + std::to_string(names.size() + 1);
        names.push_back(std::move(name));
        if (tab == std::string_view::npos) break;
        start = tab + 1;
    }
    // Blank lines at the end cannot be rows of a table with several columns.
    std::size_t last = lines.size();
    while (last > 1 && trimLineEnd(lines[last - 1]).empty()) --last;
    const std::size_t rows = last - 1;
    const std::size_t used = allowMore ? std::min(rows, expectedRows) : rows;

    std::vector<std::vector<std::string>> columns(names.size());
    for (auto& c : columns) c.reserve(used);
    for (std::size_t r = 0; r < used; ++r) {
        const std::string_view line = lines[r + 1];
        const std::uint64_t lineNo = r + 2;
        if (line.empty())
            throw Error(SourceLocation::text(path, lineNo),
                        "blank line in a metadata file with " + std::to_string(names.size()) +
                            " columns; every row needs all its cells");
        std::size_t k = 0;
        for (std::size_t start = 0;;) {
            const std::size_t tab = line.find('\t', start);
            if (k == names.size()) {
                throw Error(
                    SourceLocation::text(path, lineNo, start + 1),
                    "has " +
                        counted(std::count(line.begin(), line.end(), '\t') + 1, "cell", "cells") +
                        ", the header has " + std::to_string(names.size()));
            }
            columns[k++].push_back(unquoteWholeCell(line.substr(start, tab - start)));
            if (tab == std::string_view::npos) break;
            start = tab + 1;
        }
        if (k < names.size())
            throw Error(SourceLocation::text(path, lineNo, line.size() + 1),
                        "has " + counted(k, "cell", "cells") + ", the header has " +
                            std::to_string(names.size()));
    }
    checkRowCount(path,
                  counted(rows, "row of metadata", "rows of metadata") + " after the header row",
                  rows, expectedRows, allowMore, {});
    for (std::size_t c = 0; c < names.size(); ++c) {
        meta.addColumn(std::move(names[c]), std::move(columns[c]));
    }
    return meta;
}

std::vector<std::string> readLabelsFile(const std::string& path, std::size_t expectedRows,
                                        bool allowMore) {
    const TextLines file = readLines(path);
    checkRowCount(path, counted(file.lines.size(), "label", "labels"), file.lines.size(),
                  expectedRows, allowMore, oneColumnHint(file.lines, expectedRows));
    return oneColumn(file.lines, expectedRows);
}

}  // namespace embedscope
