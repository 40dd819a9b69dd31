// Semantic axes: the formula parser (terms, weights, errors at the bad token's byte), axes from
// words (unknown words with suggestions, words that cancel), scores as cosines, and the axis
// projection (orthogonalised axes, dependent axes refused, the residual filled by PCA).
#include <Eigen/Eigenvalues>
#include <QTest>
#include <cmath>
#include <random>

#include "Error.h"
#include "TestSupport.h"
#include "analysis/AxisFormula.h"
#include "analysis/AxisProjection.h"
#include "analysis/SemanticAxis.h"
#include "io/Load.h"

using namespace embedscope;

Q_DECLARE_METATYPE(std::string)

namespace {
std::string describe(const AxisFormula& f) {
    std::string out;
    for (const auto& t : f.terms()) {
        const std::string weight =
            QString::number(t.weight, 'g', 6).toStdString();  // locale-independent
        out += (out.empty() ? "" : " ") + t.word + ":" + weight + "@" + std::to_string(t.position);
    }
    return out;
}
}  // namespace

class TestAxis : public QObject {
    Q_OBJECT
    Embedding m_e;

private slots:
    void initTestCase() {
        testsupport::applyTestLocale();
        m_e = loadDataset(testsupport::testData("analysis/vectors.txt")).embedding;
    }

    void parsesFormulas_data() {
        QTest::addColumn<QString>("formula");
        QTest::addColumn<QString>("terms");
        QTest::newRow("analogy") << "king - man + woman"
                                 << "king:1@0 man:-1@7 woman:1@13";
        QTest::newRow("no spaces") << "he+she"
                                   << "he:1@0 she:1@3";
        QTest::newRow("avg")
            << "avg(he, him, his) - avg(she, her)"
            << "he:0.333333@4 him:0.333333@8 his:0.333333@13 she:-0.5@24 her:-0.5@29";
        QTest::newRow("weights") << "0.5*rich + 2 * avg(a, b) - 1.5e-1 * c"
                                 << "rich:0.5@4 a:1@19 b:1@22 c:-0.15@36";
        QTest::newRow("leading minus, parens") << "-(a - b)"
                                               << "a:-1@2 b:1@6";
        QTest::newRow("hyphenated word") << "e-mail - short-term"
                                         << "e-mail:1@0 short-term:-1@9";
        QTest::newRow("quoted") << "\"new york\" - \"x+y\""
                                << "new york:1@0 x+y:-1@13";
        QTest::newRow("number as word") << "1990 - 1980"
                                        << "1990:1@0 1980:-1@7";
        QTest::newRow("mean alias, nested") << "mean(a, avg(b, c))"
                                            << "a:0.5@5 b:0.25@12 c:0.25@15";
        QTest::newRow("tabs and UTF-8") << "\tcafé\t-\tnaïve "
                                        << "café:1@1 naïve:-1@9";
    }
    void parsesFormulas() {
        QFETCH(QString, formula);
        QFETCH(QString, terms);
        const AxisFormula f = AxisFormula::parse(formula.toStdString());
        QCOMPARE(QString::fromStdString(describe(f)), terms);
        QCOMPARE(QString::fromStdString(f.text()), formula.trimmed());
    }

    void badFormulasNameThePosition_data() {
        QTest::addColumn<QString>("formula");
        QTest::addColumn<int>("position");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << "   " << 0
                               << "column 1: empty formula: type words such as 'he - she'";
        QTest::newRow("trailing operator")
            << "king -" << 6 << "column 7: the formula ends where a word was expected";
        QTest::newRow("double operator")
            << "king + * man" << 7 << "column 8: expected a word, '(' or avg(...), not '*'";
        QTest::newRow("two signs")
            << "a - -b" << 4 << "column 5: expected a word, '(' or avg(...), not '-'";
        QTest::newRow("missing operator")
            << "king man" << 5 << "column 6: expected '+' or '-' before 'man'";
        QTest::newRow("unclosed avg")
            << "avg(a, b" << 8 << "column 9: avg( is not closed: expected ')'";
        QTest::newRow("bad separator")
            << "avg(a b)" << 6 << "column 7: expected ',' or ')' in avg(...), not 'b'";
        QTest::newRow("unclosed paren")
            << "(a - b" << 6 << "column 7: '(' is not closed: expected ')'";
        QTest::newRow("stray close") << "a - b)" << 5 << "column 6: unexpected ')'";
        QTest::newRow("weight not a number")
            << "king * man" << 0 << "column 1: 'king' before '*' is not a number";
        QTest::newRow("unclosed quote")
            << "a - \"new york" << 4 << "column 5: the quoted word is not closed (missing '\"')";
        QTest::newRow("empty quote") << "a - \"\"" << 4 << "column 5: empty quoted word";
        QTest::newRow("empty avg")
            << "avg()" << 4 << "column 5: expected a word, '(' or avg(...), not ')'";
    }
    void badFormulasNameThePosition() {
        QFETCH(QString, formula);
        QFETCH(int, position);
        QFETCH(QString, message);
        try {
            AxisFormula::parse(formula.toStdString());
            QFAIL("no error");
        } catch (const FormulaError& e) {
            QCOMPARE(QString::fromStdString(e.what()), message);
            QCOMPARE(int(e.position()), position);
        }
    }

