#include "Vocabulary.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

#include "../Error.h"

namespace embedscope {

namespace {

/// FNV-1a: cheap on the short strings words are.
inline std::uint64_t hashWord(std::string_view w) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : w) h = (h ^ c) * 1099511628211ull;
    return h ^ (h >> 29);
}

struct WordHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view w) const { return hashWord(w); }
};

struct Tally {
    std::uint64_t count = 0;
    std::uint64_t first = 0;  // position of the first occurrence
};

}  // namespace

Vocabulary::Vocabulary(std::vector<std::string> words, std::vector<std::uint64_t> counts,
                       std::uint64_t corpusWords)
    : m_words(std::move(words)), m_counts(std::move(counts)), m_corpusWords(corpusWords) {
    if (m_words.size() != m_counts.size())
        throw Error("vocabulary: words and counts differ in number");
    m_trainWords = std::accumulate(m_counts.begin(), m_counts.end(), std::uint64_t{0});
    buildIndex();
}

Vocabulary Vocabulary::count(CorpusReader& corpus, const VocabularyOptions& options,
                             Progress& progress) {
    progress.setStage("counting words");
    std::unordered_map<std::string, Tally, WordHash, std::equal_to<>> tally;
    std::uint64_t position = 0, pruneBelow = 1;
    std::string_view word;
    const double total = std::max<double>(1.0, static_cast<double>(corpus.totalBytes()));
    corpus.rewind();
    for (CorpusToken t; (t = corpus.next(word)) != CorpusToken::End;) {
        if (t != CorpusToken::Word) continue;
        auto it = tally.find(word);
        if (it == tally.end()) it = tally.emplace(std::string(word), Tally{0, position}).first;
        ++it->second.count;
        if ((++position & 0xFFFF) == 0) {
            progress.step(static_cast<double>(corpus.bytesRead()) / total);
            if (options.pruneAt > 0 && tally.size() >= options.pruneAt) {
                std::erase_if(tally, [&](const auto& kv) { return kv.second.count <= pruneBelow; });
                ++pruneBelow;
            }
        }
    }
    if (position == 0) {
        const auto& files = corpus.files();
        throw Error(SourceLocation::file(files.size() == 1 ? files[0] : std::string()),
                    files.size() == 1
                        ? "the corpus holds no word (the file is empty or only whitespace)"
                        : "the corpus holds no word (its " + std::to_string(files.size()) +
                              " files are empty or only whitespace)");
    }
    std::vector<std::pair<std::string_view, Tally>> kept;
    std::uint64_t most = 0;
    for (const auto& [w, t] : tally) {
        most = std::max(most, t.count);
        if (t.count >= options.minCount) kept.emplace_back(w, t);
    }
    if (kept.empty())
        throw Error("no word occurs at least " + std::to_string(options.minCount) +
                    " times (min-count); the most frequent occurs " + std::to_string(most) +
                    " times in " + std::to_string(position) +
                    " words; lower min-count or give more text");
    std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) {
        return a.second.count != b.second.count ? a.second.count > b.second.count
                                                : a.second.first < b.second.first;
    });
    if (options.maxSize > 0 && kept.size() > options.maxSize) kept.resize(options.maxSize);
    std::vector<std::string> words;
    std::vector<std::uint64_t> counts;
    words.reserve(kept.size());
    counts.reserve(kept.size());
    for (const auto& [w, t] : kept) {
        words.emplace_back(w);
        counts.push_back(t.count);
    }
    progress.step(1.0);
    return Vocabulary(std::move(words), std::move(counts), position);
}

void Vocabulary::buildIndex() {
    std::size_t n = 16;
    while (n < 2 * m_words.size()) n *= 2;
    m_slots.assign(n, -1);
    for (std::size_t i = 0; i < m_words.size(); ++i) {
        std::size_t s = hashWord(m_words[i]) & (n - 1);
        while (m_slots[s] >= 0) {
            if (m_words[m_slots[s]] == m_words[i]) break;  // a repeated word keeps its first index
            s = (s + 1) & (n - 1);
        }
        if (m_slots[s] < 0) m_slots[s] = static_cast<std::int32_t>(i);
    }
}

std::int32_t Vocabulary::find(std::string_view word) const {
    if (m_slots.empty()) return -1;
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t s = hashWord(word) & mask;; s = (s + 1) & mask) {
        const std::int32_t i = m_slots[s];
        if (i < 0 || m_words[i] == word) return i;
    }
}

std::vector<std::uint32_t> Vocabulary::keepThresholds(double t) const {
    std::vector<std::uint32_t> keep(m_words.size(), UINT32_MAX);
    if (t <= 0 || m_trainWords == 0) return keep;
    const double scaled = t * static_cast<double>(m_trainWords);
    for (std::size_t i = 0; i < m_words.size(); ++i) {
        const double c = static_cast<double>(m_counts[i]);
        const double p = (std::sqrt(c / scaled) + 1.0) * scaled / c;
        keep[i] = p >= 1.0 ? UINT32_MAX : static_cast<std::uint32_t>(p * 4294967296.0);
    }
    return keep;
}

}  // namespace embedscope
