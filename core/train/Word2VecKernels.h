#pragma once
// The inner loops of Word2VecTrainer: one sentence of skip-gram or CBOW with negative sampling.
// Internal to core/train; compiled with -O3 so that gcc vectorises the row loops fully.
#include <cstdint>
#include <vector>

#include "NegativeSampler.h"

namespace embedscope::w2v {

/// splitmix64 (Steele, Lea & Flood 2014): fast, and every bit is usable, which the alias draw
/// (low 32 bits) and the window draw (high bits) both need.
struct Rng {
    std::uint64_t state;
    std::uint64_t operator()() {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    /// Uniform in [0, n).
    std::uint32_t below(std::uint32_t n) {
        return static_cast<std::uint32_t>((((*this)() >> 32) * n) >> 32);
    }
};

/// Everything a sentence update needs besides the sentence.
struct Kernel {
    float* syn0 = nullptr;   // input vectors, rows of `stride` floats (padding stays zero)
    float* syn1 = nullptr;   // output (negative-sampling) vectors, same layout
    std::size_t stride = 0;  // a multiple of 16 floats
    std::uint32_t window = 5;
    std::uint32_t negative = 5;
    bool sharedNegatives = true;  // skip-gram: one draw per centre word for all its contexts
    const NegativeSampler* sampler = nullptr;
};

/// Per-thread work space.
struct Scratch {
    std::vector<std::uint32_t> contexts, targets, ahead;
    std::vector<float> scores;  // contexts x targets
    float* rows = nullptr;      // contexts x stride (accumulated input gradients), 64-byte aligned
    float* hidden = nullptr;    // stride (CBOW mean), then its gradient, 64-byte aligned
    void reserve(const Kernel& k);

private:
    std::vector<float> m_storage;
};

void skipGramSentence(const Kernel& k, const std::uint32_t* words, std::size_t n, float alpha,
                      Rng& rng, Scratch& s);
void cbowSentence(const Kernel& k, const std::uint32_t* words, std::size_t n, float alpha, Rng& rng,
                  Scratch& s);

}  // namespace embedscope::w2v
