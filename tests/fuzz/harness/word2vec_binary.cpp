// word2vec binary ("N D\n", then "word " and D little-endian float32 per record).
#include "FuzzSupport.h"
#include "io/Readers.h"

using namespace embedscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzz::writeFile("vectors.bin", data, size);
    LoadOptions strict;
    strict.findMetadata = false;
    fuzz::refusesOnlyWithError([&] { readWord2VecBinary(path, strict, Progress::none()); });
    LoadOptions lenient = strict;
    lenient.badRows = BadRowPolicy::SkipAndReport;
    lenient.maxRows = 2;
    fuzz::refusesOnlyWithError([&] { readWord2VecBinary(path, lenient, Progress::none()); });
    return 0;
}
