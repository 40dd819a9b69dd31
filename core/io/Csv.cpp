// CSV with a header row: ',' or ';' separated, RFC 4180 quoting, one label column (or none).
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

/// One field as it stands in the file; quoted fields keep their doubled quotes until text().
struct Cell {
    std::string_view raw;  ///< between the quotes for a quoted field
    bool escaped = false;  ///< raw holds "" pairs
    bool junkAfterQuote = false;
    std::uint64_t line = 0;
    std::uint64_t column = 0;

    std::string text() const {
        if (!escaped) return std::string(raw);
        std::string out;
        out.reserve(raw.size());
        for (std::size_t i = 0; i < raw.size(); ++i) {
            out.push_back(raw[i]);
            if (raw[i] == '"') ++i;  // the second of a "" pair
        }
        return out;
    }
};

/// Reads records one at a time, skipping blank lines, tracking line and byte column of every
/// field (a quoted field may span lines).
class CsvScanner {
public:
    CsvScanner(const std::string& path, std::string_view text, char separator)
        : CsvScanner(path, text, separator, bomLength(text), 1) {}
    /// Starts at a line start; lines are numbered from `line` there.
    CsvScanner(const std::string& path, std::string_view text, char separator, std::size_t start,
               std::uint64_t line)
        : m_path(path),
          m_text(text),
          m_sep(separator),
          m_pos(start),
          m_lineStart(start),
          m_line(line) {}

    std::size_t position() const { return m_pos; }
    std::uint64_t line() const { return m_line; }
    std::uint64_t endLine() const { return m_endLine; }
    std::uint64_t endColumn() const { return m_endColumn; }

    /// The next record's fields; false at the end of the file, or when the next record would
    /// start at or after limit (a line start: blank lines are skipped up to it, not past it).
    /// Throws on an unclosed quote.
    bool next(std::vector<Cell>& cells, std::size_t limit = std::string_view::npos) {
        cells.clear();
        skipBlankLines(limit);
        if (m_pos >= m_text.size() || m_pos >= limit) return false;
        for (;;) {
            cells.push_back(readField());
            if (m_pos >= m_text.size() || m_text[m_pos] == '\n') {
                m_endLine = m_line;
                m_endColumn = m_pos - m_lineStart + 1;
                if (m_pos > m_lineStart && m_text[m_pos - 1] == '\r') --m_endColumn;
                if (m_pos < m_text.size()) newLine(m_pos + 1);
                return true;
            }
            ++m_pos;  // the separator
        }
    }

private:
    void newLine(std::size_t start) {
        ++m_line;
        m_pos = start;
        m_lineStart = start;
    }

    void skipBlankLines(std::size_t limit) {
        while (m_pos < m_text.size() && m_pos < limit) {
            const std::size_t nl = m_text.find('\n', m_pos);
            const std::size_t end = nl == std::string_view::npos ? m_text.size() : nl;
            if (m_text.find_first_not_of(" \t\r", m_pos) < end) return;
            if (nl == std::string_view::npos) {
                m_pos = m_text.size();
                return;
            }
            newLine(nl + 1);
        }
    }

    Cell readField() {
        Cell cell;
        cell.line = m_line;
        cell.column = m_pos - m_lineStart + 1;
        if (m_pos < m_text.size() && m_text[m_pos] == '"') {
            const std::size_t open = m_pos++;
            for (;;) {
                const std::size_t q = findEither('"', '\n', m_pos);
                if (q == std::string_view::npos)
                    throw Error(SourceLocation::text(m_path, cell.line, cell.column),
                                "the quote that opens this field is never closed");
                if (m_text[q] == '\n') {
                    newLine(q + 1);
                    continue;
                }
                if (q + 1 < m_text.size() && m_text[q + 1] == '"') {
                    cell.escaped = true;
                    m_pos = q + 2;
                    continue;
                }
                cell.raw = m_text.substr(open + 1, q - open - 1);
                m_pos = q + 1;
                break;
            }
            // Only spaces (and the CR of a CRLF) may follow the closing quote.
            const std::size_t end = fieldEnd();
            if (trimLineEnd(m_text.substr(m_pos, end - m_pos)).size() > 0)
                cell.junkAfterQuote = true;
            m_pos = end;
            return cell;
        }
        const std::size_t end = fieldEnd();
        cell.raw = m_text.substr(m_pos, end - m_pos);
        if (end < m_text.size() && m_text[end] == '\n' && !cell.raw.empty() &&
            cell.raw.back() == '\r')
            cell.raw.remove_suffix(1);
        m_pos = end;
        return cell;
    }

