// Analogy evaluation (3CosAdd on Google-format questions): hand-computed answers on constructed
// vectors (exclusion of the inputs, upper-cased variants, restriction to the top rows), and the
// same figures as gensim 4.2's evaluate_word_analogies on a fixture.
#include <QtTest>
#include <cmath>

#include "TestSupport.h"
#include "io/Load.h"
#include "train/AnalogyEvaluation.h"

using namespace embedscope;

namespace {

/// Unit vectors in the plane at the given angles (degrees).
Embedding atAngles(const std::vector<std::pair<std::string, double>>& rows) {
    std::vector<std::string> labels;
    std::vector<float> values;
    for (const auto& [w, deg] : rows) {
        labels.push_back(w);
        values.push_back(static_cast<float>(std::cos(deg * M_PI / 180)));
        values.push_back(static_cast<float>(std::sin(deg * M_PI / 180)));
    }
    return Embedding(labels, values, 2);
}

QString sectionsText(const AnalogyResult& r) {
    QStringList parts;
    for (const auto& s : r.sections)
        parts << QString("%1 %2/%3")
                     .arg(QString::fromStdString(s.name))
                     .arg(s.correct)
                     .arg(s.questions);
    parts << QString("total %1/%2 skipped %3 invalid %4")
                 .arg(r.total.correct)
                 .arg(r.total.questions)
                 .arg(r.skipped)
                 .arg(r.invalidLines);
    return parts.join(", ");
}

}  // namespace

class TestAnalogyEval : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::string m_questions;
    // man 0°, woman 90°, king 30°, queen 120°, an upper-case variant "Woman" at 96°, duke 60°, cat
    // 200°.
    Embedding m_vectors = atAngles({{"man", 0},
                                    {"woman", 90},
                                    {"king", 30},
                                    {"queen", 120},
                                    {"Woman", 96},
                                    {"duke", 60},
                                    {"cat", 200}});

private slots:
    void initTestCase() {
        testsupport::applyTestLocale();
        // man:woman::king:? -> woman + king - man points at 95.1°: "Woman" (96°) is nearest, then
        // woman (an input), then queen (120°). king:queen::man:? points at 135°: "Woman" (39° away)
        // before woman (45°).
        m_questions = testsupport::writeFile(m_dir, "q.txt",
                                             ": royalty\n"
                                             "man woman king queen\n"
                                             "man woman king duke\n"
                                             "MAN Woman KING QUEEN\n"
                                             "\n"
                                             ": other  \n"
                                             "king queen man woman\n"
                                             "too few words\n");
    }

    void handComputed_data() {
        QTest::addColumn<int>("restrict");
        QTest::addColumn<bool>("caseInsensitive");
        QTest::addColumn<QString>("expected");
        // Case-insensitive: "Woman" stands for woman's row, so it is an input word and skipped for
        // the first question (queen wins), and it is the right answer "woman" for the last.
        QTest::newRow("case-insensitive, all rows")
            << 0 << true << "royalty 2/3, other 1/1, total 3/4 skipped 0 invalid 2";
        // Case-sensitive: "Woman" is another word, nearest and wrong; "MAN" is unknown.
        QTest::newRow("case-sensitive, all rows")
            << 0 << false << "royalty 0/2, other 0/1, total 0/3 skipped 1 invalid 2";
        // Top 4 rows: "Woman" and duke are outside; queen is then the only candidate.
        QTest::newRow("top 4 rows")
            << 4 << true << "royalty 2/2, other 1/1, total 3/3 skipped 1 invalid 2";
    }
    void handComputed() {
        QFETCH(int, restrict);
        QFETCH(bool, caseInsensitive);
        QFETCH(QString, expected);
        AnalogyOptions o;
        o.restrict = std::size_t(restrict);
        o.caseInsensitive = caseInsensitive;
        QCOMPARE(sectionsText(evaluateAnalogies(m_vectors, m_questions, o)), expected);
    }

    void sameAsGensim_data() {
        QTest::addColumn<int>("restrict");
        QTest::addColumn<QString>("expected");
        // /usr/bin/python3 tests/data/analogy/make_fixtures.py (gensim 4.2, evaluate_word_analogies
        // with restrict_vocab = 300000, 40, 10): total 90/188 = 0.4787, 15/18 = 0.8333, 0/0.
        QTest::newRow("all") << 300000
                             << "capital-common-countries 59/132, gram3-comparative 31/56, "
                                "empty-section 0/0, total 90/188 "
                                "skipped 1 invalid 2";
        QTest::newRow("top 40") << 40
                                << "capital-common-countries 4/6, gram3-comparative 11/12, "
                                   "empty-section 0/0, total 15/18 "
                                   "skipped 171 invalid 2";
        QTest::newRow("top 10")
            << 10
            << "capital-common-countries 0/0, gram3-comparative 0/0, empty-section 0/0, total 0/0 "
               "skipped 189 invalid 2";
    }
    void sameAsGensim() {
        QFETCH(int, restrict);
        QFETCH(QString, expected);
        const Dataset d = loadDataset(testsupport::testData("analogy/vectors.txt"));
        AnalogyOptions o;
        o.restrict = std::size_t(restrict);
        const AnalogyResult r =
            evaluateAnalogies(d.embedding, testsupport::testData("analogy/questions.txt"), o);
        QCOMPARE(sectionsText(r), expected);
        if (restrict == 300000) QCOMPARE(r.total.accuracy(), 90.0 / 188.0);
    }

    void errors() {
        const auto bad = testsupport::writeFile(m_dir, "bad.txt", "man woman king queen\n: late\n");
        try {
            evaluateAnalogies(m_vectors, bad);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(
                QString::fromStdString(e.what()),
                QString::fromStdString(bad) + ":1: a question before the first ': section' line");
        }
        QVERIFY_THROWS_EXCEPTION(
            Error, evaluateAnalogies(m_vectors, m_dir.filePath("none.txt").toStdString()));
        QVERIFY_THROWS_EXCEPTION(Error, evaluateAnalogies(Embedding(), m_questions));
    }
};

QTEST_GUILESS_MAIN(TestAnalogyEval)
#include "tst_analogyeval.moc"