    void unknownWordsInFormulas_data() {
        QTest::addColumn<QString>("formula");
        QTest::addColumn<int>("position");
        QTest::addColumn<QString>("message");
        QTest::newRow("typo") << "kign - man" << 0
                              << "column 1: unknown word 'kign' (did you mean 'king'?)";
        QTest::newRow("in avg") << "avg(he, hiss) - she" << 8
                                << "column 9: unknown word 'hiss' (did you mean 'his'?)";
        QTest::newRow("hyphen")
            << "king-man" << 0
            << "column 1: unknown word 'king-man' (write 'king - man' with spaces to subtract)";
    }
    void unknownWordsInFormulas() {
        QFETCH(QString, formula);
        QFETCH(int, position);
        QFETCH(QString, message);
        const UnitRows rows(m_e);
        const WordLookup lookup(m_e);
        try {
            SemanticAxis::fromFormula(rows, lookup, AxisFormula::parse(formula.toStdString()));
            QFAIL("no error");
        } catch (const FormulaError& e) {
            QCOMPARE(QString::fromStdString(e.what()), message);
            QCOMPARE(int(e.position()), position);
        }
    }

    void cancellingWordsAreAnError() {
        const UnitRows rows(m_e);
        const WordLookup lookup(m_e);
        QVERIFY_THROWS_EXCEPTION(
            Error, SemanticAxis::fromFormula(rows, lookup, AxisFormula::parse("king - king")));
        QVERIFY_THROWS_EXCEPTION(Error, AxisFormula::sets({}, {"a"}));
    }

    void scoresAreCosinesWithTheNormalisedSum() {
        const UnitRows rows(m_e);
        const WordLookup lookup(m_e);
        const auto axis = SemanticAxis::fromFormula(rows, lookup, AxisFormula::pair("he", "she"));
        QCOMPARE(axis.title(), std::string("he - she"));
        const Eigen::VectorXd want =
            (rows.unit(*m_e.find("he")) - rows.unit(*m_e.find("she"))).cast<double>().normalized();
        QVERIFY((axis.direction().cast<double>() - want).norm() < 1e-6);
        const Eigen::VectorXf scores = axis.scores(rows);
        for (std::size_t r : {std::size_t(0), std::size_t(5), std::size_t(200)})
            QVERIFY(std::abs(scores[Eigen::Index(r)] - rows.unit(r).cast<double>().dot(want)) <
                    1e-6);
        // Ranking: male words up, female words down, missing words reported.
        std::vector<std::string> missing;
        const auto ranked =
            axis.rank(rows, {"mother", "father", "nope", "son", "daughter"}, &missing);
        QCOMPARE(missing, std::vector<std::string>{"nope"});
        QCOMPARE(ranked.size(), std::size_t(4));
        QVERIFY(ranked[0].word == "father" || ranked[0].word == "son");
        QVERIFY(ranked[3].word == "mother" || ranked[3].word == "daughter");
        // Sets: the same direction as the mean difference of unit vectors.
        const auto sets = SemanticAxis::fromFormula(
            rows, lookup, AxisFormula::sets({"he", "his"}, {"she", "her"}));
        QCOMPARE(sets.title(), std::string("avg(he, his) - avg(she, her)"));
        QVERIFY(sets.direction().dot(axis.direction()) > 0.9f);
    }

