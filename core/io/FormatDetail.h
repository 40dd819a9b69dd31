#pragma once
/// Content checks shared by sniffFormat() and the text reader (which may be called with a format
/// the user forced). Internal to core/io; implemented in Format.cpp.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace embedscope::formatdetail {

/// Bytes of the file start that sniffing looks at.
inline constexpr std::size_t kSniffBytes = std::size_t(64) << 10;

/// A file that is not one Embedscope reads, and what it looks like.
struct Foreign {
    std::string message;     ///< "looks like a gzip archive: decompress it first (gunzip)"
    std::uint64_t line = 0;  ///< 1-based line of the evidence in text files, 0 for "the file"
};

/// Recognises archives, model files, web pages, Git LFS pointers and merge-conflict markers from
/// the first bytes. npyIsForeign: whether a .npy file counts as foreign (for the text reader).
std::optional<Foreign> describeForeign(std::string_view head, bool npyIsForeign);

/// The word2vec header "rows dims" (two integers, possibly negative: the reader names the fault).
struct HeaderLine {
    std::int64_t rows = 0;
    std::int64_t dims = 0;
    std::size_t rowsColumn = 1;  ///< 1-based columns of the two numbers
    std::size_t dimsColumn = 1;
};
/// line: the first line without BOM, '\r' and trailing spaces.
std::optional<HeaderLine> parseHeaderLine(std::string_view line);

/// True when the bytes after a word2vec header hold binary records (raw float32 after
/// "word "). Judged by structure: the first few records (up to rows, when rows >= 0) are a word,
/// a space, exactly 4·dims bytes and an optional '\n', and with complete (afterHeader runs to the
/// end of the file) nothing follows the last one. When the first line also reads as a text row
/// of dims numbers the content is ambiguous and binaryWhenAmbiguous (the extension) decides.
/// Without that structure, binary means: not a text row, and control bytes where the first
/// record's floats would be (a damaged file the binary reader explains better).
/// afterHeader starts after the header's '\n'.
bool looksLikeBinaryRecords(std::string_view afterHeader, std::size_t dims, std::int64_t rows = -1,
                            bool complete = false, bool binaryWhenAmbiguous = false);

/// GloVe's D from the first lines of text (up to ~100 non-blank ones): the most common count of
/// numbers that end a line (ties go to the earliest line), so one odd line cannot set it.
/// nullopt when no line ends in a number.
std::optional<std::size_t> detectGloveDims(std::string_view text);

}  // namespace embedscope::formatdetail
