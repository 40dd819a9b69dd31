#pragma once
/// Internal to Pca.cpp: passes over the rows of an embedding in parallel, with results that do
/// not depend on the number of threads.
#include "Omp.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <utility>
#include <vector>

#include "../Embedding.h"
#include "../Progress.h"

namespace embedscope::pca_detail {

using Eigen::Index;
using FloatBlock = Eigen::Map<RowMatrixXf>;
/// Rows padded to a whole number of kernel columns (PcaKernels.h).
using PaddedBlock = Eigen::Map<RowMatrixXf, 0, Eigen::OuterStride<>>;

/// Rows transformed and multiplied at a time: their float buffer stays in a core's L2 cache, and
/// float products over this many rows keep a relative error near 1e-6 before they are summed
/// into double.
constexpr Index kSubRows = 512;

/// Rows sampled evenly over the data (at least 4·D of them) for a first look: the centre the
/// solvers' first pass starts from, and the Krylov solver's starting block.
constexpr Index kSampleRows = 16384;
inline Index sampleSize(Index rows, Index dims) {
    return std::min(rows, std::max(kSampleRows, 4 * dims));
}
/// The i-th of m sampled rows out of n.
inline Index sampleRow(Index i, Index m, Index n) {
    return i * n / m;
}

/// Rows per unit of work, a multiple of kSubRows of about 4 MB of floats. Each unit's sums are
/// merged into the totals in row order; the units are the same for any thread count.
inline Index unitRowsFor(Index dims) {
    return kSubRows * std::clamp<Index>((Index(1) << 20) / (kSubRows * dims), 1, 16);
}

/// The map from an input row to the row PCA analyses (see Pca.h): x − centre, or when
/// spherizing (x − centre)/‖x − centre‖ − after (after is empty while it is being computed).
struct RowTransform {
    Eigen::RowVectorXf centre;
    Eigen::RowVectorXf after;
    bool spherize = false;
    /// A power of two the rows are multiplied by before centring (PcaResult::inputScale): exact,
    /// and it keeps float products of huge or tiny values within float's range.
    float scale = 1.0f;
    /// Gram passes may centre inside their products, reading the rows where they lie: only when
    /// the centre is short next to the rows' spread, as float rounding of the uncentred products
    /// grows with their ratio. (Plain centring only; fitPca decides from its sample.)
    bool centreInProducts = false;

    /// What variances of the transformed rows are multiplied by to be those of the input's.
    double varianceFactor() const {
        return spherize ? 1.0 : 1.0 / (static_cast<double>(scale) * static_cast<double>(scale));
    }

    template <class Block>
    void apply(const Embedding& e, Index first, Block out) const {
        // By hand: Eigen does not vectorise a row-wise difference of row-major maps.
        const Index d = out.cols();
        const float* c = centre.data();
        for (Index r = 0; r < out.rows(); ++r) {
            const float* x = e.data() + (first + r) * d;
            float* o = out.data() + r * out.outerStride();
            if (scale == 1.0f) {
#pragma omp simd
                for (Index j = 0; j < d; ++j) o[j] = x[j] - c[j];
            } else {  // both products exact: scale is a power of two
#pragma omp simd
                for (Index j = 0; j < d; ++j) o[j] = x[j] * scale - c[j] * scale;
            }
        }
        if (!spherize) return;
        for (Index r = 0; r < out.rows(); ++r) {
            // The norm in double, so that a row's scale is the same in every pass and projection.
            const double n2 = out.row(r).template cast<double>().squaredNorm();
            out.row(r) *= n2 > 0 ? static_cast<float>(1.0 / std::sqrt(n2)) : 0.0f;
            if (after.size()) out.row(r) -= after;
        }
    }

    /// Calls f(block) for the transformed rows [first, first + count), kSubRows at a time, in
    /// buffer (kSubRows × D floats).
    template <class F>
    void forEachSubBlock(const Embedding& e, Index first, Index count, std::vector<float>& buffer,
                         F&& f) const {
        const auto d = static_cast<Index>(e.dims());
        for (Index s = first; s < first + count; s += kSubRows) {
            FloatBlock b(buffer.data(), std::min(kSubRows, first + count - s), d);
            apply(e, s, b);
            f(b);
        }
    }
};

/// Per-thread buffers of kSubRows transformed rows.
inline std::vector<std::vector<float>> subBlockBuffers(int threads, Index dims) {
    return std::vector<std::vector<float>>(
        static_cast<std::size_t>(threads),
        std::vector<float>(static_cast<std::size_t>(kSubRows * dims)));
}

/// How many units may be computed ahead of the merge: each needs its own slot for its sums.
inline int slotsFor(int threads) {
    return 2 * threads;
}

/// Runs one pass over all rows, a unit at a time, on up to `threads` OpenMP threads. Threads
/// claim units in order as they become free (a thread that gets less CPU time does fewer), up to
/// slotsFor(threads) units ahead of the oldest unfinished one. work(thread, slot, first, count)
/// computes a unit's sums into a slot, using the thread's own scratch; merge(slot, first, count)
/// folds a slot into the totals. Merges run one at a time and in row order, so the totals are
/// the same for any thread count. Thread 0 (the caller's thread) reports progress; every thread
/// stops between units once cancelled, and then this throws Cancelled. Neither callback may throw
/// (an exception cannot leave an OpenMP region).
template <class Work, class Merge>
void runPass(Index rows, Index unit, int threads, Progress& progress, Work&& work, Merge&& merge) {
    const Index units = (rows + unit - 1) / unit;
    const Index slots = slotsFor(threads);
    std::atomic<Index> next{0};
    std::atomic<Index> merged{0};
    std::atomic<bool> stop{false};
    std::mutex mutex;
    std::condition_variable slotFreed;
    std::vector<char> done(static_cast<std::size_t>(slots), 0);
    auto rangeOf = [&](Index u) { return std::pair{u * unit, std::min(unit, rows - u * unit)}; };
#pragma omp parallel num_threads(threads)
    {
        const int t = omp_get_thread_num();
        for (Index u; !stop.load() && (u = next.fetch_add(1)) < units;) {
            const auto slot = static_cast<std::size_t>(u % slots);
            {
                std::unique_lock lock(mutex);
                slotFreed.wait(lock, [&] { return u < merged.load() + slots || stop.load(); });
            }
            if (stop.load()) break;
            const auto [first, count] = rangeOf(u);
            work(t, slot, first, count);
            {
                std::lock_guard lock(mutex);
                done[slot] = 1;
                // Merge every finished unit that is next in row order.
                for (Index m = merged.load(); m < units && done[m % slots]; m = merged.load()) {
                    done[m % slots] = 0;
                    const auto [mFirst, mCount] = rangeOf(m);
                    merge(static_cast<std::size_t>(m % slots), mFirst, mCount);
                    merged.store(m + 1);
                }
            }
            slotFreed.notify_all();
            try {
                if (t == 0)
                    progress.step(static_cast<double>(merged.load()) / static_cast<double>(units));
                else
                    progress.check();
            } catch (const Cancelled&) {
                {
                    std::lock_guard lock(mutex);  // so that no waiter misses the news
                    stop.store(true);
                }
                slotFreed.notify_all();
            }
        }
    }
    if (stop.load()) throw Cancelled();
}

}  // namespace embedscope::pca_detail
