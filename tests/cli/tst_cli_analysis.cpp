// embedscope-cli neighbors, compare, analogy, axis, bias and weat end to end: JSON shapes and
// numbers against gensim 4.2 / a NumPy brute force (tests/data/analysis), exit statuses and
// messages.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <random>

#include "CliRun.h"
#include "TestSupport.h"

namespace {
using Run = testsupport::CliRun;
Run cli(const QStringList& args) {
    return testsupport::runCli(args);
}

QString fixture(const char* name) {
    return QString::fromStdString(testsupport::testData("analysis/")) + QLatin1String(name);
}
const QString vectors() {
    return fixture("vectors.txt");
}

/// gensim's answers from reference.tsv ("kind query" → word, score in rank order).
QList<QPair<QString, double>> gensim(const QString& kind, const QString& query) {
    QFile f(fixture("reference.tsv"));
    if (!f.open(QIODevice::ReadOnly)) qFatal("no reference.tsv");
    QList<QPair<QString, double>> out;
    while (!f.atEnd()) {
        const QList<QByteArray> c = f.readLine().trimmed().split('\t');
        if (c.size() == 5 && c[0] == kind.toUtf8() && c[1] == query.toUtf8())
            out.append({QString::fromUtf8(c[3]), QByteArray(c[4]).toDouble()});
    }
    return out;
}

void compareResults(const QJsonObject& o, const QList<QPair<QString, double>>& want) {
    QCOMPARE(o.keys(), QStringList{"results"});
    const QJsonArray results = o["results"].toArray();
    QCOMPARE(results.size(), want.size());
    for (int i = 0; i < results.size(); ++i) {
        const QJsonObject r = results[i].toObject();
        QCOMPARE(r.keys(), (QStringList{"score", "word"}));
        QCOMPARE(r["word"].toString(), want[i].first);
        QVERIFY(std::abs(r["score"].toDouble() - want[i].second) < 1e-5);
    }
}
}  // namespace

