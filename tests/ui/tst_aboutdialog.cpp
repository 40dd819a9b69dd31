// Help › About: the version and commit this binary was built from, the versions of the libraries
// actually in use, and the licences of the bundled samples read from disk.
#include <fftw3.h>
#include <vtkVersionMacros.h>

#include <Eigen/Core>
#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include "BuildInfo.h"
#include "dialogs/AboutDialog.h"

using namespace embedscope;
using namespace embedscope::ui;

namespace {
const QString kSamples = QStringLiteral(EMBEDSCOPE_SOURCE_DIR "/resources/samples");

void write(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}
}  // namespace

class TestAboutDialog : public QObject {
    Q_OBJECT
private slots:
    void librariesAreTheOnesInUse() {
        const AboutDialog::Versions v = AboutDialog::libraryVersions();
        QCOMPARE(v.size(), 5);
        QCOMPARE(v[0], qMakePair(QStringLiteral("Qt"), QString::fromLatin1(qVersion())));
        QCOMPARE(v[1], qMakePair(QStringLiteral("VTK"), QStringLiteral(VTK_VERSION)));
        QCOMPARE(v[2], qMakePair(QStringLiteral("Eigen"), QStringLiteral("%1.%2.%3")
                                                              .arg(EIGEN_WORLD_VERSION)
                                                              .arg(EIGEN_MAJOR_VERSION)
                                                              .arg(EIGEN_MINOR_VERSION)));
        QCOMPARE(v[3].first, QStringLiteral("hnswlib"));
        QVERIFY2(QRegularExpression(
                     QStringLiteral(R"(^(\d+\.\d+\.\d+ \(Debian libhnswlib-dev \S+\)|unknown)$)"))
                     .match(v[3].second)
                     .hasMatch(),
                 qPrintable(v[3].second));
        QCOMPARE(v[4], qMakePair(QStringLiteral("FFTW"),
                                 QString::fromLatin1(fftwf_version).mid(5)));  // less "fftw-"
        QVERIFY(v[4].second.startsWith(QStringLiteral("3.")));
    }

    void commitIsOneOfThisRepository() {
        const QString commit = QString::fromStdString(BuildInfo::commit());
        // The version is the project's, as CMakeLists.txt declares it.
        QFile cmake(QStringLiteral(EMBEDSCOPE_SOURCE_DIR "/CMakeLists.txt"));
        QVERIFY(cmake.open(QIODevice::ReadOnly));
        const auto declared =
            QRegularExpression(QStringLiteral(R"(project\(embedscope VERSION (\S+))"))
                .match(QString::fromUtf8(cmake.readAll()));
        QVERIFY(declared.hasMatch());
        QCOMPARE(QString::fromStdString(BuildInfo::version()), declared.captured(1));
        // As app/version/WriteBuildCommit.cmake decides: a commit wherever git can read the checkout
        // (a commit of this repository, not just any hex), "unknown" elsewhere (a tarball, no git).
        const auto git = [](const QStringList& args) {
            QProcess p;
            p.setWorkingDirectory(QStringLiteral(EMBEDSCOPE_SOURCE_DIR));
            p.start(QStringLiteral("git"), args);
            const bool ok =
                p.waitForFinished() && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
            return ok ? p.readAllStandardOutput().trimmed() : QByteArray();
        };
        if (git({QStringLiteral("rev-parse"), QStringLiteral("--verify"), QStringLiteral("HEAD")})
                .isEmpty()) {
            QCOMPARE(commit, QStringLiteral("unknown"));
            return;
        }
        QVERIFY2(QRegularExpression(QStringLiteral("^[0-9a-f]{12,40}$")).match(commit).hasMatch(),
                 qPrintable(commit));
        QCOMPARE(git({QStringLiteral("cat-file"), QStringLiteral("-t"), commit}),
                 QByteArray("commit"));
    }

    void licencesAreReadFromTheSamplesFolder() {
        const AboutDialog::Versions bundled = AboutDialog::sampleLicences(kSamples);
        QVERIFY(!bundled.isEmpty());
        QCOMPARE(bundled.first().first, QStringLiteral("digits"));
        QVERIFY(bundled.first().second.contains(QStringLiteral("CC BY 4.0")));

        QTemporaryDir dir;
        write(dir.filePath(QStringLiteral("zeta.LICENSE")), "  Public domain.\n\n");
        write(dir.filePath(QStringLiteral("words.LICENSE")), "CC0 1.0\n");
        write(dir.filePath(QStringLiteral("words.tsv")), "a\t1\n");
        const AboutDialog::Versions two = AboutDialog::sampleLicences(dir.path());
        QCOMPARE(two.size(), 2);
        QCOMPARE(two[0], qMakePair(QStringLiteral("words"), QStringLiteral("CC0 1.0")));
        QCOMPARE(two[1], qMakePair(QStringLiteral("zeta"), QStringLiteral("Public domain.")));
    }

    void dialogShowsVersionsAndLicences() {
        AboutDialog dialog(nullptr, kSamples);
        const QString title = dialog.findChild<QLabel*>(QStringLiteral("aboutTitle"))->text();
        QVERIFY(title.contains(QStringLiteral("Embedscope ") +
                               QString::fromStdString(BuildInfo::version())));
        QVERIFY(title.contains(QStringLiteral("Commit ") +
                               QString::fromStdString(BuildInfo::commit())));
        auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("libraryVersions"));
        const AboutDialog::Versions versions = AboutDialog::libraryVersions();
        QCOMPARE(table->rowCount(), int(versions.size()));
        for (int row = 0; row < table->rowCount(); ++row) {
            QCOMPARE(table->item(row, 0)->text(), versions[row].first);
            QCOMPARE(table->item(row, 1)->text(), versions[row].second);
        }
        const QString licences =
            dialog.findChild<QPlainTextEdit*>(QStringLiteral("sampleLicences"))->toPlainText();
        // The file's lines are joined into a paragraph the view wraps ("...Repository,\nhttps:" on
        // disk).
        QVERIFY2(licences.startsWith(QStringLiteral("Sample “digits”\ndigits.tsv and")) &&
                     licences.contains(QStringLiteral("CC BY 4.0")) &&
                     licences.contains(QStringLiteral("Repository, https://doi.org")),
                 qPrintable(licences));

        QTemporaryDir empty;
        AboutDialog none(nullptr, empty.path());
        QCOMPARE(none.findChild<QPlainTextEdit*>(QStringLiteral("sampleLicences"))->toPlainText(),
                 QStringLiteral("No bundled samples were found."));
    }

    void copyPutsTheReportOnTheClipboard() {
        AboutDialog dialog(nullptr, kSamples);
        QPushButton* copy = nullptr;
        for (QAbstractButton* b : dialog.findChild<QDialogButtonBox*>()->buttons())
            if (b->text() == QStringLiteral("&Copy")) copy = qobject_cast<QPushButton*>(b);
        QVERIFY(copy);
        QApplication::clipboard()->clear();
        copy->click();
        const QString report = QApplication::clipboard()->text();
        QCOMPARE(report, AboutDialog::reportText(kSamples));
        QVERIFY(report.startsWith(QStringLiteral("Embedscope %1 (commit ")
                                      .arg(QString::fromStdString(BuildInfo::version()))));
        QVERIFY(report.contains(QStringLiteral("\nVTK ") + QStringLiteral(VTK_VERSION) +
                                QLatin1Char('\n')));
        QVERIFY(report.contains(QStringLiteral("[digits]\n")));
    }
};

QTEST_MAIN(TestAboutDialog)
#include "tst_aboutdialog.moc"
