// Item models pass Qt's QAbstractItemModelTester and show what they should.
#include <QAbstractItemModelTester>
#include <QTest>

#include "models/MatchModel.h"
#include "models/NeighbourModel.h"

using namespace embedscope;
using namespace embedscope::ui;

namespace {
std::shared_ptr<const Dataset> tiny() {
    auto d = std::make_shared<Dataset>();
    d->embedding = Embedding({"alpha", "beta", "gamma"}, {0, 1, 2}, 1);
    return d;
}
}  // namespace

class TestModels : public QObject {
    Q_OBJECT
private slots:
    void neighbourModel() {
        NeighbourModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setNeighbours(tiny(), {{2, 0.25f}, {1, 0.5f}}, QStringLiteral("1 − cos"));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.data(model.index(0, NeighbourModel::Label)).toString(), QStringLiteral("gamma"));
        QCOMPARE(model.data(model.index(1, NeighbourModel::Rank)).toInt(), 2);
        QCOMPARE(model.data(model.index(0, NeighbourModel::Distance)).toString(), QStringLiteral("0.2500"));
        QCOMPARE(model.data(model.index(1, 0), NeighbourModel::RowRole).toLongLong(), 1LL);
        QCOMPARE(model.headerData(NeighbourModel::Distance, Qt::Horizontal).toString(), QStringLiteral("1 − cos"));
        model.setNeighbours(nullptr, {{0, 1}}, QString());
        QCOMPARE(model.rowCount(), 0);
    }

    void matchModel() {
        MatchModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setMatches(tiny(), {0, 2});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.data(model.index(1)).toString(), QStringLiteral("gamma"));
        QCOMPARE(model.data(model.index(1), MatchModel::RowRole).toLongLong(), 2LL);
        model.setMatches(tiny(), {});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestModels)
#include "tst_models.moc"
