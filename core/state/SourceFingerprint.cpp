#include "SourceFingerprint.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <vector>

#include "../Error.h"
#include "../io/AtomicFile.h"

namespace embedscope {

namespace {
std::string hashHead(std::ifstream& in) {
    std::vector<char> buf(SourceFingerprint::kHeadBytes);
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    const auto n = static_cast<std::size_t>(in.gcount());
    // FNV-1a, 64 bit: no dependency, and only to notice change, not to resist an adversary.
    std::uint64_t h = 14695981039346656037ULL;
    for (std::size_t i = 0; i < n; ++i) {
        h ^= static_cast<unsigned char>(buf[i]);
        h *= 1099511628211ULL;
    }
    char hex[40];
    std::snprintf(hex, sizeof hex, "fnv1a64:%016llx", static_cast<unsigned long long>(h));
    return hex;
}
}  // namespace

SourceFingerprint fingerprintFile(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) throw Error(SourceLocation::file(path), "cannot read: " + describeErrno(errno));
    if (!S_ISREG(st.st_mode)) throw Error(SourceLocation::file(path), "not a regular file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(SourceLocation::file(path), "cannot open for reading");
    SourceFingerprint f;
    f.path = path;
    f.size = static_cast<std::uint64_t>(st.st_size);
    f.mtime = static_cast<std::int64_t>(st.st_mtime);
    f.headHash = hashHead(in);
    return f;
}

SourceStatus checkSource(const SourceFingerprint& saved, std::string* why, const std::string& path) {
    const std::string& file = path.empty() ? saved.path : path;
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0 && (errno == ENOENT || errno == ENOTDIR)) {
        if (why) *why = file + " is missing";
        return SourceStatus::Missing;
    }
    SourceFingerprint now;
    try {
        now = fingerprintFile(file);
    } catch (const Error& e) {
        if (why) *why = file + " cannot be read (" + e.message() + ")";
        return SourceStatus::Missing;
    }
    if (now.size != saved.size) {
        if (why) *why = file + " has changed: its size is " + std::to_string(now.size) + " bytes, was " + std::to_string(saved.size);
        return SourceStatus::Changed;
    }
    if (now.headHash != saved.headHash) {
        if (why) *why = file + " has changed: its first MiB differs from when the workspace was saved";
        return SourceStatus::Changed;
    }
    if (why) why->clear();
    return SourceStatus::Unchanged;
}

std::string locateSource(const SourceFingerprint& saved, const std::string& workspacePath) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::exists(saved.path, ec)) return saved.path;
    const fs::path beside = fs::path(workspacePath).parent_path() / fs::path(saved.path).filename();
    if (!beside.empty() && beside.string() != saved.path && checkSource(saved, nullptr, beside.string()) == SourceStatus::Unchanged)
        return beside.string();
    return saved.path;
}

}  // namespace embedscope
