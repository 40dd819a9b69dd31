#pragma once
// Internal to the core (not installed API): the pieces of k-means that KMeans.cpp,
// KMeansSeeding.cpp and KMeansLloyd.cpp share.
#include "Omp.h"

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

#include "../Embedding.h"
#include "../Progress.h"
#include "KMeans.h"

namespace embedscope::detail {

/// The rows k-means works on: row i starts at base + i·stride (the input, or its unit rows).
struct KMeansData {
    const float* base = nullptr;
    std::size_t rows = 0, dims = 0, stride = 0;
    const float* row(std::size_t i) const { return base + i * stride; }
};

/// Rows per chunk of every parallel loop; partial sums are kept per chunk and added in chunk
/// order, so no sum depends on how the chunks were shared among threads.
inline constexpr std::size_t kChunkRows = 1024;

inline std::size_t chunkCount(std::size_t rows) {
    return (rows + kChunkRows - 1) / kChunkRows;
}

/// Below this many cheap per-row steps a loop runs on one thread: a parallel region's barrier
/// costs more than the work, and a busy machine makes the waiting threads spin.
inline constexpr std::size_t kParallelRows = std::size_t(1) << 15;

/// Eight floats, added lane by lane (Eigen maps them onto one AVX register).
using Lanes = Eigen::Array<float, 8, 1>;

/// ‖a − b‖² in float with eight interleaved accumulators added in a fixed order: the value does
/// not depend on the thread or on memory alignment (no reduction is left to the compiler).
inline float squaredDistance(const float* a, const float* b, std::size_t n) {
    Lanes acc = Lanes::Zero();
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8)
        acc += (Eigen::Map<const Lanes>(a + i) - Eigen::Map<const Lanes>(b + i)).square();
    float tail = 0;
    for (; i < n; ++i) {
        const float d = a[i] - b[i];
        tail += d * d;
    }
    return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7])) + tail;
}

/// out[j] = ‖x − column j‖² for the columns of a D × width matrix (width a multiple of 8),
/// in a fixed order. Four groups of eight columns at a time keep their sums in registers.
inline void squaredDistancesToColumns(const float* x, const float* columns, std::size_t dims,
                                      std::size_t width, float* out) {
    using Map = Eigen::Map<const Lanes>;
    std::size_t g = 0;
    for (; g + 32 <= width; g += 32) {
        Lanes a0 = Lanes::Zero(), a1 = Lanes::Zero(), a2 = Lanes::Zero(), a3 = Lanes::Zero();
        for (std::size_t q = 0; q < dims; ++q) {
            const float* c = columns + q * width + g;
            const float xq = x[q];
            a0 += (xq - Map(c)).square();
            a1 += (xq - Map(c + 8)).square();
            a2 += (xq - Map(c + 16)).square();
            a3 += (xq - Map(c + 24)).square();
        }
        Eigen::Map<Lanes>(out + g) = a0;
        Eigen::Map<Lanes>(out + g + 8) = a1;
        Eigen::Map<Lanes>(out + g + 16) = a2;
        Eigen::Map<Lanes>(out + g + 24) = a3;
    }
    // One group alone: four sums over every fourth dimension, so that the additions overlap.
    for (; g < width; g += 8) {
        Lanes a0 = Lanes::Zero(), a1 = Lanes::Zero(), a2 = Lanes::Zero(), a3 = Lanes::Zero();
        const float* c = columns + g;
        std::size_t q = 0;
        for (; q + 4 <= dims; q += 4) {
            a0 += (x[q] - Map(c + q * width)).square();
            a1 += (x[q + 1] - Map(c + (q + 1) * width)).square();
            a2 += (x[q + 2] - Map(c + (q + 2) * width)).square();
            a3 += (x[q + 3] - Map(c + (q + 3) * width)).square();
        }
        for (; q < dims; ++q) a0 += (x[q] - Map(c + q * width)).square();
        Eigen::Map<Lanes>(out + g) = (a0 + a1) + (a2 + a3);
    }
}

