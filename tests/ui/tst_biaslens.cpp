// The Bias controller without a window, on the bundled word sample: the ranking is the core's
// SemanticAxis::rank of the shipped professions, bad formulas come back with the bad token's
// place, and "colour by axis score" gives the view a numeric column titled with the formula.
#include <QSignalSpy>
#include <QTest>
#include <cmath>

#include "WordSample.h"
#include "Workspace.h"
#include "analysis/BiasDirection.h"
#include "analysis/BiasLens.h"
#include "analysis/WordLists.h"
#include "analysis/WordSpace.h"
#include "jobs/JobRunner.h"

using namespace embedscope;
using namespace embedscope::ui;

class TestBiasLens : public QObject {
    Q_OBJECT
    std::unique_ptr<Workspace> ws;
    std::unique_ptr<BiasLens> lens;

    std::size_t row(const char* word) const { return *ws->dataset()->embedding.find(word); }

private slots:
    void init() {
        ws = std::make_unique<Workspace>();
        lens = std::make_unique<BiasLens>(ws.get());
        QVERIFY(loadWordSample(*ws));
    }
    void cleanup() {
        lens.reset();
        ws.reset();
    }

    void presetsShipped() {
        QVERIFY(lens->presets().size() >= 4);
        QCOMPARE(lens->presets().first().name, QStringLiteral("he – she"));
        QCOMPARE(lens->presets().first().formula, QStringLiteral("he - she"));
    }

    void rankingEqualsCore() {
        QSignalSpy changed(lens.get(), &BiasLens::rankingChanged);
        QVERIFY(!lens->setAxis(QStringLiteral("he - she")));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(lens->formula(), QStringLiteral("he - she"));
        const WordSpace space(ws->dataset());
        const auto axis =
            SemanticAxis::fromFormula(space.rows(), space.lookup(), AxisFormula::parse("he - she"));
        const auto words = readWordList(
            (analysisResourceDirectory(QStringLiteral("bias")) + "/professions.txt").toStdString());
        std::vector<std::string> missing;
        const auto want = axis.rank(space.rows(), words, &missing);
        QVERIFY(want.size() > 20);  // most professions are in a 10,000-word vocabulary
        QCOMPARE(lens->ranking().size(), want.size());
        for (std::size_t i = 0; i < want.size(); ++i) {
            QCOMPARE(lens->ranking()[i].word, want[i].word);
            QCOMPARE(lens->ranking()[i].score, want[i].score);
        }
        QCOMPARE(std::size_t(lens->missing().size()), missing.size());
        // Highest first, and the he end is more "he" than the she end.
        QVERIFY(lens->ranking().front().score > lens->ranking().back().score);
    }

    void genderDirectionFromPairs() {
        QVERIFY(!lens->setGenderDirection());
        QVERIFY(lens->formula().startsWith(QStringLiteral("gender direction (")));
        const WordSpace space(ws->dataset());
        const auto pairs =
            readWordPairs((analysisResourceDirectory(QStringLiteral("bias")) + "/gender-pairs.tsv")
                              .toStdString());
        const BiasDirection fit = fitBiasDirection(space.rows(), space.lookup(), pairs);
        QVERIFY((lens->axis()->direction() - fit.direction).norm() < 1e-6f);
        QCOMPARE(lens->highEnd().first(),
                 QString::fromStdString(fit.used.front().first));  // "he" side positive
        // The status's direct bias is Bolukbasi et al.'s (c = 1) of the ranked professions.
        const auto words = readWordList(
            (analysisResourceDirectory(QStringLiteral("bias")) + "/professions.txt").toStdString());
        const DirectBias want = directBias(space.rows(), fit.direction, words);
        QVERIFY(std::abs(lens->directBias() - want.value) < 1e-6);
        QCOMPARE(lens->ranking().size(), want.words.size());
        // A formula afterwards replaces it.
        QVERIFY(!lens->setAxis(QStringLiteral("he - she")));
        QCOMPARE(lens->lowEnd(), QStringList{QStringLiteral("she")});
    }

    void selectionAsWordList() {
        QVERIFY(!lens->setAxis(QStringLiteral("rich - poor")));
        lens->setWords(BiasWords::Selection);
        QVERIFY(lens->ranking().empty());
        ws->setBoxSelection({row("poor"), row("rich"), row("war")});
        QCOMPARE(lens->ranking().size(), std::size_t(3));
        QCOMPARE(lens->ranking().front().word, std::string("rich"));
        QCOMPARE(lens->ranking().back().word, std::string("poor"));
        // A bar click selects its word.
        QSignalSpy changed(lens.get(), &BiasLens::rankingChanged);
        lens->selectWord(lens->ranking().front().row);
        QCOMPARE(ws->selectedRow(), static_cast<long long>(row("rich")));
        QCOMPARE(changed.count(), 0);  // selecting one word does not re-rank the list
    }

    void badFormulaNamesTheColumn() {
        QVERIFY(!lens->setAxis(QStringLiteral("he - she")));
        auto problem = lens->setAxis(QStringLiteral("he - "));
        QVERIFY(problem);
        QVERIFY2(problem->message.startsWith(QStringLiteral("column ")),
                 qPrintable(problem->message));
        QVERIFY(problem->position >= 3);
        problem = lens->setAxis(QStringLiteral("king - mna"));
        QVERIFY(problem);
        QCOMPARE(problem->message,
                 QStringLiteral("column 8: unknown word 'mna' (did you mean 'man'?)"));
        QCOMPARE(problem->position, 7);
        QCOMPARE(problem->length, 3);
        // The previous axis stays.
        QCOMPARE(lens->formula(), QStringLiteral("he - she"));
        QVERIFY(!lens->ranking().empty());
    }

    void colourByAxisScore() {
        QVERIFY(!lens->setAxis(QStringLiteral("he - she")));
        QSignalSpy colouring(ws.get(), &Workspace::colouringChanged);
        lens->setColourByAxis(true);
        QTRY_VERIFY_WITH_TIMEOUT(ws->derivedColumn() != nullptr, 10000);
        QCOMPARE(ws->colourColumn(), Workspace::kDerivedColour);
        const auto column = ws->derivedColumn();
        QCOMPARE(column->name, std::string("he - she"));  // the legend's title
        QCOMPARE(column->type, ColumnType::Numeric);
        QCOMPARE(column->numbers.size(), ws->dataset()->embedding.rows());
        // Each row's number is its cosine with the axis: "he" scores positive, "she" negative.
        QVERIFY(column->numbers[row("he")] > 0.3);
        QVERIFY(column->numbers[row("she")] < -0.3);
        lens->setColourByAxis(false);
        QVERIFY(ws->derivedColumn() == nullptr);
        QCOMPARE(ws->colourColumn(), -1);
    }
};

QTEST_MAIN(TestBiasLens)
#include "tst_biaslens.moc"
