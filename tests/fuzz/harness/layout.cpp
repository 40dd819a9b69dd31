// Saved coordinates (a layout): TSV or CSV with "label, x, y[, z]", RFC 4180 quoting.
#include "FuzzSupport.h"
#include "io/Coordinates.h"

using namespace embedscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzz::writeFile("layout.tsv", data, size);
    fuzz::refusesOnlyWithError([&] { readLayout(path); });
    return 0;
}
