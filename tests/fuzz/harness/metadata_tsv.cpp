// Projector metadata TSV (one column without header, or a header row and several columns) and
// the one-label-per-line labels file, asked for as many rows as the input has lines, and for
// half of them with "first N rows" in force.
#include <algorithm>

#include "FuzzSupport.h"
#include "io/Readers.h"

using namespace embedscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzz::writeFile("metadata.tsv", data, size);
    const auto lines = static_cast<std::size_t>(std::count(data, data + size, '\n'));
    for (std::size_t rows : {lines, lines + 1, lines / 2}) {
        fuzz::refusesOnlyWithError([&] { readMetadataTsv(path, rows, rows < lines); });
        fuzz::refusesOnlyWithError([&] { readLabelsFile(path, rows, rows < lines); });
    }
    return 0;
}
