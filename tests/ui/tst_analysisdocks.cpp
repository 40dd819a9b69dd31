// The Compare, Bias and WEAT docks driven as a user would (offscreen): typing words and pressing
// Enter or clicking, picking presets and tests, clicking bars and answers.
#include <QAbstractItemView>
#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>
#include <QTreeWidget>

#include "WordSample.h"
#include "Workspace.h"
#include "analysis/BiasLens.h"
#include "analysis/DebiasPreviewer.h"
#include "analysis/WeatModel.h"
#include "analysis/WordTools.h"
#include "docks/BiasChart.h"
#include "docks/BiasDock.h"
#include "docks/CompareDock.h"
#include "docks/WeatDock.h"

using namespace embedscope;
using namespace embedscope::ui;

class TestAnalysisDocks : public QObject {
    Q_OBJECT
    std::unique_ptr<Workspace> ws;

    std::size_t row(const char* word) const { return *ws->dataset()->embedding.find(word); }
    static void type(QLineEdit* field, const QString& text) {
        field->clear();
        QTest::keyClicks(field, text);
    }

private slots:
    void init() {
        ws = std::make_unique<Workspace>();
        QVERIFY(loadWordSample(*ws));
    }
    void cleanup() { ws.reset(); }

    void compareByTyping() {
        WordTools tools(ws.get());
        CompareDock dock(&tools);
        dock.show();
        // Completion offers vocabulary words (listed in the background).
        QCompleter* completer = dock.wordA()->completer();
        QVERIFY(completer);
        QTRY_VERIFY_WITH_TIMEOUT(tools.vocabulary()->rowCount() > 0, 10000);
        completer->setCompletionPrefix(QStringLiteral("presid"));
        QVERIFY(completer->completionCount() >= 1);
        QVERIFY(completer->currentCompletion().startsWith(QStringLiteral("presid")));

        type(dock.wordA(), QStringLiteral("war"));
        type(dock.wordB(), QStringLiteral("pease"));
        QTest::mouseClick(dock.compareButton(), Qt::LeftButton);
        QVERIFY(dock.compareMessage()->isVisibleTo(&dock));
        QCOMPARE(dock.compareMessage()->text(),
                 QStringLiteral("unknown word 'pease' (did you mean 'peace'?)"));

        type(dock.wordB(), QStringLiteral("peace"));
        QSignalSpy ready(&tools, &WordTools::comparisonReady);
        QTest::keyClick(dock.wordB(), Qt::Key_Return);
        QVERIFY(ready.wait(10000));
        QVERIFY(!dock.compareMessage()->isVisibleTo(&dock));
        // Four measures, then shared neighbours and the two "closer to" groups.
        QCOMPARE(dock.details()->topLevelItemCount(), 7);
        QCOMPARE(dock.details()->topLevelItem(0)->text(1),
                 QString::number(tools.comparison()->cosine, 'f', 3));
        QTreeWidgetItem* closer = dock.details()->topLevelItem(5);
        QCOMPARE(closer->text(0), QStringLiteral("Closer to war"));
        QCOMPARE(closer->childCount(), 10);
        // Clicking a word selects it in the view.
        QTreeWidgetItem* first = closer->child(0);
        const QRect r = dock.details()->visualItemRect(first);
        QTest::mouseClick(dock.details()->viewport(), Qt::LeftButton, {}, r.center());
        QCOMPARE(ws->selectedRow(), static_cast<long long>(tools.comparison()->closerToA[0].row));
    }

    void analogyByTyping() {
        WordTools tools(ws.get());
        CompareDock dock(&tools);
        dock.show();
        // The narrow fields' completion list is wide enough for the words it offers.
        dock.resize(320, dock.height());
        QTRY_VERIFY_WITH_TIMEOUT(tools.vocabulary()->rowCount() > 0, 10000);
        type(dock.analogyField(0), QStringLiteral("presid"));
        QAbstractItemView* popup = dock.analogyField(0)->completer()->popup();
        QTRY_VERIFY(popup->isVisible());
        const int word = popup->fontMetrics().horizontalAdvance(QStringLiteral("presidential"));
        QVERIFY2(popup->width() > word && popup->width() > dock.analogyField(0)->width(),
                 qPrintable(QString("popup %1 px, field %2 px, word %3 px")
                                .arg(popup->width())
                                .arg(dock.analogyField(0)->width())
                                .arg(word)));
        popup->hide();
        type(dock.analogyField(0), QStringLiteral("man"));
        type(dock.analogyField(1), QStringLiteral("king"));
        type(dock.analogyField(2), QStringLiteral("woman"));
        dock.method()->setCurrentIndex(1);  // 3CosMul
        QSignalSpy ready(&tools, &WordTools::answersReady);
        QTest::mouseClick(dock.solveButton(), Qt::LeftButton);
        QVERIFY(ready.wait(10000));
        QCOMPARE(dock.answers()->topLevelItemCount(), 10);
        const UnitRows rows(ws->dataset()->embedding);
        AnalogyOptions options;
        options.method = AnalogyMethod::Mul;
        const auto want = solveAnalogy(rows, row("man"), row("king"), row("woman"), options);
        QCOMPARE(dock.answers()->topLevelItem(0)->text(1), QString::fromStdString(want[0].word));
        QCOMPARE(ws->boxSelection().size(), std::size_t(10));  // highlighted in the view
        const QRect r = dock.answers()->visualItemRect(dock.answers()->topLevelItem(1));
        QTest::mouseClick(dock.answers()->viewport(), Qt::LeftButton, {}, r.center());
        QCOMPARE(ws->selectedRow(), static_cast<long long>(want[1].row));
    }

