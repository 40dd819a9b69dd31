#include "Word2VecTrainer.h"

#include "Omp.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <exception>

#include "../Error.h"
#include "NegativeSampler.h"
#include "Word2VecKernels.h"

namespace embedscope {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

struct AlignedFree {
    void operator()(float* p) const { std::free(p); }
};
using AlignedFloats = std::unique_ptr<float[], AlignedFree>;

AlignedFloats alignedZeros(std::size_t count) {
    const std::size_t bytes = std::max<std::size_t>(64, (count * sizeof(float) + 63) / 64 * 64);
    auto* p = static_cast<float*>(std::aligned_alloc(64, bytes));
    if (!p)
        throw Error("not enough memory for the word vectors (" + std::to_string(bytes >> 20) +
                    " MiB)");
    std::memset(p, 0, bytes);
    return AlignedFloats(p);
}

/// A run of sentences handed to one worker: word indices and where each sentence ends.
struct Block {
    std::vector<std::uint32_t> words;
    std::vector<std::uint32_t> ends;
    std::size_t epoch = 0;
};

/// Hands out the corpus, epoch after epoch, in blocks of about kWords known words, one worker at
/// a time (reading and looking words up is a small share of the work).
class BlockSource {
public:
    static constexpr std::size_t kWords = 10000;

    BlockSource(CorpusReader& reader, const Vocabulary& vocab, std::size_t epochs,
                std::size_t maxSentence)
        : m_reader(reader),
          m_vocab(vocab),
          m_epochs(epochs),
          m_maxSentence(std::max<std::size_t>(1, maxSentence)) {
        m_reader.rewind();
    }

    bool next(Block& b) {
        std::lock_guard lock(m_mutex);
        b.words.clear();
        b.ends.clear();
        while (m_epoch < m_epochs) {
            b.epoch = m_epoch;
            std::string_view w;
            std::size_t sentence = 0;
            for (;;) {
                const CorpusToken t = m_reader.next(w);
                if (t == CorpusToken::Word) {
                    const std::int32_t id = m_vocab.find(w);
                    if (id < 0) continue;
                    b.words.push_back(static_cast<std::uint32_t>(id));
                    if (++sentence < m_maxSentence) continue;
                } else if (t == CorpusToken::End) {
                    break;
                }
                if (sentence > 0) b.ends.push_back(static_cast<std::uint32_t>(b.words.size()));
                sentence = 0;
                if (b.words.size() >= kWords) return true;
            }
            if (sentence > 0) b.ends.push_back(static_cast<std::uint32_t>(b.words.size()));
            m_reader.rewind();
            ++m_epoch;
            if (!b.words.empty()) return true;
        }
        return false;
    }

private:
    std::mutex m_mutex;
    CorpusReader& m_reader;
    const Vocabulary& m_vocab;
    std::size_t m_epochs, m_maxSentence;
    std::size_t m_epoch = 0;
};

}  // namespace

struct Word2VecTrainer::Model {
    std::vector<std::string> words;
    std::size_t dims = 0, stride = 0;
    AlignedFloats syn0, syn1;

    Embedding top(std::size_t k) const {
        k = std::min(k, words.size());
        FloatValues values(k * dims);
        for (std::size_t r = 0; r < k; ++r)
            std::memcpy(values.data() + r * dims, syn0.get() + r * stride, dims * sizeof(float));
        Embedding e(
            std::vector<std::string>(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(k)),
            std::move(values), dims);
        e.setFrequencyOrdered(true);
        return e;
    }
};

Word2VecTrainer::Word2VecTrainer(Word2VecOptions options) : m_options(options) {}
Word2VecTrainer::~Word2VecTrainer() = default;

void Word2VecTrainer::setStatusCallback(TrainingStatusCallback callback, double intervalSeconds) {
    m_onStatus = std::move(callback);
    m_statusInterval = intervalSeconds;
}

void Word2VecTrainer::setSnapshotCallback(TrainingSnapshotCallback callback, std::size_t topK,
                                          double everyFraction) {
    m_onSnapshot = std::move(callback);
    m_snapshotTopK = topK;
    m_snapshotEvery = everyFraction;
}

