#pragma once
/// The file formats Embedscope reads and writes, and how a file's format is recognised.
#include <optional>
#include <string>
#include <string_view>

#include "../neighbours/Metric.h"

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

/// Word vectors: word2vec text (and fastText .vec) and binary, GloVe.
bool isWordVectorFormat(Format format);
/// The metric a file's vectors are compared with unless the person chooses: cosine for word
/// vectors, whose lengths mostly track word frequency rather than meaning (Schakel & Wilson
/// 2015, "Measuring word significance using distributed representations of words"), euclidean
/// for everything else (image or product embeddings, tables). The CLI and the GUI share it.
Metric defaultMetric(Format format);

/// Decides the format from the first bytes of the file (and the extension only to break ties).
/// Throws Error naming the file and what it looks like (zip, gzip, HTML page, Git LFS pointer,
/// fastText .bin, ...) when it is not a format Embedscope reads.
Format sniffFormat(const std::string& path);

}  // namespace embedscope