/// A uniform double in [0, 1) from 53 random bits (std::uniform_real_distribution's algorithm
/// is unspecified; results must not depend on the standard library).
inline double uniform01(std::mt19937_64& rng) {
    return double(rng() >> 11) * 0x1p-53;
}

/// Maps a part of the work onto [base, base + span] of the current progress stage.
struct ProgressSpan {
    Progress& progress;
    double base = 0, span = 1;
    void step(double fraction) const {
        progress.step(base + span * std::clamp(fraction, 0.0, 1.0));
    }
};

/// True on the thread whose every enclosing OpenMP team counts it as thread 0: the one that may
/// report progress (Progress::step is not thread-safe), also when runs go on in parallel.
inline bool reportingThread() {
    for (int level = omp_get_level(); level > 0; --level)
        if (omp_get_ancestor_thread_num(level) != 0) return false;
    return true;
}

/// Runs body(chunk, begin, end) for the chunks of [0, rows) (chunkRows each: every sum over
/// rows keeps its partial sums per chunk of kChunkRows) on the OpenMP threads (from
/// parallelRows rows on). body must
/// not throw. The reporting thread reports progress; once cancelled every thread skips its
/// remaining chunks and Cancelled is thrown after the loop.
template <class Body>
void forChunks(std::size_t rows, const ProgressSpan& progress, Body&& body,
               std::size_t chunkRows = kChunkRows, std::size_t parallelRows = kParallelRows) {
    const std::size_t chunks = (rows + chunkRows - 1) / chunkRows;
    std::atomic<bool> stop{false};
    std::atomic<std::size_t> done{0};
#pragma omp parallel for schedule(dynamic, 1) if (rows >= parallelRows)
    for (std::size_t c = 0; c < chunks; ++c) {
        if (stop.load(std::memory_order_relaxed)) continue;
        body(c, c * chunkRows, std::min(rows, (c + 1) * chunkRows));
        const std::size_t finished = ++done;
        if (progress.progress.isCancelled()) stop = true;
        if (!stop && reportingThread()) {
            // step() throws once cancelled; an exception must not leave the parallel region.
            try {
                progress.step(double(finished) / double(chunks));
            } catch (const Cancelled&) {
                stop = true;
            }
        }
    }
    progress.progress.check();
}

/// The starting centres of one run: greedy k-means++ (KMeansSeeding.cpp).
RowMatrixXf seedKMeansPlusPlus(const KMeansData& data, std::size_t k, std::mt19937_64& rng,
                               const ProgressSpan& progress);

/// One run of Lloyd's iterations with Hamerly's bounds (KMeansLloyd.cpp).
struct LloydRun {
    std::vector<std::uint32_t> assignment;
    RowMatrixXf centres;
    std::vector<double> squaredDistance;  ///< per row, to its centre, in double
    double inertia = 0;                   ///< Σ squaredDistance
    std::size_t iterations = 0;
    bool converged = false;
    double distances = 0;  ///< point-centre distances computed in the iterations
};

struct LloydSettings {
    std::size_t maxIterations = 300;
    double tolerance = 0;  ///< absolute: on Σ_j ‖c_j − c_j'‖²
    bool spherical = false;
    /// Which bounds skip distances: Hamerly's (one lower bound per row), Yinyang's (one per
    /// group of about ten centres, Ding et al. 2015), or none (every distance, every iteration).
    enum class Bounds { None, Hamerly, Yinyang } bounds = Bounds::Hamerly;
};

LloydRun runLloyd(const KMeansData& data, RowMatrixXf centres, const LloydSettings& settings,
                  const ProgressSpan& progress);

/// runKMeans reporting onto a part of the caller's stage (KMeans.cpp).
KMeansResult kMeans(Eigen::Ref<const RowMatrixXf> points, const KMeansOptions& options,
                    const ProgressSpan& progress);

/// Throws Error naming the first (1-based) row with a NaN or infinity, or a zero row under
/// cosine (KMeans.cpp).
void checkRows(const KMeansData& data, Metric metric);

}  // namespace embedscope::detail
