// word2vec binary reader: "N D\n", then N records "word" ' ' D little-endian float32 ['\n'].
// The file is memory-mapped and read once front to back; pages already read are handed back so
// resident memory stays close to the matrix being built.
#include <algorithm>
#include <bit>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
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
/// Records are read in chunks of at most this many records and value bytes: their positions
/// found one after another, their values copied while the next chunk's records are found, their
/// words kept in order. Progress is reported (and cancellation checked) after each.
constexpr std::size_t kChunkRows = 4096;
constexpr std::size_t kChunkBytes = std::size_t(4) << 20;
/// Matrices from this size on are written with streaming stores, past the caches: a 1 GB matrix
/// does not stay in them anyway, and such stores do not read each line before writing it.
constexpr std::size_t kStreamBytes = std::size_t(64) << 20;

struct Record {
    std::size_t word;     // offset of the record's word
    std::size_t wordEnd;  // offset of the space after it; the values follow
    std::string text;     // the word, copied while its bytes are in the cache
};

/// Copies n float32 values stored little-endian at `from` (any alignment) to `to`, and says
/// whether all of them are finite (nonFiniteCarry, four lanes at a time).
bool copyValues(float* to, const char* from, std::size_t n, bool stream) {
    std::uint32_t carry = 0;
    std::size_t i = 0;
#if defined(__SSE2__)
    if constexpr (std::endian::native == std::endian::little) {
        if (stream) {
            for (; i < n && (reinterpret_cast<std::uintptr_t>(to + i) & 15); ++i) {
                std::uint32_t bits;
                std::memcpy(&bits, from + 4 * i, 4);
                carry |= nonFiniteCarry(bits);
                std::memcpy(to + i, &bits, 4);
            }
            const __m128i exponent = _mm_set1_epi32(0x7f800000);
            const __m128i one = _mm_set1_epi32(0x00800000);
            __m128i carries = _mm_setzero_si128();
            for (; i + 4 <= n; i += 4) {
                const __m128i bits =
                    _mm_loadu_si128(reinterpret_cast<const __m128i*>(from + 4 * i));
                carries = _mm_or_si128(carries, _mm_add_epi32(_mm_and_si128(bits, exponent), one));
                _mm_stream_ps(to + i, _mm_castsi128_ps(bits));
            }
            if (_mm_movemask_ps(_mm_castsi128_ps(carries)) != 0) carry |= kNonFiniteBit;
        }
    }
#else
    (void)stream;
#endif
    for (; i < n; ++i) {
        std::uint32_t bits;
        std::memcpy(&bits, from + 4 * i, 4);
        if constexpr (std::endian::native == std::endian::big) bits = __builtin_bswap32(bits);
        carry |= nonFiniteCarry(bits);
        std::memcpy(to + i, &bits, 4);
    }
    return !(carry & kNonFiniteBit);
}

/// Makes this thread's streaming stores visible to the others.
void endStreaming() {
#if defined(__SSE2__)
    _mm_sfence();
#endif
}

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
    const bool stream = header.rows * valueBytes >= kStreamBytes;
    std::size_t pos = header.dataStart;
    SourceLocation where = SourceLocation::binary(path, pos, 1);  // reused: no allocation per row
    bool complete = true;
    // Two chunks: the next one's records are found while this one's values are copied.
    std::vector<Record> chunk, following;
    chunk.reserve(kChunkRows);
    following.reserve(kChunkRows);
    std::vector<unsigned char> finite(kChunkRows);
    std::uint64_t scanned = 0;  // records found so far
    const std::size_t chunkRows = std::clamp<std::size_t>(kChunkBytes / valueBytes, 1, kChunkRows);

    // The record from `from` on: where its word starts and the space after it (null when the
    // word runs to the end of the file). The newline after a record is optional, and some writers
    // put it before the next word instead; either way it is not part of a word (nor is the '\r'
    // of a Windows newline).
    const auto locate = [&](std::size_t from) {
        while (from < size && (data[from] == '\n' || data[from] == '\r')) ++from;
        const auto* space =
            from < size ? static_cast<const char*>(std::memchr(data + from, ' ', size - from))
                        : nullptr;
        return std::pair{from, space};
    };

    // Finds up to chunkRows records from `pos` on, one after another (a record starts where the
    // one before ends). A record that is not whole ends the search; it is dealt with on its own,
    // after the rows before it are kept.
    const auto scan = [&](std::vector<Record>& out) {
        out.clear();
        while (out.size() < chunkRows && scanned < header.rows) {
            const auto [at, space] = locate(pos);
            if (!space) break;
            const auto wordEnd = static_cast<std::size_t>(space - data);
            if (size - wordEnd - 1 < valueBytes || std::memchr(data + at, 0, wordEnd - at)) break;
            out.push_back({at, wordEnd, std::string(data + at, wordEnd - at)});
            ++scanned;
            pos = wordEnd + 1 + valueBytes;
            // The record after next starts a word's length past here: ask for it now, so that
            // finding each record does not wait a whole trip to memory.
            if (pos + valueBytes + 64 < size) __builtin_prefetch(data + pos + valueBytes + 1);
        }
    };

    scan(chunk);
    for (std::uint64_t k = 1; k <= header.rows && !builder.full(); chunk.swap(following)) {
        const std::size_t reached = chunk.empty() ? pos : chunk.front().word;
        file.releaseBefore(reached);
        progress.step(static_cast<double>(reached) / static_cast<double>(size));

        if (chunk.empty()) {
            // The record at k is not whole: the file ends, or the word runs into the end, or it
            // holds a NUL. Every case ends the read.
            const auto [at, space] = locate(pos);
            pos = at;
            where.byteOffset = pos;
            where.record = k;
            if (pos == size) {
                reportMissing(builder, options, where, k, header.rows);
                complete = false;
                break;
            }
            const std::size_t wordEnd = space ? static_cast<std::size_t>(space - data) : size;
            const std::string_view word(data + pos, wordEnd - pos);
            if (word.find('\0') != std::string_view::npos)
                // word2vec words are C strings: a NUL means the records no longer line up
                // with the header's dimension, and everything after would be garbage read as
                // data.
                throw Error(where, "the word '" + printable(word) +
                                       "' contains a NUL byte: the records do not line up with "
                                       "the header's dimension " +
                                       std::to_string(header.dims) +
                                       " (wrong header, or not a word2vec binary file)");
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

        // This chunk's values are copied (most of a large load's time) while the next chunk's
        // records are found. Near the end of "first N rows" or of selected rows the chunk may
        // not fit the space reserved: its rows then go one by one.
        const bool placed = builder.room() >= chunk.size();
        float* rows = placed ? builder.placeRows(chunk.size()) : nullptr;
#pragma omp parallel sections num_threads(2) if (stream && placed)
        {
#pragma omp section
            {
                for (std::size_t i = 0; placed && i < chunk.size(); ++i)
                    finite[i] = copyValues(rows + i * header.dims, data + chunk[i].wordEnd + 1,
                                           header.dims, stream);
                endStreaming();
            }
#pragma omp section
            scan(following);
        }

        // The words, in file order.
        for (std::size_t i = 0; i < chunk.size() && !builder.full(); ++i, ++k) {
            where.byteOffset = chunk[i].word;
            where.record = k;
            if (placed) {
                builder.commitPlaced(std::move(chunk[i].text), where, finite[i] != 0);
            } else {
                copyValues(builder.next(), data + chunk[i].wordEnd + 1, header.dims, false);
                builder.commit(std::move(chunk[i].text), where);
            }
        }
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
