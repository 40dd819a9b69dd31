// Compiled with -O3 (core/CMakeLists.txt): the d-loops below become full-width SIMD with no
// scalar tail because rows are padded to a multiple of 16 floats.
#include "Word2VecKernels.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace embedscope::w2v {

namespace {

/// word2vec.c's logistic table: 1000 steps over [-6, 6] (EXP_TABLE_SIZE, MAX_EXP); outside it
/// the gradient saturates to label - 1 or label - 0 exactly as there.
constexpr int kTableSize = 1000;
constexpr float kMaxExp = 6.0f;

struct SigmoidTable {
    std::array<float, kTableSize + 1> v{};
    SigmoidTable() {
        for (int i = 0; i <= kTableSize; ++i) {
            const double e = std::exp((static_cast<double>(i) / kTableSize * 2.0 - 1.0) * kMaxExp);
            v[i] = static_cast<float>(e / (e + 1.0));
        }
    }
};
const SigmoidTable kSigmoid;

inline float sigmoid(float f) {
    if (f >= kMaxExp) return 1.0f;
    if (f <= -kMaxExp) return 0.0f;
    return kSigmoid.v[static_cast<int>((f + kMaxExp) * (kTableSize / kMaxExp / 2.0f))];
}

// Rows are padded to a multiple of kLanes floats: the loops below run over whole 16-float chunks,
// which gcc turns into one AVX-512 (or two AVX2) register per chunk, with no remainder loop.
constexpr std::size_t kLanes = 16;

[[gnu::always_inline]] inline float dot(const float* __restrict a, const float* __restrict b,
                                        std::size_t n) {
    float acc[kLanes] = {};
    for (std::size_t i = 0; i < n; i += kLanes)
        for (std::size_t j = 0; j < kLanes; ++j) acc[j] += a[i + j] * b[i + j];
    float s = 0;
    for (std::size_t j = 0; j < kLanes; ++j) s += acc[j];
    return s;
}

[[gnu::always_inline]] inline void axpy(float g, const float* __restrict x, float* __restrict y,
                                        std::size_t n) {
    for (std::size_t i = 0; i < n; i += kLanes)
        for (std::size_t j = 0; j < kLanes; ++j) y[i + j] += g * x[i + j];
}

[[gnu::always_inline]] inline void prefetchRow(const float* row, std::size_t n) {
    for (std::size_t i = 0; i < n; i += kLanes) __builtin_prefetch(row + i, 1);
}

inline std::uint32_t drawNegative(const Kernel& k, Rng& rng, std::uint32_t positive) {
    // A negative equal to the positive word is drawn again (word2vec.c skips it instead); a
    // vocabulary of one word has no negative to give.
    for (int tries = 0; tries < 8; ++tries) {
        const std::uint32_t t = (*k.sampler)(rng());
        if (t != positive) return t;
    }
    return positive;
}

/// One update of K input rows against T output rows (the positive target first): the K x T
/// scores, turned into gradients (label - sigmoid) * alpha; input gradients from the output rows
/// as they were, then the output rows, then the inputs.
[[gnu::always_inline]] inline void updatePairs(const Kernel& k, const std::uint32_t* contexts,
                                               std::size_t K, const std::uint32_t* targets,
                                               std::size_t T, float alpha, float* __restrict rows,
                                               float* __restrict E) {
    const std::size_t D = k.stride;
    // Scores of every (context, target) pair with the negatives shared (Ji et al. 2016),
    // turned into gradients (label - sigmoid) * alpha.
    for (std::size_t c = 0; c < K; ++c) {
        const float* in = k.syn0 + contexts[c] * D;
        for (std::size_t t = 0; t < T; ++t) {
            const float f = dot(in, k.syn1 + targets[t] * D, D);
            E[c * T + t] = ((t == 0 ? 1.0f : 0.0f) - sigmoid(f)) * alpha;
        }
    }
    // Input gradients from the output rows as they were, then the output rows, then the inputs.
    for (std::size_t c = 0; c < K; ++c) {
        float* __restrict r = rows + c * D;
        const float* o0 = k.syn1 + targets[0] * D;
        const float g0 = E[c * T];
#pragma omp simd aligned(r, o0 : 64)
        for (std::size_t i = 0; i < D; ++i) r[i] = g0 * o0[i];
        for (std::size_t t = 1; t < T; ++t) axpy(E[c * T + t], k.syn1 + targets[t] * D, r, D);
    }
    for (std::size_t t = 0; t < T; ++t) {
        float* out = k.syn1 + targets[t] * D;
        for (std::size_t c = 0; c < K; ++c) axpy(E[c * T + t], k.syn0 + contexts[c] * D, out, D);
    }
    for (std::size_t c = 0; c < K; ++c) axpy(1.0f, rows + c * D, k.syn0 + contexts[c] * D, D);
}

}  // namespace

void Scratch::reserve(const Kernel& k) {
    contexts.resize(2 * k.window);
    targets.resize(k.negative + 1);
    ahead.resize(k.negative + 1);
    scores.resize(contexts.size() * targets.size());
    m_storage.assign((contexts.size() + 2) * k.stride + 16, 0.0f);
    auto address = reinterpret_cast<std::uintptr_t>(m_storage.data());
    rows = m_storage.data() + ((64 - address % 64) % 64) / sizeof(float);
    hidden = rows + contexts.size() * k.stride;
}

