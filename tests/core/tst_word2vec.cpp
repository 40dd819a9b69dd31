// Word2vec training: words that share contexts end nearer than words that never meet (skip-gram
// and CBOW), one thread and one seed reproduce the vectors bit for bit, cancel mid-epoch returns
// usable vectors, snapshots and status arrive, and the result saves and loads in every format.
#include <QtTest>
#include <cmath>
#include <cstring>
#include <numeric>

#include "TestSupport.h"
#include "io/Load.h"
#include "train/Word2VecTrainer.h"

using namespace embedscope;

namespace {

constexpr int kTopics = 4, kTopicWords = 8;

QString topicWord(int topic, int i) {
    return QString("t%1w%2").arg(topic).arg(i);
}

/// 2000 sentences of 12 words; each sentence keeps to one topic's 8 words, with "the", "of",
/// "and" sprinkled in everywhere. Seeded LCG, so the file is the same on every machine.
QByteArray topicCorpus() {
    QByteArray text;
    std::uint64_t state = 42;
    auto next = [&](int n) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return int((state >> 33) % std::uint64_t(n));
    };
    const char* glue[] = {"the", "of", "and"};
    for (int s = 0; s < 2000; ++s) {
        const int topic = next(kTopics);
        for (int w = 0; w < 12; ++w) {
            if (w) text += ' ';
            text += next(5) == 0 ? QByteArray(glue[next(3)])
                                 : topicWord(topic, next(kTopicWords)).toUtf8();
        }
        text += '\n';
    }
    return text;
}

Word2VecOptions smallOptions(Word2VecModel model) {
    Word2VecOptions o;
    o.model = model;
    o.dims = 16;
    o.minCount = 1;
    o.sample = 0;  // every word is "frequent" in so small a vocabulary
    o.epochs = 5;
    o.threads = 1;
    o.seed = 7;
    return o;
}

double cosine(std::span<const float> a, std::span<const float> b) {
    double ab = 0, aa = 0, bb = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        ab += a[i] * b[i], aa += a[i] * a[i], bb += b[i] * b[i];
    return ab / std::sqrt(aa * bb);
}

bool allFinite(const Embedding& e) {
    return std::all_of(e.values().begin(), e.values().end(),
                       [](float v) { return std::isfinite(v); });
}

}  // namespace

class TestWord2Vec : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::string m_corpus;

