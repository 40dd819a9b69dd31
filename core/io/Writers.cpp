// saveEmbedding and writeProjectorMetadata. Every save goes through AtomicFile, so a failed or
// cancelled save leaves an existing file byte-identical; numbers are printed with std::to_chars,
// which is locale-independent and gives the shortest text that reads back to the same float.
#include <algorithm>
#include <bit>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "../Error.h"
#include "AtomicFile.h"
#include "TabularText.h"
#include "Load.h"
#include "Npy.h"

namespace embedscope {

namespace {

const char* humanName(Format format) {
    switch (format) {
        case Format::Word2VecText:
            return "word2vec text";
        case Format::Word2VecBinary:
            return "word2vec binary";
        case Format::GloveText:
            return "GloVe text";
        case Format::ProjectorTsv:
            return "Projector TSV";
        case Format::Npy:
            return "npy";
        case Format::Csv:
            return "CSV";
    }
    return "?";
}

/// A label as it appears in messages: quoted, control characters escaped, long ones cut.
std::string displayText(std::string_view text) {
    std::string out = "\"";
    const std::size_t shown = std::min<std::size_t>(text.size(), 60);
    for (std::size_t i = 0; i < shown; ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (c == '\t')
            out += "\\t";
        else if (c < 0x20)
            out += "\\x" + std::string{"0123456789abcdef"[c >> 4], "0123456789abcdef"[c & 15]};
        else
            out += static_cast<char>(c);
    }
    return out + (shown < text.size() ? "...\"" : "\"");
}

/// Why label cannot be written to format so that every reader gets it back unchanged, or null.
const char* labelProblem(std::string_view label, Format format, std::size_t row) {
    if (format == Format::Word2VecBinary) {
        // The word ends at the first space; readers skip line breaks before a word, and words
        // are C strings to word2vec.c.
        if (label.find(' ') != std::string_view::npos) return "contains a space";
        if (label.find('\n') != std::string_view::npos) return "contains a newline";
        if (label.find('\0') != std::string_view::npos) return "contains a NUL byte";
        if (label.starts_with('\r')) return "starts with a carriage return";
        return nullptr;
    }
    // Text formats: a line is the word, then the D numbers, separated by single spaces.
    if (label.find('\n') != std::string_view::npos) return "contains a newline";
    if (label.find('\r') != std::string_view::npos) return "contains a carriage return";
    if (label.find('\t') != std::string_view::npos) return "contains a tab";
    if (label.find('\0') != std::string_view::npos) return "contains a NUL byte";
    if (label.empty()) return "is empty";
    if (label.front() == ' ' || label.back() == ' ') return "starts or ends with a space";
    // A reader strips a byte-order mark at the start of the file, where GloVe has its first word.
    if (format == Format::GloveText && row == 0 && label.starts_with("\xEF\xBB\xBF"))
        return "starts with a byte-order mark";
    return nullptr;
}

void appendFloat(std::string& out, float value) {
    char text[32];
    const auto result = std::to_chars(text, text + sizeof text, value);
    out.append(text, result.ptr);
}

void appendLittleEndian(std::string& out, std::span<const float> values) {
    const std::size_t at = out.size();
    out.resize(at + values.size() * sizeof(float));
    char* dst = out.data() + at;
    if constexpr (std::endian::native == std::endian::little) {
        std::memcpy(dst, values.data(), values.size() * sizeof(float));
    } else {
        for (float v : values) {
            const auto bits = std::bit_cast<std::uint32_t>(v);
            for (int shift = 0; shift < 32; shift += 8) *dst++ = char((bits >> shift) & 0xff);
        }
    }
}

void checkWritable(const Embedding& embedding, const std::string& path, Format format) {
    const SourceLocation where = SourceLocation::file(path);
    if (format == Format::Csv)
        throw Error(where,
                    "cannot save as CSV: choose word2vec text or binary, GloVe text, "
                    "Projector TSV or npy");
    if (embedding.rows() == 0) throw Error(where, "cannot save: the embedding has no rows");
    if (embedding.dims() == 0) throw Error(where, "cannot save: the vectors have no dimensions");
    if (format == Format::ProjectorTsv || format == Format::Npy) return;  // no labels in the file
    for (std::size_t r = 0; r < embedding.rows(); ++r) {
        if (const char* problem = labelProblem(embedding.label(r), format, r))
            throw Error(where, "cannot save as " + std::string(humanName(format)) + ": row " +
                                   std::to_string(r + 1) + " has label " +
                                   displayText(embedding.label(r)) + ", which " + problem);
    }
}

/// One row: "word v1 ... vD\n" (text), "word " + D float32 + "\n" (binary), or the values alone
/// separated by tabs (Projector TSV).
void appendRow(std::string& out, const Embedding& embedding, std::size_t r, Format format) {
    const auto values = embedding.row(r);
    if (format != Format::ProjectorTsv) out += embedding.label(r);
    if (format == Format::Word2VecBinary) {
        out += ' ';
        appendLittleEndian(out, values);
    } else {
        const char separator = format == Format::ProjectorTsv ? '\t' : ' ';
        for (std::size_t d = 0; d < values.size(); ++d) {
            if (format != Format::ProjectorTsv || d > 0) out += separator;
            appendFloat(out, values[d]);
        }
    }
    out += '\n';
}

void writeRows(const Embedding& embedding, Format format, AtomicFile& file, Progress& progress) {
    const std::size_t n = embedding.rows();
    if (format == Format::Word2VecText || format == Format::Word2VecBinary)
        file.write(std::to_string(n) + ' ' + std::to_string(embedding.dims()) + '\n');
    // Progress (and cancellation) about every 16k values: a few milliseconds of printing.
    const std::size_t rowsPerStep = std::max<std::size_t>(1, 16384 / embedding.dims());
    for (std::size_t r = 0; r < n; ++r) {
        if (r % rowsPerStep == 0) progress.step(double(r) / double(n));
        appendRow(file.buffer(), embedding, r, format);
        file.flushIfFull();
    }
}

/// Why a metadata cell cannot be written to a TSV without changing it, or null.
const char* cellProblem(std::string_view cell) {
    if (cell.find('\t') != std::string_view::npos) return "a tab";
    if (cell.find('\n') != std::string_view::npos) return "a newline";
    if (cell.find('\r') != std::string_view::npos) return "a carriage return";
    return nullptr;
}

/// row is the embedding's row (1-based) or 0 for the header; column 1 is the label.
void checkCell(std::string_view cell, const std::string& path, std::size_t row, std::size_t column,
               const std::string& name) {
    const char* problem = cellProblem(cell);
    if (!problem) return;
    const std::string where = row == 0 ? "the header's " : "row " + std::to_string(row) + ", ";
    throw Error(SourceLocation::file(path), "cannot save metadata: " + where + "column " +
                                                std::to_string(column) + " (" + displayText(name) +
                                                ") holds " + displayText(cell) +
                                                ", which contains " + problem);
}

/// readMetadataTsv unwraps a cell wrapped whole in double quotes, strips a byte-order mark at the
/// start of the file, trims header names and drops trailing lines of only spaces. A cell those
/// would change is written wrapped in quotes (inner quotes doubled), which the reader undoes.
void appendMetadataCell(std::string& out, std::string_view cell, bool wrap) {
    wrap = wrap || (cell.size() >= 2 && cell.front() == '"' && cell.back() == '"');
    if (wrap) tabular::appendQuoted(out, cell);
    else out += cell;
}

bool onlySpaces(std::string_view text) {
    return text.find_first_not_of(' ') == std::string_view::npos;
}

}  // namespace

void saveEmbedding(const Embedding& embedding, const std::string& path, Format format,
                   Progress& progress) {
    checkWritable(embedding, path, format);
    AtomicFile file(path);
    progress.setStage("saving");  // may cancel: the temporary file is then removed
    if (format == Format::Npy) {
        const std::string& temporary = file.releaseForExternalWriter();
        try {
            writeNpy(embedding.data(), embedding.rows(), embedding.dims(), temporary);
        } catch (const Error& e) {
            // Its message names the temporary file, which the user never heard of.
            throw Error(SourceLocation::file(path), "cannot save: " + e.message());
        }
        progress.check();
    } else {
        writeRows(embedding, format, file, progress);
    }
    file.commit();
    progress.step(1.0);
}

void writeProjectorMetadata(const Embedding& embedding, const Metadata& metadata,
                            const std::string& path) {
    const std::size_t n = embedding.rows();
    const std::size_t columns = metadata.columnCount();
    if (columns > 0 && metadata.rows() != n)
        throw Error(SourceLocation::file(path),
                    "cannot save metadata: it has " + std::to_string(metadata.rows()) +
                        " rows but the embedding has " + std::to_string(n));
    for (std::size_t c = 0; c < columns; ++c)
        checkCell(metadata.column(c).name, path, 0, c + 2, metadata.column(c).name);
    for (std::size_t r = 0; r < n; ++r) {
        checkCell(embedding.label(r), path, r + 1, 1, "label");
        for (std::size_t c = 0; c < columns; ++c)
            checkCell(metadata.column(c).cells[r], path, r + 1, c + 2, metadata.column(c).name);
    }

    AtomicFile file(path);
    std::string& out = file.buffer();
    const auto startsWithBom = [](std::string_view cell) {
        return cell.starts_with("\xEF\xBB\xBF");
    };
    if (columns > 0) {
        out += "label";
        for (const auto& column : metadata.columns()) {
            out += '\t';
            const std::string& name = column.name;
            appendMetadataCell(out, name,
                               !name.empty() && (name.front() == ' ' || name.back() == ' '));
        }
        out += '\n';
    }
    for (std::size_t r = 0; r < n; ++r) {
        const std::string& label = embedding.label(r);
        bool blank = columns > 0 && onlySpaces(label);
        for (std::size_t c = 0; blank && c < columns; ++c)
            blank = onlySpaces(metadata.column(c).cells[r]);
        appendMetadataCell(out, label, blank || (r == 0 && columns == 0 && startsWithBom(label)));
        for (const auto& column : metadata.columns()) {
            out += '\t';
            appendMetadataCell(out, column.cells[r], false);
        }
        out += '\n';
        file.flushIfFull();
    }
    file.commit();
}

}  // namespace embedscope