void skipGramSentence(const Kernel& k, const std::uint32_t* words, std::size_t n, float alpha,
                      Rng& rng, Scratch& s) {
    const std::size_t D = k.stride;
    const std::size_t T = k.negative + 1;
    float* __restrict rows = s.rows;
    float* __restrict E = s.scores.data();
    // The next word's targets are drawn one word ahead and their rows prefetched, so that the
    // cache misses on random output rows overlap with this word's arithmetic.
    auto drawAhead = [&](std::size_t p) {
        s.ahead[0] = words[p];
        prefetchRow(k.syn1 + std::size_t(words[p]) * D, D);
        for (std::size_t t = 1; t < T; ++t) {
            s.ahead[t] = drawNegative(k, rng, words[p]);
            prefetchRow(k.syn1 + std::size_t(s.ahead[t]) * D, D);
        }
    };
    if (n > 0) drawAhead(0);
    for (std::size_t pos = 0; pos < n; ++pos) {
        std::copy(s.ahead.begin(), s.ahead.begin() + static_cast<std::ptrdiff_t>(T),
                  s.targets.begin());
        if (pos + 1 < n) {
            drawAhead(pos + 1);
            if (pos + 1 + k.window < n)
                prefetchRow(k.syn0 + std::size_t(words[pos + 1 + k.window]) * D, D);
        }
        const std::size_t reach = k.window - rng.below(k.window);  // dynamic window: 1..window
        const std::size_t lo = pos >= reach ? pos - reach : 0, hi = std::min(n, pos + reach + 1);
        std::size_t K = 0;
        for (std::size_t a = lo; a < hi; ++a)
            if (a != pos) s.contexts[K++] = words[a];
        if (K == 0) continue;
        if (k.sharedNegatives) {
            updatePairs(k, s.contexts.data(), K, s.targets.data(), T, alpha, rows, E);
            continue;
        }
        // word2vec.c's way: fresh negatives for every context word.
        for (std::size_t c = 0; c < K; ++c) {
            for (std::size_t t = 1; t < T; ++t) s.targets[t] = drawNegative(k, rng, s.targets[0]);
            updatePairs(k, s.contexts.data() + c, 1, s.targets.data(), T, alpha, rows, E);
        }
    }
}

void cbowSentence(const Kernel& k, const std::uint32_t* words, std::size_t n, float alpha, Rng& rng,
                  Scratch& s) {
    const std::size_t D = k.stride;
    float* __restrict h = s.hidden;
    float* __restrict e = s.hidden + D;
    const std::size_t T = k.negative + 1;
    // As in skipGramSentence: the next word's targets drawn ahead, their rows prefetched.
    auto drawAhead = [&](std::size_t p) {
        s.ahead[0] = words[p];
        prefetchRow(k.syn1 + std::size_t(words[p]) * D, D);
        for (std::size_t t = 1; t < T; ++t) {
            s.ahead[t] = (*k.sampler)(rng());
            prefetchRow(k.syn1 + std::size_t(s.ahead[t]) * D, D);
        }
    };
    if (n > 0) drawAhead(0);
    for (std::size_t pos = 0; pos < n; ++pos) {
        const std::uint32_t word = words[pos];
        std::copy(s.ahead.begin(), s.ahead.begin() + static_cast<std::ptrdiff_t>(T),
                  s.targets.begin());
        if (pos + 1 < n) {
            drawAhead(pos + 1);
            if (pos + 1 + k.window < n)
                prefetchRow(k.syn0 + std::size_t(words[pos + 1 + k.window]) * D, D);
        }
        const std::size_t reach = k.window - rng.below(k.window);
        const std::size_t lo = pos >= reach ? pos - reach : 0, hi = std::min(n, pos + reach + 1);
        std::size_t K = 0;
        for (std::size_t a = lo; a < hi; ++a)
            if (a != pos) s.contexts[K++] = words[a];
        if (K == 0) continue;
        // The hidden layer is the mean of the context vectors (word2vec.c's cbow_mean).
        std::fill(h, h + 2 * D, 0.0f);
        for (std::size_t c = 0; c < K; ++c) axpy(1.0f, k.syn0 + s.contexts[c] * D, h, D);
        const float inv = 1.0f / static_cast<float>(K);
#pragma omp simd aligned(h : 64)
        for (std::size_t i = 0; i < D; ++i) h[i] *= inv;
        for (std::size_t t = 0; t <= k.negative; ++t) {
            const std::uint32_t target = s.targets[t];
            if (t > 0 && target == word) continue;  // as word2vec.c
            float* out = k.syn1 + target * D;
            const float g = ((t == 0 ? 1.0f : 0.0f) - sigmoid(dot(h, out, D))) * alpha;
            axpy(g, out, e, D);
            axpy(g, h, out, D);
        }
        for (std::size_t c = 0; c < K; ++c) axpy(1.0f, e, k.syn0 + s.contexts[c] * D, D);
    }
}

}  // namespace embedscope::w2v
