#pragma once
/// What a load produces: the embedding, its metadata, and an account of what was read.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "../Embedding.h"
#include "../Metadata.h"
#include "Format.h"

namespace embedscope {

/// What to do with a row that cannot be used (wrong value count, non-finite value, bad number).
enum class BadRowPolicy { Reject, SkipAndReport };

/// How labels are decoded. Auto keeps UTF-8 byte-exact and falls back to Latin-1 only when the
/// file has invalid UTF-8 labels and no valid multi-byte UTF-8 label at all.
enum class Encoding { Auto, Utf8, Latin1 };

struct LoadOptions {
    std::optional<Format> format;  ///< overrides sniffing
    std::size_t maxRows = 0;       ///< keep only the first N rows (0 = all)
    /// Keep only the N rows with the largest value in a numeric column of the metadata file
    /// (0 = all), chosen before the vectors are read and kept in file order; see TopRows.h.
    /// Takes the place of maxRows. Needs a metadata file with a header row (named or beside).
    std::size_t topRows = 0;
    std::string topByColumn;  ///< the column for topRows; empty = frequency, freq or count
    /// Set by loadDataset() from topRows (callers leave it empty): the data rows readers keep.
    std::vector<std::size_t> keepRows;
    Encoding encoding = Encoding::Auto;
    BadRowPolicy badRows = BadRowPolicy::Reject;
    std::string labelColumn;   ///< CSV, multi-column metadata: the column holding labels
    std::string labelsPath;    ///< .npy, Projector TSV: one label per line (optional)
    std::string metadataPath;  ///< Projector TSV / any format: metadata TSV (optional)
    /// For any format but CSV, when no labels or metadata file is named: use a metadata file beside
    /// the vectors when one is there ("X-metadata.tsv", "X_metadata.tsv", "X.metadata.tsv", or
    /// "metadata.tsv" for "vectors.tsv"), as the Projector's own exports are laid out. Projector
    /// TSV and .npy take their labels from it; a labelled format (word2vec, GloVe) whose beside
    /// file does not fit (row count) loads without it, with a warning saying why.
    bool findMetadata = true;
};

/// The summary every load ends with (../shared/design/bad-inputs.md).
struct LoadSummary {
    std::optional<std::size_t> rowsInHeader;  ///< when the format has a count header
    std::size_t rowsRead = 0;                 ///< rows kept in the embedding
    std::size_t skipped = 0;                  ///< rows dropped as bad (SkipAndReport)
    std::size_t duplicates = 0;               ///< rows dropped because their label came earlier
    std::size_t nonFinite = 0;                ///< rows with nan/inf values (skipped or rejected)
    std::size_t invalidUtf8 = 0;              ///< labels that are not valid UTF-8 (kept byte-exact)
    bool decodedAsLatin1 = false;             ///< labels were converted from Latin-1
    bool truncatedByMaxRows = false;          ///< stopped early because of LoadOptions::maxRows
    std::vector<std::string> problems;        ///< the first few problems, "path:line: message"
    std::vector<std::string> warnings;        ///< header count off by one, etc.

    static constexpr std::size_t kMaxListedProblems = 10;
    void addProblem(std::string text) {
        if (problems.size() < kMaxListedProblems) problems.push_back(std::move(text));
    }
};

struct Dataset {
    std::string path;
    Format format = Format::Word2VecText;
    Embedding embedding;
    Metadata metadata;  ///< empty or one row per embedding row
    LoadSummary summary;
    /// The data row of the file (0-based, blank lines not counted) that each row came from, and
    /// how many data rows the file had (up to where reading stopped): labels and metadata files
    /// describe file rows and are aligned through these when rows were skipped or dropped.
    std::vector<std::size_t> sourceRows;
    std::size_t sourceRowCount = 0;
    /// The options it was opened with, as asked (workspace files reopen it the same way).
    LoadOptions options;
};

}  // namespace embedscope
