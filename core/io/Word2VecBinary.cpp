// word2vec binary reader: "N D\n", then N records "word" ' ' D little-endian float32 ['\n'].
// The file is memory-mapped and read once front to back; pages already read are handed back so
// resident memory stays close to the matrix being built.
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "../ParseNumber.h"
#include "EmbeddingBuilder.h"
#include "MappedFile.h"
#include "Readers.h"

namespace embedscope {

namespace {

/// A real header ("3000000 300") is a dozen bytes; a file without a newline this early is not
/// word2vec binary, and looking further would only scan garbage.
constexpr std::size_t kMaxHeaderBytes = 256;
/// Progress is reported (and cancellation checked) after every this many bytes.
constexpr std::size_t kProgressBytes = std::size_t(1) << 20;

struct Header {
    std::uint64_t rows = 0;
    std::uint64_t dims = 0;
    std::size_t dataStart = 0;  // first byte after the header line
};

/// Bytes for a message: printable ASCII kept, the rest as \xNN, long text shortened.
std::string printable(std::string_view s, std::size_t max = 40) {
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < s.size() && i < max; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c < 0x7f) {
            out.push_back(static_cast<char>(c));
        } else {
            out += "\\x";
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        }
    }
    if (s.size() > max) out += "...";
    return out;
}

std::string toString(unsigned __int128 v) {
    std::string digits;
    do {
        digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
        v /= 10;
    } while (v);
    return digits;
}

Header parseHeader(const MappedFile& file) {
    const auto at0 = SourceLocation::binary(file.path(), 0);
    if (file.size() == 0)
        throw Error(at0,
                    "the file is empty: a word2vec binary file starts with a header line "
                    "'N D' (word count and dimension)");
    const std::string_view head = file.view().substr(0, kMaxHeaderBytes);
    const std::size_t newline = head.find('\n');
    if (newline == std::string_view::npos)
        throw Error(at0,
                    "no header line: a word2vec binary file starts with 'N D' (word count and "
                    "dimension) and a newline, but the first " +
                        std::to_string(head.size()) + " bytes hold no newline");
    std::string_view line = head.substr(0, newline);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

    // The header is plain numbers: any run of spaces or tabs separates them.
    std::vector<std::string_view> tokens;
    for (std::size_t i = 0; i < line.size();) {
        if (line[i] == ' ' || line[i] == '\t') {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < line.size() && line[j] != ' ' && line[j] != '\t') ++j;
        tokens.push_back(line.substr(i, j - i));
        i = j;
    }
    const std::string shown = "'" + printable(line) + "'";
    std::int64_t rows = 0, dims = 0;
    if (tokens.size() != 2 || !parseInt(tokens[0], rows) || !parseInt(tokens[1], dims))
        throw Error(at0,
                    "header line 1 must be two whole numbers 'N D' (word count and "
                    "dimension), found " +
                        shown);
    if (rows < 0 || dims < 0) throw Error(at0, "header line 1 gives a negative number: " + shown);
    if (rows == 0) throw Error(at0, "header line 1 says the file holds 0 words: nothing to load");
    if (dims == 0)
        throw Error(at0, "header line 1 gives dimension 0: vectors need at least one value");
    return {static_cast<std::uint64_t>(rows), static_cast<std::uint64_t>(dims), newline + 1};
}

/// A header that promises more records than the file can hold is rejected before anything is
/// allocated: even with empty words every record takes 4·D + 1 bytes.
void checkCapacity(const MappedFile& file, const Header& h) {
    const std::uint64_t available = file.size() - h.dataStart;
    const unsigned __int128 perRecord = 4 * static_cast<unsigned __int128>(h.dims) + 1;
    const unsigned __int128 needed = perRecord * h.rows;
    if (needed <= available) return;
    throw Error(SourceLocation::binary(file.path(), h.dataStart),
                "the header claims " + std::to_string(h.rows) + " rows of " +
                    std::to_string(h.dims) + " values, which need at least " + toString(needed) +
                    " bytes, but only " + std::to_string(available) +
                    " bytes follow the header (room for at most " +
                    toString(available / perRecord) +
                    " rows): the header is wrong or the file was cut short");
}

