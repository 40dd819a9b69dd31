#pragma once
// Throttles t-SNE's live frames so the GUI stays responsive however large the layout: a frame
// crosses to the GUI thread only when none is waiting there and the GUI has had, since it applied
// the last one, kIdleShare times as long as applying it took. At 1 M points a frame costs the GUI
// a copy and a redraw of a million points; the optimiser keeps running and only the animation
// gets coarser.
#include <atomic>
#include <chrono>
#include <cstdint>

namespace embedscope::ui {

class FrameGate {
public:
    /// Idle time the GUI gets per unit of time spent applying a frame: it animates at most
    /// 1 / (1 + kIdleShare) of the time.
    static constexpr double kIdleShare = 3.0;

    /// Worker thread: true when this frame may be posted (it is then the one waiting).
    bool admit() {
        if (now() < m_notBefore.load(std::memory_order_relaxed)) return false;
        return !m_pending.exchange(true);
    }
    /// GUI thread, once the posted frame is applied (or dropped): it took `seconds` to apply.
    void applied(double seconds) {
        m_notBefore.store(now() + std::int64_t(seconds * kIdleShare * 1e9),
                          std::memory_order_relaxed);
        m_pending.store(false);
    }
    /// GUI thread: times the application of a posted frame from here to the end of the scope,
    /// then calls applied() (also when the frame is dropped on the way).
    [[nodiscard]] auto applying() {
        struct Timing {
            FrameGate* gate;
            std::int64_t start;
            ~Timing() { gate->applied(double(now() - start) * 1e-9); }
        };
        return Timing{this, now()};
    }
    void reset() {
        m_notBefore.store(0, std::memory_order_relaxed);
        m_pending.store(false);
    }

private:
    static std::int64_t now() {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
            .count();
    }
    std::atomic<bool> m_pending{false};
    std::atomic<std::int64_t> m_notBefore{0};
};

}  // namespace embedscope::ui
