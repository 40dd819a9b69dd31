// The workspace without any window: projection of the sample, search (substring, regex, bad
// regex with its position), neighbours and their settings, isolation, colouring choice.
#include <QSignalSpy>
#include <QTest>

#include "Samples.h"
#include "TestSupport.h"
#include "Workspace.h"
#include "view/Colouring.h"

using namespace embedscope;
using namespace embedscope::ui;

class TestWorkspace : public QObject {
    Q_OBJECT
    std::unique_ptr<Workspace> ws;

private slots:
    void init() {
        ws = std::make_unique<Workspace>();
        QSignalSpy changed(ws.get(), &Workspace::datasetChanged);
        const Sample digits = bundledSamples().value(sampleIndex(QStringLiteral("digits")));
        QVERIFY(!digits.vectorsPath.isEmpty());
        ws->load(digits.vectorsPath, digits.options);
        QVERIFY(changed.wait(10000));
    }
    void cleanup() { ws.reset(); }

    void loadProjectsWithPca() {
        const auto p = ws->projection();
        QCOMPARE(p->pointCount(), std::size_t(1797));
        QCOMPARE(p->spec.dims, 3);
        QCOMPARE(p->explainedVarianceRatio.size(), std::size_t(10));
        // scikit-learn PCA on digits: 0.14890594, 0.13618771, 0.11794594.
        QVERIFY(std::abs(p->explainedVarianceRatio[0] - 0.14890594) < 1e-5);
        QVERIFY(std::abs(p->explainedVarianceRatio[2] - 0.11794594) < 1e-5);
        QVERIFY(p->describe().contains(QStringLiteral("40.3% of variance")));
        // Starts coloured by the categorical "digit" column.
        QCOMPARE(ws->colourColumn(), 1);
    }

    void switchingProjectionRunsInTheBackground() {
        QSignalSpy projected(ws.get(), &Workspace::projectionChanged);
        ProjectionSpec spec = ws->projectionSpec();
        spec.dims = 2;
        spec.axes = {2, 3, 0};
        ws->setProjectionSpec(spec);
        QVERIFY(projected.wait(10000));
        const auto p = ws->projection();
        QCOMPARE(p->spec.dims, 2);
        QCOMPARE(p->axisTitle(0), QStringLiteral("PC3 (11.8%)"));
        for (std::size_t i = 0; i < p->pointCount(); ++i) QCOMPARE(p->xyz[3 * i + 2], 0.0f);
    }

    void tsneMetricFollowsTheFileUnlessChosen() {
        // Word vectors: cosine by default (their lengths track frequency); other data: euclidean.
        Dataset words;
        words.format = Format::Word2VecText;
        std::vector<std::string> labels;
        std::vector<float> values;
        for (int i = 0; i < 40; ++i) {
            labels.push_back("w" + std::to_string(i));
            for (int d = 0; d < 5; ++d) values.push_back(float((i * 7 + d * 3) % 11) + 1.0f);
        }
        words.embedding = Embedding(labels, values, 5);
        ProjectionSpec spec;
        spec.method = ProjectionMethod::Tsne;
        spec.dims = 2;
        spec.tsne.perplexity = 5;
        spec.tsne.iterations = 250;
        Projection p = computeProjection(words, spec, {}, Progress::none());
        QCOMPARE(p.metric, Metric::Cosine);
        QVERIFY2(p.describe().contains(QStringLiteral("cosine")), qPrintable(p.describe()));
        words.format = Format::Npy;
        QCOMPARE(computeProjection(words, spec, {}, Progress::none()).metric, Metric::Euclidean);
        words.format = Format::Word2VecText;
        spec.tsne.metric = int(Metric::Euclidean);
        p = computeProjection(words, spec, {}, Progress::none());
        QCOMPARE(p.metric, Metric::Euclidean);
        QVERIFY(p.describe().contains(QStringLiteral("euclidean")));
    }