/// Records the header promised but the file does not have: an error under Reject, otherwise
/// counted as skipped (rows in header = rows read + skipped + duplicates still holds).
void reportMissing(EmbeddingBuilder& builder, const LoadOptions& options,
                   const SourceLocation& where, std::uint64_t firstMissing, std::uint64_t rows) {
    const std::string message =
        "the file ends before record " + std::to_string(firstMissing) + " of the " +
        std::to_string(rows) + " its header promises (" + std::to_string(rows - firstMissing + 1) +
        " missing): the header count is larger than the data, or the file was cut short";
    if (options.badRows == BadRowPolicy::Reject) throw Error(where, message);
    builder.summary().skipped += rows - firstMissing + 1;
    builder.summary().addProblem(where.toString() + ": " + message);
}

}  // namespace

Dataset readWord2VecBinary(const std::string& path, const LoadOptions& options,
                           Progress& progress) {
    MappedFile file(path);
    const Header header = parseHeader(file);
    checkCapacity(file, header);

    EmbeddingBuilder builder(path, options, /*labelsAreKeys=*/true);
    builder.summary().rowsInHeader = header.rows;
    builder.start(header.dims, header.rows);
    builder.prefault();  // checkCapacity bounds the rows by the file size
    progress.setStage("reading");

    const char* data = file.data();
    const std::size_t size = file.size();
    const std::size_t valueBytes = 4 * header.dims;  // fits: checked against the file size
    std::size_t pos = header.dataStart;
    std::size_t nextReport = pos + kProgressBytes;
    SourceLocation where = SourceLocation::binary(path, pos, 1);  // reused: no allocation per row
    bool complete = true;

    for (std::uint64_t k = 1; k <= header.rows && !builder.full(); ++k) {
        if (pos >= nextReport) {
            file.releaseBefore(pos);
            progress.step(static_cast<double>(pos) / static_cast<double>(size));
            nextReport = pos + kProgressBytes;
        }
        // The newline after a record is optional, and some writers put it before the next word
        // instead; either way it is not part of a word (nor is the '\r' of a Windows newline).
        while (pos < size && (data[pos] == '\n' || data[pos] == '\r')) ++pos;
        where.byteOffset = pos;
        where.record = k;
        if (pos == size) {
            reportMissing(builder, options, where, k, header.rows);
            complete = false;
            break;
        }
        const auto* space = static_cast<const char*>(std::memchr(data + pos, ' ', size - pos));
        const std::size_t wordEnd = space ? static_cast<std::size_t>(space - data) : size;
        const std::string_view word(data + pos, wordEnd - pos);
        if (!space || size - wordEnd - 1 < valueBytes) {
            const std::string what =
                space ? "the word '" + printable(word) + "' needs " + std::to_string(valueBytes) +
                            " bytes of values, but the file ends after " +
                            std::to_string(size - wordEnd - 1)
                      : "the file ends inside the word '" + printable(word) + "'";
            builder.rowProblem(where, "truncated record: " + what);
            if (k < header.rows) {
                where.byteOffset = size;
                where.record = k + 1;
                reportMissing(builder, options, where, k + 1, header.rows);
            }
            complete = false;
            break;
        }
        // word2vec words are C strings: a NUL means the records no longer line up with the
        // header's dimension, and everything after would be garbage read as data.
        if (word.find('\0') != std::string_view::npos)
            throw Error(where, "the word '" + printable(word) +
                                   "' contains a NUL byte: the records do not line up with the "
                                   "header's dimension " +
                                   std::to_string(header.dims) +
                                   " (wrong header, or not a word2vec binary file)");
        float* values = builder.next();
        std::memcpy(values, data + wordEnd + 1, valueBytes);
        if constexpr (std::endian::native == std::endian::big) {
            auto* bits = reinterpret_cast<std::uint32_t*>(values);
            for (std::size_t i = 0; i < header.dims; ++i) bits[i] = __builtin_bswap32(bits[i]);
        }
        builder.commit(std::string(word), where);
        pos = wordEnd + 1 + valueBytes;
    }

    if (complete && !builder.full()) {
        std::size_t rest = pos;
        while (rest < size && (data[rest] == '\n' || data[rest] == '\r' || data[rest] == ' '))
            ++rest;
        if (rest < size)
            builder.summary().warnings.push_back(
                SourceLocation::binary(path, rest).toString() + ": " + std::to_string(size - rest) +
                " bytes follow the " + std::to_string(header.rows) +
                " records the header promises and were not read: the header count may be too "
                "small");
    }
    progress.step(1.0);

    Dataset out = builder.finish(Format::Word2VecBinary);
    out.embedding.setFrequencyOrdered(true);
    return out;
}

}  // namespace embedscope
