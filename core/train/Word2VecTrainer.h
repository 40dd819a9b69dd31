#pragma once
/// Trains word2vec vectors (Mikolov et al. 2013: skip-gram or CBOW with negative sampling) on a
/// text corpus read from disk, streamed once to count words and once per epoch to train.
///
/// Speed. Skip-gram shares one set of negative samples among all context words of a centre word
/// and updates them as two small matrix products, as Ji et al. (2016, "Parallelizing Word2Vec in
/// Shared and Distributed Memory", Intel's pWord2Vec) do: each negative output row is fetched once
/// per centre word instead of once per context word. Negatives come from an alias table of the
/// vocabulary's size (NegativeSampler), and the logistic function from word2vec.c's table.
///
/// Threads: OpenMP workers take blocks of about 10 000 words of the corpus in turn and update the
/// shared matrices without locks (Hogwild, Recht et al. 2011), as word2vec.c and gensim do.
/// Determinism: with threads = 1 the same corpus, options and seed give bit-identical vectors;
/// with more threads the order of the racing updates varies and so do the last digits.
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "../Progress.h"
#include "Vocabulary.h"
#include "Word2VecOptions.h"

namespace embedscope {

/// Can run in a worker thread; snapshot() may be called from any other thread meanwhile.
class Word2VecTrainer {
public:
    explicit Word2VecTrainer(Word2VecOptions options = {});
    ~Word2VecTrainer();

    const Word2VecOptions& options() const { return m_options; }

    /// Called on the training thread about every intervalSeconds with words/s, progress and time
    /// left.
    void setStatusCallback(TrainingStatusCallback callback, double intervalSeconds = 0.25);
    /// Called on the training thread each time another everyFraction of the work is done (not at
    /// the end: the result follows), with a copy of the topK most frequent words' vectors, e.g.
    /// for a live preview. Training pauses only for the copy.
    void setSnapshotCallback(TrainingSnapshotCallback callback, std::size_t topK = 2000,
                             double everyFraction = 0.02);

    /// Trains on the files (and folders, recursively; corpusFiles) given. Progress: stage
    /// "counting words" (by bytes read) then "training" (by words). Throws Error for unreadable,
    /// binary, non-UTF-8, empty corpora or one where no word reaches minCount, and Cancelled when
    /// cancelled while counting; cancelled while training, it returns the vectors reached so far
    /// with cancelled = true.
    Word2VecResult train(const std::vector<std::string>& corpusPaths,
                         Progress& progress = Progress::none());

    /// The same on a vocabulary already counted from reader's corpus.
    Word2VecResult train(CorpusReader& reader, const Vocabulary& vocabulary,
                         Progress& progress = Progress::none());

    /// Thread-safe copy of the topK most frequent words' current vectors (empty before training
    /// has allocated them). Values may be mid-update: good for a picture, not for saving.
    Embedding snapshot(std::size_t topK) const;

private:
    struct Model;
    Word2VecOptions m_options;
    TrainingStatusCallback m_onStatus;
    double m_statusInterval = 0.25;
    TrainingSnapshotCallback m_onSnapshot;
    std::size_t m_snapshotTopK = 2000;
    double m_snapshotEvery = 0.02;
    mutable std::mutex m_modelMutex;  // guards m_model's lifetime, not its values
    std::unique_ptr<Model> m_model;
};

}  // namespace embedscope
