// Workspace files (JSON, schema v1): the one entry point the GUI, the CLI's info and recovery use.
// Beyond "no crash": whatever parses must survive serialize → parse unchanged, so a file the app
// accepts is never silently altered by being opened and saved again.
#include <cstdlib>

#include "FuzzSupport.h"
#include "state/WorkspaceFile.h"

using namespace embedscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::refusesOnlyWithError([&] {
        const WorkspaceFile first = parseWorkspace(fuzz::bytes(data, size), "fuzz.embedscope");
        const WorkspaceFile again = parseWorkspace(serializeWorkspace(first), "fuzz.embedscope");
        if (!(again == first)) std::abort();
    });
    return 0;
}
