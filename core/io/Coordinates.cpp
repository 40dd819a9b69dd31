// Layouts as TSV or CSV. Numbers are written with std::to_chars (shortest text that reads back to
// the same float) and read with from_chars, so a layout survives any locale byte-for-byte.
#include "Coordinates.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "../Error.h"
#include "../ParseNumber.h"
#include "AtomicFile.h"
#include "TabularText.h"

namespace embedscope {

namespace {

const char* const kAxes[] = {"x", "y", "z"};

/// A label as messages show it: quoted, line breaks and tabs escaped, cut after 60 bytes.
std::string shownLabel(std::string_view text) {
    std::string out = "\"";
    for (char c : text.substr(0, 60)) {
        if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (c == '\t')
            out += "\\t";
        else
            out += c;
    }
    return out + (text.size() > 60 ? "...\"" : "\"");
}

/// RFC 4180: a field holding the separator, a quote or a line break is quoted, quotes doubled.
/// Leading or trailing spaces are quoted too, since many programs trim unquoted fields.
void appendCsvField(std::string& out, std::string_view field, char separator) {
    const bool quote =
        field.find_first_of(std::string{separator, '"', '\n', '\r'}) != std::string_view::npos ||
        (!field.empty() && (field.front() == ' ' || field.back() == ' '));
    if (quote) tabular::appendQuoted(out, field);
    else out += field;
}

/// Splits the text into fields and records, tracking line and column for messages. Tab-separated
/// text has no quoting; comma- and semicolon-separated text is read as RFC 4180 describes.
class FieldReader {
public:
    enum class End { Separator, Line, File };
    struct Field {
        std::string text;
        std::uint64_t line = 0;
        std::uint64_t column = 0;
        std::uint64_t endLine = 0;  ///< where the separator or line break after it is
        std::uint64_t endColumn = 0;
        End end = End::File;
    };

    /// start skips a byte-order mark; columns still count it, as an editor counts bytes.
    FieldReader(std::string_view text, const std::string& path, char separator, std::size_t start)
        : m_text(text), m_path(path), m_separator(separator), m_pos(start) {}

    bool atEnd() const { return m_pos >= m_text.size(); }
    std::uint64_t line() const { return m_line; }
    std::uint64_t column() const { return m_pos - m_lineStart + 1; }

    /// Skips a line holding nothing (or only a carriage return); true when it did.
    bool skipBlankLine() {
        std::size_t p = m_pos;
        if (p < m_text.size() && m_text[p] == '\r') ++p;
        if (p == m_text.size()) {
            m_pos = p;
            return true;
        }
        if (m_text[p] != '\n') return false;
        newLine(p + 1);
        return true;
    }

    Field next() {
        Field field;
        field.line = m_line;
        field.column = column();
        if (m_separator != '\t' && m_pos < m_text.size() && m_text[m_pos] == '"') {
            readQuoted(field);
        } else {
            const char stops[] = {m_separator, '\n', '\0'};
            const std::size_t end = m_text.find_first_of(stops, m_pos);
            std::string_view raw = m_text.substr(m_pos, end - m_pos);
            if ((end == std::string_view::npos || m_text[end] == '\n') && raw.ends_with('\r'))
                raw.remove_suffix(1);  // CRLF
            field.text = raw;
            m_pos = end == std::string_view::npos ? m_text.size() : end;
        }
        field.endLine = m_line;
        field.endColumn = column();
        field.end = finishField();
        return field;
    }

    [[noreturn]] void fail(std::uint64_t line, std::uint64_t column,
                           const std::string& message) const {
        throw Error(SourceLocation::text(m_path, line, column), message);
    }

private:
    void newLine(std::size_t start) {
        ++m_line;
        m_lineStart = start;
        m_pos = start;
    }

