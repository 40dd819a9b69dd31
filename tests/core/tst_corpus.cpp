// Corpus reading and the vocabulary: tokenisation rules, bad corpora (empty, binary, not UTF-8,
// nothing reaching min-count) with their exact places, counts and ordering, subsampling and the
// negative-sampling distribution.
#include <QtTest>
#include <cmath>

#include "TestSupport.h"
#include "train/Corpus.h"
#include "train/NegativeSampler.h"
#include "train/Vocabulary.h"

using namespace embedscope;
using testsupport::writeFile;

namespace {

/// Every token of the corpus: words as they are, "|" for a sentence end.
QStringList tokens(CorpusReader& reader) {
    QStringList out;
    std::string_view w;
    for (CorpusToken t; (t = reader.next(w)) != CorpusToken::End;)
        out << (t == CorpusToken::Word ? QString::fromUtf8(w.data(), qsizetype(w.size()))
                                       : QStringLiteral("|"));
    return out;
}

QString errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    }
    return QStringLiteral("(no error)");
}

}  // namespace

class TestCorpus : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { testsupport::applyTestLocale(); }

    void tokenisation() {
        QTemporaryDir dir;
        // BOM skipped; tabs, CR and runs of spaces separate; a line feed ends a sentence;
        // punctuation stays attached; a no-break space (U+00A0) is part of a word; no final
        // newline.
        const auto a =
            writeFile(dir, "a.txt", "\xEF\xBB\xBFThe  cat\tsat.\r\n\nNew\xC2\xA0York ist schön\n");
        const auto b = writeFile(dir, "b.txt", "last words");
        CorpusReader reader({a, b});
        QCOMPARE(tokens(reader), (QStringList{"The", "cat", "sat.", "|", "|", "New\u00A0York",
                                              "ist", "schön", "|", "|", "last", "words", "|"}));
        QCOMPARE(reader.bytesRead(), reader.totalBytes());
        reader.rewind();
        QCOMPARE(tokens(reader).size(), 13);

        CorpusReader lower({a}, CorpusOptions{true});
        QCOMPARE(tokens(lower).mid(0, 3), (QStringList{"the", "cat", "sat."}));
    }

    void wordAcrossReadBlocks() {
        // A word that straddles the 1 MiB read block arrives whole, and one longer than the block
        // too.
        QTemporaryDir dir;
        QByteArray text(1024 * 1024 - 3, 'x');
        text += " straddling " + QByteArray(3 * 1024 * 1024, 'y') + "\nend";
        CorpusReader reader({writeFile(dir, "big.txt", text)});
        std::string_view w;
        QCOMPARE(reader.next(w), CorpusToken::Word);
        QCOMPARE(w.size(), std::size_t(1024 * 1024 - 3));
        QCOMPARE(reader.next(w), CorpusToken::Word);
        QCOMPARE(std::string(w), std::string("straddling"));
        QCOMPARE(reader.next(w), CorpusToken::Word);
        QCOMPARE(w.size(), std::size_t(3 * 1024 * 1024));
        QCOMPARE(reader.next(w), CorpusToken::SentenceEnd);
        QCOMPARE(reader.next(w), CorpusToken::Word);
        QCOMPARE(std::string(w), std::string("end"));
    }

    void folders() {
        // Recursively, sorted by path, hidden files and folders skipped.
        QTemporaryDir dir;
        QDir(dir.path()).mkpath("sub/.git");
        writeFile(dir, "b.txt", "two");
        writeFile(dir, "a.txt", "one");
        writeFile(dir, "sub/c.txt", "three");
        writeFile(dir, ".hidden", "no");
        writeFile(dir, "sub/.git/x", "no");
        const auto files = corpusFiles({dir.path().toStdString()});
        QCOMPARE(files.size(), std::size_t(3));
        CorpusReader reader(files);
        QCOMPARE(tokens(reader), (QStringList{"one", "|", "two", "|", "three", "|"}));

        QTemporaryDir empty;
        QCOMPARE(errorOf([&] { corpusFiles({empty.path().toStdString()}); }),
                 empty.path() + ": the folder holds no file");
        QCOMPARE(errorOf([&] { corpusFiles({dir.filePath("missing.txt").toStdString()}); }),
                 dir.filePath("missing.txt") + ": no such file or folder");
    }

    void badBytes_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("where");
        QTest::addColumn<QString>("message");
        // word2vec.c and gensim would read these silently (a NUL ends a C string; gensim decodes
        // with errors='strict' only for some paths); here the place is named.
        QTest::newRow("NUL in binary junk")
            << QByteArray(
                   "fine words\nmore\x7f"
                   "ELF\x02\x01\x00\x00junk",
                   26)
            << ":2:11"
            << "a NUL byte: this looks like a binary file, not UTF-8 text (byte offset 21)";
        QTest::newRow("Latin-1 e acute")
            << QByteArray("caf\xE9 au lait\n") << ":1:4"
            << "not valid UTF-8 (byte 0xe9); the corpus must be UTF-8 text (byte offset 3)";
        QTest::newRow("truncated sequence at the end")
            << QByteArray("ok\nnai\xC3") << ":2:4"
            << "not valid UTF-8 (byte 0xc3); the corpus must be UTF-8 text (byte offset 6)";
        QTest::newRow("overlong slash")
            << QByteArray("a \xC0\xAF b") << ":1:3"
            << "not valid UTF-8 (byte 0xc0); the corpus must be UTF-8 text (byte offset 2)";
        QTest::newRow("UTF-16 surrogate")
            << QByteArray("x \xED\xA0\x80") << ":1:3"
            << "not valid UTF-8 (byte 0xed); the corpus must be UTF-8 text (byte offset 2)";
    }
    void badBytes() {
        QFETCH(QByteArray, text);
        QFETCH(QString, where);
        QFETCH(QString, message);
        QTemporaryDir dir;
        writeFile(dir, "good.txt", "a clean first file\n");
        const auto bad = writeFile(dir, "bad.txt", text);
        CorpusReader reader({dir.filePath("good.txt").toStdString(), bad});
        const QString got = errorOf([&] { tokens(reader); });
        QCOMPARE(got, QString::fromStdString(bad) + where + ": " + message);
    }

    void vocabularyCounts() {
        QTemporaryDir dir;
        // c and a tie at 3: a was seen first. d (2) is below min-count 3... with min-count 2 it
        // stays.
        const auto p = writeFile(dir, "v.txt", "b c a b\nd c a b a c\nd e\n");
        CorpusReader reader({p});
        VocabularyOptions o;
        o.minCount = 2;
        const Vocabulary v = Vocabulary::count(reader, o);
        QCOMPARE(v.words(), (std::vector<std::string>{"b", "c", "a", "d"}));
        QCOMPARE(v.counts(), (std::vector<std::uint64_t>{3, 3, 3, 2}));
        QCOMPARE(v.trainWords(), std::uint64_t(11));
        QCOMPARE(v.corpusWords(), std::uint64_t(12));
        QCOMPARE(v.find("d"), 3);
        QCOMPARE(v.find("e"), -1);
        QCOMPARE(v.find("bb"), -1);
        o.maxSize = 2;
        QCOMPARE(Vocabulary::count(reader, o).words(), (std::vector<std::string>{"b", "c"}));
    }

    void vocabularyErrors() {
        QTemporaryDir dir;
        const auto empty = writeFile(dir, "empty.txt", " \n\t\r\n");
        CorpusReader e({empty});
        QCOMPARE(errorOf([&] { Vocabulary::count(e, {}); }),
                 QString::fromStdString(empty) +
                     ": the corpus holds no word (the file is empty or only whitespace)");
        const auto few = writeFile(dir, "few.txt", "one two two three three three\n");
        CorpusReader f({few});
        QCOMPARE(errorOf([&] { Vocabulary::count(f, {}); }),
                 QStringLiteral("no word occurs at least 5 times (min-count); the most frequent "
                                "occurs 3 times in 6 "
                                "words; lower min-count or give more text"));
    }

    void subsampling() {
        // keep = (sqrt(f/t) + 1) t/f with f = count/total (word2vec.c): counts 900 and 100 of 1000
        // at t = 0.01 give (sqrt(90)+1)/90 = 0.116521 and (sqrt(10)+1)/10 = 0.416228.
        const Vocabulary v({"the", "cat"}, {900, 100}, 1000);
        const auto keep = v.keepThresholds(0.01);
        QVERIFY(std::abs(keep[0] / 4294967296.0 - (std::sqrt(90.0) + 1) / 90) < 1e-9);
        QVERIFY(std::abs(keep[1] / 4294967296.0 - (std::sqrt(10.0) + 1) / 10) < 1e-9);
        QCOMPARE(v.keepThresholds(0.2)[1], UINT32_MAX);  // rare enough: always kept
        QCOMPARE(v.keepThresholds(0)[0], UINT32_MAX);
    }

    void negativeDistribution() {
        const std::vector<std::uint64_t> counts = {1000, 300, 30, 7, 1};
        const NegativeSampler s(counts);
        double sum = 0;
        for (auto c : counts) sum += std::pow(double(c), 0.75);
        std::vector<double> seen(counts.size());
        std::uint64_t state = 12345;
        const int draws = 400000;
        for (int i = 0; i < draws; ++i) {
            state = state * 6364136223846793005ull + 1442695040888963407ull;
            std::uint64_t z = state ^ (state >> 29);
            z *= 0xbf58476d1ce4e5b9ull;
            seen[s(z ^ (z >> 32))] += 1.0 / draws;
        }
        for (std::size_t i = 0; i < counts.size(); ++i) {
            const double want = std::pow(double(counts[i]), 0.75) / sum;
            QVERIFY2(std::abs(s.probability(i) - want) < 1e-8, qPrintable(QString::number(i)));
            QVERIFY2(std::abs(seen[i] - want) < 0.005,
                     qPrintable(QString("%1: %2 vs %3").arg(i).arg(seen[i]).arg(want)));
        }
    }
};

QTEST_GUILESS_MAIN(TestCorpus)
#include "tst_corpus.moc"
