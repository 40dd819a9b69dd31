// word2vec text / fastText .vec (with the "rows dims" header) and GloVe (without): parsed in
// blocks of whole lines, each block split among OpenMP threads that parse into their own
// buffers; the rows are then handed to the (single-threaded) builder in file order.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "ChunkedText.h"
#include "EmbeddingBuilder.h"
#include "FormatDetail.h"
#include "MappedFile.h"
#include "Readers.h"
#include "TextRows.h"

namespace embedscope {

namespace {

using textrows::RowResult;

/// Bytes the counting pass scans between progress reports.
constexpr std::size_t kCountStepBytes = std::size_t(16) << 20;
/// Share of the progress bar the counting pass takes.
constexpr double kCountShare = 0.1;
/// Lines longer than this are checked for NUL bytes before they are parsed.
constexpr std::size_t kHugeLine = std::size_t(1) << 20;
constexpr const char* kNulMessage =
    "NUL bytes in a text file: it is damaged (an unfinished download or copy?)";

bool isBlank(std::string_view line) {
    return line.find_first_not_of(' ') == std::string_view::npos;
}

/// One data row as a parsing thread saw it.
struct RowRecord {
    std::uint64_t line;  ///< 0-based line within the chunk
    const char* word;
    std::uint32_t wordSize;
    std::uint32_t column;   ///< problem column, or the first non-finite value's; 0 = none
    std::uint32_t problem;  ///< 1-based index into Chunk::problems; 0 = parsed
};

/// A stretch of whole lines parsed by one thread. A fatal problem (NUL bytes, a merge-conflict
/// marker) ends the chunk: its record is last and its problem index is fatalProblem.
struct Chunk : chunked::ChunkBase {
    std::vector<float> values;  ///< D per parsed row, in order
    std::vector<RowRecord> rows;
    std::vector<std::string> problems;
    std::uint32_t fatalProblem = 0;
};

bool isMergeMarker(std::string_view line) {
    return line.starts_with("<<<<<<< ") || line == "=======" || line.starts_with(">>>>>>> ");
}

/// The 1-based column of value index i of a row that parsed (rare path: non-finite values).
std::uint32_t valueColumn(std::string_view line, std::size_t dims, std::size_t i) {
    std::vector<textrows::Token> tokens;
    textrows::tokenize(line, tokens);
    return static_cast<std::uint32_t>(tokens[tokens.size() - dims + i].begin + 1);
}

void parseChunk(Chunk& c, std::size_t dims) {
    c.values.clear();
    c.rows.clear();
    c.problems.clear();
    c.lines = 0;
    c.stop = c.end;  // lines never run on; a fatal problem stops the whole read
    c.fatalProblem = 0;
    auto fail = [&](std::uint32_t column, std::string message) {
        c.problems.push_back(std::move(message));
        c.fatalProblem = static_cast<std::uint32_t>(c.problems.size());
        c.rows.push_back({c.lines, nullptr, 0, column, c.fatalProblem});
    };
    const char* p = c.begin;
    while (p < c.end) {
        const char* nl = static_cast<const char*>(std::memchr(p, '\n', c.end - p));
        const std::string_view line =
            textrows::trimLineEnd(std::string_view(p, (nl ? nl : c.end) - p));
        // A NUL-filled tail is one huge "line": spot it before the slow tokenizing path.
        if (line.size() > kHugeLine && std::memchr(line.data(), '\0', line.size())) {
            fail(static_cast<std::uint32_t>(line.find('\0') + 1), kNulMessage);
            return;
        }
        if (!isBlank(line)) {
            const std::size_t at = c.values.size();
            c.values.resize(at + dims);
            float* v = c.values.data() + at;
            const RowResult r = textrows::parseRow(line, dims, v);
            if (const auto nul = line.find('\0');
                nul != std::string_view::npos && (r.kind != RowResult::Ok || nul < r.word.size())) {
                fail(static_cast<std::uint32_t>(nul + 1), kNulMessage);
                return;
            }
            if (r.kind == RowResult::Ok) {
                std::uint32_t column = 0;
                for (std::size_t i = 0; i < dims; ++i) {
                    if (!std::isfinite(v[i])) {
                        column = valueColumn(line, dims, i);
                        break;
                    }
                }
                c.rows.push_back(
                    {c.lines, r.word.data(), static_cast<std::uint32_t>(r.word.size()), column, 0});
            } else {
                c.values.resize(at);
                if (isMergeMarker(line)) {
                    fail(1, "Git merge-conflict marker: resolve the conflict first");
                    return;
                }
                c.problems.push_back(textrows::describe(r, dims));
                c.rows.push_back({c.lines, nullptr, 0, static_cast<std::uint32_t>(r.column),
                                  static_cast<std::uint32_t>(c.problems.size())});
            }
        }
        if (!nl) break;
        p = nl + 1;
        ++c.lines;
    }
}

/// Counts the non-blank lines from offset on, up to limit (0 = all), for an exact reservation:
/// with it the matrix is allocated once and never regrown or shrunk (peak memory = the matrix).
/// Uses its own mapping so that its pages can be released independently of the parsing pass.
std::size_t countDataLines(const std::string& path, std::size_t offset, std::size_t limit,
                           Progress& progress) {
    MappedFile file(path);
    const char* const data = file.data();
    const char* p = data + std::min(offset, file.size());
    const char* const end = data + file.size();
    const char* nextStep = p + kCountStepBytes;
    std::size_t count = 0;
    while (p < end && (limit == 0 || count < limit)) {
        const char* nl = static_cast<const char*>(std::memchr(p, '\n', end - p));
        const char* lineEnd = nl ? nl : end;
        // Most lines start with their word; only the rest need a closer look.
        if (*p != ' ' && *p != '\r' && *p != '\n')
            ++count;
        else if (!isBlank(textrows::trimLineEnd(std::string_view(p, lineEnd - p))))
            ++count;
        p = nl ? nl + 1 : end;
        if (p >= nextStep) {
            nextStep = p + kCountStepBytes;
            file.releaseBefore(static_cast<std::size_t>(p - data));
            progress.step(kCountShare * static_cast<double>(p - data) / file.size());
        }
    }
    return count;
}

/// Where the data rows start, their dimension, and the header's row count if any.
struct TextLayout {
    std::size_t dataStart = 0;
    std::uint64_t dataLine = 1;  ///< the line number at dataStart
    std::size_t dims = 0;
    std::optional<std::size_t> headerRows;
};

/// The word2vec / fastText header "rows dims", checked against what the file can hold before
/// anything is allocated.
TextLayout readHeader(const std::string& path, std::string_view all, std::size_t pos) {
    using namespace formatdetail;
    const std::size_t nl = all.find('\n', pos);
    const std::string_view line = textrows::trimLineEnd(all.substr(pos, nl - pos));
    const auto header = parseHeaderLine(line);
    if (!header) {
        std::string message =
            "the first line should be the header 'rows dimensions' (two "
            "whole numbers), found " +
            textrows::shown(line);
        if (textrows::trailingNumbers(line) > 0)
            message += "; without a header the file looks like GloVe: open it as GloVe";
        throw Error(SourceLocation::text(path, 1), message);
    }
    if (header->rows < 0)
        throw Error(SourceLocation::text(path, 1, header->rowsColumn),
                    "the header's row count is negative (" + std::to_string(header->rows) + ")");
    if (header->dims <= 0)
        throw Error(
            SourceLocation::text(path, 1, header->dimsColumn),
            "the header's dimension must be at least 1, found " + std::to_string(header->dims));
    TextLayout layout;
    layout.dataStart = nl == std::string_view::npos ? all.size() : nl + 1;
    layout.dataLine = 2;
    // Each value takes at least two bytes of text ("0 "): the file bounds what the header may
    // claim, so a wrong header cannot make us allocate more than the file can hold.
    const std::uint64_t rest = all.size() - layout.dataStart;
    const auto d = static_cast<std::uint64_t>(header->dims);
    const bool hasRows = all.find_first_not_of(" \r\n", layout.dataStart) != std::string_view::npos;
    if ((hasRows || header->rows > 0) && d > rest / 2 + 1)
        throw Error(SourceLocation::text(path, 1, header->dimsColumn),
                    "the header says " + std::to_string(d) + " values per row, but only " +
                        std::to_string(rest) +
                        " bytes follow it: the header is wrong or the file is truncated");
    const std::uint64_t canHold = rest / 2 / d + 1;
    if (static_cast<std::uint64_t>(header->rows) > canHold)
        throw Error(SourceLocation::text(path, 1, header->rowsColumn),
                    "the header says " + std::to_string(header->rows) + " rows of " +
                        std::to_string(d) + " values, but the " + std::to_string(rest) +
                        " bytes after it can hold at most " + std::to_string(canHold) +
                        ": the header is wrong or the file is truncated");
    if (looksLikeBinaryRecords(all.substr(layout.dataStart, kSniffBytes), d, header->rows,
                               rest <= kSniffBytes))
        throw Error(SourceLocation::text(path, 2),
                    "holds binary records after the header: this is word2vec binary, open it as "
                    "such");
    layout.dims = static_cast<std::size_t>(d);
    layout.headerRows = static_cast<std::size_t>(header->rows);
    return layout;
}

/// GloVe has no header: D comes from the first lines (at least 1 MB, at least one whole line).
TextLayout gloveLayout(const std::string& path, std::string_view all, std::size_t pos) {
    using namespace formatdetail;
    const std::size_t firstRow = all.find_first_not_of(" \r\n", pos);
    std::size_t windowEnd =
        std::max<std::size_t>(pos + (std::size_t(1) << 20), all.find('\n', firstRow));
    if (windowEnd < all.size()) windowEnd = all.rfind('\n', windowEnd) + 1;
    const auto dims = detectGloveDims(all.substr(pos, windowEnd - pos));
    const std::string_view first =
        textrows::trimLineEnd(all.substr(firstRow, all.find('\n', firstRow) - firstRow));
    const std::uint64_t firstLine = 1 + std::count(all.begin() + pos, all.begin() + firstRow, '\n');
    if (!dims)
        throw Error(SourceLocation::text(path, firstLine),
                    "expected a word followed by numbers (GloVe), found " + textrows::shown(first));
    if (auto header = parseHeaderLine(first); header && header->dims == std::int64_t(*dims))
        throw Error(SourceLocation::text(path, firstLine), "the first line is a word2vec header (" +
                                                               textrows::shown(first) +
                                                               "): open the file as word2vec text");
    TextLayout layout;
    layout.dataStart = pos;
    layout.dims = *dims;
    return layout;
}

}  // namespace

Dataset readWordVectorsText(const std::string& path, const LoadOptions& options, Progress& progress,
                            bool hasHeader) {
    progress.setStage("reading");
    MappedFile file(path);
    const std::string_view all = file.view();
    if (all.empty()) throw Error(SourceLocation::file(path), "file is empty");
    if (auto foreign =
            formatdetail::describeForeign(all.substr(0, formatdetail::kSniffBytes), true))
        throw Error(
            foreign->line ? SourceLocation::text(path, foreign->line) : SourceLocation::file(path),
            foreign->message);
    const std::size_t bom = textrows::bomLength(all);
    if (all.find_first_not_of(" \r\n", bom) == std::string_view::npos)
        throw Error(SourceLocation::file(path), "file is empty (only blank lines)");
    const TextLayout layout = hasHeader ? readHeader(path, all, bom) : gloveLayout(path, all, bom);
    const std::size_t dims = layout.dims;

    EmbeddingBuilder builder(path, options, true);
    builder.setValuesMayOverflow(true);
    // A row of D values takes at least 2D bytes: short junk lines cannot inflate the reservation.
    const std::size_t canHold = (all.size() - layout.dataStart) / 2 / dims + 1;
    builder.start(
        dims, std::min(canHold, countDataLines(path, layout.dataStart, options.maxRows, progress)));

    SourceLocation where = SourceLocation::text(path, 1);
    std::size_t rowsSeen = 0;
    bool full = false;
    // Hands a chunk's rows over in file order.
    const auto take = [&](Chunk& c, std::uint64_t lineNo) {
        const float* v = c.values.data();
        for (const RowRecord& r : c.rows) {
            where.line = lineNo + r.line;
            where.column = r.column ? std::optional<std::uint64_t>(r.column) : std::nullopt;
            if (r.problem && r.problem == c.fatalProblem)
                throw Error(where, c.problems[r.problem - 1]);
            ++rowsSeen;
            if (r.problem) {
                builder.rowProblem(where, c.problems[r.problem - 1]);
            } else {
                std::memcpy(builder.next(), v, dims * sizeof(float));
                v += dims;
                builder.commit(std::string(r.word, r.wordSize), where);
            }
            if ((full = builder.full())) return false;
        }
        return true;
    };
    chunked::parseInChunks<Chunk>(
        file, layout.dataStart, layout.dataLine, [&](Chunk& c) { parseChunk(c, dims); }, take,
        progress, kCountShare);

    if (layout.headerRows) {
        builder.summary().rowsInHeader = layout.headerRows;
        if (!full && rowsSeen != *layout.headerRows)
            builder.summary().warnings.push_back(
                "the header says " + std::to_string(*layout.headerRows) +
                " rows but the file has " + std::to_string(rowsSeen) +
                "; read the rows that are there");
    }
    Dataset dataset = builder.finish(hasHeader ? Format::Word2VecText : Format::GloveText);
    dataset.embedding.setFrequencyOrdered(true);
    return dataset;
}

}  // namespace embedscope
