// CSV with a header row (comma or semicolon, decimal commas), the label column found by the
// reader and named by the user.
#include "FuzzSupport.h"
#include "io/Readers.h"

using namespace embedscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzz::writeFile("table.csv", data, size);
    LoadOptions found;
    found.findMetadata = false;
    fuzz::refusesOnlyWithError([&] { readCsv(path, found, Progress::none()); });
    LoadOptions named = found;
    named.labelColumn = "label";
    named.badRows = BadRowPolicy::SkipAndReport;
    named.maxRows = 3;
    fuzz::refusesOnlyWithError([&] { readCsv(path, named, Progress::none()); });
    return 0;
}
