// word2vec text ("N D" header, then "word v1 ... vD"): rejecting bad rows, and skipping them with
// Latin-1 labels and a row limit, which take other paths through the reader.
#include "FuzzSupport.h"
#include "io/Readers.h"

using namespace embedscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzz::writeFile("vectors.txt", data, size);
    LoadOptions strict;
    strict.findMetadata = false;
    fuzz::refusesOnlyWithError([&] { readWordVectorsText(path, strict, Progress::none(), true); });
    LoadOptions lenient = strict;
    lenient.badRows = BadRowPolicy::SkipAndReport;
    lenient.encoding = Encoding::Latin1;
    lenient.maxRows = 3;
    fuzz::refusesOnlyWithError([&] { readWordVectorsText(path, lenient, Progress::none(), true); });
    return 0;
}