    std::size_t fieldEnd() const {
        const std::size_t end = findEither(m_sep, '\n', m_pos);
        return end == std::string_view::npos ? m_text.size() : end;
    }

    /// The first a or b from pos on. A plain loop: string_view::find_first_of calls memchr on
    /// the set for every byte and took a third of the parse time.
    std::size_t findEither(char a, char b, std::size_t pos) const {
        const char* p = m_text.data() + pos;
        const char* const end = m_text.data() + m_text.size();
        for (; p < end; ++p)
            if (*p == a || *p == b) return static_cast<std::size_t>(p - m_text.data());
        return std::string_view::npos;
    }

    const std::string& m_path;
    std::string_view m_text;
    char m_sep;
    std::size_t m_pos;
    std::size_t m_lineStart;
    std::uint64_t m_line = 1;
    std::uint64_t m_endLine = 1;
    std::uint64_t m_endColumn = 1;
};

/// ';' when the header line has semicolons and no commas (a German spreadsheet's export).
char detectSeparator(std::string_view text) {
    text.remove_prefix(bomLength(text));
    const std::size_t start = text.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) return ',';
    const std::string_view header = text.substr(start, text.find('\n', start) - start);
    const bool semicolon = header.find(';') != std::string_view::npos;
    return semicolon && header.find(',') == std::string_view::npos ? ';' : ',';
}

/// A number, or a value that tried to be one ("0,5", "nan"): such a cell holds data, not a label.
bool numericLike(const Cell& cell) {
    const std::string owned = cell.escaped ? cell.text() : std::string();
    const std::string_view v = trimSpaces(cell.escaped ? std::string_view(owned) : cell.raw);
    double d;
    return parseDouble(v, d) || looksLikeDecimalComma(v);
}

/// The label column when the user named none: a column named like one, else the first column
/// whose non-empty cells are mostly not numbers; -1 when there is none (rows are then numbered).
/// "Mostly", not "any": a typo in a column of numbers must be reported at its place, not turn the
/// column into labels and silently drop a dimension.
int findLabelColumn(const std::string& path, char sep, const std::vector<std::string>& names,
                    Progress& progress) {
    for (const char* wanted : {"label", "word", "name", "id", "Label", "Word", "Name"})
        for (std::size_t c = 0; c < names.size(); ++c)
            if (names[c] == wanted) return static_cast<int>(c);

    // A map of its own: the pages it touches are released as it goes, and reading maps again.
    MappedFile file(path);
    progress.setStage("finding the label column");
    CsvScanner scanner(path, file.view(), sep);
    std::vector<Cell> cells;
    scanner.next(cells);  // the header
    std::vector<std::size_t> nonEmpty(names.size()), text(names.size());
    std::size_t nextReport = kReportBytes;
    while (scanner.next(cells)) {
        for (std::size_t c = 0; c < std::min(cells.size(), names.size()); ++c) {
            if (cells[c].raw.empty() || trimSpaces(cells[c].raw).empty()) continue;
            ++nonEmpty[c];
            if (!numericLike(cells[c])) ++text[c];
        }
        if (scanner.position() >= nextReport) {
            progress.step(static_cast<double>(scanner.position()) / file.size());
            file.releaseBefore(scanner.position());
            nextReport = scanner.position() + kReportBytes;
        }
    }
    for (std::size_t c = 0; c < names.size(); ++c)
        if (text[c] * 2 > nonEmpty[c]) return static_cast<int>(c);
    return -1;
}

