#include "Load.h"

#include <algorithm>
#include <filesystem>
#include <optional>

#include "../Error.h"
#include "EmbeddingBuilder.h"
#include "Readers.h"
#include "TopRows.h"

namespace embedscope {

namespace {

/// The column that names rows: the one the user chose, else "label"/"word"/"name"/"id", else the
/// first column.
std::size_t labelColumnOf(const Metadata& metadata, const std::string& wanted,
                          const std::string& path) {
    if (!wanted.empty()) {
        if (auto c = metadata.findColumn(wanted)) return *c;
        std::string names;
        for (const auto& col : metadata.columns())
            names += (names.empty() ? "'" : ", '") + col.name + "'";
        throw Error(SourceLocation::text(path, 1),
                    "no column named '" + wanted + "'; the columns are " + names);
    }
    for (const char* name : {"label", "word", "name", "id", "Label", "Word", "Name"})
        if (auto c = metadata.findColumn(name)) return *c;
    return 0;
}

/// Replaces the labels, keeping values; the dataset's embedding is rebuilt (index included). The
/// new labels get the encoding rule and the duplicate count the reader applied to its own.
void relabel(Dataset& data, std::vector<std::string> labels, Encoding encoding) {
    LoadSummary& summary = data.summary;
    std::size_t invalid = 0;
    bool anyMultibyteUtf8 = false;
    for (const auto& l : labels) {
        if (!isValidUtf8(l))
            ++invalid;
        else if (!anyMultibyteUtf8)
            anyMultibyteUtf8 = std::any_of(l.begin(), l.end(), [](char c) { return c & 0x80; });
    }
    const bool toLatin1 = encoding == Encoding::Latin1 ||
                          (encoding == Encoding::Auto && invalid > 0 && !anyMultibyteUtf8);
    if (toLatin1) {
        for (auto& l : labels) l = latin1ToUtf8(l);
        invalid = 0;
    }
    summary.invalidUtf8 = invalid;
    summary.decodedAsLatin1 = toLatin1;

    const Embedding& e = data.embedding;
    FloatValues values(e.values().begin(), e.values().end());
    const bool ordered = e.isFrequencyOrdered();
    data.embedding = Embedding(std::move(labels), std::move(values), e.dims());
    data.embedding.setFrequencyOrdered(ordered);

    // Labels from a side file are names: repeats are kept and counted, not dropped.
    auto& w = summary.warnings;
    w.erase(std::remove_if(w.begin(), w.end(),
                           [](const std::string& s) {
                               return s.find(" labels repeat an earlier one") != std::string::npos;
                           }),
            w.end());
    summary.duplicates = data.embedding.duplicateRows().size();
    if (summary.duplicates > 0)
        w.push_back(std::to_string(summary.duplicates) +
                    " labels repeat an earlier one; all rows kept");
}

}  // namespace

/// The metadata file that sits beside an unlabelled vectors file, if any (see findMetadata).
static std::string besideMetadata(const std::string& path) {
    namespace fs = std::filesystem;
    const fs::path p(path);
    const std::string stem = p.stem().string();
    std::vector<std::string> names = {stem + "-metadata.tsv", stem + "_metadata.tsv", stem + ".metadata.tsv"};
    if (stem.size() >= 7 && stem.compare(stem.size() - 7, 7, "vectors") == 0)
        names.push_back(stem.substr(0, stem.size() - 7) + "metadata.tsv");
    std::error_code ec;
    for (const auto& name : names) {
        const fs::path candidate = p.parent_path() / name;
        if (candidate != p && fs::is_regular_file(candidate, ec)) return candidate.string();
    }
    return {};
}

Dataset loadDataset(const std::string& path, const LoadOptions& requested, Progress& progress) {
    const Format format = requested.format ? *requested.format : sniffFormat(path);
    LoadOptions options = requested;
    if (options.findMetadata && options.metadataPath.empty() && options.labelsPath.empty() &&
        format != Format::Csv)
        options.metadataPath = besideMetadata(path);
    // Top N: the rows are chosen from the metadata first; readers keep only those.
    std::optional<TopRows> top;
    if (options.topRows > 0) {
        if (options.metadataPath.empty()) {
            std::string message = "keeping the top " + std::to_string(options.topRows) +
                                  " rows needs a metadata file with a frequency column (none was "
                                  "named or found beside the vectors)";
            if (format != Format::ProjectorTsv && format != Format::Npy && format != Format::Csv)
                message += "; word vector files list the most frequent words first, so the "
                           "first N rows are the top N";
            throw Error(SourceLocation::file(path), message);
        }
        top = selectTopRows(options.metadataPath, options.topByColumn, options.topRows);
        if (top->rows.empty())
            throw Error(SourceLocation::file(options.metadataPath),
                        "has no rows after its header: there are no rows to keep");
        options.maxRows = 0;
        options.keepRows = top->rows;
    }
    Dataset data;
    switch (format) {
        case Format::Word2VecText: data = readWordVectorsText(path, options, progress, true); break;
        case Format::GloveText: data = readWordVectorsText(path, options, progress, false); break;
        case Format::Word2VecBinary: data = readWord2VecBinary(path, options, progress); break;
        case Format::ProjectorTsv: data = readProjectorTsv(path, options, progress); break;
        case Format::Npy: data = readNpy(path, options, progress); break;
        case Format::Csv: data = readCsv(path, options, progress); break;
    }
    data.format = format;
    data.options = requested;

    // Side files describe the file's rows; keep the ones whose vectors were kept.
    const std::size_t fileRows = data.sourceRowCount;
    // A top-N read stops after the last chosen row: the metadata may go on.
    const bool cut = data.summary.truncatedByMaxRows || (top && fileRows < top->metadataRows);
    if (top) {
        if (fileRows <= top->rows.back())
            throw Error(SourceLocation::file(options.metadataPath),
                        "has " + std::to_string(top->metadataRows) + " rows but the vectors file " +
                            "has only " + std::to_string(fileRows) +
                            "; every vector needs exactly one");
        data.summary.warnings.push_back(
            "kept the " + std::to_string(top->rows.size()) + " rows with the largest '" +
            top->column + "' in " + options.metadataPath + " (of " +
            std::to_string(top->metadataRows) + "), in file order");
    }
    if (options.metadataPath != requested.metadataPath)
        data.summary.warnings.push_back("metadata read from " + options.metadataPath + " (found beside the vectors)");
    if (!options.labelsPath.empty()) {
        auto labels = readLabelsFile(options.labelsPath, fileRows, cut);
        std::vector<std::string> kept;
        kept.reserve(data.sourceRows.size());
        for (std::size_t r : data.sourceRows) kept.push_back(std::move(labels[r]));
        relabel(data, std::move(kept), options.encoding);
    }
    if (!options.metadataPath.empty()) {
        Metadata meta;
        try {
            meta = readMetadataTsv(options.metadataPath, fileRows, cut).subset(data.sourceRows);
        } catch (const Error& e) {
            // A labelled file does not need the metadata found beside it: say why it was left out.
            const bool labelled = format != Format::ProjectorTsv && format != Format::Npy;
            if (!labelled || options.metadataPath == requested.metadataPath) throw;
            data.summary.warnings.back() = std::string("metadata beside the vectors not used: ") + e.what();
            return data;
        }
        // A vectors file without labels of its own takes them from the metadata.
        const bool unlabelled = format == Format::ProjectorTsv || format == Format::Npy;
        if (unlabelled && options.labelsPath.empty() && meta.columnCount() > 0) {
            const auto& col =
                meta.column(labelColumnOf(meta, options.labelColumn, options.metadataPath));
            relabel(data, col.cells, options.encoding);
        }
        data.metadata = std::move(meta);
    }
    return data;
}

}  // namespace embedscope
