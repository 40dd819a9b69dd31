#pragma once
/// The t-SNE optimisation loop: gradient descent with momentum and per-coordinate gains,
/// early (and optional late) exaggeration, frames, pause and cancellation.
#include "../../Progress.h"
#include "Gradient.h"
#include "TsneOptions.h"

namespace embedscope {

/// Gains of the delta-bar-delta rule (Jacobs 1988, as in van der Maaten's t-SNE codes): +0.2
/// while a coordinate's gradient keeps its direction, ×0.8 when it flips, never below 0.01.
inline constexpr double kGainIncrease = 0.2;
inline constexpr double kGainDecrease = 0.8;
inline constexpr double kMinGain = 0.01;

/// Runs options.iterations iterations from layout (N × dims), in place. Iteration t (0-based)
/// uses exaggeration options.earlyExaggeration and momentum options.earlyMomentum while
/// t < earlyExaggerationIterations, then momentum finalMomentum, and options.lateExaggeration
/// from lateExaggerationStart on. Velocities and gains restart when early exaggeration ends
/// (as scikit-learn does). Each point's step is limited to options.maxStepNorm; the layout is
/// re-centred at the origin after every step.
///
/// Cancellation (progress.cancel(), also from inside onFrame) is checked before every iteration
/// and right after every frame; the result then holds the layout after the iterations done so
/// far (exactly the last frame's layout when cancelled from onFrame) and cancelled = true.
/// When onFrame is set and options.frameEvery > 0 it gets a frame after every frameEvery
/// iterations, and one for the final layout. Throws Error when the layout diverges to non-finite
/// values (too large a learning rate).
///
/// Fills layout, iterations, kl, cancelled and learningRate of the result.
TsneResult optimizeTsne(TsneGradient& gradient, RowMatrixXf layout, const TsneOptions& options,
                        double learningRate, const TsneFrameCallback& onFrame,
                        Progress& progress = Progress::none());

}  // namespace embedscope
