#include "Pca.h"

#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <string>

#include "../Error.h"
#include "PcaPasses.h"

namespace embedscope {
namespace {

using namespace pca_detail;
using Eigen::MatrixXd;
using Eigen::MatrixXf;
using Eigen::VectorXd;

constexpr Index kOversampling = 10;

int maxThreads() {
    return std::max(1, omp_get_max_threads());
}

/// Column mean of the input in double; throws Error naming the first row with a NaN or infinity.
VectorXd inputMean(const Embedding& e, Progress& progress) {
    progress.setStage("PCA: mean");
    const Index n = static_cast<Index>(e.rows()), d = static_cast<Index>(e.dims());
    const int threads = maxThreads();
    std::vector<VectorXd> partial(static_cast<std::size_t>(slotsFor(threads)), VectorXd(d));
    VectorXd sum = VectorXd::Zero(d);
    Index firstBad = -1;
    runPass(
        n, unitRowsFor(d), threads, progress,
        [&](int, std::size_t slot, Index first, Index count) {
            double* s = partial[slot].data();
            std::fill(s, s + d, 0.0);
            for (const float* x = e.data() + first * d; x != e.data() + (first + count) * d; x += d)
                for (Index j = 0; j < d; ++j) s[j] += x[j];
        },
        [&](std::size_t slot, Index first, Index count) {
            // A NaN or infinity anywhere in the unit makes its column sum non-finite (finite
            // floats cannot overflow a double sum); only then look for the row.
            if (firstBad < 0 && !partial[slot].allFinite()) {
                for (Index r = first; r < first + count && firstBad < 0; ++r)
                    if (!e.matrix().row(r).allFinite()) firstBad = r;
            }
            sum += partial[slot];
        });
    if (firstBad >= 0)
        throw Error("row " + std::to_string(firstBad + 1) + " has a non-finite value");
    return sum / static_cast<double>(n);
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

struct Eigenpairs {
    VectorXd values;   // descending, variances (ddof = 1)
    MatrixXd vectors;  // D × k, columns orthonormal
    double total = 0;  // total variance
};

/// The k leading eigenpairs of the symmetric matrix (only its lower triangle is read), their
/// values times scale, their vectors times basis when one is given.
Eigenpairs leading(const MatrixXd& sym, Index k, double scale, const MatrixXd* basis = nullptr) {
    Eigen::SelfAdjointEigenSolver<MatrixXd> es(sym);
    if (es.info() != Eigen::Success) throw Error("PCA: the eigen-decomposition did not converge");
    const Index m = sym.rows();
    Eigenpairs out;
    out.values.resize(k);
    out.vectors.resize(basis ? basis->rows() : m, k);
    for (Index i = 0; i < k; ++i) {  // SelfAdjointEigenSolver sorts ascending
        out.values[i] = std::max(0.0, es.eigenvalues()[m - 1 - i]) * scale;
        if (basis)
            out.vectors.col(i) = *basis * es.eigenvectors().col(m - 1 - i);
        else
            out.vectors.col(i) = es.eigenvectors().col(m - 1 - i);
    }
    return out;
}

/// The D×D covariance, summed in double from float products over kSubRows rows, then its
/// eigen-decomposition.
Eigenpairs exactSolve(const Embedding& e, const RowTransform& tr, Index k, Progress& progress) {
    progress.setStage("PCA: covariance");
    const Index n = static_cast<Index>(e.rows()), d = static_cast<Index>(e.dims());
    // Each thread needs a float D×D matrix and two double ones (slots): within ~1 GB in all.
    const double perThread = 20.0 * static_cast<double>(d) * static_cast<double>(d);
    const int threads =
        static_cast<int>(std::clamp(1e9 / perThread, 1.0, static_cast<double>(maxThreads())));
    auto buffers = subBlockBuffers(threads, d);
    std::vector<MatrixXf> products(buffers.size(), MatrixXf(d, d));
    std::vector<MatrixXd> partial(static_cast<std::size_t>(slotsFor(threads)), MatrixXd(d, d));
    MatrixXd cov = MatrixXd::Zero(d, d);
    runPass(
        n, unitRowsFor(d), threads, progress,
        [&](int t, std::size_t slot, Index first, Index count) {
            MatrixXf& product = products[t];
            MatrixXd& p = partial[slot];
            p.setZero();
            tr.forEachSubBlock(e, first, count, buffers[t], [&](const FloatBlock& b) {
                product.setZero();
                product.selfadjointView<Eigen::Lower>().rankUpdate(b.transpose());
                p.triangularView<Eigen::Lower>() += product.cast<double>();
            });
        },
        [&](std::size_t slot, Index, Index) {
            cov.triangularView<Eigen::Lower>() += partial[slot];
        });
    progress.setStage("PCA: eigen-decomposition");
    const double scale = tr.varianceFactor() / static_cast<double>(n - 1);
    Eigenpairs out = leading(cov, k, scale);
    out.total = cov.trace() * scale;  // so that all the ratios sum to 1
    return out;
}

/// Gaussian D × l test matrix: Box-Muller on std::mt19937_64 (std::normal_distribution differs
/// between standard libraries).
MatrixXd gaussian(Index rows, Index cols, unsigned seed) {
    std::mt19937_64 rng(seed);
    auto uniform = [&] { return static_cast<double>(rng() >> 11) * 0x1.0p-53; };  // [0, 1)
    MatrixXd g(rows, cols);
    for (Index i = 0; i < g.size(); i += 2) {
        const double radius = std::sqrt(-2.0 * std::log(1.0 - uniform()));
        const double angle = 2.0 * std::numbers::pi * uniform();
        g(i % rows, i / rows) = radius * std::cos(angle);
        if (i + 1 < g.size()) g((i + 1) % rows, (i + 1) / rows) = radius * std::sin(angle);
    }
    return g;
}

MatrixXd orthonormalise(const MatrixXd& m) {
    Eigen::HouseholderQR<MatrixXd> qr(m);
    return qr.householderQ() * MatrixXd::Identity(m.rows(), m.cols());
}

/// Randomized subspace iteration on the covariance: Z ← orth(X̃ᵀX̃Z), each product one pass over
/// the rows (X̃Z for a block, then that block's X̃ᵀ times it), then Rayleigh-Ritz on the last
/// basis, whose matrix ZᵀX̃ᵀX̃Z comes out of the final pass for free.
Eigenpairs randomizedSolve(const Embedding& e, const RowTransform& tr, Index k, int iterations,
                           unsigned seed, Progress& progress) {
    const Index n = static_cast<Index>(e.rows()), d = static_cast<Index>(e.dims());
    const Index l = std::min(k + kOversampling, d);
    const int threads = maxThreads();
    auto buffers = subBlockBuffers(threads, d);
    std::vector<MatrixXf> y(buffers.size(), MatrixXf(kSubRows, l));
    std::vector<MatrixXf> products(buffers.size(), MatrixXf(d, l));
    std::vector<MatrixXd> partial(static_cast<std::size_t>(slotsFor(threads)), MatrixXd(d, l));
    std::vector<double> squares(partial.size());
    MatrixXd z = orthonormalise(gaussian(d, l, seed));
    double sumSquares = 0;
    const int passes = iterations + 2;
    for (int pass = 1; pass <= passes; ++pass) {
        progress.setStage("PCA: randomized pass " + std::to_string(pass) + " of " +
                          std::to_string(passes));
        const MatrixXf zf = z.cast<float>();
        MatrixXd product = MatrixXd::Zero(d, l);
        runPass(
            n, unitRowsFor(d), threads, progress,
            [&](int t, std::size_t slot, Index first, Index count) {
                partial[slot].setZero();
                squares[slot] = 0;
                tr.forEachSubBlock(e, first, count, buffers[t], [&](const FloatBlock& b) {
                    auto yb = y[t].topRows(b.rows());
                    yb.noalias() = b * zf;
                    products[t].noalias() = b.transpose() * yb;
                    partial[slot] += products[t].cast<double>();
                    if (pass == 1) squares[slot] += b.cast<double>().squaredNorm();
                });
            },
            [&](std::size_t slot, Index, Index) {
                product += partial[slot];
                sumSquares += squares[slot];
            });
        if (pass < passes) {
            z = orthonormalise(product);
        } else {
            MatrixXd ritz = z.transpose() * product;
            ritz = (0.5 * (ritz + ritz.transpose())).eval();
            const double scale = tr.varianceFactor() / static_cast<double>(n - 1);
            Eigenpairs out = leading(ritz, k, scale, &z);
            out.total = sumSquares * scale;
            return out;
        }
    }
    return {};  // not reached: passes ≥ 2
}

/// The cost model behind PcaSolver::Auto, in units of float multiply-adds, calibrated on a 2-core
/// AVX-512 machine: a randomized pass streams the rows once (worth ~64 operations per value) and
/// multiplies them twice by l columns; the exact solver's covariance is N·D² operations and its
/// eigen-decomposition ~30·D³, growing to ~90·D³ at D = 1536 as the matrix outgrows the caches.
/// Beyond D = 4096 the covariance (8·D² bytes, several copies) rules the exact solver out.
bool preferRandomized(Index n, Index d, Index k, int iterations) {
    const double rows = static_cast<double>(n), dims = static_cast<double>(d);
    const Index l = k + kOversampling;
    if (rows * dims <= 1e6 || l >= d) return false;
    if (d > 4096) return true;
    const double randomized = (iterations + 2) * rows * dims * (4.0 * static_cast<double>(l) + 64);
    const double eigen = 30 * dims * dims * dims * std::max(1.0, dims / 512);
    return randomized < rows * dims * dims + eigen;
}

RowTransform transformOf(const PcaResult& r) {
    if (!r.spherized) return {r.mean.transpose(), {}, false, r.inputScale};
    return {r.inputMean.transpose(), r.mean.transpose(), true, r.inputScale};
}

/// 1 for values of ordinary size; otherwise the power of two that brings the largest |value| into
/// [1, 2), so that squares of values near 1e20 (or 1e-20) neither overflow nor underflow float.
/// (Into [0.5, 1) would need 2^-128 for 3e38, a subnormal whose inverse overflows.)
float inputScaleOf(const Embedding& e) {
    float largest = 0.0f;
    const float* v = e.data();
    const auto size = static_cast<std::ptrdiff_t>(e.values().size());
#pragma omp parallel for reduction(max : largest) schedule(static)
    for (std::ptrdiff_t i = 0; i < size; ++i) largest = std::max(largest, std::abs(v[i]));
    if (largest == 0.0f || (largest <= 0x1p32f && largest >= 0x1p-32f)) return 1.0f;
    int exponent = 0;
    std::frexp(largest, &exponent);
    return std::ldexp(1.0f, 1 - exponent);
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

    const Index rows = static_cast<Index>(n), dims = static_cast<Index>(d);
    const Index k = static_cast<Index>(options.components);

    PcaResult result;
    result.spherized = options.spherize;
    result.inputMean = inputMean(embedding, progress).cast<float>();
    result.mean = result.inputMean;
    result.inputScale = inputScaleOf(embedding);
    if (options.spherize) {
        const RowTransform unit{result.inputMean.transpose(), {}, true, result.inputScale};
        result.mean = spherizedMean(embedding, unit, progress).cast<float>();
    }
    const RowTransform tr = transformOf(result);

    bool randomized = options.solver == PcaSolver::Randomized;
    if (options.solver == PcaSolver::Auto)
        randomized = preferRandomized(rows, dims, k, options.powerIterations);
    result.solverUsed = randomized ? PcaSolver::Randomized : PcaSolver::Exact;
    const Eigenpairs pairs = randomized ? randomizedSolve(embedding, tr, k, options.powerIterations,
                                                          options.seed, progress)
                                        : exactSolve(embedding, tr, k, progress);

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
    const RowTransform tr = transformOf(*this);
    auto buffers = subBlockBuffers(maxThreads(), dims);
    RowMatrixXf out(rows, chosen.rows());
    const float unscale = spherized ? 1.0f : 1.0f / inputScale;
#pragma omp parallel for schedule(static)
    for (Index b = 0; b < blocks; ++b) {
        const Index first = b * kSubRows, count = std::min(kSubRows, rows - first);
        FloatBlock x(buffers[static_cast<std::size_t>(omp_get_thread_num())].data(), count, dims);
        tr.apply(embedding, first, x);
        // One product per axis, so that an axis's coordinates do not depend on the other axes.
        for (Index a = 0; a < chosen.rows(); ++a) {
            out.col(a).segment(first, count).noalias() = x * chosen.row(a).transpose();
            if (unscale != 1.0f) out.col(a).segment(first, count) *= unscale;
        }
    }
    return out;
}

}  // namespace embedscope