    void readQuoted(Field& field) {
        const std::uint64_t openLine = m_line;
        const std::uint64_t openColumn = column();
        ++m_pos;
        for (;;) {
            if (m_pos >= m_text.size())
                fail(openLine, openColumn, "the quote opened here is never closed");
            const char c = m_text[m_pos];
            if (c == '"') {
                if (m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '"') {
                    field.text += '"';
                    m_pos += 2;
                    continue;
                }
                ++m_pos;
                break;
            }
            field.text += c;
            if (c == '\n')
                newLine(m_pos + 1);
            else
                ++m_pos;
        }
        // After the closing quote: the separator or the end of the line (CRLF or LF) or file.
        std::size_t p = m_pos;
        if (p < m_text.size() && m_text[p] == '\r' &&
            (p + 1 == m_text.size() || m_text[p + 1] == '\n'))
            ++p;
        if (p < m_text.size() && m_text[p] != m_separator && m_text[p] != '\n')
            fail(m_line, column(), "unexpected text after the closing quote of a field");
        if (p == m_text.size() || m_text[p] == '\n') m_pos = p;
    }

    /// Consumes what ends the field (separator or line break) and says which it was.
    End finishField() {
        if (m_pos >= m_text.size()) return End::File;
        if (m_text[m_pos] == m_separator) {
            ++m_pos;
            return End::Separator;
        }
        newLine(m_pos + 1);  // m_text[m_pos] is '\n'
        return End::Line;
    }