class TestCliAnalysis : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { testsupport::applyTestLocale(); }

    void help_data() {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QStringList>("options");
        QTest::newRow("neighbors") << "neighbors" << QStringList{"-k", "--metric", "--out", "--json"};
        QTest::newRow("compare") << "compare" << QStringList{"-k", "--json"};
        QTest::newRow("analogy") << "analogy" << QStringList{"--method", "--epsilon", "--json"};
        QTest::newRow("axis") << "axis" << QStringList{"--words", "--out", "--y", "--z", "--dims"};
        QTest::newRow("bias") << "bias" << QStringList{"--pairs", "--words", "--c"};
        QTest::newRow("weat") << "weat"
                              << QStringList{"--test", "--sets", "--permutations", "--seed",
                                             "--lowercase"};
    }
    void help() {
        QFETCH(QString, command);
        QFETCH(QStringList, options);
        const Run r = cli({command, "--help"});
        QCOMPARE(r.status, 0);
        QVERIFY(r.out.startsWith("usage: embedscope-cli " + command.toUtf8()));
        for (const auto& o : options) QVERIFY2(r.out.contains(o.toUtf8()), qPrintable(o));
    }

    void neighborsEqualGensim() {
        const Run r = cli({"neighbors", vectors(), "woman", "-k", "10", "--json"});
        QCOMPARE(r.status, 0);
        compareResults(QJsonDocument::fromJson(r.out).object(), gensim("neighbours", "woman"));
    }

    void neighborsOutIsTheTable() {
        QTemporaryDir dir;
        const QString out = dir.filePath("n.csv");
        const Run r = cli({"neighbors", vectors(), "woman", "-k", "3", "--out", out});
        QCOMPARE(r.status, 0);
        const QList<QByteArray> lines = testsupport::readFile(out.toStdString()).split('\n');
        QCOMPARE(lines.size(), 5);  // header, 3 rows, the empty piece after the last newline
        QCOMPARE(lines[0], QByteArray("rank,word,score,metric,query"));
        const auto top = gensim("neighbours", "woman");
        const QList<QByteArray> first = lines[1].split(',');
        QCOMPARE(first[0], QByteArray("1"));
        QCOMPARE(QString::fromUtf8(first[1]), top[0].first);
        QVERIFY(std::abs(first[2].toDouble() - top[0].second) < 1e-5);
        QCOMPARE(first.mid(3), (QList<QByteArray>{"cosine", "woman"}));
    }

    void analogyEqualsGensim_data() {
        QTest::addColumn<QString>("method");
        QTest::newRow("add") << "add";
        QTest::newRow("mul") << "mul";
    }
    void analogyEqualsGensim() {
        QFETCH(QString, method);
        const Run r =
            cli({"analogy", vectors(), "man", "king", "woman", "--method", method, "--json"});
        QCOMPARE(r.status, 0);
        compareResults(QJsonDocument::fromJson(r.out).object(), gensim(method, "man,king,woman"));
    }

    void compareShape() {
        const Run r = cli({"compare", vectors(), "king", "prince", "-k", "5", "--json"});
        QCOMPARE(r.status, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.keys(),
                 (QStringList{"a", "b", "closer_to_a", "closer_to_b", "cosine", "euclidean", "k",
                              "rank_of_a_among_b", "rank_of_b_among_a", "shared"}));
        // gensim: most_similar("king")[0] is ("prince", 0.900…): rank 1, that cosine.
        const auto top = gensim("neighbours", "king");
        QCOMPARE(top[0].first, QString("prince"));
        QVERIFY(std::abs(o["cosine"].toDouble() - top[0].second) < 1e-5);
        QCOMPARE(o["rank_of_b_among_a"].toInt(), 1);
        QCOMPARE(o["closer_to_a"].toArray().size(), 5);
    }

    void axisRanksWords() {
        QTemporaryDir dir;
        const std::string words =
            testsupport::writeFile(dir, "w.txt", "# comment\nqueen\nking\n\nnope\nson\n");
        const Run r = cli(
            {"axis", vectors(), "he - she", "--words", QString::fromStdString(words), "--json"});
        QCOMPARE(r.status, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.keys(), (QStringList{"axis", "missing", "results"}));
        QCOMPARE(o["axis"].toString(), QString("he - she"));
        QCOMPARE(o["missing"].toArray(), QJsonArray{"nope"});
        const QJsonArray res = o["results"].toArray();
        QCOMPARE(res.size(), 3);
        QCOMPARE(res[2].toObject()["word"].toString(),
                 QString("queen"));  // the most "she" word last
    }

    void axisProjectionWritesCoordinates() {
        QTemporaryDir dir;
        const QString out = dir.filePath("axes.tsv");
        const Run r = cli({"axis", vectors(), "king - queen", "--y", "prince - boy", "--dims", "3",
                           "--out", out, "--json"});
        QCOMPARE(r.status, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o["titles"].toArray(),
                 (QJsonArray{"king - queen", "prince - boy", "residual PC1"}));
        const QByteArray tsv = testsupport::readFile(out.toStdString());
        QVERIFY(tsv.startsWith("label\tx\ty\tz\nking\t"));
        QCOMPARE(tsv.count('\n'), 301);
    }

    void badFormulaShowsWhere() {
        const Run r = cli({"axis", vectors(), "avg(he, his) - shee"});
        QCOMPARE(r.status, 1);
        QVERIFY2(r.err.contains("FORMULA, column 16: unknown word 'shee' (did you mean 'she'?)\n"
                                "  avg(he, his) - shee\n"
                                "                 ^^^^"),
                 r.err.constData());
        const Run s = cli({"axis", vectors(), "he - - she"});
        QCOMPARE(s.status, 1);
        QVERIFY2(s.err.contains("FORMULA, column 6: expected a word, '(' or avg(...), not '-'"),
                 s.err.constData());
    }

    void biasShape() {
        QTemporaryDir dir;
        const std::string words = testsupport::writeFile(dir, "w.txt", "king\nqueen\nabsent\n");
        const Run r = cli({"bias", vectors(), "--words", QString::fromStdString(words), "--json"});
        QCOMPARE(r.status, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.keys(),
                 (QStringList{"c", "direct_bias", "explained_variance_ratio", "missing",
                              "pairs_skipped", "pairs_used", "results", "variance_ratios"}));
        QCOMPARE(o["pairs_used"].toInt(), 6);  // the shipped pairs whose words the fixture has
        QCOMPARE(o["pairs_skipped"].toArray().size(), 4);
        QCOMPARE(o["missing"].toArray(), QJsonArray{"absent"});
        const QJsonArray res = o["results"].toArray();
        QCOMPARE(res[0].toObject()["word"].toString(), QString("king"));
        const double want = (std::abs(res[0].toObject()["score"].toDouble()) +
                             std::abs(res[1].toObject()["score"].toDouble())) /
                            2;
        QVERIFY(std::abs(o["direct_bias"].toDouble() - want) < 1e-12);
    }

    void weatEqualsBruteForce() {
        // make_weat_reference.py (NumPy, all 924 splits): d 0.985976360159, p 48/924.
        const Run r = cli({"weat", vectors(), "--sets", fixture("weat-sets.json"), "--json"});
        QCOMPARE(r.status, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.keys(), (QStringList{"effect_size", "exact", "missing", "name", "p_value",
                                        "permutations", "sizes", "statistic"}));
        QVERIFY(std::abs(o["effect_size"].toDouble() - 0.985976360159) < 1e-6);
        QCOMPARE(o["p_value"].toDouble(), 48.0 / 924);
        QCOMPARE(o["exact"].toBool(), true);
        QCOMPARE(o["missing"].toArray(), QJsonArray{"absent"});
        QCOMPARE(o["permutations"].toInt(), 924);
        // Monte-Carlo: the same seed, the same p; near the exact value.
        const QStringList mc{"weat",           vectors(),
                             "--sets",         fixture("weat-sets.json"),
                             "--json",         "--monte-carlo",
                             "--permutations", "20000",
                             "--seed",         "5"};
        const QJsonObject a = QJsonDocument::fromJson(cli(mc).out).object();
        const QJsonObject b = QJsonDocument::fromJson(cli(mc).out).object();
        QCOMPARE(a["exact"].toBool(), false);
        QCOMPARE(a["p_value"].toDouble(), b["p_value"].toDouble());
        QCOMPARE(a["seed"].toInt(), 5);
        QVERIFY(std::abs(a["p_value"].toDouble() - 48.0 / 924) < 0.01);
    }

    void weatShippedTestFound() {
        // A vocabulary of WEAT 6's words (seeded random vectors): --test finds the shipped lists
        // and gives the same numbers as the same lists passed with --sets.
        const QStringList words{"John",    "Paul",      "Mike",       "Kevin",        "Steve",
                                "Greg",    "Jeff",      "Bill",       "Amy",          "Joan",
                                "Lisa",    "Sarah",     "Diana",      "Kate",         "Ann",
                                "Donna",   "executive", "management", "professional", "corporation",
                                "salary",  "office",    "business",   "career",       "home",
                                "parents", "children",  "family",     "cousins",      "marriage",
                                "wedding", "relatives"};
        std::mt19937 rng(1);
        std::normal_distribution<double> g;
        QByteArray text = QByteArray::number(words.size() - 1) + " 8\n";
        for (const auto& w : words) {
            if (w == "Donna") continue;  // one missing word
            text += w.toUtf8();
            for (int j = 0; j < 8; ++j) text += " " + QByteArray::number(g(rng), 'g', 9);
            text += "\n";
        }
        QTemporaryDir dir;
        const QString path = QString::fromStdString(testsupport::writeFile(dir, "weat6.txt", text));
        const Run r = cli({"weat", path, "--test", "WEAT 6", "--json"});
        QCOMPARE(r.status, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o["name"].toString(), QString("WEAT 6"));
        QCOMPARE(o["missing"].toArray(), QJsonArray{"Donna"});
        QCOMPARE(o["permutations"].toInt(), 6435);  // C(15, 8): the 8 male names stay 8
        const QString shipped = QStringLiteral(EMBEDSCOPE_SOURCE_DIR "/resources/weat/weat6.json");
        const QJsonObject same =
            QJsonDocument::fromJson(cli({"weat", path, "--sets", shipped, "--json"}).out).object();
        QCOMPARE(same["effect_size"].toDouble(), o["effect_size"].toDouble());
        QCOMPARE(same["p_value"].toDouble(), o["p_value"].toDouble());
    }

    void failures_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("message");
        const QString v = vectors();
        QTest::newRow("unknown word") << QStringList{"neighbors", v, "kign"} << 1
                                      << "unknown word 'kign' (did you mean 'king'?)";
        QTest::newRow("unknown analogy word") << QStringList{"analogy", v, "man", "kng", "woman"}
                                              << 1 << "unknown word 'kng' (did you mean 'king'?)";
        QTest::newRow("same word") << QStringList{"compare", v, "king", "king"} << 1
                                   << "compare needs two different words ('king' twice)";
        QTest::newRow("bad metric") << QStringList{"neighbors", v, "king", "--metric", "l1"} << 2
                                    << "--metric must be cosine, euclidean or dot, not 'l1'";
        QTest::newRow("k zero") << QStringList{"neighbors", v, "king", "-k", "0"} << 2
                                << "-k must be at least 1";
        QTest::newRow("bad method") << QStringList{"analogy", v, "a", "b", "c", "--method", "sub"}
                                    << 2 << "--method must be add or mul, not 'sub'";
        QTest::newRow("projection without out")
            << QStringList{"axis", v, "he - she", "--y", "king - queen"} << 2
            << "--y, --z and --dims describe a projection: give --out COORDS too";
        QTest::newRow("weat without sets")
            << QStringList{"weat", v} << 2 << "weat needs either --test NAME or --sets FILE";
        QTest::newRow("weat unknown test")
            << QStringList{"weat", v, "--test", "weat11"} << 2
            << "no shipped test 'weat11': --test takes weat1 ... weat10";
        QTest::newRow("weat sets file missing")
            << QStringList{"weat", v, "--sets", fixture("no-such.json")} << 1
            << "no-such.json: cannot open the file";
        QTest::newRow("bias without words")
            << QStringList{"bias", v} << 2 << "bias needs --words FILE";
    }
    void failures() {
        QFETCH(QStringList, args);
        QFETCH(int, status);
        QFETCH(QString, message);
        const Run r = cli(args);
        QCOMPARE(r.status, status);
        QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
    }

    void weatEmptySetIsRefused() {
        QTemporaryDir dir;
        const std::string sets = testsupport::writeFile(
            dir, "s.json", "{\"X\": [], \"Y\": [\"he\"], \"A\": [\"king\"], \"B\": [\"queen\"]}");
        const Run r = cli({"weat", vectors(), "--sets", QString::fromStdString(sets)});
        QCOMPARE(r.status, 1);
        QVERIFY2(r.err.contains("WEAT set X is empty"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliAnalysis)
#include "tst_cli_analysis.moc"
