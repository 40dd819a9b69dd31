#pragma once
// What the 2-D and 3-D FFT repulsions share: FFTW buffers, the planner's lock, grid sizes.
#include <fftw3.h>

#include <cstddef>
#include <mutex>

#include "../../Error.h"

namespace embedscope::tsne_detail {

/// Boxes per axis at most in 3-D: FFTs of (2·3·24)³ = 3 million points, about 150 MB of grids and
/// spectra; the grid's cost grows with the cube of this.
inline constexpr int kMaxBoxes3d = 24;

/// FFTW's planner is not thread-safe (executing plans is): every planner call takes this lock.
inline std::mutex& plannerLock() {
    static std::mutex lock;
    return lock;
}

/// The smallest count ≥ b whose FFT size 2·p·count has only the factors 2, 3, 5, 7 (fast sizes).
inline int fastBoxCount(int b) {
    for (;; ++b) {
        int r = b;
        for (int f : {2, 3, 5, 7})
            while (r % f == 0) r /= f;
        if (r == 1) return b;
    }
}

template <class T>
struct FftwBuffer {
    T* data = nullptr;
    std::size_t size = 0;
    FftwBuffer() = default;
    FftwBuffer(const FftwBuffer&) = delete;
    FftwBuffer& operator=(const FftwBuffer&) = delete;
    void resize(std::size_t n) {
        if (n == size) return;
        fftwf_free(data);
        data = nullptr;
        size = 0;
        data = static_cast<T*>(fftwf_malloc(sizeof(T) * n));
        if (!data) throw Error("out of memory for the FFT grid");
        size = n;
    }
    ~FftwBuffer() { fftwf_free(data); }
};

}  // namespace embedscope::tsne_detail