    void biasPresetRanksAndColours() {
        BiasLens lens(ws.get());
        DebiasPreviewer preview(ws.get(), &lens);
        BiasDock dock(&lens, &preview);
        dock.resize(360, 700);
        dock.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dock));
        const int he = dock.presets()->findText(QStringLiteral("he – she"));
        QVERIFY(he > 0);
        dock.presets()->setCurrentIndex(he);
        emit dock.presets()->activated(he);
        QCOMPARE(dock.formula()->text(), QStringLiteral("he - she"));
        QCOMPARE(dock.chart()->count(), static_cast<int>(lens.ranking().size()));
        QVERIFY(dock.chart()->count() > 20);
        // Click the third bar: its word is selected.
        QTest::mouseClick(dock.chart(), Qt::LeftButton, {}, dock.chart()->barCentre(2));
        QCOMPARE(ws->selectedRow(), static_cast<long long>(lens.ranking()[2].row));
        QCOMPARE(dock.chart()->current(), 2);

        dock.colourByAxis()->setChecked(true);
        QTRY_VERIFY_WITH_TIMEOUT(ws->derivedColumn() != nullptr, 10000);
        QCOMPARE(QString::fromStdString(ws->derivedColumn()->name), QStringLiteral("he - she"));
    }

    void badFormulaMarked() {
        BiasLens lens(ws.get());
        DebiasPreviewer preview(ws.get(), &lens);
        BiasDock dock(&lens, &preview);
        dock.show();
        type(dock.formula(), QStringLiteral("king - mna + woman"));
        QTest::keyClick(dock.formula(), Qt::Key_Return);
        QVERIFY(dock.error()->isVisibleTo(&dock));
        QCOMPARE(dock.error()->text(),
                 QStringLiteral("column 8: unknown word 'mna' (did you mean 'man'?)"));
        QCOMPARE(dock.formula()->selectionStart(), 7);
        QCOMPARE(dock.formula()->selectedText(), QStringLiteral("mna"));
        QVERIFY(!lens.hasAxis());
        type(dock.formula(), QStringLiteral("king - man + woman"));
        QTest::keyClick(dock.formula(), Qt::Key_Return);
        QVERIFY(!dock.error()->isVisibleTo(&dock));
        QVERIFY(lens.hasAxis());
    }

    void weatRunAndTable() {
        WeatModel model(ws.get());
        WeatDock dock(&model);
        dock.show();
        QCOMPARE(dock.test()->count(), 11);  // ten tests and "Custom sets"
        dock.test()->setCurrentIndex(0);
        QVERIFY(dock.set(0)->toPlainText().startsWith(QStringLiteral("aster, clover")));
        // Edit the sets to a small custom test.
        dock.test()->setCurrentIndex(10);
        dock.set(0)->setPlainText(QStringLiteral("war, army soldiers,weapons"));
        dock.set(1)->setPlainText(QStringLiteral("peace treaty friendship trade"));
        dock.set(2)->setPlainText(QStringLiteral("danger threat enemy"));
        dock.set(3)->setPlainText(QStringLiteral("safety security hope qqqq"));
        QSignalSpy ready(&model, &WeatModel::resultReady);
        QTest::mouseClick(dock.runButton(), Qt::LeftButton);
        QVERIFY(ready.wait(10000));
        WeatSets sets;
        sets.x = {"war", "army", "soldiers", "weapons"};
        sets.y = {"peace", "treaty", "friendship", "trade"};
        sets.a = {"danger", "threat", "enemy"};
        sets.b = {"safety", "security", "hope", "qqqq"};
        const WeatResult want = runWeat(UnitRows(ws->dataset()->embedding), sets);
        QCOMPARE(model.result()->effectSize, want.effectSize);
        QCOMPARE(dock.table()->rowCount(), 5);
        QCOMPARE(dock.table()->item(0, 1)->text(), QString::number(want.effectSize, 'f', 3));
        QVERIFY(
            dock.table()->item(2, 1)->text().startsWith(QStringLiteral("exact: all 70 splits")));
        QCOMPARE(dock.table()->item(4, 1)->text(), QStringLiteral("qqqq"));
        QVERIFY(dock.copyButton()->isEnabled());
    }
};

QTEST_MAIN(TestAnalysisDocks)
#include "tst_analysisdocks.moc"
