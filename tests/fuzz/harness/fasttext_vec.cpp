// A fastText .vec file opened as the app opens any file: the format is sniffed from the bytes
// (the .vec extension only breaks ties), then read by whichever reader the sniffer chose.
#include "FuzzSupport.h"
#include "io/Load.h"

using namespace embedscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzz::writeFile("wiki.en.vec", data, size);
    LoadOptions options;
    options.findMetadata = false;
    options.badRows = BadRowPolicy::SkipAndReport;
    fuzz::refusesOnlyWithError([&] { loadDataset(path, options); });
    return 0;
}