    std::string_view m_text;
    const std::string& m_path;
    char m_separator;
    std::size_t m_pos = 0;
    std::size_t m_lineStart = 0;
    std::uint64_t m_line = 1;
};

std::string readWholeFile(const std::string& path) {
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (!file) {
        const int err = errno;
        throw Error(
            SourceLocation::file(path),
            "cannot open: " + (err == ENOENT ? "the file does not exist" : describeErrno(err)));
    }
    std::string text;
    char chunk[1 << 16];
    std::size_t n;
    while ((n = std::fread(chunk, 1, sizeof chunk, file)) > 0) text.append(chunk, n);
    const bool failed = std::ferror(file);
    const int err = errno;
    std::fclose(file);
    // Reading a folder fails with EISDIR here.
    if (failed) throw Error(SourceLocation::file(path), "cannot read: " + describeErrno(err));
    return text;
}

/// The separator the header uses: tab, then comma, then semicolon.
char detectSeparator(std::string_view text, const std::string& path) {
    const std::string_view header = text.substr(0, text.find('\n'));
    for (char c : {'\t', ',', ';'})
        if (header.find(c) != std::string_view::npos) return c;
    throw Error(SourceLocation::text(path, 1),
                text.empty() ? "the file is empty; expected a header row \"label, x, y[, z]\""
                             : "expected a header row \"label, x, y[, z]\" separated by tabs, "
                               "commas or semicolons");
}

}  // namespace

void writeLayout(const Layout& layout, const std::string& path, char separator) {
    const SourceLocation where = SourceLocation::file(path);
    if (separator != '\t' && separator != ',' && separator != ';')
        throw Error(where, "cannot save the layout: the separator must be a tab, ',' or ';'");
    const auto dims = static_cast<std::size_t>(layout.coordinates.cols());
    const auto rows = static_cast<std::size_t>(layout.coordinates.rows());
    if (dims != 2 && dims != 3)
        throw Error(where, "cannot save the layout: it has " + std::to_string(dims) +
                               " coordinates per point, expected 2 or 3");
    if (layout.labels.size() != rows)
        throw Error(where, "cannot save the layout: it has " +
                               std::to_string(layout.labels.size()) + " labels for " +
                               std::to_string(rows) + " points");
    for (std::size_t r = 0; r < rows; ++r) {
        const std::string& label = layout.labels[r];
        if (separator == '\t' && label.find_first_of("\t\n\r") != std::string::npos)
            throw Error(where, "cannot save the layout as TSV: row " + std::to_string(r + 1) +
                                   " has label " + shownLabel(label) +
                                   ", which contains a tab or line break (CSV can hold it)");
        for (std::size_t d = 0; d < dims; ++d)
            if (!std::isfinite(layout.coordinates(r, d)))
                throw Error(where, "cannot save the layout: row " + std::to_string(r + 1) + " (" +
                                       shownLabel(label) + ") has a non-finite " + kAxes[d]);
    }

    AtomicFile file(path);
    std::string& out = file.buffer();
    out += "label";
    for (std::size_t d = 0; d < dims; ++d) (out += separator) += kAxes[d];
    out += '\n';
    for (std::size_t r = 0; r < rows; ++r) {
        if (separator == '\t')
            out += layout.labels[r];
        else
            appendCsvField(out, layout.labels[r], separator);
        for (std::size_t d = 0; d < dims; ++d) {
            char number[32];
            const auto result =
                std::to_chars(number, number + sizeof number, layout.coordinates(r, d));
            out += separator;
            out.append(number, result.ptr);
        }
        out += '\n';
        file.flushIfFull();
    }
    file.commit();
}

Layout readLayout(const std::string& path) {
    const std::string content = readWholeFile(path);
    const std::string_view text(content);
    const std::size_t bom = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
    const char separator = detectSeparator(text.substr(bom), path);
    FieldReader reader(text, path, separator, bom);

    // The header names the columns: label, x, y and maybe z.
    std::size_t dims = 0;
    for (std::size_t k = 0;; ++k) {
        const FieldReader::Field field = reader.next();
        if (k > 3)
            reader.fail(field.line, field.column,
                        "the header has more than 4 columns; expected "
                        "label, x, y and maybe z");
        const char* expected = k == 0 ? "label" : kAxes[k - 1];
        if (field.text != expected)
            reader.fail(field.line, field.column,
                        "expected header column " + std::to_string(k + 1) + " to be \"" + expected +
                            "\", found " + shownLabel(field.text));
        if (field.end == FieldReader::End::Separator) continue;
        dims = k;
        if (dims < 2)
            reader.fail(field.endLine, field.endColumn,
                        "the header ends early; expected label, x, y and maybe z");
        break;
    }

    Layout layout;
    std::vector<float> values;
    const std::string expectedFields =
        std::to_string(dims + 1) + " fields (label, x, y" + (dims == 3 ? ", z)" : ")");
    while (!reader.atEnd()) {
        if (reader.skipBlankLine()) continue;
        FieldReader::Field label = reader.next();
        if (label.end != FieldReader::End::Separator)
            reader.fail(label.endLine, label.endColumn,
                        "this row has 1 field, expected " + expectedFields);
        for (std::size_t d = 0; d < dims; ++d) {
            const FieldReader::Field field = reader.next();
            float value = 0;
            if (!parseFloat(field.text, value))
                reader.fail(field.line, field.column,
                            "expected a number for " + std::string(kAxes[d]) + ", found " +
                                shownLabel(field.text));
            if (!std::isfinite(value))
                reader.fail(field.line, field.column,
                            std::string(kAxes[d]) + " is not finite: " + shownLabel(field.text));
            values.push_back(value);
            const bool last = d + 1 == dims;
            if (!last && field.end != FieldReader::End::Separator)
                reader.fail(field.endLine, field.endColumn,
                            "this row has " + std::to_string(d + 2) + " fields, expected " +
                                expectedFields);
            if (last && field.end == FieldReader::End::Separator)
                reader.fail(field.endLine, field.endColumn + 1,
                            "this row has more than " + expectedFields);
        }
        layout.labels.push_back(std::move(label.text));
    }
    layout.coordinates = Eigen::Map<const RowMatrixXf>(
        values.data(), static_cast<Eigen::Index>(layout.labels.size()),
        static_cast<Eigen::Index>(dims));
    return layout;
}

}  // namespace embedscope
