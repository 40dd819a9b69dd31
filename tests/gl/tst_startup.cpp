// The real app, started as a user starts it: without a file it opens the bundled word sample and the
// window shows points within 5 s (the app's --screenshot mode checks the drawn pixels itself).
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestStartup : public QObject {
    Q_OBJECT
private slots:
    void opensSampleAndShowsPoints() {
        QTemporaryDir dir;
        const QString shot = dir.filePath(QStringLiteral("startup.png"));
        QProcess app;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.path());  // fresh settings
        app.setProcessEnvironment(env);
        app.start(QStringLiteral(EMBEDSCOPE_APP), {QStringLiteral("--screenshot"), shot, QStringLiteral("--deadline"), QStringLiteral("5")});
        QVERIFY(app.waitForFinished(60000));
        const QByteArray out = app.readAllStandardOutput() + app.readAllStandardError();
        QVERIFY2(app.exitCode() == 0, out.constData());
        QVERIFY2(out.contains("10000 points"), out.constData());  // the word sample
        QImage image(shot);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() > 600 && image.height() > 400);
    }

    void screenshotAfterTsneIn3d() {
        QTemporaryDir dir;
        // Two clusters of 60 points in 4-D, apart along the first axis.
        const QString file = dir.filePath(QStringLiteral("two.txt"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("120 4\n");
        for (int i = 0; i < 120; ++i) {
            const double side = i < 60 ? -5.0 : 5.0;
            f.write(QStringLiteral("w%1 %2 %3 %4 %5\n")
                        .arg(i)
                        .arg(side + 0.01 * (i % 7))
                        .arg(0.02 * (i % 5))
                        .arg(0.03 * (i % 3))
                        .arg(0.01 * (i % 11))
                        .toUtf8());
        }
        f.close();
        QProcess app;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.path());
        app.setProcessEnvironment(env);
        app.start(QStringLiteral(EMBEDSCOPE_APP),
                  {QStringLiteral("--screenshot"), dir.filePath(QStringLiteral("t.png")),
                   QStringLiteral("--tsne"), QStringLiteral("--tsne-dims"), QStringLiteral("3"),
                   QStringLiteral("--deadline"), QStringLiteral("120"), file});
        QVERIFY(app.waitForFinished(180000));
        const QByteArray out = app.readAllStandardOutput() + app.readAllStandardError();
        QVERIFY2(app.exitCode() == 0, out.constData());
        QVERIFY2(out.contains("120 points"), out.constData());
        QVERIFY2(out.contains("t-SNE 3-D"), out.constData());

        QProcess wrong;
        wrong.setProcessEnvironment(env);
        wrong.start(QStringLiteral(EMBEDSCOPE_APP),
                    {QStringLiteral("--screenshot"), dir.filePath(QStringLiteral("w.png")),
                     QStringLiteral("--tsne"), QStringLiteral("--tsne-dims"), QStringLiteral("4"), file});
        QVERIFY(wrong.waitForFinished(60000));
        QCOMPARE(wrong.exitCode(), 1);
        QVERIFY(wrong.readAllStandardError().contains("--tsne-dims takes 2 or 3, not 4"));
    }

    void badFileOnTheCommandLineIsReported() {
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("bad.txt"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("2 3\na 1 2 3\nb 1 2\n");
        f.close();
        QProcess app;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.path());
        app.setProcessEnvironment(env);
        app.start(QStringLiteral(EMBEDSCOPE_APP), {QStringLiteral("--screenshot"), dir.filePath("x.png"), bad});
        QVERIFY(app.waitForFinished(60000));
        const QByteArray err = app.readAllStandardError();
        QCOMPARE(app.exitCode(), 2);
        QVERIFY2(err.contains(bad.toUtf8() + ":3:"), err.constData());
    }
};

QTEST_GUILESS_MAIN(TestStartup)
#include "tst_startup.moc"
