// The diverging colouring of axis scores: RdBu's ends and a grey middle, a legend symmetric about
// 0 (so its middle tick reads 0), missing scores grey, and shown subsets looked up by row.
#include <QTest>
#include <cmath>

#include "view/ScoreColouring.h"

using namespace embedscope;
using namespace embedscope::ui;

class TestScoreColouring : public QObject {
    Q_OBJECT

private slots:
    void ramp() {
        QCOMPARE(redBlue(-1), (Rgba{33, 102, 172, 255}));
        QCOMPARE(redBlue(0), (Rgba{225, 225, 225, 255}));
        QCOMPARE(redBlue(1), (Rgba{178, 24, 43, 255}));
        QCOMPARE(redBlue(5), redBlue(1));  // clamped
        QCOMPARE(redBlue(NAN), redBlue(0));
    }

    void symmetricLegend() {
        MetadataColumn column;
        column.name = "he - she";
        column.type = ColumnType::Numeric;
        column.numbers = {-0.2, 0.1, NAN, 0.05};
        const Colouring all = colourByScore(column, {}, 4);
        QCOMPARE(all.legend.title, QStringLiteral("he - she"));
        QVERIFY(all.legend.continuous);
        QCOMPARE(all.legend.min, -0.2);
        QCOMPARE(all.legend.max, 0.2);
        QCOMPARE(all.colours[0], redBlue(-1));
        QCOMPARE(all.colours[1], redBlue(0.5));
        QCOMPARE(all.colours[2], kMissingColour);
        // Only rows 1 and 3 shown: the extent is theirs, 0.1.
        const Colouring some = colourByScore(column, {1, 3}, 2);
        QCOMPARE(some.legend.max, 0.1);
        QCOMPARE(some.colours[0], redBlue(1));
        QCOMPARE(some.colours[1], redBlue(0.5));
    }
};

QTEST_MAIN(TestScoreColouring)
#include "tst_scorecolouring.moc"
