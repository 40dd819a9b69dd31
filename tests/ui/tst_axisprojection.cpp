// Semantic axes as the third projection method, on the bundled word sample: x is each word's
// cosine with the first axis, the axes title the view, and the projection dock shows a bad
// formula's error under its field with the bad token selected.
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>

#include "WordSample.h"
#include "Workspace.h"
#include "analysis/SemanticAxis.h"
#include "docks/AxesBox.h"
#include "docks/ProjectionDock.h"

using namespace embedscope;
using namespace embedscope::ui;

class TestAxisProjection : public QObject {
    Q_OBJECT
    std::unique_ptr<Workspace> ws;

private slots:
    void init() {
        ws = std::make_unique<Workspace>();
        QVERIFY(loadWordSample(*ws));
    }
    void cleanup() { ws.reset(); }

    void xIsTheAxisScore() {
        ProjectionSpec spec = ws->projectionSpec();
        spec.method = ProjectionMethod::Axes;
        spec.dims = 2;
        spec.formulas = {QStringLiteral("he - she"), QStringLiteral("rich - poor"), QString()};
        QSignalSpy projected(ws.get(), &Workspace::projectionChanged);
        ws->setProjectionSpec(spec);
        QVERIFY(projected.wait(10000));
        const auto p = ws->projection();
        QCOMPARE(p->spec.method, ProjectionMethod::Axes);
        QCOMPARE(p->axisTitle(0), QStringLiteral("he - she"));
        QCOMPARE(p->axisTitle(1), QStringLiteral("rich - poor"));
        QVERIFY(p->describe().startsWith(QStringLiteral("Axes 2-D")));
        const Embedding& e = ws->dataset()->embedding;
        const UnitRows rows(e);
        const WordLookup lookup(e);
        const auto axis = SemanticAxis::fromFormula(rows, lookup, AxisFormula::parse("he - she"));
        const Eigen::VectorXf scores = axis.scores(rows);
        QCOMPARE(p->pointCount(), e.rows());
        for (std::size_t r : {*e.find("he"), *e.find("she"), *e.find("war"), std::size_t(9999)}) {
            QVERIFY(std::abs(p->xyz[3 * r] - scores[static_cast<Eigen::Index>(r)]) < 1e-5f);
            QCOMPARE(p->xyz[3 * r + 2], 0.0f);  // 2-D
        }
        QVERIFY(p->xyz[3 * *e.find("he")] > 0 && p->xyz[3 * *e.find("she")] < 0);
    }

    void dockShowsFormulaErrors() {
        ProjectionDock dock(ws.get());
        dock.show();
        auto* method = dock.findChild<QComboBox*>(QStringLiteral("method"));
        auto* box = dock.findChild<AxesBox*>();
        QVERIFY(method && box);
        method->setCurrentIndex(method->findData(int(ProjectionMethod::Axes)));
        QVERIFY(box->isVisibleTo(&dock));
        // No formula yet: nothing is projected, the first field says why.
        QVERIFY(box->error(0)->isVisibleTo(&dock));
        QCOMPARE(ws->projectionSpec().method, ProjectionMethod::Pca);

        box->field(0)->setText(QStringLiteral("he - she"));
        box->field(1)->setText(QStringLiteral("rihc - poor"));
        QTest::keyClick(box->field(1), Qt::Key_Return);
        QVERIFY(box->error(1)->isVisibleTo(&dock));
        QCOMPARE(box->error(1)->text(),
                 QStringLiteral("column 1: unknown word 'rihc' (did you mean 'rich'?)"));
        QCOMPARE(box->field(1)->selectedText(), QStringLiteral("rihc"));
        QCOMPARE(ws->projectionSpec().method, ProjectionMethod::Pca);

        box->field(1)->setText(QStringLiteral("rich - poor"));
        QSignalSpy projected(ws.get(), &Workspace::projectionChanged);
        QTest::keyClick(box->field(1), Qt::Key_Return);
        QVERIFY(!box->error(1)->isVisibleTo(&dock));
        QCOMPARE(ws->projectionSpec().method, ProjectionMethod::Axes);
        QVERIFY(projected.wait(10000));
        QCOMPARE(ws->projection()->axisTitle(1), QStringLiteral("rich - poor"));
    }
};

QTEST_MAIN(TestAxisProjection)
#include "tst_axisprojection.moc"
