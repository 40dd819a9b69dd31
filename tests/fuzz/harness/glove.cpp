// GloVe text (no header: the dimension comes from the first row), both bad-row policies.
#include "FuzzSupport.h"
#include "io/Readers.h"

using namespace embedscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzz::writeFile("glove.txt", data, size);
    LoadOptions strict;
    strict.findMetadata = false;
    fuzz::refusesOnlyWithError([&] { readWordVectorsText(path, strict, Progress::none(), false); });
    LoadOptions lenient = strict;
    lenient.badRows = BadRowPolicy::SkipAndReport;
    lenient.encoding = Encoding::Utf8;
    fuzz::refusesOnlyWithError([&] { readWordVectorsText(path, lenient, Progress::none(), false); });
    return 0;
}
