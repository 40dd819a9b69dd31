#pragma once
/// What a workspace remembers of its data file, to tell later whether the file is still there
/// and still the same: its path, size, modification time and a hash of its first MiB (hashing
/// all of a multi-GB file would make saving slow; a changed file almost always changes its size
/// or its head, since text formats start with a count header or the most frequent words).
#include <cstdint>
#include <string>

namespace embedscope {

struct SourceFingerprint {
    std::string path;           ///< absolute
    std::uint64_t size = 0;     ///< bytes
    std::int64_t mtime = 0;     ///< seconds since the Unix epoch
    std::string headHash;       ///< "fnv1a64:<16 hex digits>" of the first kHeadBytes bytes
    bool operator==(const SourceFingerprint&) const = default;

    static constexpr std::uint64_t kHeadBytes = 1 << 20;
};

/// Reads path's size, time and head. Throws Error naming the path when it cannot be read.
SourceFingerprint fingerprintFile(const std::string& path);

enum class SourceStatus { Unchanged, Missing, Changed };

/// Compares the file at path (default: saved.path) with what was saved. *why gets a sentence for
/// Missing and Changed ("its size is 1,204 bytes, was 1,180"); a file whose only difference is its
/// time (copied, touched) counts as unchanged.
SourceStatus checkSource(const SourceFingerprint& saved, std::string* why = nullptr, const std::string& path = {});

/// Where the data file is now: its saved path when a file is there, else a file of the same name
/// beside the workspace file when that one is unchanged (a workspace shared with its data in one
/// folder), else the saved path.
std::string locateSource(const SourceFingerprint& saved, const std::string& workspacePath);

}  // namespace embedscope
