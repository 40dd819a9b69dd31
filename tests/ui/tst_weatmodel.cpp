// The WEAT controller without a window, on the bundled word sample: the shipped tests are found
// in order, d and p equal the core's runWeat on the same sets, missing words are listed, and the
// result reads back as TSV.
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "WordSample.h"
#include "Workspace.h"
#include "analysis/UnitRows.h"
#include "analysis/WeatModel.h"

using namespace embedscope;
using namespace embedscope::ui;

class TestWeatModel : public QObject {
    Q_OBJECT
    std::unique_ptr<Workspace> ws;
    std::unique_ptr<WeatModel> model;

private slots:
    void init() {
        ws = std::make_unique<Workspace>();
        model = std::make_unique<WeatModel>(ws.get());
        QVERIFY(loadWordSample(*ws));
    }
    void cleanup() {
        model.reset();
        ws.reset();
    }

    void tenTestsInOrder() {
        QCOMPARE(model->tests().size(), qsizetype(10));
        QCOMPARE(model->tests()[0].name, std::string("WEAT 1"));
        QCOMPARE(model->tests()[1].name, std::string("WEAT 2"));
        QCOMPARE(model->tests()[9].name, std::string("WEAT 10"));
    }

    void resultEqualsCore() {
        // A small user-defined test: exact p over C(8, 4) = 70 splits.
        WeatSets sets;
        sets.name = "war and peace";
        sets.x = {"war", "army", "soldiers", "weapons"};
        sets.y = {"peace", "treaty", "friendship", "trade"};
        sets.a = {"danger", "threat", "enemy", "zzzunknown"};
        sets.b = {"safety", "security", "hope"};
        QSignalSpy ready(model.get(), &WeatModel::resultReady);
        model->run(sets);
        QVERIFY(ready.wait(10000));
        QVERIFY(model->result());
        const UnitRows rows(ws->dataset()->embedding);
        const WeatResult want = runWeat(rows, sets);
        const WeatResult& got = *model->result();
        QCOMPARE(got.effectSize, want.effectSize);
        QCOMPARE(got.pValue, want.pValue);
        QVERIFY(got.exact);
        QCOMPARE(got.permutations, std::size_t(70));
        QCOMPARE(got.missing, std::vector<std::string>{"zzzunknown"});
        QVERIFY(got.effectSize > 0);  // war words lean to danger
        const QStringList lines = model->table().split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), qsizetype(2));
        const QStringList header = lines[0].split('\t'), values = lines[1].split('\t');
        QCOMPARE(header.size(), values.size());
        QCOMPARE(values[header.indexOf("effect_size")].toDouble(),
                 QString::number(want.effectSize, 'g', 6).toDouble());
        QCOMPARE(values[header.indexOf("p_method")], QStringLiteral("exact"));
        QCOMPARE(values[header.indexOf("missing")], QStringLiteral("zzzunknown"));
        QCOMPARE(values[header.indexOf("size_A")], QStringLiteral("3"));

        QTemporaryDir dir;
        const QString path = dir.filePath("weat.tsv");
        QString error;
        QVERIFY2(model->exportTable(path, &error), qPrintable(error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(file.readAll()), model->table());
    }

    void monteCarloIsSeeded() {
        WeatOptions options;
        options.method = WeatPValueMethod::MonteCarlo;
        options.permutations = 2000;
        options.seed = 7;
        const WeatSets sets = model->tests()[0];
        QSignalSpy ready(model.get(), &WeatModel::resultReady);
        model->run(sets, options);
        QVERIFY(ready.wait(10000));
        const UnitRows rows(ws->dataset()->embedding);
        options.lowercase = false;
        const WeatResult want = runWeat(rows, sets, options);
        QVERIFY(!model->result()->exact);
        QCOMPARE(model->result()->pValue, want.pValue);
        QCOMPARE(model->result()->effectSize, want.effectSize);
        QCOMPARE(model->result()->missing, want.missing);
        const QStringList lines = model->table().split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines[1].split('\t')[lines[0].split('\t').indexOf("seed")], QStringLiteral("7"));
        QCOMPARE(lines[1].split('\t')[lines[0].split('\t').indexOf("p_method")],
                 QStringLiteral("monte-carlo"));
    }

    void emptySetFails() {
        WeatSets sets;
        sets.x = {"zzzunknown"};
        sets.y = {"peace"};
        sets.a = {"war"};
        sets.b = {"hope"};
        QSignalSpy failed(model.get(), &WeatModel::failed);
        model->run(sets);
        QVERIFY(failed.wait(10000));
        QVERIFY2(failed.first().first().toString().contains("zzzunknown"),
                 qPrintable(failed.first().first().toString()));
        QVERIFY(!model->result());
    }
};

QTEST_MAIN(TestWeatModel)
#include "tst_weatmodel.moc"
