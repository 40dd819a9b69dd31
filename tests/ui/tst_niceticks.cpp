// Tick values of the 2-D axes: round numbers (1, 2 or 5 × 10^k apart) inside the visible range.
#include <QTest>

#include "view/ViewOverlay.h"

using namespace embedscope::ui;

class TestNiceTicks : public QObject {
    Q_OBJECT
private slots:
    void roundSteps_data() {
        QTest::addColumn<double>("lo");
        QTest::addColumn<double>("hi");
        QTest::addColumn<int>("count");
        QTest::addColumn<QList<double>>("want");
        QTest::newRow("pca") << -31.2 << 28.7 << 5 << QList<double>{-30, -20, -10, 0, 10, 20};
        QTest::newRow("small") << 0.013 << 0.052 << 4 << QList<double>{0.02, 0.03, 0.04, 0.05};
        QTest::newRow("twos") << -1.0 << 7.0 << 4 << QList<double>{0, 2, 4, 6};
        QTest::newRow("fives") << 0.0 << 180.0 << 4 << QList<double>{0, 50, 100, 150};
        QTest::newRow("empty range") << 1.0 << 1.0 << 4 << QList<double>{};
        QTest::newRow("reversed") << 2.0 << 1.0 << 4 << QList<double>{};
    }
    void roundSteps() {
        QFETCH(double, lo);
        QFETCH(double, hi);
        QFETCH(int, count);
        QFETCH(QList<double>, want);
        const std::vector<double> got = niceTicks(lo, hi, count);
        QCOMPARE(int(got.size()), int(want.size()));
        for (int i = 0; i < want.size(); ++i) QVERIFY2(std::abs(got[i] - want[i]) < 1e-12, qPrintable(QString::number(got[i])));
    }
    void noNegativeZero() {
        for (double t : niceTicks(-0.3, 0.3, 6)) QVERIFY(!(t == 0 && std::signbit(t)));
    }
};

QTEST_GUILESS_MAIN(TestNiceTicks)
#include "tst_niceticks.moc"
