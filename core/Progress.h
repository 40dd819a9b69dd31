#pragma once
/// Progress reporting and cooperative cancellation shared by every long core operation.
#include <atomic>
#include <chrono>
#include <functional>
#include <string>

#include "Error.h"

namespace embedscope {

/// Passed by reference into long work. The worker calls step() often (at least every ~10 ms of
/// work); step() throws Cancelled once cancel() was called, so cancellation is prompt, and forwards
/// the fraction to the callback at most every 50 ms so callers are not flooded.
class Progress {
public:
    using Callback = std::function<void(double fraction, const std::string& stage)>;

    Progress() = default;
    explicit Progress(Callback callback) : m_callback(std::move(callback)) {}

    /// Replaces the listener. Call before the work starts (not concurrently with step()).
    void setCallback(Callback callback) { m_callback = std::move(callback); }

    /// Thread-safe: any thread may request cancellation.
    void cancel() { m_cancelled.store(true, std::memory_order_relaxed); }
    bool isCancelled() const { return m_cancelled.load(std::memory_order_relaxed); }

    /// Names the current stage ("reading", "sorting labels", ...) and reports its start.
    void setStage(std::string stage);
    /// Reports fraction in [0,1] of the current stage; throws Cancelled if cancelled.
    void step(double fraction);
    /// Throws Cancelled if cancelled; no report.
    void check() const {
        if (isCancelled()) throw Cancelled();
    }

    /// A Progress that nobody listens to and nobody cancels.
    static Progress& none();

private:
    Callback m_callback;
    std::atomic<bool> m_cancelled{false};
    std::string m_stage;
    std::chrono::steady_clock::time_point m_lastReport{};
};

}  // namespace embedscope
