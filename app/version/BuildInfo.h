#pragma once
// What a program was built from and with: shown by --version, Help › About and the man pages.
#include <string>
#include <vector>

namespace embedscope {

class BuildInfo {
public:
    /// A library the program uses, with the version it reports.
    struct Library {
        std::string name;
        std::string version;
    };

    /// The project's version ("0.1.0").
    static std::string version();
    /// The Git commit built (12 hex digits, more if ambiguous), captured at build time; "unknown"
    /// outside Git.
    static std::string commit();
    /// Eigen and hnswlib (header-only: the versions compiled in) and FFTW (the library loaded).
    static std::vector<Library> coreLibraries();
};

}  // namespace embedscope
