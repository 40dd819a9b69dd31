#include "Progress.h"

#include "Error.h"

namespace embedscope {

void Progress::setStage(std::string stage) {
    m_stage = std::move(stage);
    m_lastReport = {};
    step(0.0);
}

void Progress::step(double fraction) {
    check();
    if (!m_callback) return;
    const auto now = std::chrono::steady_clock::now();
    if (fraction < 1.0 && now - m_lastReport < std::chrono::milliseconds(50)) return;
    m_lastReport = now;
    m_callback(fraction, m_stage);
}

Progress& Progress::none() {
    // Each thread gets its own so that an accidental cancel() cannot leak between jobs.
    thread_local Progress silent;
    return silent;
}

}  // namespace embedscope
