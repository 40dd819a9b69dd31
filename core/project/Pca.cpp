#include "Pca.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>

#include "../Error.h"
#include "PcaKernels.h"
#include "PcaPasses.h"
#include "PcaSolvers.h"

namespace embedscope {
namespace {

using namespace pca_detail;
using Eigen::MatrixXd;
using Eigen::VectorXd;

int maxThreads() {
    return std::max(1, omp_get_max_threads());
}

struct InputStats {
    VectorXd mean;        // column means, summed in double
    float largest = 0.0f;  // the largest |value|
};

/// Column mean and largest magnitude of the input in one pass; throws Error naming the first row
/// with a NaN or infinity.
InputStats inputStats(const Embedding& e, Progress& progress) {
    progress.setStage("PCA: mean");
    const Index n = static_cast<Index>(e.rows()), d = static_cast<Index>(e.dims());
    const int threads = maxThreads();
    std::vector<VectorXd> partial(static_cast<std::size_t>(slotsFor(threads)), VectorXd(d));
    std::vector<std::uint32_t> partialLargest(partial.size());
    VectorXd sum = VectorXd::Zero(d);
    std::uint32_t largest = 0;
    Index firstBad = -1;
    runPass(
        n, unitRowsFor(d), threads, progress,
        [&](int, std::size_t slot, Index first, Index count) {
            double* s = partial[slot].data();
            std::fill(s, s + d, 0.0);
            // The magnitude as the bits of |x|: integers compare as the floats do, and a maximum
            // of integers vectorises (NaN and infinity have the largest bits, caught below).
            std::uint32_t top = 0;
            for (const float* x = e.data() + first * d; x != e.data() + (first + count) * d;
                 x += d) {
#pragma omp simd
                for (Index j = 0; j < d; ++j) s[j] += x[j];
#pragma omp simd reduction(max : top)
                for (Index j = 0; j < d; ++j)
                    top = std::max(top, std::bit_cast<std::uint32_t>(x[j]) & 0x7fffffffu);
            }
            partialLargest[slot] = top;
        },
        [&](std::size_t slot, Index first, Index count) {
            // A NaN or infinity anywhere in the unit makes its column sum non-finite (finite
            // floats cannot overflow a double sum); only then look for the row.
            if (firstBad < 0 && !partial[slot].allFinite()) {
                for (Index r = first; r < first + count && firstBad < 0; ++r)
                    if (!e.matrix().row(r).allFinite()) firstBad = r;
            }
            sum += partial[slot];
            largest = std::max(largest, partialLargest[slot]);
        });
    if (firstBad >= 0)
        throw Error("row " + std::to_string(firstBad + 1) + " has a non-finite value");
    return {sum / static_cast<double>(n), std::bit_cast<float>(largest)};
}

/// 1 for values of ordinary size; otherwise the power of two that brings the largest |value| into
/// [1, 2), so that squares of values near 1e20 (or 1e-20) neither overflow nor underflow float.
/// (Into [0.5, 1) would need 2^-128 for 3e38, a subnormal whose inverse overflows.)
float inputScaleOf(float largest) {
    if (largest == 0.0f || (largest <= 0x1p32f && largest >= 0x1p-32f)) return 1.0f;
    int exponent = 0;
    std::frexp(largest, &exponent);
    return std::ldexp(1.0f, 1 - exponent);
}

/// What the sampled rows (PcaPasses.h) show, when they are finite and of ordinary size: their
/// mean, a centre for the solvers, whose first pass measures the exact mean on the way
/// (Eigenpairs::shift), so the data needs no pass of its own for it; and whether that centre is
/// short enough next to the rows' spread for the passes to centre inside their products.
struct SampleCentre {
    VectorXd mean;
    bool centreIsShort = false;
};
std::optional<SampleCentre> sampleCentre(const Embedding& e) {
    const Index n = static_cast<Index>(e.rows()), d = static_cast<Index>(e.dims());
    const Index m = sampleSize(n, d);
    // Fixed chunks, added in order: the same centre for any number of threads.
    constexpr Index kChunk = 2048;
    const Index chunks = (m + kChunk - 1) / kChunk;
    std::vector<VectorXd> sums(static_cast<std::size_t>(chunks));
    std::vector<double> squares(sums.size(), 0.0);
    std::vector<float> largest(sums.size(), 0.0f);
    std::vector<char> finite(sums.size(), 1);
#pragma omp parallel for schedule(dynamic)
    for (Index c = 0; c < chunks; ++c) {
        const auto i = static_cast<std::size_t>(c);
        sums[i] = VectorXd::Zero(d);
        for (Index s = c * kChunk; s < std::min(m, (c + 1) * kChunk); ++s) {
            const auto row = e.matrix().row(sampleRow(s, m, n));
            if (!row.allFinite()) {
                finite[i] = 0;
                break;
            }
            const Eigen::RowVectorXd x = row.cast<double>();
            sums[i] += x.transpose();
            squares[i] += x.squaredNorm();
            largest[i] = std::max(largest[i], row.cwiseAbs().maxCoeff());
        }
    }
    VectorXd sum = VectorXd::Zero(d);
    double sumSquares = 0;
    for (std::size_t i = 0; i < sums.size(); ++i) {
        if (!finite[i] || inputScaleOf(largest[i]) != 1.0f) return std::nullopt;
        sum += sums[i];
        sumSquares += squares[i];
    }
    SampleCentre out;
    out.mean = sum / static_cast<double>(m);
    const double spread = sumSquares / static_cast<double>(m) - out.mean.squaredNorm();
    // ‖centre‖ ≤ the rows' RMS distance from it: uncentred float products then lose at most a
    // few bits more than centred ones.
    out.centreIsShort = out.mean.squaredNorm() <= spread;
    return out;
}

/// Mean of the centred, unit-normalised rows (the spherize step's ν).
VectorXd spherizedMean(const Embedding& e, const RowTransform& tr, Progress& progress) {
    progress.setStage("PCA: spherize");
    const Index n = static_cast<Index>(e.rows()), d = static_cast<Index>(e.dims());
    const int threads = maxThreads();
    auto buffers = subBlockBuffers(threads, d);
    std::vector<VectorXd> partial(static_cast<std::size_t>(slotsFor(threads)), VectorXd(d));
    VectorXd sum = VectorXd::Zero(d);
    runPass(
        n, unitRowsFor(d), threads, progress,
        [&](int t, std::size_t slot, Index first, Index count) {
            VectorXd& p = partial[slot];
            p.setZero();
            tr.forEachSubBlock(e, first, count, buffers[t], [&](const FloatBlock& b) {
                for (Index r = 0; r < b.rows(); ++r) p += b.row(r).cast<double>().transpose();
            });
        },
        [&](std::size_t slot, Index, Index) { sum += partial[slot]; });
    return sum / static_cast<double>(n);
}

/// What PcaSolver::Auto runs: the solver, and for Krylov the most passes it may make before
/// the exact solver would have been cheaper (it falls back to Exact then).
struct AutoPlan {
    PcaSolver solver = PcaSolver::Exact;
    int krylovPasses = 0;
};

/// The cost model behind Auto, in float multiply-adds per value of the input, calibrated on a
/// 2-core AVX2 machine (tests/benchmarks/scale_bench.py): a pass that reads the rows costs ~kRead
/// besides its arithmetic (the centring; the memory reads overlap the arithmetic); a Krylov pass
/// multiplies each row twice by l columns at the vector units' rate; the exact solver's
/// covariance is D/2 multiply-adds per value at that rate times kSyrkRate, plus an
/// eigen-decomposition of ~30·D³, growing to ~90·D³ at D = 1536 as the matrix outgrows the
/// caches. Beyond D = 4096 the covariance (8·D² bytes, several copies) rules the exact solver out
/// and the randomized solver stands in. (1 M × 300: a Krylov pass of 16 columns 0.17–0.21 s, the
/// covariance 0.85–0.93 s.)
constexpr double kRead = 2;
constexpr double kSyrkRate = 1;
/// With room for fewer passes Auto does not try Krylov: a sampled start converges in 3 passes at
/// best on real data (datagen's 1 M × 300, with a gap after 10 leading directions).
constexpr int kMinKrylovPasses = 3;

AutoPlan autoPlan(Index n, Index d, Index k, int iterations) {
    const double rows = static_cast<double>(n), dims = static_cast<double>(d);
    if (rows * dims <= 1e6) return {};
    if (d > 4096) {
        if (k + kOversampling >= d) return {};
        (void)iterations;
        return {PcaSolver::Randomized};
    }
    const Index l = krylovBlock(k);
    if (l >= d) return {};
    const double pass = rows * dims * (2.0 * static_cast<double>(l) + kRead);
    const double eigen = 30 * dims * dims * dims * std::max(1.0, dims / 512);
    const double exact = rows * dims * (kSyrkRate * dims / 2 + kRead) + eigen;
    const double budget = std::floor(exact / pass);
    if (budget < kMinKrylovPasses) return {};
    return {PcaSolver::Krylov, static_cast<int>(std::min(budget, 1000.0))};
}

RowTransform transformOf(const PcaResult& r) {
    if (!r.spherized) return {r.mean.transpose(), {}, false, r.inputScale};
    return {r.inputMean.transpose(), r.mean.transpose(), true, r.inputScale};
}

}  // namespace

PcaResult fitPca(const Embedding& embedding, const PcaOptions& options, Progress& progress) {
    const std::size_t n = embedding.rows(), d = embedding.dims();
    if (n < 2) throw Error("PCA needs at least 2 rows, got " + std::to_string(n));
    if (d == 0) throw Error("PCA needs vectors of at least 1 dimension");
    if (options.components == 0) throw Error("PCA needs at least 1 component");
    if (options.components > std::min(n, d))
        throw Error("PCA cannot compute " + std::to_string(options.components) +
                    " components from " + std::to_string(n) + " rows of dimension " +
                    std::to_string(d) + " (at most " + std::to_string(std::min(n, d)) + ")");
    if (options.powerIterations < 0) throw Error("PCA power iterations must not be negative");
    if (options.krylovPasses < 1) throw Error("PCA Krylov passes must be at least 1");

    const Index rows = static_cast<Index>(n), dims = static_cast<Index>(d);
    const Index k = static_cast<Index>(options.components);

    PcaResult result;
    result.spherized = options.spherize;
    // Spherizing needs the exact mean before any row can be normalised.
    std::optional<SampleCentre> centre;
    if (!options.spherize) centre = sampleCentre(embedding);
    auto measureInput = [&] {
        const InputStats stats = inputStats(embedding, progress);
        result.inputMean = stats.mean.cast<float>();
        result.mean = result.inputMean;
        result.inputScale = inputScaleOf(stats.largest);
        if (options.spherize) {
            const RowTransform unit{result.inputMean.transpose(), {}, true, result.inputScale};
            result.mean = spherizedMean(embedding, unit, progress).cast<float>();
        }
    };
    if (centre) {
        result.inputMean = centre->mean.cast<float>();
        result.mean = result.inputMean;
    } else {
        measureInput();
    }

    PcaSolver solver = options.solver;
    int krylovPasses = options.krylovPasses;
    if (solver == PcaSolver::Auto) {
        const AutoPlan plan = autoPlan(rows, dims, k, options.powerIterations);
        solver = plan.solver;
        krylovPasses = plan.krylovPasses;
    }
    const int threads = maxThreads();
    auto solve = [&](const RowTransform& tr, PcaSolver chosen) {
        Eigenpairs pairs;
        switch (chosen) {
            case PcaSolver::Randomized:
                pairs = randomizedSolve(embedding, tr, k, options.powerIterations, options.seed,
                                        threads, progress);
                break;
            case PcaSolver::Krylov: {
                const SampleSpectrum sample =
                    sampleSpectrum(embedding, tr, startDirections(k), options.seed);
                const bool automatic = options.solver == PcaSolver::Auto;
                // A spectrum with no gap after the k-th value would not converge in the passes
                // Auto allows: the covariance costs less then.
                if (automatic && sample.values.size() > 0 &&
                    expectedKrylovPasses(sample, k) > krylovPasses) {
                    chosen = PcaSolver::Exact;
                    pairs = exactSolve(embedding, tr, k, threads, progress);
                    break;
                }
                pairs = krylovSolve(embedding, tr, k, krylovPasses, options.seed, threads, progress,
                                    sample, automatic);
                break;
            }
            default:
                chosen = PcaSolver::Exact;
                pairs = exactSolve(embedding, tr, k, threads, progress);
        }
        if (options.solver == PcaSolver::Auto && !pairs.converged) {
            // The spectrum decays too slowly for the passes the exact solver's cost allows.
            const int spent = pairs.passes;
            chosen = PcaSolver::Exact;
            pairs = exactSolve(embedding, tr, k, threads, progress);
            pairs.passes += spent;
        }
        return std::pair{pairs, chosen};
    };
    RowTransform tr = transformOf(result);
    tr.centreInProducts = centre && centre->centreIsShort;
    Eigenpairs pairs;
    try {
        std::tie(pairs, solver) = solve(tr, solver);
    } catch (const NotFinite&) {
        // Sums that the measured input cannot produce: a bug, not the data's fault.
        if (!centre) throw Error("PCA: sums over the rows overflowed");
        // A NaN or infinity the sample missed (inputStats names its row), or values beyond the
        // sample's that need scaling: measure the input after all.
        centre.reset();
        measureInput();
        tr = transformOf(result);
        std::tie(pairs, solver) = solve(tr, solver);
    }
    // The solver centred on the rows' exact mean: the transform's centre plus its shift.
    if (result.spherized) {
        result.mean += pairs.shift.cast<float>();
    } else {
        result.mean = (tr.centre.transpose().cast<double>() +
                       pairs.shift / static_cast<double>(result.inputScale))
                          .cast<float>();
        result.inputMean = result.mean;
    }
    result.solverUsed = solver;
    result.solverPasses = pairs.passes;
    result.converged = pairs.converged;

    result.totalVariance = pairs.total;
    result.components.resize(k, dims);
    for (Index i = 0; i < k; ++i) {
        Eigen::Index top = 0;
        pairs.vectors.col(i).cwiseAbs().maxCoeff(&top);  // the first largest on a tie
        const double sign = pairs.vectors(top, i) < 0 ? -1.0 : 1.0;
        result.components.row(i) = (sign * pairs.vectors.col(i)).transpose().cast<float>();
        result.explainedVariance.push_back(pairs.values[i]);
        result.explainedVarianceRatio.push_back(pairs.total > 0 ? pairs.values[i] / pairs.total
                                                                : 0);
    }
    progress.step(1.0);
    return result;
}

RowMatrixXf PcaResult::project(const Embedding& embedding,
                               const std::vector<std::size_t>& axes) const {
    const Index dims = static_cast<Index>(embedding.dims());
    if (dims != mean.size())
        throw Error("cannot project vectors of dimension " + std::to_string(dims) +
                    " with a PCA fitted on dimension " + std::to_string(mean.size()));
    RowMatrixXf chosen(static_cast<Index>(axes.size()), dims);
    for (std::size_t i = 0; i < axes.size(); ++i) {
        if (axes[i] >= static_cast<std::size_t>(components.rows()))
            throw Error("PCA component " + std::to_string(axes[i] + 1) + " was not computed (" +
                        std::to_string(components.rows()) + " were)");
        chosen.row(static_cast<Index>(i)) = components.row(static_cast<Index>(axes[i]));
    }
    const Index rows = static_cast<Index>(embedding.rows());
    const Index blocks = (rows + kSubRows - 1) / kSubRows;
    const Index count = chosen.rows();
    const RowTransform tr = transformOf(*this);
    // Plain centring happens inside the dot products; spherizing (or scaling) first transforms
    // the rows into a buffer and centres those on zero.
    const bool plain = !spherized && inputScale == 1.0f;
    const Eigen::RowVectorXf zero = Eigen::RowVectorXf::Zero(dims);
    auto buffers = subBlockBuffers(plain ? 0 : maxThreads(), dims);
    RowMatrixXf out(rows, count);
    const float unscale = spherized ? 1.0f : 1.0f / inputScale;
#pragma omp parallel for schedule(dynamic)
    for (Index b = 0; b < blocks; ++b) {
        const Index first = b * kSubRows, here = std::min(kSubRows, rows - first);
        float* o = out.data() + first * count;
        if (plain) {
            centredDots(embedding.data() + first * dims, here, dims, mean.data(), chosen.data(),
                        count, o);
            continue;
        }
        FloatBlock x(buffers[static_cast<std::size_t>(omp_get_thread_num())].data(), here, dims);
        tr.apply(embedding, first, x);
        centredDots(x.data(), here, dims, zero.data(), chosen.data(), count, o);
        if (unscale != 1.0f) out.middleRows(first, here) *= unscale;
    }
    return out;
}

}  // namespace embedscope
