#pragma once
// Shared by the binary readers' tests: a read reports its start, then stops at the cancel that
// the second report triggers (or at once, when cancelled before it starts).
#include <QTest>
#include <chrono>
#include <functional>
#include <thread>

#include "Progress.h"

namespace testsupport {

inline void expectCancelAtSecondReport(const std::function<void(embedscope::Progress&)>& read, bool beforeStart) {
    using embedscope::Progress;
    QList<double> seen;
    Progress progress([&](double fraction, const std::string& stage) {
        QCOMPARE(stage, std::string("reading"));
        seen << fraction;
        if (seen.size() == 1)
            std::this_thread::sleep_for(std::chrono::milliseconds(60));
        else
            progress.cancel();
    });
    if (beforeStart) progress.cancel();
    QVERIFY_THROWS_EXCEPTION(embedscope::Cancelled, read(progress));
    if (beforeStart) {
        QVERIFY(seen.isEmpty());
    } else {
        QCOMPARE(seen.size(), 2);
        QCOMPARE(seen[0], 0.0);
        QVERIFY2(seen[1] > 0.0 && seen[1] < 1.0, qPrintable(QString::number(seen[1])));
    }
}

}  // namespace testsupport
