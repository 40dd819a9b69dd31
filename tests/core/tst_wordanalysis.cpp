// Neighbours, comparison and analogies of words against gensim 4.2 (tests/data/analysis: a seeded
// word2vec text fixture and gensim's answers, made once by make_fixture.py) and brute force.
#include <QFile>
#include <QTest>
#include <cmath>
#include <map>

#include "Error.h"
#include "TestSupport.h"
#include "analysis/Analogy.h"
#include "analysis/UnitRows.h"
#include "analysis/WordComparison.h"
#include "analysis/WordLookup.h"
#include "analysis/WordNeighbours.h"
#include "io/Load.h"

using namespace embedscope;

namespace {

struct Answer {
    std::string word;
    double score;
};

/// reference.tsv: kind, query, rank, answer, score → answers per "kind query", in rank order.
std::map<std::string, std::vector<Answer>> gensimReference() {
    QFile f(QString::fromStdString(testsupport::testData("analysis/reference.tsv")));
    if (!f.open(QIODevice::ReadOnly)) qFatal("no reference.tsv");
    std::map<std::string, std::vector<Answer>> out;
    while (!f.atEnd()) {
        const QList<QByteArray> cells = f.readLine().trimmed().split('\t');
        if (cells.size() != 5) continue;
        out[(cells[0] + " " + cells[1]).toStdString()].push_back(
            {cells[3].toStdString(), QByteArray(cells[4]).toDouble()});
    }
    return out;
}

std::vector<double> rowDouble(const Embedding& e, std::size_t r) {
    return {e.row(r).begin(), e.row(r).end()};
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
    double s = 0;
    for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
    return s;
}

}  // namespace

class TestWordAnalysis : public QObject {
    Q_OBJECT
    Embedding m_e;
    std::map<std::string, std::vector<Answer>> m_ref;

private slots:
    void initTestCase() {
        testsupport::applyTestLocale();
        m_e = loadDataset(testsupport::testData("analysis/vectors.txt")).embedding;
        QCOMPARE(m_e.rows(), std::size_t(300));
        m_ref = gensimReference();
        QCOMPARE(m_ref.size(), std::size_t(13));
    }

    void neighboursEqualGensim_data() {
        QTest::addColumn<QString>("word");
        for (const char* w : {"king", "woman", "w000", "w123", "w283"}) QTest::newRow(w) << w;
    }
    void neighboursEqualGensim() {
        QFETCH(QString, word);
        const NeighbourSearch search(m_e, Metric::Cosine, VectorSpace::Raw);
        const auto got = mostSimilar(m_e, search, *m_e.find(word.toStdString()), 10);
        const auto& want = m_ref.at("neighbours " + word.toStdString());
        QCOMPARE(got.size(), want.size());
        for (std::size_t i = 0; i < got.size(); ++i) {
            QCOMPARE(got[i].word, want[i].word);
            QVERIFY2(std::abs(got[i].score - want[i].score) < 1e-5, got[i].word.c_str());
        }
    }

    void neighboursEqualBruteForce_data() {
        QTest::addColumn<int>("metric");
        QTest::newRow("cosine") << int(Metric::Cosine);
        QTest::newRow("euclidean") << int(Metric::Euclidean);
        QTest::newRow("dot") << int(Metric::Dot);
    }
    void neighboursEqualBruteForce() {
        QFETCH(int, metric);
        const auto m = Metric(metric);
        const NeighbourSearch search(m_e, m, VectorSpace::Raw);
        for (std::size_t q : {std::size_t(0), std::size_t(17), std::size_t(299)}) {
            const auto x = rowDouble(m_e, q);
            std::vector<std::pair<double, std::size_t>> all;  // (sort key, row): smaller is nearer
            for (std::size_t r = 0; r < m_e.rows(); ++r) {
                if (r == q) continue;
                const auto y = rowDouble(m_e, r);
                const double key =
                    m == Metric::Cosine ? -dot(x, y) / std::sqrt(dot(x, x) * dot(y, y))
                    : m == Metric::Dot  ? -dot(x, y)
                                        : std::sqrt(dot(x, x) + dot(y, y) - 2 * dot(x, y));
                all.push_back({key, r});
            }
            std::sort(all.begin(), all.end());
            const auto got = mostSimilar(m_e, search, q, 10);
            QCOMPARE(got.size(), std::size_t(10));
            for (std::size_t i = 0; i < 10; ++i) {
                QCOMPARE(got[i].row, all[i].second);
                const double want = m == Metric::Euclidean ? all[i].first : -all[i].first;
                QVERIFY(std::abs(got[i].score - want) < 1e-4 * std::max(1.0, std::abs(want)));
            }
        }
    }