private slots:
    void initTestCase() {
        testsupport::applyTestLocale();
        m_corpus = testsupport::writeFile(m_dir, "topics.txt", topicCorpus());
    }

    void cooccurringWordsEndNearer_data() {
        QTest::addColumn<int>("model");
        QTest::newRow("skip-gram") << int(Word2VecModel::SkipGram);
        QTest::newRow("CBOW") << int(Word2VecModel::Cbow);
    }
    void cooccurringWordsEndNearer() {
        QFETCH(int, model);
        Word2VecTrainer trainer(smallOptions(Word2VecModel(model)));
        const Word2VecResult r = trainer.train({m_corpus});
        QCOMPARE(r.embedding.rows(), std::size_t(kTopics * kTopicWords + 3));
        QVERIFY(!r.cancelled);
        // Every topic word's nearest topic word (cosine) shares its topic, and the mean cosine
        // within topics beats the mean across them by a wide margin.
        double within = 0, across = 0;
        int nWithin = 0, nAcross = 0, nearestRight = 0;
        for (int t = 0; t < kTopics; ++t)
            for (int i = 0; i < kTopicWords; ++i) {
                const auto a = r.embedding.row(*r.embedding.find(topicWord(t, i).toStdString()));
                double best = -2;
                int bestTopic = -1;
                for (int u = 0; u < kTopics; ++u)
                    for (int j = 0; j < kTopicWords; ++j) {
                        if (u == t && j == i) continue;
                        const double c = cosine(
                            a, r.embedding.row(*r.embedding.find(topicWord(u, j).toStdString())));
                        (u == t ? within : across) += c;
                        (u == t ? nWithin : nAcross)++;
                        if (c > best) best = c, bestTopic = u;
                    }
                nearestRight += bestTopic == t;
            }
        within /= nWithin;
        across /= nAcross;
        QVERIFY2(nearestRight == kTopics * kTopicWords, qPrintable(QString::number(nearestRight)));
        QVERIFY2(within > across + 0.3,
                 qPrintable(QString("within %1 across %2").arg(within).arg(across)));
    }

    void oneThreadSameSeedIsBitIdentical() {
        for (auto model : {Word2VecModel::SkipGram, Word2VecModel::Cbow}) {
            const Word2VecResult a = Word2VecTrainer(smallOptions(model)).train({m_corpus});
            const Word2VecResult b = Word2VecTrainer(smallOptions(model)).train({m_corpus});
            QCOMPARE(a.embedding.labels(), b.embedding.labels());
            QVERIFY(std::memcmp(a.embedding.data(), b.embedding.data(),
                                a.embedding.values().size() * 4) == 0);
            Word2VecOptions other = smallOptions(model);
            other.seed = 8;
            const Word2VecResult c = Word2VecTrainer(other).train({m_corpus});
            QVERIFY(std::memcmp(a.embedding.data(), c.embedding.data(),
                                a.embedding.values().size() * 4) != 0);
        }
    }

    void resultHasFrequencyAndRank() {
        const Word2VecResult r =
            Word2VecTrainer(smallOptions(Word2VecModel::Cbow)).train({m_corpus});
        QVERIFY(r.embedding.isFrequencyOrdered());
        QCOMPARE(r.corpusWords, std::uint64_t(24000));
        QCOMPARE(r.trainWords, std::uint64_t(24000));
        QCOMPARE(r.wordsProcessed, std::uint64_t(5 * 24000));
        const auto f = r.metadata.findColumn("frequency"), k = r.metadata.findColumn("rank");
        QVERIFY(f && k);
        QCOMPARE(r.metadata.column(*f).type, ColumnType::Numeric);
        double sum = 0, previous = 1e300;
        for (std::size_t i = 0; i < r.embedding.rows(); ++i) {
            const double n = r.metadata.column(*f).numbers[i];
            QVERIFY(n <= previous);
            previous = n;
            sum += n;
            QCOMPARE(r.metadata.column(*k).numbers[i], double(i + 1));
        }
        QCOMPARE(sum, 24000.0);
        const Dataset d = r.toDataset("topics");
        QCOMPARE(d.embedding.rows(), r.embedding.rows());
        QCOMPARE(d.metadata.rows(), r.embedding.rows());
    }

    void cancelMidEpochKeepsUsableVectors() {
        Word2VecTrainer trainer(smallOptions(Word2VecModel::SkipGram));
        Progress progress;
        QList<double> fractions;
        trainer.setStatusCallback(
            [&](const TrainingStatus& s) {
                fractions << s.fraction;
                QVERIFY(s.wordsPerSecond > 0);
                if (s.fraction > 0.3) progress.cancel();
            },
            0.0);
        const Word2VecResult r = trainer.train({m_corpus}, progress);
        QVERIFY(r.cancelled);
        QVERIFY(!fractions.isEmpty());
        QVERIFY2(r.wordsProcessed > 24000 && r.wordsProcessed < 3 * 24000,
                 qPrintable(QString::number(r.wordsProcessed)));
        QCOMPARE(r.embedding.rows(), std::size_t(kTopics * kTopicWords + 3));
        QVERIFY(allFinite(r.embedding));
        // Usable: saved and read back unchanged.
        const std::string path = m_dir.filePath("cancelled.bin").toStdString();
        saveEmbedding(r.embedding, path, Format::Word2VecBinary);
        const Dataset back = loadDataset(path);
        QCOMPARE(back.embedding.labels(), r.embedding.labels());
        QVERIFY(std::memcmp(back.embedding.data(), r.embedding.data(),
                            r.embedding.values().size() * 4) == 0);
        QVERIFY(r.toDataset().summary.warnings.front().find("cancelled") != std::string::npos);

        // Cancelled before training starts: nothing to return.
        Progress early;
        early.cancel();
        QVERIFY_THROWS_EXCEPTION(
            Cancelled, Word2VecTrainer(smallOptions(Word2VecModel::Cbow)).train({m_corpus}, early));
    }

    void snapshotsForALivePreview() {
        Word2VecTrainer trainer(smallOptions(Word2VecModel::SkipGram));
        QCOMPARE(trainer.snapshot(5).rows(), std::size_t(0));
        QList<double> fractions;
        trainer.setSnapshotCallback(
            [&](const TrainingSnapshot& s) {
                QCOMPARE(s.vectors.rows(), std::size_t(5));
                QCOMPARE(s.vectors.dims(), std::size_t(16));
                QVERIFY(s.vectors.isFrequencyOrdered());
                QVERIFY(allFinite(s.vectors));
                fractions << s.status.fraction;
            },
            5, 0.25);
        const Word2VecResult r = trainer.train({m_corpus});
        QVERIFY2(fractions.size() == 3, qPrintable(QString::number(fractions.size())));
        QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));
        QVERIFY(fractions.front() >= 0.25 && fractions.back() < 1.0);
        // After training, snapshot() gives the final vectors of the top rows.
        const Embedding top = trainer.snapshot(3);
        QCOMPARE(top.labels(), std::vector<std::string>(r.embedding.labels().begin(),
                                                        r.embedding.labels().begin() + 3));
        QVERIFY(std::memcmp(top.data(), r.embedding.data(), 3 * 16 * 4) == 0);
    }

    void savesInEveryFormat() {
        Word2VecOptions o = smallOptions(Word2VecModel::Cbow);
        o.epochs = 1;
        const Word2VecResult r = Word2VecTrainer(o).train({m_corpus});
        for (Format f : {Format::Word2VecBinary, Format::Word2VecText, Format::GloveText,
                         Format::ProjectorTsv, Format::Npy}) {
            const std::string path =
                m_dir.filePath("out." + QString::fromUtf8(formatName(f).data())).toStdString();
            saveEmbedding(r.embedding, path, f);
            LoadOptions lo;
            lo.format = f;
            const Dataset back = loadDataset(path, lo);
            QCOMPARE(back.embedding.rows(), r.embedding.rows());
            const bool labelled = f != Format::ProjectorTsv && f != Format::Npy;
            if (labelled) QCOMPARE(back.embedding.labels(), r.embedding.labels());
            QVERIFY2(std::memcmp(back.embedding.data(), r.embedding.data(),
                                 r.embedding.values().size() * 4) == 0,
                     formatName(f).data());
        }
    }

    void metadataBesideTheVectorsIsLoaded() {
        // As the default sample is laid out: X.bin with X-metadata.tsv (label, frequency, rank).
        Word2VecOptions o = smallOptions(Word2VecModel::Cbow);
        o.epochs = 1;
        const Word2VecResult r = Word2VecTrainer(o).train({m_corpus});
        QTemporaryDir dir;
        const std::string bin = dir.filePath("words.bin").toStdString();
        saveEmbedding(r.embedding, bin, Format::Word2VecBinary);
        writeProjectorMetadata(r.embedding, r.metadata,
                               dir.filePath("words-metadata.tsv").toStdString());
        const Dataset d = loadDataset(bin);
        QVERIFY(d.embedding.isFrequencyOrdered());
        QCOMPARE(d.metadata.rows(), r.embedding.rows());
        const auto f = d.metadata.findColumn("frequency");
        QVERIFY(f && d.metadata.findColumn("rank"));
        QCOMPARE(d.metadata.column(*f).numbers, r.metadata.column(0).numbers);

        // A beside file that does not fit is left out with a warning; the vectors still load.
        testsupport::writeFile(dir, "words-metadata.tsv", "label\tfrequency\nthe\t3\n");
        const Dataset e = loadDataset(bin);
        QCOMPARE(e.metadata.rows(), std::size_t(0));
        QCOMPARE(e.embedding.rows(), r.embedding.rows());
        QVERIFY2(e.summary.warnings.back().starts_with("metadata beside the vectors not used: "),
                 e.summary.warnings.back().c_str());
    }

    void badCorpusMessagesPassThrough() {
        QTemporaryDir dir;
        const auto junk = testsupport::writeFile(dir, "model.bin",
                                                 QByteArray("\x7f"
                                                            "ELF\x02\x01\x01\x00",
                                                            8));
        try {
            Word2VecTrainer().train({junk});
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.what()),
                     QString::fromStdString(junk) +
                         ":1:8: a NUL byte: this looks like a binary file, not UTF-8 text (byte "
                         "offset 7)");
            QCOMPARE(e.where().byteOffset.value_or(0), std::uint64_t(7));
        }
        QVERIFY_THROWS_EXCEPTION(Error, Word2VecTrainer().train({}));
    }
};

QTEST_GUILESS_MAIN(TestWord2Vec)
#include "tst_word2vec.moc"
