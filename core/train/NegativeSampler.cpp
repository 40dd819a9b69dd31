#include "NegativeSampler.h"

#include <cmath>

#include "../Error.h"

namespace embedscope {

NegativeSampler::NegativeSampler(std::span<const std::uint64_t> counts, double power) {
    m_size = counts.size();
    if (m_size == 0) throw Error("negative sampling needs at least one word");
    std::vector<double> p(m_size);
    double sum = 0;
    for (std::size_t i = 0; i < m_size; ++i)
        sum += p[i] = std::pow(static_cast<double>(counts[i]), power);
    std::vector<std::uint32_t> small, large;
    for (std::size_t i = 0; i < m_size; ++i) {
        p[i] *= static_cast<double>(m_size) / sum;  // mean 1
        (p[i] < 1.0 ? small : large).push_back(static_cast<std::uint32_t>(i));
    }
    m_entries.assign(m_size, Entry{UINT32_MAX, 0});
    for (std::size_t i = 0; i < m_size; ++i) m_entries[i].alias = static_cast<std::uint32_t>(i);
    while (!small.empty() && !large.empty()) {
        const std::uint32_t s = small.back(), l = large.back();
        small.pop_back();
        m_entries[s].threshold =
            static_cast<std::uint32_t>(std::min(p[s] * 4294967296.0, 4294967295.0));
        m_entries[s].alias = l;
        p[l] -= 1.0 - p[s];
        if (p[l] < 1.0) {
            large.pop_back();
            small.push_back(l);
        }
    }
    // What is left has probability 1 up to rounding: always itself.
}

double NegativeSampler::probability(std::size_t i) const {
    double p = 0;
    for (std::size_t j = 0; j < m_size; ++j) {
        const double keep =
            m_entries[j].threshold == UINT32_MAX ? 1.0 : m_entries[j].threshold / 4294967296.0;
        if (j == i) p += keep;
        if (m_entries[j].alias == i && j != i) p += 1.0 - keep;
    }
    return p / static_cast<double>(m_size);
}

}  // namespace embedscope