    void analogyEqualsGensim_data() {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("triple");
        for (const char* m : {"add", "mul"})
            for (const char* t :
                 {"man,king,woman", "he,his,she", "boy,prince,girl", "w001,w002,w003"})
                QTest::newRow((std::string(m) + " " + t).c_str()) << m << t;
    }
    void analogyEqualsGensim() {
        QFETCH(QString, method);
        QFETCH(QString, triple);
        const UnitRows rows(m_e);
        const QStringList w = triple.split(',');
        AnalogyOptions options;
        options.method = method == "add" ? AnalogyMethod::Add : AnalogyMethod::Mul;
        options.k = 10;
        const auto got =
            solveAnalogy(rows, *m_e.find(w[0].toStdString()), *m_e.find(w[1].toStdString()),
                         *m_e.find(w[2].toStdString()), options);
        const auto& want = m_ref.at((method + " " + triple).toStdString());
        QCOMPARE(got.size(), want.size());
        for (std::size_t i = 0; i < got.size(); ++i) {
            QCOMPARE(got[i].word, want[i].word);
            QVERIFY2(std::abs(got[i].score - want[i].score) < 1e-5, got[i].word.c_str());
        }
    }

    void analogyExcludesInputsAndFindsQueen() {
        const UnitRows rows(m_e);
        const auto got = solveAnalogy(rows, *m_e.find("man"), *m_e.find("king"), *m_e.find("woman"),
                                      {AnalogyMethod::Add, 300});
        QCOMPARE(got.size(), std::size_t(297));  // every row but the three inputs
        QCOMPARE(got.front().word, std::string("queen"));
        for (const auto& s : got) QVERIFY(s.word != "man" && s.word != "king" && s.word != "woman");
    }

