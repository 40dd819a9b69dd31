#pragma once
// `embedscope-cli info` on a workspace file (WorkspaceInfo.cpp): what it holds and whether its
// data file is still there and unchanged.
#include <string>

#include "Args.h"

namespace embedscope::cli {

/// Whether path's first bytes are those of a workspace file (false when it cannot be read).
bool isWorkspaceFile(const std::string& path);
/// Prints the description (text, or JSON with --json); 0. Throws Error for a damaged file.
int describeWorkspace(const Args& args);

}  // namespace embedscope::cli
