// Projector vectors TSV with its metadata TSV, loaded together as the app does (labels from the
// metadata, rows aligned when bad rows are skipped). The input is the vectors file; a form feed
// byte, if there is one, splits it into vectors (before) and metadata (after).
#include "FuzzSupport.h"
#include "io/Load.h"

using namespace embedscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input = fuzz::bytes(data, size);
    const std::size_t split = input.find('\f');
    LoadOptions options;
    options.format = Format::ProjectorTsv;
    options.findMetadata = false;
    const std::string path = fuzz::writeFile("vectors.tsv", input.substr(0, split));
    if (split != std::string_view::npos)
        options.metadataPath = fuzz::writeFile("metadata.tsv", input.substr(split + 1));
    fuzz::refusesOnlyWithError([&] { loadDataset(path, options); });
    options.badRows = BadRowPolicy::SkipAndReport;
    options.maxRows = 3;
    fuzz::refusesOnlyWithError([&] { loadDataset(path, options); });
    return 0;
}
