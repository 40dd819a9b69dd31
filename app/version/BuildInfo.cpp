#include "BuildInfo.h"

#include <fftw3.h>

#include <Eigen/Core>

namespace embedscope {

std::vector<BuildInfo::Library> BuildInfo::coreLibraries() {
    // fftwf_version reads like "fftw-3.3.10-sse2-avx": the version and the SIMD it was built for.
    std::string fftw = fftwf_version;
    if (fftw.rfind("fftw-", 0) == 0) fftw.erase(0, 5);
    return {
        {"Eigen", std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) +
                      "." + std::to_string(EIGEN_MINOR_VERSION)},
        {"hnswlib", EMBEDSCOPE_HNSWLIB_VERSION},
        {"FFTW", fftw},
    };
}

}  // namespace embedscope