    void compareWords() {
        const UnitRows rows(m_e);
        const std::size_t king = *m_e.find("king"), queen = *m_e.find("queen");
        const auto c = embedscope::compareWords(rows, king, queen, 10);
        const auto xk = rowDouble(m_e, king), xq = rowDouble(m_e, queen);
        QVERIFY(std::abs(c.cosine - dot(xk, xq) / std::sqrt(dot(xk, xk) * dot(xq, xq))) < 1e-6);
        double d2 = 0;
        for (std::size_t i = 0; i < xk.size(); ++i) d2 += (xk[i] - xq[i]) * (xk[i] - xq[i]);
        QVERIFY(std::abs(c.euclidean - std::sqrt(d2)) < 1e-6);
        // Ranks agree with the neighbour lists.
        const NeighbourSearch search(m_e, Metric::Cosine, VectorSpace::Raw);
        const auto nk = mostSimilar(m_e, search, king, 299),
                   nq = mostSimilar(m_e, search, queen, 299);
        const auto rankIn = [](const std::vector<ScoredWord>& list, std::size_t row) {
            for (std::size_t i = 0; i < list.size(); ++i)
                if (list[i].row == row) return i + 1;
            return std::size_t(0);
        };
        QCOMPARE(c.rankOfBAmongA, rankIn(nk, queen));
        QCOMPARE(c.rankOfAAmongB, rankIn(nq, king));
        // Shared: exactly the rows in both top-10 lists but the two words, by mean cosine.
        const std::size_t prince = *m_e.find("prince");
        const auto np = mostSimilar(m_e, search, prince, 299);
        const auto c2 = embedscope::compareWords(rows, king, prince, 10);
        std::size_t inBoth = 0;
        for (std::size_t i = 0; i < 10; ++i) {
            const std::size_t r = nk[i].row;
            if (r != prince && rankIn(np, r) <= 10) ++inBoth;
        }
        QVERIFY(inBoth >= 2);
        QCOMPARE(c2.shared.size(), inBoth);
        for (std::size_t i = 0; i < c2.shared.size(); ++i) {
            const auto& s = c2.shared[i];
            QVERIFY(rankIn(nk, s.row) <= 10 && rankIn(np, s.row) <= 10);
            QVERIFY(s.row != king && s.row != prince);
            if (i) QVERIFY(c2.shared[i - 1].score >= s.score);
        }
        // Separating words: the male royals lean to king, the female ones to queen.
        QCOMPARE(c.closerToA.size(), std::size_t(10));
        QCOMPARE(c.closerToB.size(), std::size_t(10));
        for (std::size_t i = 1; i < 10; ++i)
            QVERIFY(c.closerToA[i - 1].score >= c.closerToA[i].score);
        QVERIFY(c.closerToA.front().score > 0 && c.closerToB.front().score > 0);
        const auto firstThree = [](const std::vector<ScoredWord>& v) {
            return std::vector<std::string>{v[0].word, v[1].word, v[2].word};
        };
        const auto toKing = firstThree(c.closerToA), toQueen = firstThree(c.closerToB);
        QVERIFY(std::find(toKing.begin(), toKing.end(), "man") != toKing.end() ||
                std::find(toKing.begin(), toKing.end(), "he") != toKing.end());
        QVERIFY(std::find(toQueen.begin(), toQueen.end(), "woman") != toQueen.end() ||
                std::find(toQueen.begin(), toQueen.end(), "she") != toQueen.end());
        QVERIFY_THROWS_EXCEPTION(Error, embedscope::compareWords(rows, king, king, 10));
    }

    void zeroVectorIsRefused() {
        Embedding e({"zero", "a", "b"}, {0, 0, 1, 0, 0, 1}, 2);
        const UnitRows rows(e);
        try {
            solveAnalogy(rows, 0, 1, 2);
            QFAIL("no error");
        } catch (const Error& err) {
            QCOMPARE(std::string(err.what()), std::string("'zero' is a zero vector: its direction "
                                                          "(and any cosine with it) is undefined"));
        }
        // A zero row is never an answer.
        const auto got = solveAnalogy(rows, 1, 2, 2, {AnalogyMethod::Add, 5});
        QVERIFY(got.empty());
    }

    void unknownWordSuggestsCloseSpelling_data() {
        QTest::addColumn<QString>("word");
        QTest::addColumn<QString>("message");
        QTest::newRow("typo") << "kign"
                              << "unknown word 'kign' (did you mean 'king'?)";
        QTest::newRow("case") << "Queen"
                              << "unknown word 'Queen' (did you mean 'queen'?)";
        QTest::newRow("missing letter") << "princss"
                                        << "unknown word 'princss' (did you mean 'princess'?)";
        QTest::newRow("nothing close") << "xylophone"
                                       << "unknown word 'xylophone'";
        QTest::newRow("empty") << ""
                               << "empty word";
    }
    void unknownWordSuggestsCloseSpelling() {
        QFETCH(QString, word);
        QFETCH(QString, message);
        const WordLookup lookup(m_e);
        try {
            lookup.row(word.toStdString());
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.what()), message);
        }
    }

    void editDistanceCountsTranspositions() {
        QCOMPARE(editDistance("king", "kign", 5), std::size_t(1));
        QCOMPARE(editDistance("kitten", "sitting", 5), std::size_t(3));
        QCOMPARE(editDistance("kitten", "sitting", 2), std::size_t(3));  // limit + 1
        QCOMPARE(editDistance("", "abc", 5), std::size_t(3));
    }
};

QTEST_APPLESS_MAIN(TestWordAnalysis)
#include "tst_wordanalysis.moc"
