#pragma once
/// The file formats Embedscope reads and writes, and how a file's format is recognised.
#include <optional>
#include <string>
#include <string_view>

namespace embedscope {

enum class Format {
    Word2VecText,    ///< "N D" header line, then "word v1 ... vD" per line (also fastText .vec)
    Word2VecBinary,  ///< "N D\n" header, then "word " + D little-endian float32 per record
    GloveText,       ///< like word2vec text without the header line
    ProjectorTsv,    ///< TensorFlow Embedding Projector: tab-separated numbers, labels in metadata
    Npy,             ///< NumPy .npy, 2-D float32/float64
    Csv              ///< comma- or semicolon-separated table with a header row
};

/// Stable names used by the CLI and in JSON ("word2vec-text", "glove", ...).
std::string_view formatName(Format format);
/// Accepts the names above plus "w2v", "fasttext" (= word2vec text), "bin", "txt" aliases.
std::optional<Format> parseFormatName(std::string_view name);
/// The format a path's extension suggests (".bin" binary, ".npy", ".csv", ".tsv", ".vec", ...).
std::optional<Format> formatFromExtension(const std::string& path);

/// Decides the format from the first bytes of the file (and the extension only to break ties).
/// Throws Error naming the file and what it looks like (zip, gzip, HTML page, Git LFS pointer,
/// fastText .bin, ...) when it is not a format Embedscope reads.
Format sniffFormat(const std::string& path);

}  // namespace embedscope