std::string columnList(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "'" : ", '") + n + "'";
    return out;
}

/// What every record needs to know of the table.
struct CsvTable {
    std::string_view text;
    char sep;
    std::vector<std::string> names;
    int labelColumn;  ///< -1: rows are numbered
};

/// One record as a parsing thread saw it; lines are counted from the chunk's first line.
struct CsvRow {
    std::uint64_t line;  ///< of the problem, or of the first non-finite value
    std::uint64_t column;
    std::uint32_t problem;  ///< 1-based index into CsvChunk::problems; 0 = parsed
    std::size_t next;       ///< offset just after the record
};

struct CsvChunk : chunked::ChunkBase {
    std::vector<float> values;  ///< D per parsed row, in order
    std::vector<CsvRow> rows;
    std::vector<std::string> labels;  ///< per parsed row, when there is a label column
    std::vector<std::string> problems;
    std::uint32_t fatalProblem = 0;  ///< an unclosed quote: the last row, it ends the read
};

/// Parses the records starting in [c.begin, c.end). An unclosed quote ends the chunk as a fatal
/// problem: it is thrown (at its place in the file) only if a serial parse would get there.
void parseCsvChunk(CsvChunk& c, const std::string& path, const CsvTable& table, std::size_t dims) {
    c.values.clear();
    c.rows.clear();
    c.labels.clear();
    c.problems.clear();
    c.fatalProblem = 0;
    const char* const data = table.text.data();
    CsvScanner scanner(path, table.text, table.sep, c.begin - data, 0);
    thread_local std::vector<Cell> cells;
    const std::size_t limit = c.end - data;
    const std::size_t columns = table.names.size();
    const auto problem = [&](std::uint64_t line, std::uint64_t column, std::string message,
                             std::size_t next) {
        c.problems.push_back(std::move(message));
        c.rows.push_back({line, column, static_cast<std::uint32_t>(c.problems.size()), next});
    };
    for (;;) {
        try {
            if (!scanner.next(cells, limit)) break;
        } catch (const Error& e) {
            problem(e.where().line.value_or(0), e.where().column.value_or(0), e.message(),
                    table.text.size());
            c.fatalProblem = static_cast<std::uint32_t>(c.problems.size());
            break;
        }
        const std::size_t next = scanner.position();
        if (cells.size() != columns) {
            const std::string message = "has " + counted(cells.size(), "field", "fields") +
                                        ", the header has " + std::to_string(columns);
            if (cells.size() > columns)
                problem(cells[columns].line, cells[columns].column, message, next);
            else
                problem(scanner.endLine(), scanner.endColumn(), message, next);
            continue;
        }
        const std::size_t at = c.values.size();
        c.values.resize(at + dims);
        float* out = c.values.data() + at;
        std::size_t k = 0;
        std::uint64_t nfLine = cells.front().line, nfColumn = 0;
        bool ok = true;
        for (std::size_t col = 0; col < cells.size() && ok; ++col) {
            const Cell& cell = cells[col];
            ok = false;
            if (cell.junkAfterQuote) {
                problem(cell.line, cell.column, "text follows the closing quote of this field",
                        next);
                continue;
            }
            ok = true;
            if (static_cast<int>(col) == table.labelColumn) continue;
            const std::string owned = cell.escaped ? cell.text() : std::string();
            const std::string_view value = trimSpaces(cell.escaped ? owned : cell.raw);
            ok = false;
            if (value.empty()) {
                problem(cell.line, cell.column,
                        "the cell in column '" + table.names[col] + "' is empty", next);
            } else if (!parseFloat(value, out[k])) {
                std::string message = notANumber(value) + " (column '" + table.names[col] + "'";
                if (table.labelColumn < 0 && !looksLikeDecimalComma(value))
                    message += "; if it holds labels, choose it as the label column";
                problem(cell.line, cell.column, message + ")", next);
            } else {
                if (nfColumn == 0 && !std::isfinite(out[k]))
                    nfLine = cell.line, nfColumn = cell.column;
                ++k;
                ok = true;
            }
        }
        if (!ok) {
            c.values.resize(at);
            continue;
        }
        if (table.labelColumn >= 0) c.labels.push_back(cells[table.labelColumn].text());
        c.rows.push_back({nfLine, nfColumn, 0, next});
    }
    c.stop = data + scanner.position();
    c.lines = scanner.line();
}

}  // namespace

