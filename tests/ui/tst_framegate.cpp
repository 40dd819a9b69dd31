// The t-SNE frame throttle: one frame waiting at a time, and after a frame the GUI took long to
// apply, none until it has had kIdleShare times that long to itself.
#include <QTest>

#include "FrameGate.h"

using embedscope::ui::FrameGate;

class TestFrameGate : public QObject {
    Q_OBJECT
private slots:
    void oneFrameWaitsAtATime() {
        FrameGate gate;
        QVERIFY(gate.admit());
        QVERIFY(!gate.admit());  // the first is still waiting on the GUI thread
        QVERIFY(!gate.admit());
        gate.applied(0.0);  // applied at no cost: the next may go at once
        QVERIFY(gate.admit());
    }
    void slowFramesHoldTheNextBack() {
        FrameGate gate;
        QVERIFY(gate.admit());
        gate.applied(60.0);  // a minute to draw: the next is due three minutes later
        QVERIFY(!gate.admit());
        gate.reset();  // a new run starts unthrottled
        QVERIFY(gate.admit());
    }
};

QTEST_APPLESS_MAIN(TestFrameGate)
#include "tst_framegate.moc"
