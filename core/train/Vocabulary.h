#pragma once
/// The words of a corpus with their counts, most frequent first, and the word -> index lookup the
/// trainer uses on every word it reads.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../Progress.h"
#include "Corpus.h"

namespace embedscope {

struct VocabularyOptions {
    /// Words seen fewer times are dropped (word2vec.c's -min-count, default 5).
    std::uint64_t minCount = 5;
    /// Keep at most this many words, the most frequent (0 = no limit).
    std::size_t maxSize = 0;
    /// While counting, when this many distinct words are held, the rarest are pruned (as
    /// word2vec.c's ReduceVocab does at 21 M): words counted once, then twice, ... are forgotten,
    /// so counts of rare words may be low. Bounds memory on huge corpora.
    std::size_t pruneAt = 20'000'000;
};

class Vocabulary {
public:
    Vocabulary() = default;
    /// words and counts sorted by count, descending.
    Vocabulary(std::vector<std::string> words, std::vector<std::uint64_t> counts,
               std::uint64_t corpusWords);

    /// Counts the words of the corpus (one pass; progress by bytes read), keeps those reaching
    /// minCount, sorted by count descending, ties in order of first appearance. Throws Error when
    /// the corpus holds no word, or no word reaches minCount (saying how often the most frequent
    /// one occurs); Cancelled when cancelled.
    static Vocabulary count(CorpusReader& corpus, const VocabularyOptions& options,
                            Progress& progress = Progress::none());

    std::size_t size() const { return m_words.size(); }
    const std::string& word(std::size_t i) const { return m_words[i]; }
    const std::vector<std::string>& words() const { return m_words; }
    std::uint64_t count(std::size_t i) const { return m_counts[i]; }
    const std::vector<std::uint64_t>& counts() const { return m_counts; }
    /// Occurrences of the kept words (what one training epoch reads).
    std::uint64_t trainWords() const { return m_trainWords; }
    /// Every word of the corpus, kept or not.
    std::uint64_t corpusWords() const { return m_corpusWords; }

    /// The index of a word, or -1 (an open-addressing table: one hash, usually one compare).
    std::int32_t find(std::string_view word) const;

    /// Frequent-word subsampling (Mikolov et al. 2013, as word2vec.c computes it): a word of
    /// frequency f = count / trainWords is kept with probability (sqrt(f/t) + 1) * t / f. Returned
    /// as thresholds on a uniform 32-bit draw (keep when draw < threshold); t <= 0 keeps all.
    std::vector<std::uint32_t> keepThresholds(double t) const;

private:
    void buildIndex();

    std::vector<std::string> m_words;
    std::vector<std::uint64_t> m_counts;
    std::uint64_t m_trainWords = 0;
    std::uint64_t m_corpusWords = 0;
    std::vector<std::int32_t> m_slots;  // power-of-two open-addressing table of word indices
};

}  // namespace embedscope