Dataset readCsv(const std::string& path, const LoadOptions& options, Progress& progress) {
    MappedFile file(path);
    const std::string_view text = file.view();
    const char sep = detectSeparator(text);
    CsvScanner scanner(path, text, sep);
    std::vector<Cell> cells;
    if (!scanner.next(cells))
        throw Error(SourceLocation::file(path), "is empty: a CSV file needs a header row");
    const std::uint64_t headerLine = cells.front().line;
    std::vector<std::string> names;
    for (const auto& c : cells) names.emplace_back(trimSpaces(c.text()));

    int labelColumn = -1;
    if (!options.labelColumn.empty()) {
        const auto it = std::find(names.begin(), names.end(), options.labelColumn);
        if (it == names.end())
            throw Error(SourceLocation::text(path, headerLine),
                        "no column named '" + options.labelColumn + "'; the columns are " +
                            columnList(names));
        labelColumn = static_cast<int>(it - names.begin());
    } else {
        labelColumn = findLabelColumn(path, sep, names, progress);
    }
    const std::size_t dims = names.size() - (labelColumn >= 0 ? 1 : 0);
    if (dims == 0)
        throw Error(SourceLocation::text(path, headerLine),
                    "has no column of numbers besides the label column " + columnList(names));

    progress.setStage("reading");
    EmbeddingBuilder builder(path, options, /*labelsAreKeys=*/false);
    builder.setValuesMayOverflow(true);
    // The first record's length sizes the reservation.
    const std::size_t dataStart = scanner.position();
    const std::uint64_t dataLine = scanner.line();
    {
        CsvScanner first(path, text, sep, dataStart, dataLine);
        if (first.next(cells))
            builder.start(dims, (text.size() - dataStart) / (first.position() - dataStart + 1) + 1);
    }
    const CsvTable table{text, sep, names, labelColumn};
    SourceLocation where = SourceLocation::text(path, 1);
    std::size_t dataRow = 0;
    std::size_t stoppedAt = text.size();
    const auto take = [&](CsvChunk& c, std::uint64_t chunkLine) {
        const float* v = c.values.data();
        auto label = c.labels.begin();
        for (const CsvRow& r : c.rows) {
            where.line = chunkLine + r.line;
            where.column = r.column ? std::optional<std::uint64_t>(r.column) : std::nullopt;
            if (r.problem && r.problem == c.fatalProblem)
                throw Error(where, c.problems[r.problem - 1]);
            if (r.problem) {
                builder.rowProblem(where, c.problems[r.problem - 1]);
            } else {
                std::memcpy(builder.next(), v, dims * sizeof(float));
                v += dims;
                builder.commit(labelColumn < 0 ? std::to_string(dataRow) : std::move(*label++),
                               where);
            }
            ++dataRow;
            if (builder.full()) {
                stoppedAt = r.next;
                return false;
            }
        }
        return true;
    };
    chunked::parseInChunks<CsvChunk>(
        file, dataStart, dataLine,
        [&](CsvChunk& c) { parseCsvChunk(c, path, table, dims); }, take, progress);
    if (dataRow == 0) throw Error(SourceLocation::file(path), "has a header row but no data rows");
    progress.step(1.0);
    Dataset data = builder.finish(Format::Csv);
    if (data.summary.truncatedByMaxRows && onlyBlankFrom(text, stoppedAt))
        data.summary.truncatedByMaxRows = false;
    return data;
}

}  // namespace embedscope
