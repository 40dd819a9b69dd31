// NumPy .npy: the header dictionary, then 2-D float32/float64 data in either byte order and
// either memory order.
#include "FuzzSupport.h"
#include "io/Readers.h"

using namespace embedscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzz::writeFile("vectors.npy", data, size);
    LoadOptions strict;
    strict.findMetadata = false;
    fuzz::refusesOnlyWithError([&] { readNpy(path, strict, Progress::none()); });
    LoadOptions lenient = strict;
    lenient.badRows = BadRowPolicy::SkipAndReport;
    lenient.maxRows = 2;
    fuzz::refusesOnlyWithError([&] { readNpy(path, lenient, Progress::none()); });
    return 0;
}
