// Training in the explorer (under Xvfb): Data › Train word vectors… with a small corpus, Start,
// the live preview of the most frequent words, and at the end the vectors as the current data set
// with their frequency and rank, words that share contexts nearer than words that do not.
#include <QDialog>
#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <random>

#include "GlTestMain.h"
#include "MainWindow.h"
#include "Workspace.h"
#include "dialogs/TrainDialog.h"
#include "training/TrainingSession.h"
#include "view/ScatterScene.h"
#include "view/ScatterView.h"

using namespace embedscope;
using namespace embedscope::ui;

namespace {
/// Sentences of ten words, each drawn from one of two topics ("sea…" or "sky…" words).
void writeCorpus(const QString& path) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    std::mt19937 rng(7);
    for (int s = 0; s < 12000; ++s) {
        const char* topic = s % 2 ? "sea" : "sky";
        QByteArray line;
        for (int w = 0; w < 10; ++w) line += QByteArray(topic) + QByteArray::number(int(rng() % 8)) + ' ';
        f.write(line.trimmed() + '\n');
    }
}

double cosine(const Embedding& e, const std::string& a, const std::string& b) {
    const auto ra = e.row(*e.find(a)), rb = e.row(*e.find(b));
    double dot = 0, na = 0, nb = 0;
    for (std::size_t i = 0; i < ra.size(); ++i) {
        dot += ra[i] * rb[i];
        na += ra[i] * ra[i];
        nb += rb[i] * rb[i];
    }
    return dot / std::sqrt(na * nb);
}
}  // namespace

class TestTraining : public QObject {
    Q_OBJECT
private slots:
    void trainsThroughTheDialogAndShowsTheVectors() {
        QTemporaryDir dir;
        const QString corpus = dir.filePath(QStringLiteral("corpus.txt"));
        writeCorpus(corpus);
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));

        // The dialog is modal: fill it and press Start once it is up.
        bool started = false;
        QTimer::singleShot(200, &w, [&] {
            auto* dialog = w.findChild<TrainDialog*>();
            QVERIFY(dialog);
            dialog->setCorpus({corpus});
            dialog->findChild<QSpinBox*>(QStringLiteral("dims"))->setValue(20);
            dialog->findChild<QSpinBox*>(QStringLiteral("threads"))->setValue(1);
            dialog->findChild<QSpinBox*>(QStringLiteral("minCount"))->setValue(5);
            auto* start = dialog->findChild<QPushButton*>(QStringLiteral("startTraining"));
            QVERIFY(start && start->isEnabled());
            start->click();
            started = true;
        });
        QSignalSpy changed(w.workspace(), &Workspace::datasetChanged);
        QSignalSpy finished(w.training(), &TrainingSession::finished);
        w.chooseTraining();
        QVERIFY(started);
        QVERIFY(finished.count() > 0 || finished.wait(60000));
        QCOMPARE(finished.first().first().toBool(), false);  // not cancelled

        // The preview came first (the most frequent words while training), then the vectors.
        QVERIFY2(changed.count() >= 2, qPrintable(QString::number(changed.count())));
        const auto data = w.workspace()->dataset();
        QCOMPARE(data->embedding.rows(), std::size_t(16));
        QCOMPARE(data->embedding.dims(), std::size_t(20));
        QVERIFY(data->embedding.isFrequencyOrdered());
        QVERIFY(data->metadata.findColumn("frequency"));
        QVERIFY(data->metadata.findColumn("rank"));
        QCOMPARE(w.view()->scene().pointCount(), std::size_t(16));
        // Words of one topic end nearer each other than to the other topic's words.
        const Embedding& e = data->embedding;
        QVERIFY(cosine(e, "sea1", "sea2") > cosine(e, "sea1", "sky2") + 0.2);
        QVERIFY(cosine(e, "sky3", "sky4") > cosine(e, "sky3", "sea4") + 0.2);
    }

    void cancelKeepsTheVectorsSoFar() {
        QTemporaryDir dir;
        const QString corpus = dir.filePath(QStringLiteral("corpus.txt"));
        writeCorpus(corpus);
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        Word2VecOptions options;
        options.dims = 20;
        options.epochs = 500;  // long enough to cancel in the middle
        options.threads = 1;
        QSignalSpy status(w.training(), &TrainingSession::statusChanged);
        QSignalSpy finished(w.training(), &TrainingSession::finished);
        w.training()->start({corpus}, options);
        QVERIFY(status.wait(30000));
        w.training()->cancel();
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().first().toBool(), true);
        QVERIFY(finished.first().at(1).toString().contains(QStringLiteral("cancelled")));
        QCOMPARE(w.workspace()->dataset()->embedding.rows(), std::size_t(16));
    }

    void badCorpusIsReported() {
        QTemporaryDir dir;
        const QString corpus = dir.filePath(QStringLiteral("binary.txt"));
        QFile f(corpus);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray("some words\n") + QByteArray(64, '\0'));
        f.close();
        MainWindow w;
        QSignalSpy failed(w.training(), &TrainingSession::failed);
        w.training()->start({corpus}, Word2VecOptions{});
        QVERIFY(failed.wait(30000));
        QVERIFY2(failed.first().first().toString().contains(corpus), qPrintable(failed.first().first().toString()));
    }
};

EMBEDSCOPE_GL_TEST_MAIN(TestTraining)
#include "tst_training.moc"