Embedding Word2VecTrainer::snapshot(std::size_t topK) const {
    std::lock_guard lock(m_modelMutex);
    return m_model ? m_model->top(topK) : Embedding();
}

Word2VecResult Word2VecTrainer::train(const std::vector<std::string>& corpusPaths,
                                      Progress& progress) {
    const Word2VecOptions& o = m_options;
    if (o.dims == 0 || o.window == 0 || o.epochs == 0)
        throw Error("dims, window and epochs must be at least 1");
    if (corpusPaths.empty()) throw Error("no corpus file given");
    const auto start = Clock::now();
    CorpusReader reader(corpusFiles(corpusPaths), CorpusOptions{o.lowercase});
    VocabularyOptions vo;
    vo.minCount = o.minCount;
    vo.maxSize = o.maxVocabulary;
    const Vocabulary vocab = Vocabulary::count(reader, vo, progress);
    const double counting = secondsSince(start);
    Word2VecResult result = train(reader, vocab, progress);
    result.countingSeconds = counting;
    return result;
}

Word2VecResult Word2VecTrainer::train(CorpusReader& reader, const Vocabulary& vocab,
                                      Progress& progress) {
    const Word2VecOptions& o = m_options;
    if (o.dims == 0 || o.window == 0 || o.epochs == 0)
        throw Error("dims, window and epochs must be at least 1");
    if (vocab.size() == 0) throw Error("the vocabulary is empty");
    const std::size_t V = vocab.size(), D = o.dims, stride = (D + 15) / 16 * 16;

    auto model = std::make_unique<Model>();
    model->words = vocab.words();
    model->dims = D;
    model->stride = stride;
    model->syn0 = alignedZeros(V * stride);
    model->syn1 = alignedZeros(V * stride);
    // Uniform in [-0.5, 0.5) / D, as word2vec.c and gensim; each row from its own stream so the
    // start does not depend on the thread count.
    for (std::size_t r = 0; r < V; ++r) {
        w2v::Rng rng{o.seed * 0x9e3779b97f4a7c15ull + r};
        float* row = model->syn0.get() + r * stride;
        for (std::size_t i = 0; i < D; ++i)
            row[i] = (static_cast<float>(rng() >> 40) / 16777216.0f - 0.5f) / static_cast<float>(D);
    }
    {
        std::lock_guard lock(m_modelMutex);
        m_model = std::move(model);
    }
    const Model& m = *m_model;

    const NegativeSampler sampler(vocab.counts());
    const std::vector<std::uint32_t> keep = vocab.keepThresholds(o.sample);
    w2v::Kernel kernel;
    kernel.syn0 = m.syn0.get();
    kernel.syn1 = m.syn1.get();
    kernel.stride = stride;
    kernel.window = static_cast<std::uint32_t>(o.window);
    kernel.negative = static_cast<std::uint32_t>(o.negative);
    kernel.sampler = &sampler;
    kernel.sharedNegatives = o.sharedNegatives;

    const double alpha0 = o.startingLearningRate();
    const double total =
        static_cast<double>(o.epochs) * static_cast<double>(vocab.trainWords()) + 1.0;
    BlockSource source(reader, vocab, o.epochs, o.maxSentenceLength);
    std::atomic<std::uint64_t> processed{0};
    std::atomic<bool> stop{false};
    bool cancelled = false;
    std::exception_ptr failure;
    std::mutex failureMutex;
    const int threads = o.threads > 0 ? static_cast<int>(o.threads) : omp_get_max_threads();
    const auto start = Clock::now();
    progress.setStage("training");

    auto statusNow = [&](std::size_t epoch) {
        TrainingStatus s;
        s.epoch = epoch + 1;
        s.wordsProcessed = processed.load(std::memory_order_relaxed);
        s.fraction = std::min(1.0, static_cast<double>(s.wordsProcessed) / (total - 1.0));
        s.secondsElapsed = secondsSince(start);
        s.wordsPerSecond =
            s.secondsElapsed > 0 ? static_cast<double>(s.wordsProcessed) / s.secondsElapsed : 0;
        s.secondsLeft =
            s.fraction > 0.001 ? s.secondsElapsed * (1.0 - s.fraction) / s.fraction : -1.0;
        s.learningRate = alpha0 * std::max(1e-4, 1.0 - s.fraction);
        return s;
    };

#pragma omp parallel num_threads(threads)
    {
        const int me = omp_get_thread_num();
        w2v::Rng rng{o.seed * 0xd1b54a32d192ed03ull +
                     static_cast<std::uint64_t>(me) * 0x8cb92ba72f3d8dd7ull + 1};
        w2v::Scratch scratch;
        scratch.reserve(kernel);
        std::vector<std::uint32_t> sentence;
        Block block;
        double nextSnapshot = m_snapshotEvery;
        auto lastStatus = Clock::now();
        try {
            while (!stop.load(std::memory_order_relaxed) && source.next(block)) {
                std::uint64_t done = 0;
                std::size_t begin = 0;
                for (std::uint32_t end : block.ends) {
                    const std::uint64_t seen = processed.load(std::memory_order_relaxed) + done;
                    const float alpha = static_cast<float>(
                        alpha0 * std::max(1e-4, 1.0 - static_cast<double>(seen) / total));
                    sentence.clear();
                    for (std::size_t i = begin; i < end; ++i) {
                        const std::uint32_t w = block.words[i];
                        if (keep[w] == UINT32_MAX || static_cast<std::uint32_t>(rng()) < keep[w])
                            sentence.push_back(w);
                    }
                    if (o.model == Word2VecModel::SkipGram)
                        w2v::skipGramSentence(kernel, sentence.data(), sentence.size(), alpha, rng,
                                              scratch);
                    else
                        w2v::cbowSentence(kernel, sentence.data(), sentence.size(), alpha, rng,
                                          scratch);
                    done += end - begin;
                    begin = end;
                }
                processed.fetch_add(done, std::memory_order_relaxed);
                if (progress.isCancelled()) stop = true;
                if (me != 0) continue;
                const TrainingStatus status = statusNow(block.epoch);
                progress.step(status.fraction);
                if (m_onStatus && secondsSince(lastStatus) >= m_statusInterval) {
                    lastStatus = Clock::now();
                    m_onStatus(status);
                }
                if (m_onSnapshot && m_snapshotEvery > 0 && status.fraction >= nextSnapshot &&
                    status.fraction < 1.0) {
                    while (nextSnapshot <= status.fraction) nextSnapshot += m_snapshotEvery;
                    m_onSnapshot(TrainingSnapshot{m.top(m_snapshotTopK), status});
                }
            }
        } catch (const Cancelled&) {
            stop = true;
        } catch (...) {
            std::lock_guard lock(failureMutex);
            if (!failure) failure = std::current_exception();
            stop = true;
        }
    }
    if (failure) std::rethrow_exception(failure);
    cancelled = progress.isCancelled();
    if (!cancelled) progress.step(1.0);

    Word2VecResult result;
    result.embedding = m.top(V);
    std::vector<std::string> freq(V), rank(V);
    for (std::size_t i = 0; i < V; ++i) {
        freq[i] = std::to_string(vocab.count(i));
        rank[i] = std::to_string(i + 1);
    }
    result.metadata.addColumn("frequency", std::move(freq));
    result.metadata.addColumn("rank", std::move(rank));
    result.cancelled = cancelled;
    result.corpusWords = vocab.corpusWords();
    result.trainWords = vocab.trainWords();
    result.wordsProcessed = processed.load();
    result.trainingSeconds = secondsSince(start);
    result.wordsPerSecond =
        result.trainingSeconds > 0
            ? static_cast<double>(result.wordsProcessed) / result.trainingSeconds
            : 0;
    return result;
}

Dataset Word2VecResult::toDataset(const std::string& name) const {
    Dataset d;
    d.path = name;
    d.format = Format::Word2VecBinary;
    d.embedding = embedding;
    d.metadata = metadata;
    d.summary.rowsRead = embedding.rows();
    d.sourceRowCount = embedding.rows();
    d.sourceRows.resize(embedding.rows());
    for (std::size_t i = 0; i < d.sourceRows.size(); ++i) d.sourceRows[i] = i;
    if (cancelled)
        d.summary.warnings.push_back(
            "training was cancelled: these are the vectors reached so far");
    return d;
}

}  // namespace embedscope
