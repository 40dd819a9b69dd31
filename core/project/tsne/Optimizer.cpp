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
template <int D>
bool recentre(float* y, std::size_t n) {
    double mean[D] = {};
    for (std::size_t i = 0; i < n; ++i)
        for (int a = 0; a < D; ++a) mean[a] += y[i * D + a];
    for (int a = 0; a < D; ++a) {
        if (!std::isfinite(mean[a])) return false;
        mean[a] /= double(n);
    }
    for (std::size_t i = 0; i < n; ++i)
        for (int a = 0; a < D; ++a) y[i * D + a] = float(y[i * D + a] - mean[a]);
    return true;
}

/// One gradient-descent step with momentum and gains (Jacobs 1988), each point's move capped at
/// maxStep (0: no cap), then the layout recentred; false when it holds a non-finite value. D is
/// fixed so that the loops over a point's coordinates unroll and the
/// gain and velocity updates vectorise: with D at run time, the step and the recentring took
/// 4.4% of a profile of 250 early iterations in 3-D and 2-D at 100 000 points; now 2.2%.
template <int D>
bool step(float* y, float* velocity, float* gains, const float* grad, std::size_t n, float momentum,
          float rate, float maxStep) {
    const std::ptrdiff_t values = std::ptrdiff_t(n * D), points = std::ptrdiff_t(n);
#pragma omp parallel
    {
#pragma omp for simd schedule(static)
        for (std::ptrdiff_t k = 0; k < values; ++k) {
            const float v = velocity[k], g = grad[k];
            const float gain = std::max(
                v * g < 0 ? gains[k] + float(kGainIncrease) : gains[k] * float(kGainDecrease),
                float(kMinGain));
            gains[k] = gain;
            velocity[k] = momentum * v - rate * gain * g;
        }
#pragma omp for schedule(static)
        for (std::ptrdiff_t i = 0; i < points; ++i) {
            float* v = velocity + i * D;
            float norm2 = 0;
            for (int a = 0; a < D; ++a) norm2 += v[a] * v[a];
            if (maxStep > 0 && norm2 > maxStep * maxStep) {
                const float shrink = maxStep / std::sqrt(norm2);
                for (int a = 0; a < D; ++a) v[a] *= shrink;
            }
            for (int a = 0; a < D; ++a) y[i * D + a] += v[a];
        }
    }
    return recentre<D>(y, n);
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
    if (dims != 2 && dims != 3) throw Error("t-SNE lays out in 2 or 3 dimensions");
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
        const bool finite = dims == 2 ? step<2>(y, velocity.data(), gains.data(), grad.data(), n,
                                                momentum, rate, maxStep)
                                      : step<3>(y, velocity.data(), gains.data(), grad.data(), n,
                                                momentum, rate, maxStep);
        if (!std::isfinite(z) || !finite)
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
