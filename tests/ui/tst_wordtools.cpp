// The Compare and Analogy controller without a window, on the bundled word sample: its numbers
// are the core's, unknown words come back with a suggestion, results are highlighted in the view.
#include <QSignalSpy>
#include <QTest>
#include <algorithm>

#include "WordSample.h"
#include "Workspace.h"
#include "analysis/UnitRows.h"
#include "analysis/WordTools.h"
#include "jobs/JobRunner.h"

using namespace embedscope;
using namespace embedscope::ui;

class TestWordTools : public QObject {
    Q_OBJECT
    std::unique_ptr<Workspace> ws;
    std::unique_ptr<WordTools> tools;

    std::size_t row(const char* word) const { return *ws->dataset()->embedding.find(word); }

private slots:
    void init() {
        ws = std::make_unique<Workspace>();
        tools = std::make_unique<WordTools>(ws.get());
        QVERIFY(loadWordSample(*ws));
    }
    void cleanup() {
        tools.reset();
        ws.reset();
    }

    void vocabularyCompletesLabels() {
        // Listed by a background job after the data set arrives.
        QTRY_VERIFY_WITH_TIMEOUT(tools->vocabulary()->rowCount() > 0, 10000);
        const QStringList words = tools->vocabulary()->stringList();
        QCOMPARE(words.size(), qsizetype(ws->dataset()->embedding.rows()));
        QCOMPARE(words.first(), QStringLiteral("the"));  // frequency order, as in the file
    }

    void compareEqualsCore() {
        QSignalSpy ready(tools.get(), &WordTools::comparisonReady);
        QCOMPARE(tools->compare(QStringLiteral("war"), QStringLiteral(" peace "), 10), QString());
        QVERIFY(ready.wait(10000));
        QVERIFY(tools->comparison());
        const WordComparison& got = *tools->comparison();
        const UnitRows rows(ws->dataset()->embedding);
        const WordComparison want = compareWords(rows, row("war"), row("peace"), 10);
        QCOMPARE(got.a, row("war"));
        QCOMPARE(got.b, row("peace"));
        QCOMPARE(got.cosine, want.cosine);
        QCOMPARE(got.euclidean, want.euclidean);
        QCOMPARE(got.rankOfBAmongA, want.rankOfBAmongA);
        QCOMPARE(got.rankOfAAmongB, want.rankOfAAmongB);
        QCOMPARE(got.shared.size(), want.shared.size());
        for (std::size_t i = 0; i < want.shared.size(); ++i)
            QCOMPARE(got.shared[i].row, want.shared[i].row);
        QCOMPARE(got.closerToA.size(), std::size_t(10));
        QCOMPARE(got.closerToA.front().row, want.closerToA.front().row);
        QCOMPARE(got.closerToB.front().row, want.closerToB.front().row);
        // Both words and their shared neighbours are highlighted; no single selection.
        const auto& box = ws->boxSelection();
        QCOMPARE(box.size(), 2 + want.shared.size());
        QCOMPARE(box[0], row("war"));
        QCOMPARE(box[1], row("peace"));
        QCOMPARE(ws->selectedRow(), -1LL);
    }

    void unknownWordSuggests() {
        QCOMPARE(tools->compare(QStringLiteral("wra"), QStringLiteral("peace")),
                 QStringLiteral("unknown word 'wra' (did you mean 'war'?)"));
        QCOMPARE(tools->compare(QStringLiteral("war"), QStringLiteral("war")),
                 QStringLiteral("Type two different words"));
        QCOMPARE(tools->solve(QStringLiteral("man"), QString(), QStringLiteral("woman")),
                 QStringLiteral("empty word"));
        QVERIFY(!tools->jobs()->isBusy());
    }

    void analogyEqualsCore_data() {
        QTest::addColumn<int>("method");
        QTest::newRow("3CosAdd") << int(AnalogyMethod::Add);
        QTest::newRow("3CosMul") << int(AnalogyMethod::Mul);
    }
    void analogyEqualsCore() {
        QFETCH(int, method);
        AnalogyOptions options;
        options.method = static_cast<AnalogyMethod>(method);
        options.k = 5;
        QSignalSpy ready(tools.get(), &WordTools::answersReady);
        QCOMPARE(tools->solve(QStringLiteral("man"), QStringLiteral("king"),
                              QStringLiteral("woman"), options),
                 QString());
        QVERIFY(ready.wait(10000));
        const UnitRows rows(ws->dataset()->embedding);
        const auto want = solveAnalogy(rows, row("man"), row("king"), row("woman"), options);
        QCOMPARE(tools->answers().size(), std::size_t(5));
        for (std::size_t i = 0; i < want.size(); ++i) {
            QCOMPARE(tools->answers()[i].row, want[i].row);
            QCOMPARE(tools->answers()[i].score, want[i].score);
        }
        // The answers are highlighted, the inputs are not among them.
        std::vector<std::size_t> expected;
        for (const auto& w : want) expected.push_back(w.row);
        QCOMPARE(ws->boxSelection(), expected);
        QVERIFY(std::find(expected.begin(), expected.end(), row("king")) == expected.end());
        // Clicking an answer selects it (and lists its neighbours).
        tools->selectWord(want[0].row);
        QCOMPARE(ws->selectedRow(), static_cast<long long>(want[0].row));
    }

    void newDatasetClears() {
        QSignalSpy ready(tools.get(), &WordTools::comparisonReady);
        QCOMPARE(tools->compare(QStringLiteral("war"), QStringLiteral("peace")), QString());
        QVERIFY(ready.wait(10000));
        QVERIFY(loadWordSample(*ws));
        QVERIFY(!tools->comparison());
        QVERIFY(tools->answers().empty());
    }
};

QTEST_MAIN(TestWordTools)
#include "tst_wordtools.moc"
