// Search ranking: the exact word first, then words that start with the text, then the rest, each
// group in frequency order (row order of a frequency-ordered file). Searching "king" must not
// select "making" first.
#include <QTest>

#include "Embedding.h"
#include "LabelSearch.h"

using namespace embedscope;
using namespace embedscope::ui;

namespace {
Embedding words(const std::vector<std::string>& labels) {
    std::vector<float> values(labels.size() * 2, 1.0f);
    Embedding e(labels, values, 2);
    e.setFrequencyOrdered(true);
    return e;
}
/// "a,b,c": QCOMPARE prints strings, so a failure shows the order found.
QString labelsOf(const Embedding& e, const std::vector<std::size_t>& rows) {
    QStringList out;
    for (std::size_t r : rows) out << QString::fromStdString(e.label(r));
    return out.join(QLatin1Char(','));
}
}  // namespace

class TestLabelSearch : public QObject {
    Q_OBJECT
private slots:
    void exactThenPrefixThenInside() {
        const Embedding e = words({"making", "the", "kingdom", "asking", "king", "kings", "King", "smoking"});
        const auto got = labelsOf(e, findLabels(e, QStringLiteral("king"), false));
        // Case-insensitive: "king" and "King" are both exact; each group keeps row order.
        const QString want = QStringLiteral("king,King,kingdom,kings,making,asking,smoking");
        QCOMPARE(got, want);
    }
    void regexRanksFullMatchesFirst() {
        const Embedding e = words({"making", "kingdom", "king", "seeking"});
        const auto got = labelsOf(e, findLabels(e, QStringLiteral("king|kingdom"), true));
        // "kingdom" matches whole through the alternation only after "king" fails to span it:
        // QRegularExpression takes the first alternative, so "kingdom" is a prefix match.
        const QString want = QStringLiteral("king,kingdom,making,seeking");
        QCOMPARE(got, want);
    }
    void badRegexNamesPosition() {
        const Embedding e = words({"a"});
        QString error;
        QVERIFY(findLabels(e, QStringLiteral("(a"), true, &error).empty());
        QVERIFY2(error.contains(QStringLiteral("position 3")), qPrintable(error));
    }
    void emptyPatternFindsNothing() {
        const Embedding e = words({"a", "b"});
        QVERIFY(findLabels(e, QString(), false).empty());
    }
    void unicodeCaseFolding() {
        const Embedding e = words({"émiles", "ÉMILE", "émile"});
        const auto got = labelsOf(e, findLabels(e, QStringLiteral("Émile"), false));
        const QString want = QStringLiteral("ÉMILE,émile,émiles");
        QCOMPARE(got, want);
    }
    void asciiPatternFindsLabelsThatFoldToIt() {
        // Labels outside ASCII still fold the Unicode way under an ASCII pattern: the Kelvin
        // sign (U+212A) and the long s (U+017F) fold to "k" and "s".
        const Embedding e = words({"\u212Aing", "ca\u017Fe", "KING", "king's"});
        QCOMPARE(labelsOf(e, findLabels(e, QStringLiteral("king"), false)), QString::fromUtf8("\u212Aing,KING,king's"));
        QCOMPARE(labelsOf(e, findLabels(e, QStringLiteral("CASE"), false)), QString::fromUtf8("ca\u017Fe"));
        QCOMPARE(labelsOf(e, findLabels(e, QStringLiteral("G'S"), false)), QStringLiteral("king's"));
    }
};

QTEST_GUILESS_MAIN(TestLabelSearch)
#include "tst_labelsearch.moc"
