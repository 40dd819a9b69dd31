#include "Optimizer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>
#include <thread>
#include <vector>

#include "../../Error.h"

namespace embedscope {

namespace {

double exaggerationAt(const TsneOptions& o, std::size_t t) {
    if (t < o.earlyExaggerationIterations) return o.earlyExaggeration;
    const std::size_t lateStart = o.lateExaggerationStart.value_or(o.earlyExaggerationIterations);
    return t >= lateStart ? o.lateExaggeration : 1.0;
}

/// Subtracts the mean (summed in point order, so independent of the thread count). Returns false
/// when the layout holds a non-finite value.
bool recentre(float* y, std::size_t n, std::size_t dims) {
    double mean[3] = {0, 0, 0};
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t a = 0; a < dims; ++a) mean[a] += y[i * dims + a];
    for (std::size_t a = 0; a < dims; ++a) {
        if (!std::isfinite(mean[a])) return false;
        mean[a] /= double(n);
    }
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t a = 0; a < dims; ++a) y[i * dims + a] = float(y[i * dims + a] - mean[a]);
    return true;
}

/// Sleeps while the front end holds the run paused; returns false once cancelled.
bool waitWhilePaused(const TsneOptions& o, const Progress& progress) {
    while (o.paused && o.paused->load(std::memory_order_relaxed)) {
        if (progress.isCancelled()) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return !progress.isCancelled();
}

}  // namespace

TsneResult optimizeTsne(TsneGradient& gradient, RowMatrixXf layout, const TsneOptions& options,
                        double learningRate, const TsneFrameCallback& onFrame, Progress& progress) {
    const std::size_t n = std::size_t(layout.rows()), dims = std::size_t(layout.cols());
    const std::size_t values = n * dims;
    std::vector<float> grad(values), velocity(values, 0.0f), gains(values, 1.0f);
    // The whole run works in the gradient's row order (TsneGradient::evaluateInRowOrder); the
    // points' order is restored for frames and the result.
    std::vector<float> rows(values);
    gradient.toRowOrder(layout.data(), rows.data());
    float* y = rows.data();
    const bool frames = bool(onFrame) && options.frameEvery > 0;
    TsneResult result;
    result.learningRate = learningRate;
    progress.setStage("optimising");

    std::size_t t = 0;
    for (; t < options.iterations; ++t) {
        if (!waitWhilePaused(options, progress)) break;
        try {
            progress.step(double(t) / double(options.iterations));
        } catch (const Cancelled&) {
            break;
        }
        if (t == options.earlyExaggerationIterations) {
            std::fill(velocity.begin(), velocity.end(), 0.0f);
            std::fill(gains.begin(), gains.end(), 1.0f);
        }
        const double z = gradient.evaluateInRowOrder(y, exaggerationAt(options, t), grad.data());
        if (frames && t > 0 && t % options.frameEvery == 0) {
            gradient.toPointOrder(y, layout.data());
            onFrame(TsneFrame{t, gradient.klDivergenceInRowOrder(y, z), layout});
            if (progress.isCancelled()) break;
        }
        const float momentum =
            float(t < options.earlyExaggerationIterations ? options.earlyMomentum
                                                          : options.finalMomentum);
        const float rate = float(learningRate), maxStep = float(options.maxStepNorm);
        const std::ptrdiff_t points = std::ptrdiff_t(n);
#pragma omp parallel for schedule(static)
        for (std::ptrdiff_t i = 0; i < points; ++i) {
            float* v = velocity.data() + std::size_t(i) * dims;
            float* gain = gains.data() + std::size_t(i) * dims;
            const float* g = grad.data() + std::size_t(i) * dims;
            float norm2 = 0;
            for (std::size_t a = 0; a < dims; ++a) {
                gain[a] = std::max(v[a] * g[a] < 0 ? gain[a] + float(kGainIncrease)
                                                   : gain[a] * float(kGainDecrease),
                                   float(kMinGain));
                v[a] = momentum * v[a] - rate * gain[a] * g[a];
                norm2 += v[a] * v[a];
            }
            if (maxStep > 0 && norm2 > maxStep * maxStep) {
                const float shrink = maxStep / std::sqrt(norm2);
                for (std::size_t a = 0; a < dims; ++a) v[a] *= shrink;
            }
            for (std::size_t a = 0; a < dims; ++a) y[std::size_t(i) * dims + a] += v[a];
        }
        if (!std::isfinite(z) || !recentre(y, n, dims))
            throw Error("t-SNE diverged to non-finite values at iteration " +
                        std::to_string(t + 1) + "; try a smaller learning rate");
    }
    result.iterations = t;
    result.cancelled = t < options.iterations;
    result.kl = gradient.klDivergenceInRowOrder(y, gradient.normalisation(y));
    gradient.toPointOrder(y, layout.data());
    if (frames && !result.cancelled && t > 0 && t % options.frameEvery == 0)
        onFrame(TsneFrame{t, result.kl, layout});
    result.layout = std::move(layout);
    return result;
}

}  // namespace embedscope
