#pragma once
// Shared by the harnesses. The readers take paths (they map or read the file themselves), so a
// harness writes its input to a temporary file with the extension the app would see and calls
// the reader exactly as the app does. Only embedscope::Error is an accepted outcome: any other
// exception, a crash, a sanitizer report or a hang is a finding.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "Error.h"

namespace fuzz {

/// A folder of this process's own, removed when the process ends.
inline const std::filesystem::path& scratchDir() {
    static const std::filesystem::path dir = [] {
        const char* tmp = std::getenv("TMPDIR");
        auto d = std::filesystem::path(tmp && *tmp ? tmp : "/tmp") /
                 ("embedscope-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        std::atexit([] {
            std::error_code ec;
            std::filesystem::remove_all(scratchDir(), ec);
        });
        return d;
    }();
    return dir;
}

/// Writes bytes to scratchDir()/name and returns the path.
inline std::string writeFile(const std::string& name, const void* data, std::size_t size) {
    const std::string path = (scratchDir() / name).string();
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) std::abort();
    if (size > 0 && std::fwrite(data, 1, size, f) != size) std::abort();
    std::fclose(f);
    return path;
}

inline std::string writeFile(const std::string& name, std::string_view bytes) {
    return writeFile(name, bytes.data(), bytes.size());
}

/// Runs f; a thrown embedscope::Error (a message naming the place) is the expected way to refuse.
template <typename F>
void refusesOnlyWithError(F&& f) {
    try {
        f();
    } catch (const embedscope::Error&) {
    }
}

inline std::string_view bytes(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

}  // namespace fuzz
