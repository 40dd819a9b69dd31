// The real app, started as a user starts it: without a file it opens the bundled word sample and the
// window shows points within 5 s (the app's --screenshot mode checks the drawn pixels itself).
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

/// The app's exit and output, run with `args` and fresh settings (in dir).
struct AppRun {
    bool finished = false;
    int exitCode = -1;
    QByteArray out, err;
};

AppRun runApp(const QTemporaryDir& dir, const QStringList& args, int timeoutMs) {
    QProcess app;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.path());
    app.setProcessEnvironment(env);
    app.start(QStringLiteral(EMBEDSCOPE_APP), args);
    AppRun run;
    run.finished = app.waitForFinished(timeoutMs);
    run.exitCode = app.exitCode();
    run.out = app.readAllStandardOutput();
    run.err = app.readAllStandardError();
    return run;
}

bool writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

}  // namespace

class TestStartup : public QObject {
    Q_OBJECT
private slots:
    void opensSampleAndShowsPoints() {
        QTemporaryDir dir;
        const QString shot = dir.filePath(QStringLiteral("startup.png"));
        const AppRun run = runApp(dir, {QStringLiteral("--screenshot"), shot, QStringLiteral("--deadline"), QStringLiteral("5")}, 60000);
        QVERIFY(run.finished);
        const QByteArray out = run.out + run.err;
        QVERIFY2(run.exitCode == 0, out.constData());
        QVERIFY2(out.contains("10000 points"), out.constData());  // the word sample
        QImage image(shot);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() > 600 && image.height() > 400);
    }

    void screenshotAfterTsneIn3d() {
        QTemporaryDir dir;
        // Two clusters of 60 points in 4-D, apart along the first axis.
        const QString file = dir.filePath(QStringLiteral("two.txt"));
        QByteArray text("120 4\n");
        for (int i = 0; i < 120; ++i) {
            const double side = i < 60 ? -5.0 : 5.0;
            text += QStringLiteral("w%1 %2 %3 %4 %5\n")
                        .arg(i)
                        .arg(side + 0.01 * (i % 7))
                        .arg(0.02 * (i % 5))
                        .arg(0.03 * (i % 3))
                        .arg(0.01 * (i % 11))
                        .toUtf8();
        }
        QVERIFY(writeFile(file, text));
        const AppRun run = runApp(dir,
                                  {QStringLiteral("--screenshot"), dir.filePath(QStringLiteral("t.png")),
                                   QStringLiteral("--tsne"), QStringLiteral("--tsne-dims"), QStringLiteral("3"),
                                   QStringLiteral("--select"), QStringLiteral("w7"),
                                   QStringLiteral("--deadline"), QStringLiteral("120"), file},
                                  180000);
        QVERIFY(run.finished);
        const QByteArray out = run.out + run.err;
        QVERIFY2(run.exitCode == 0, out.constData());
        QVERIFY2(out.contains("120 points"), out.constData());
        QVERIFY2(out.contains("t-SNE 3-D"), out.constData());
        // The picture waits for the Inspector's list of the selected word (its 20 neighbours).
        QVERIFY2(out.contains("selected w7: 20 neighbours listed"), out.constData());

        const AppRun wrong = runApp(dir,
                                    {QStringLiteral("--screenshot"), dir.filePath(QStringLiteral("w.png")),
                                     QStringLiteral("--tsne"), QStringLiteral("--tsne-dims"), QStringLiteral("4"), file},
                                    60000);
        QVERIFY(wrong.finished);
        QCOMPARE(wrong.exitCode, 1);
        QVERIFY(wrong.err.contains("--tsne-dims takes 2 or 3, not 4"));
    }

    void badFileOnTheCommandLineIsReported() {
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("bad.txt"));
        QVERIFY(writeFile(bad, "2 3\na 1 2 3\nb 1 2\n"));
        const AppRun run = runApp(dir, {QStringLiteral("--screenshot"), dir.filePath("x.png"), bad}, 60000);
        QVERIFY(run.finished);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(bad.toUtf8() + ":3:"), run.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestStartup)
#include "tst_startup.moc"