    void search_data() {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<bool>("regex");
        QTest::addColumn<int>("count");
        QTest::addColumn<QString>("error");
        QTest::newRow("substring") << "#000" << false << 10 << "";
        QTest::newRow("regex digit") << "^7#" << true << 179 << "";
        QTest::newRow("regex alternation") << "^(0|1)#" << true << 178 + 182 << "";
        QTest::newRow("no match") << "zebra" << false << 0 << "";
        QTest::newRow("empty") << "" << false << 0 << "";
        QTest::newRow("bad regex") << "^(3#" << true << 0 << "missing closing parenthesis at position 5";
    }
    void search() {
        QFETCH(QString, pattern);
        QFETCH(bool, regex);
        QFETCH(int, count);
        QFETCH(QString, error);
        const QString got = ws->search(pattern, regex);
        QCOMPARE(static_cast<int>(ws->matches().size()), count);
        if (error.isEmpty()) QVERIFY2(got.isEmpty(), qPrintable(got));
        else QVERIFY2(got.contains(error), qPrintable(got));
    }

    void neighboursFollowSettings() {
        ws->select(0);
        QCOMPARE(ws->neighbours().size(), std::size_t(20));
        // Digit images: the nearest neighbours of a 0 are mostly 0s.
        int zeros = 0;
        for (const auto& n : ws->neighbours()) zeros += ws->dataset()->embedding.label(n.row)[0] == '0';
        QVERIFY(zeros >= 18);
        QVERIFY(std::is_sorted(ws->neighbours().begin(), ws->neighbours().end(),
                               [](const Neighbour& a, const Neighbour& b) { return a.distance < b.distance; }));
        NeighbourSettings s = ws->neighbourSettings();
        s.k = 2000;  // clamped to 1000
        s.metric = Metric::Euclidean;
        ws->setNeighbourSettings(s);
        QCOMPARE(ws->neighbourSettings().k, 1000);
        QCOMPARE(ws->neighbours().size(), std::size_t(1000));
        QVERIFY(ws->statusText().contains(QStringLiteral("euclidean")));
        ws->select(-1);
        QVERIFY(ws->neighbours().empty());
    }

    void isolateSubsetAndShowAll() {
        QSignalSpy projected(ws.get(), &Workspace::projectionChanged);
        ws->isolate({5, 3, 3, 9, 100});
        QVERIFY(projected.wait(10000));
        QCOMPARE(ws->projection()->rows, (std::vector<std::size_t>{3, 5, 9, 100}));
        QVERIFY(ws->isIsolated());
        ws->showAll();
        QVERIFY(projected.wait(10000));
        QVERIFY(!ws->projection()->isSubset());
        QVERIFY(!ws->isIsolated());
    }

    void colouringByColumns() {
        const Metadata& m = ws->dataset()->metadata;
        const Colouring digits = colourByColumn(m, 1, {}, 1797);
        QCOMPARE(digits.legend.categories.size(), 10);
        QCOMPARE(digits.legend.categories.first(), QStringLiteral("0"));
        QCOMPARE(digits.colours[0], categoryColour(0));  // row 0 is a 0
        QCOMPARE(digits.colours[1], categoryColour(1));
        const Colouring ink = colourByColumn(m, 2, {}, 1797);
        QVERIFY(ink.legend.continuous);
        QVERIFY(ink.legend.min < ink.legend.max);
        const Colouring none = colourByColumn(m, -1, {}, 1797);
        QVERIFY(none.legend.empty());
    }

    void manyCategoriesFoldIntoOther() {
        Metadata m;
        std::vector<std::string> cells;
        for (int i = 0; i < 300; ++i) cells.push_back("c" + std::to_string(i % 30));
        m.addColumn("c", cells);
        QCOMPARE(int(m.column(0).type), int(ColumnType::Categorical));
        const Colouring c = colourByColumn(m, 0, {}, 300);
        QCOMPARE(c.legend.categories.size(), kMaxCategoryColours);
        QVERIFY(c.legend.categories.last().startsWith(QStringLiteral("other (11")));
    }
};

QTEST_GUILESS_MAIN(TestWorkspace)
#include "tst_workspace.moc"
