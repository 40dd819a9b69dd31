// The Debian package, built by CPack from this build tree (about 10 s) and read with dpkg-deb: its
// control fields, dependencies computed by dpkg-shlibdeps, and contents that are exactly what
// `cmake --install` installs, under /usr.
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "InstallRun.h"

using testsupport::run;
using testsupport::tool;

class TestPackage : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_deb;

    QString field(const char* name) const {
        return QString::fromUtf8(
                   run(tool("dpkg-deb"), {QStringLiteral("-f"), m_deb, QLatin1String(name)}).out)
            .trimmed();
    }

private slots:
    void initTestCase() {
        if (tool("dpkg-deb").isEmpty() || tool("dpkg-shlibdeps").isEmpty())
            QSKIP("dpkg-deb and dpkg-shlibdeps are needed (`make deps` installs dpkg-dev)");
        const auto r = run(
            QStringLiteral(EMBEDSCOPE_CPACK),
            {QStringLiteral("--config"), QStringLiteral(EMBEDSCOPE_BINARY_DIR "/CPackConfig.cmake"),
             QStringLiteral("-G"), QStringLiteral("DEB"), QStringLiteral("-B"), m_dir.path(),
             // gzip: the same contents, several times faster to compress than xz
             QStringLiteral("-D"), QStringLiteral("CPACK_DEBIAN_COMPRESSION_TYPE=gzip")},
            {}, 300000);
        QVERIFY2(r.status == 0, r.all().constData());
        const QStringList debs =
            QDir(m_dir.path()).entryList({QStringLiteral("embedscope_*.deb")}, QDir::Files);
        QCOMPARE(debs.size(), 1);
        m_deb = m_dir.filePath(debs.first());
    }

    void controlFields() {
        const QString arch =
            QString::fromUtf8(
                run(QStringLiteral("dpkg"), {QStringLiteral("--print-architecture")}).out)
                .trimmed();
        QCOMPARE(QFileInfo(m_deb).fileName(), QStringLiteral("embedscope_" EMBEDSCOPE_VERSION "_") +
                                                  arch + QStringLiteral(".deb"));
        QCOMPARE(field("Package"), QStringLiteral("embedscope"));
        QCOMPARE(field("Version"), QStringLiteral(EMBEDSCOPE_VERSION));
        QCOMPARE(field("Architecture"), arch);
        QCOMPARE(field("Section"), QStringLiteral("science"));
        QVERIFY(!field("Maintainer").isEmpty());
        QVERIFY(field("Description").startsWith(QStringLiteral("explore word vectors")));
    }

    void dependenciesAreComputed() {
        // From the binaries' own libraries (dpkg-shlibdeps), each with a minimum version; never a
        // -dev.
        const QStringList depends = field("Depends").split(QStringLiteral(", "));
        for (const char* library : {"libqt6widgets6", "libqt6openglwidgets6", "libvtk9.1",
                                    "libfftw3-single3", "libgomp1", "libc6"})
            QVERIFY2(!depends
                          .filter(QRegularExpression(
                              QStringLiteral("^%1 \\(>= ")
                                  .arg(QRegularExpression::escape(QLatin1String(library)))))
                          .isEmpty(),
                     qPrintable(library + QStringLiteral(" not in: ") +
                                depends.join(QStringLiteral(", "))));
        QVERIFY2(depends.filter(QStringLiteral("-dev")).isEmpty(),
                 qPrintable(depends.join(QStringLiteral(", "))));
    }

    void contentsAreTheInstallTree() {
        const auto listing = run(tool("dpkg-deb"), {QStringLiteral("-c"), m_deb});
        QVERIFY2(listing.status == 0, listing.all().constData());
        QSet<QString> files;
        for (const QString& line :
             QString::fromUtf8(listing.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            // "-rwxr-xr-x root/root 1280648 2026-12-01 06:54 ./usr/bin/embedscope"
            const QStringList cols = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
            QVERIFY2(cols.size() == 6 && cols[1] == QStringLiteral("root/root"), qPrintable(line));
            QVERIFY2(cols[5].startsWith(QStringLiteral("./usr/")), qPrintable(line));
            if (cols[0].startsWith(QLatin1Char('-')))
                files.insert(cols[5].mid(6));  // relative to /usr
            if (cols[0].startsWith(QLatin1Char('-')) &&
                cols[5].startsWith(QStringLiteral("./usr/bin/")))
                QVERIFY2(cols[0] == QStringLiteral("-rwxr-xr-x"), qPrintable(line));
        }
        for (const char* file :
             {"bin/embedscope", "bin/embedscope-cli", "share/embedscope/samples/digits.tsv",
              "share/embedscope/samples/digits.LICENSE",
              "share/applications/" EMBEDSCOPE_APP_ID ".desktop",
              "share/metainfo/" EMBEDSCOPE_APP_ID ".metainfo.xml",
              "share/icons/hicolor/48x48/apps/" EMBEDSCOPE_APP_ID ".png"})
            QVERIFY2(files.contains(QLatin1String(file)), file);
        QTemporaryDir prefix;
        const auto installed = testsupport::installInto(prefix.path());
        QVERIFY2(installed.status == 0, installed.all().constData());
        QCOMPARE(files, testsupport::filesUnder(prefix.path()));
    }
};

QTEST_GUILESS_MAIN(TestPackage)
#include "tst_package.moc"
