#pragma once
// What the 2-D and 3-D FFT repulsions share: FFTW buffers, the planner's lock, grid sizes.
#include <fftw3.h>

#include <cstddef>
#include <mutex>

#include "../../Error.h"

namespace embedscope::tsne_detail {

/// Boxes per axis at most in 3-D. The grid's cost grows with the cube of this, Barnes-Hut's not
/// at all: on the compact 100 000-point layout scaled to each extent (`tsne_scale_bench
/// handover`), FFT against Barnes-Hut took 8.4 / 31 ms at 12 units, 15 / 30 at 16, 22 / 31 at
/// 20, 37 / 30 at 24.
inline constexpr int kMaxBoxes3d = 21;

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

/// Lagrange weights of a point at `local` (0 ≤ local < 1 of its box's width) for the box's three
/// nodes at 1/6, 1/2 and 5/6 of it.
inline void lagrangeWeights3(float local, float* w) {
    const float a = local - 1.0f / 6, b = local - 0.5f, c = local - 5.0f / 6;
    // Denominators (1/6−1/2)(1/6−5/6) = 2/9, (1/2−1/6)(1/2−5/6) = −1/9, (5/6−1/6)(5/6−1/2) = 2/9.
    w[0] = 4.5f * b * c;
    w[1] = -9.0f * a * c;
    w[2] = 4.5f * a * b;
}

template <class T>
struct FftwBuffer {
    T* data = nullptr;
    std::size_t size = 0;
    FftwBuffer() = default;
    FftwBuffer(const FftwBuffer&) = delete;
    FftwBuffer& operator=(const FftwBuffer&) = delete;
    /// At least n elements. Never shrinks: a layout's grid steps up and down in size while it
    /// grows, and fresh memory costs a page fault per 4 KiB on first touch.
    void resize(std::size_t n) {
        if (n <= size) return;
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
