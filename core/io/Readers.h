#pragma once
/// The per-format readers behind loadDataset(). Each reports progress, checks cancellation at
/// least every few MB, validates counts against the file size before allocating, and throws
/// Error with path:line[:column] (text) or path@offset, record k (binary).
#include <string>
#include <vector>

#include "../Progress.h"
#include "Dataset.h"

namespace embedscope {

/// word2vec text / fastText .vec (hasHeader) and GloVe (no header). When D is known, the last D
/// tokens are the vector and everything before them (spaces included) is the word.
Dataset readWordVectorsText(const std::string& path, const LoadOptions& options, Progress& progress,
                            bool hasHeader);
/// word2vec binary, memory-mapped.
Dataset readWord2VecBinary(const std::string& path, const LoadOptions& options, Progress& progress);
/// Projector vectors TSV (no labels: rows are named by labelsPath/metadataPath or by number).
Dataset readProjectorTsv(const std::string& path, const LoadOptions& options, Progress& progress);
/// NumPy .npy (2-D float32/float64, either byte order, C or Fortran order).
Dataset readNpy(const std::string& path, const LoadOptions& options, Progress& progress);
/// CSV with a header row; options.labelColumn names the label column.
Dataset readCsv(const std::string& path, const LoadOptions& options, Progress& progress);

/// Projector metadata TSV: one column without header, or several with a header row. A blank line
/// in a one-column file is an empty label. Throws Error with both counts when the row count is not
/// expectedRows (or, when allowMore — the vectors were cut by "first N rows" — fewer than it);
/// extra rows are then dropped.
Metadata readMetadataTsv(const std::string& path, std::size_t expectedRows, bool allowMore = false);
/// One label per line (a blank line is an empty label); same count rules as readMetadataTsv.
std::vector<std::string> readLabelsFile(const std::string& path, std::size_t expectedRows,
                                        bool allowMore = false);

}  // namespace embedscope