    void projectionOrthogonalisesAxes() {
        const UnitRows rows(m_e);
        const WordLookup lookup(m_e);
        const auto gender = SemanticAxis::fromFormula(rows, lookup, AxisFormula::parse("he - she"));
        const auto royal =
            SemanticAxis::fromFormula(rows, lookup, AxisFormula::parse("king - man"));
        const AxisProjection p = projectOnAxes(rows, {gender, royal}, 3);
        QCOMPARE(p.coordinates.rows(), Eigen::Index(300));
        QCOMPARE(p.coordinates.cols(), Eigen::Index(3));
        QCOMPARE(p.titles, (std::vector<std::string>{"he - she", "king - man", "residual PC1"}));
        QCOMPARE(p.axisCount, std::size_t(2));
        // Orthonormal basis, the first axis unchanged.
        for (std::size_t i = 0; i < 3; ++i)
            for (std::size_t j = 0; j < 3; ++j)
                QVERIFY(std::abs(p.basis[i].dot(p.basis[j]) - (i == j ? 1.0f : 0.0f)) < 1e-5f);
        QVERIFY((p.basis[0] - gender.direction()).norm() < 1e-6f);
        // Column 1 is every row's score on the first axis; all points inside the unit ball.
        const Eigen::VectorXf scores = gender.scores(rows);
        for (Eigen::Index r = 0; r < 300; ++r) {
            QVERIFY(std::abs(p.coordinates(r, 0) - scores[r]) < 1e-5f);
            QVERIFY(std::abs(p.coordinates(r, 1) - rows.unit(std::size_t(r)).dot(p.basis[1])) <
                    1e-5f);
        }
        // The residual component is the top eigenvector of the unit rows' covariance after
        // removing the axes (computed here the slow way in double).
        Eigen::MatrixXd u(300, 16);
        for (Eigen::Index r = 0; r < 300; ++r)
            u.row(r) = rows.unit(std::size_t(r)).cast<double>().transpose();
        Eigen::MatrixXd proj = Eigen::MatrixXd::Identity(16, 16);
        for (int i = 0; i < 2; ++i)
            proj -= p.basis[i].cast<double>() * p.basis[i].cast<double>().transpose();
        const Eigen::MatrixXd res = (u * proj).rowwise() - (u * proj).colwise().mean();
        const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(res.transpose() * res / 299.0);
        const Eigen::VectorXd top = eig.eigenvectors().col(15);
        QVERIFY(std::abs(std::abs(top.dot(p.basis[2].cast<double>())) - 1) < 1e-6);
        const double total = (u.rowwise() - u.colwise().mean()).squaredNorm() / 299.0;
        QVERIFY(std::abs(p.varianceRatio[2] - eig.eigenvalues()[15] / total) < 1e-6);
        // The residual column is centred.
        QVERIFY(std::abs(p.coordinates.col(2).mean()) < 1e-5f);
        // Other vectors are placed as the rows were: the rows themselves land where they are.
        const RowMatrixXf some = m_e.matrix().topRows(5);
        const RowMatrixXf placed = p.place(some);
        QVERIFY((placed - p.coordinates.topRows(5)).cwiseAbs().maxCoeff() < 1e-5f);
        QVERIFY_THROWS_EXCEPTION(Error, p.place(RowMatrixXf::Zero(1, 3)));
    }

    void dependentAxesAreRefused() {
        const UnitRows rows(m_e);
        const WordLookup lookup(m_e);
        const auto a = SemanticAxis::fromFormula(rows, lookup, AxisFormula::parse("he - she"));
        const auto b =
            SemanticAxis::fromFormula(rows, lookup, AxisFormula::parse("2 * he - 2 * she"));
        try {
            projectOnAxes(rows, {a, b}, 2);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(std::string(e.what()),
                     std::string("axis 2 ('2 * he - 2 * she') is nearly parallel to axis 1 ('he - "
                                 "she'): less than "
                                 "3 degrees apart, it would add no new direction"));
        }
        QVERIFY_THROWS_EXCEPTION(Error, projectOnAxes(rows, {a, a, a}, 2));  // more axes than dims
        QVERIFY_THROWS_EXCEPTION(Error, projectOnAxes(rows, {}, 2));
        QVERIFY_THROWS_EXCEPTION(Error, projectOnAxes(rows, {a}, 4));
    }

    void oneAxisTwoDimensions() {
        const UnitRows rows(m_e);
        const WordLookup lookup(m_e);
        const auto a = SemanticAxis::fromFormula(rows, lookup, AxisFormula::parse("king - queen"));
        const AxisProjection p = projectOnAxes(rows, {a}, 2);
        QCOMPARE(p.titles, (std::vector<std::string>{"king - queen", "residual PC1"}));
        QVERIFY(std::abs(p.basis[0].dot(p.basis[1])) < 1e-5f);
        QVERIFY(p.coordinates(*m_e.find("king"), 0) > 0.5f);
        QVERIFY(p.coordinates(*m_e.find("queen"), 0) < -0.5f);
    }
};

QTEST_APPLESS_MAIN(TestAxis)
#include "tst_axis.moc"
