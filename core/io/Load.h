#pragma once
/// Loading and saving embeddings in every supported format.
#include <string>

#include "../Progress.h"
#include "Dataset.h"

namespace embedscope {

/// Reads any supported file (format sniffed unless options.format is set), attaches labels and
/// metadata files named in options, and fills the summary. Throws Error with the exact place on
/// bad input, Cancelled when progress was cancelled. Never allocates more than the file can hold.
Dataset loadDataset(const std::string& path, const LoadOptions& options = {},
                    Progress& progress = Progress::none());

/// Writes an embedding. Formats: word2vec text/binary, GloVe text, Projector TSV (vectors only;
/// see writeProjectorMetadata), npy (float32). Throws Error when the file cannot be written.
void saveEmbedding(const Embedding& embedding, const std::string& path, Format format,
                   Progress& progress = Progress::none());

/// Projector metadata TSV: one "label" column without header when metadata is empty, otherwise a
/// header row with "label" followed by the metadata columns.
void writeProjectorMetadata(const Embedding& embedding, const Metadata& metadata,
                            const std::string& path);

}  // namespace embedscope
