#pragma once
/// Draws negative words from the unigram distribution raised to the power 0.75 (Mikolov et al.
/// 2013, "Distributed representations of words and phrases", section 2.2).
#include <cstdint>
#include <span>
#include <vector>

namespace embedscope {

/// Walker's alias method (Vose 1991 construction): one table entry per word instead of
/// word2vec.c's 1e8-entry table, so a draw touches one cache line of a table that stays in cache,
/// and the distribution is exact rather than quantised.
class NegativeSampler {
public:
    NegativeSampler() = default;
    /// counts in vocabulary order; power 0.75 as word2vec.c and gensim (ns_exponent).
    explicit NegativeSampler(std::span<const std::uint64_t> counts, double power = 0.75);

    /// A word index for a uniform 64-bit draw r: the high 32 bits choose the entry, the low 32
    /// bits decide between it and its alias.
    std::uint32_t operator()(std::uint64_t r) const {
        const std::uint32_t i = static_cast<std::uint32_t>(((r >> 32) * m_size) >> 32);
        const Entry& e = m_entries[i];
        return static_cast<std::uint32_t>(r) < e.threshold ? i : e.alias;
    }

    std::size_t size() const { return m_size; }
    /// The probability of drawing word i (for tests).
    double probability(std::size_t i) const;

private:
    struct Entry {
        std::uint32_t threshold;  // keep i when the low draw is below it
        std::uint32_t alias;
    };
    std::vector<Entry> m_entries;
    std::uint64_t m_size = 0;
};

}  // namespace embedscope
