#pragma once
/// Settings, live status and result of word2vec training (Word2VecTrainer.h).
#include <cstdint>
#include <functional>
#include <string>

#include "../Embedding.h"
#include "../Metadata.h"
#include "../io/Dataset.h"

namespace embedscope {

enum class Word2VecModel {
    SkipGram,  ///< predict each context word from the centre word (Mikolov et al. 2013a)
    Cbow       ///< predict the centre word from the mean of its context words
};

/// Defaults are word2vec.c's (Mikolov et al. 2013, https://code.google.com/archive/p/word2vec/).
struct Word2VecOptions {
    Word2VecModel model = Word2VecModel::SkipGram;
    std::size_t dims = 100;  ///< vector size (-size)
    std::size_t window =
        5;  ///< largest distance to a context word; each centre word draws 1..window (-window)
    std::size_t negative = 5;  ///< negative samples per positive one (-negative)
    double sample = 1e-3;      ///< subsampling threshold t of frequent words; 0 disables (-sample)
    std::uint64_t minCount = 5;  ///< words seen fewer times are dropped (-min-count)
    std::size_t maxVocabulary =
        0;                   ///< keep only the most frequent words (0 = all reaching minCount)
    std::size_t epochs = 5;  ///< passes over the corpus (-iter)
    /// Starting learning rate; 0 = word2vec.c's default for the model (0.025 skip-gram, 0.05 CBOW).
    /// It falls linearly to 1e-4 of itself at the end of the last epoch.
    double learningRate = 0;
    /// Skip-gram: draw one set of negatives per centre word and share it among the context words
    /// (Ji et al. 2016; fewer random rows fetched, so faster), or draw new ones for every context
    /// word as word2vec.c does (false).
    bool sharedNegatives = true;
    std::size_t threads = 0;  ///< 0 = OpenMP's default (all cores)
    std::uint64_t seed = 1;
    bool lowercase = false;  ///< lower-case ASCII letters while reading (CorpusOptions)
    /// Sentences longer than this many (known) words are cut, as word2vec.c's MAX_SENTENCE_LENGTH.
    std::size_t maxSentenceLength = 1000;

    double startingLearningRate() const {
        return learningRate > 0 ? learningRate : (model == Word2VecModel::Cbow ? 0.05 : 0.025);
    }
};

/// What a status callback is told while training runs.
struct TrainingStatus {
    std::size_t epoch = 0;             ///< 1-based epoch being trained
    double fraction = 0;               ///< of all epochs, by words read
    std::uint64_t wordsProcessed = 0;  ///< known corpus words read so far, over all epochs
    double wordsPerSecond = 0;         ///< wordsProcessed / seconds since training started
    double secondsElapsed = 0;         ///< since training (not counting) started
    double secondsLeft = -1;           ///< estimate; -1 while unknown
    double learningRate = 0;           ///< current rate
};

/// A read-only copy of the most frequent words' vectors in the middle of training.
struct TrainingSnapshot {
    Embedding vectors;  ///< the topK most frequent words, most frequent first
    TrainingStatus status;
};

using TrainingStatusCallback = std::function<void(const TrainingStatus&)>;
using TrainingSnapshotCallback = std::function<void(const TrainingSnapshot&)>;

struct Word2VecResult {
    /// One row per vocabulary word, most frequent first (frequency-ordered).
    Embedding embedding;
    /// Columns "frequency" (occurrences in the corpus) and "rank" (1 = most frequent).
    Metadata metadata;
    bool cancelled = false;            ///< stopped early: the vectors are those reached so far
    std::uint64_t corpusWords = 0;     ///< words in the corpus (one pass, every word)
    std::uint64_t trainWords = 0;      ///< words of the vocabulary in the corpus (one pass)
    std::uint64_t wordsProcessed = 0;  ///< words read while training, over all epochs
    double countingSeconds = 0;        ///< building the vocabulary
    double trainingSeconds = 0;        ///< the epochs
    double wordsPerSecond = 0;         ///< wordsProcessed / trainingSeconds

    /// The result as a data set the explorer shows as it is (path and format name its origin).
    Dataset toDataset(const std::string& name = "trained vectors") const;
};

}  // namespace embedscope
