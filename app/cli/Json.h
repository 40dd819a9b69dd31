#pragma once
// The CLI's --json output uses the core's JSON writer (shared with workspace files).
#include "state/JsonWriter.h"

namespace embedscope::cli {
using Json = embedscope::JsonWriter;
}  // namespace embedscope::cli
