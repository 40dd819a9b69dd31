// embedscope-cli train: word2vec (skip-gram or CBOW, negative sampling) on text files or folders.
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>

#include "Commands.h"
#include "Common.h"
#include "Json.h"
#include "ParseNumber.h"
#include "io/Load.h"
#include "train/Word2VecTrainer.h"

namespace embedscope::cli {

namespace {

double positiveNumber(const Args& args, const std::string& name, double fallback) {
    const auto text = args.value(name);
    if (!text) return fallback;
    double v = 0;
    if (!parseDouble(*text, v) || !std::isfinite(v) || v < 0)
        throw UsageError("--" + name + " needs a number ≥ 0, not '" + *text + "'");
    return v;
}

std::size_t atLeastOne(const Args& args, const std::string& name, std::size_t fallback) {
    const std::size_t v = args.count(name).value_or(fallback);
    if (v == 0) throw UsageError("--" + name + " must be at least 1");
    return v;
}

Word2VecOptions trainOptions(const Args& args) {
    Word2VecOptions o;
    const std::string model = args.value("model", "skipgram");
    if (model == "cbow")
        o.model = Word2VecModel::Cbow;
    else if (model != "skipgram" && model != "skip-gram" && model != "sg")
        throw UsageError("--model must be skipgram or cbow");
    o.dims = atLeastOne(args, "dim", o.dims);
    o.window = atLeastOne(args, "window", o.window);
    o.negative = args.count("negative").value_or(o.negative);
    o.sample = positiveNumber(args, "sample", o.sample);
    o.minCount = args.count("min-count").value_or(o.minCount);
    o.epochs = atLeastOne(args, "epochs", o.epochs);
    o.threads = args.count("threads").value_or(0);
    o.seed = args.count("seed").value_or(o.seed);
    o.learningRate = positiveNumber(args, "alpha", 0);
    o.maxVocabulary = args.count("max-vocab").value_or(0);
    o.lowercase = args.flag("lowercase");
    o.sharedNegatives = !args.flag("fresh-negatives");
    return o;
}

int runTrain(const Args& args) {
    const auto out = args.value("out");
    if (!out) throw UsageError("train needs --out FILE");
    Format format = formatFromExtension(*out).value_or(Format::Word2VecBinary);
    if (auto name = args.value("format")) {
        auto f = parseFormatName(*name);
        if (!f || *f == Format::Csv)
            throw UsageError("--format must be word2vec-binary, word2vec-text, glove, tsv or npy");
        format = *f;
    }
    if (format == Format::Csv) format = Format::Word2VecBinary;
    const Word2VecOptions options = trainOptions(args);
    const std::size_t keep = args.count("save-top").value_or(0);

    const auto start = std::chrono::steady_clock::now();
    Progress progress = makeProgress();
    Word2VecTrainer trainer(options);
    if (::isatty(STDERR_FILENO))
        trainer.setStatusCallback(
            [](const TrainingStatus& s) {
                std::fprintf(stderr, "\rtraining epoch %zu  %3d%%  %.0f words/s  %.0f s left   ",
                             s.epoch, static_cast<int>(s.fraction * 100), s.wordsPerSecond,
                             std::max(0.0, s.secondsLeft));
            },
            0.5);
    const Word2VecResult r = trainer.train(args.positionals(), progress);
    const double seconds = secondsSince(start);

    Embedding saved = r.embedding;
    Metadata meta = r.metadata;
    if (keep > 0 && keep < saved.rows()) {
        std::vector<std::size_t> rows(keep);
        for (std::size_t i = 0; i < keep; ++i) rows[i] = i;
        saved = saved.subset(rows);
        saved.setFrequencyOrdered(true);
        meta = meta.subset(rows);
    }
    saveEmbedding(saved, *out, format, progress);
    if (auto m = args.value("metadata-out")) writeProjectorMetadata(saved, meta, *m);

    if (args.flag("json")) {
        Json j;
        j.beginObject().field("seconds", seconds).field("words_per_second", r.wordsPerSecond);
        j.field("vocabulary", r.embedding.rows()).field("words", r.corpusWords);
        j.field("training_seconds", r.trainingSeconds).field("counting_seconds", r.countingSeconds);
        j.field("words_trained", r.wordsProcessed).field("dims", r.embedding.dims());
        j.field("model", options.model == Word2VecModel::Cbow ? "cbow" : "skipgram");
        j.field("cancelled", r.cancelled).field("rows_saved", saved.rows());
        j.field("format", formatName(format)).field("out", *out).endObject();
        std::cout << j.str() << "\n";
    } else {
        std::cerr << (::isatty(STDERR_FILENO) ? "\n" : "") << "trained " << r.embedding.rows()
                  << " words x " << r.embedding.dims() << " on " << r.corpusWords
                  << " corpus words in " << seconds << " s ("
                  << static_cast<long long>(r.wordsPerSecond) << " words/s); wrote " << saved.rows()
                  << " rows as " << formatName(format) << " to " << *out << "\n";
    }
    return 0;
}

}  // namespace

Command trainCommand() {
    return {
        {"train",
         {"CORPUS..."},
         {{"out", "FILE", "where to write the vectors (required)"},
          {"format", "FORMAT",
           "word2vec-binary (default unless FILE's extension says otherwise), word2vec-text, "
           "glove, tsv or npy"},
          {"model", "NAME", "skipgram (default) or cbow"},
          {"dim", "N", "vector size (default 100)"},
          {"window", "N", "largest context distance; each word draws 1..N (default 5)"},
          {"negative", "N", "negative samples per word (default 5)"},
          {"sample", "T", "subsampling threshold of frequent words, 0 = off (default 1e-3)"},
          {"min-count", "N", "drop words seen fewer times (default 5)"},
          {"epochs", "N", "passes over the corpus (default 5)"},
          {"threads", "N", "worker threads (default: all cores)"},
          {"seed", "S", "random seed; with --threads 1 the result is reproducible (default 1)"},
          {"alpha", "A", "starting learning rate (default 0.025 skip-gram, 0.05 CBOW)"},
          {"max-vocab", "N", "train only the N most frequent words (default: all)"},
          {"lowercase", "", "lower-case ASCII letters while reading"},
          {"fresh-negatives", "",
           "skip-gram: new negatives for every context word (word2vec.c; slower) instead of "
           "one set shared by the window"},
          {"save-top", "N", "write only the N most frequent words (training uses all)"},
          {"metadata-out", "FILE",
           "also write word, frequency and rank as a Projector metadata TSV"},
          {"json", "", "print the result as JSON"}},
         "Train word2vec vectors (skip-gram or CBOW with negative sampling) on UTF-8 text files or "
         "folders of them and save them, most frequent word first. A word is a run of "
         "non-whitespace "
         "characters; a line break ends a sentence."},
        runTrain};
}

}  // namespace embedscope::cli
