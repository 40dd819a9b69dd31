// `cmake --install` into a temporary prefix, then the tree checked as a desktop and a user see it:
// programs that answer --version without a display, samples that load from where they were
// installed, a menu entry, icon, MIME types and AppStream metadata that pass the freedesktop
// validators, and man pages that cover every CLI command.
#include <QFile>
#include <QImage>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "InstallRun.h"

using testsupport::run;
using testsupport::tool;

namespace {
const QString kAppId = QStringLiteral(EMBEDSCOPE_APP_ID);
const QString kVersion = QStringLiteral(EMBEDSCOPE_VERSION);
// As without a desktop session: the programs must not need a display for --version or their work.
const QStringList kNoDisplay{QStringLiteral("DISPLAY"), QStringLiteral("WAYLAND_DISPLAY"),
                             QStringLiteral("QT_QPA_PLATFORM")};

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// "Key=value" lines of a desktop entry's [Desktop Entry] group.
QMap<QString, QString> desktopEntry(const QString& path) {
    QMap<QString, QString> out;
    for (const QByteArray& line : readAll(path).split('\n')) {
        const qsizetype eq = line.indexOf('=');
        if (eq > 0 && !line.startsWith('#'))
            out.insert(QString::fromUtf8(line.left(eq)), QString::fromUtf8(line.mid(eq + 1)));
    }
    return out;
}

/// The data files of a source folder: what install(DIRECTORY) must copy (resources/CMakeLists.txt).
QSet<QString> dataFilesIn(const QString& folder) {
    QSet<QString> out;
    static const QRegularExpression notData(
        QStringLiteral(R"((\.py|\.sh|\.cmake|CMakeLists\.txt)$|(^|/)(\.|__pycache__))"));
    for (const QString& file : testsupport::filesUnder(folder))
        if (!notData.match(file).hasMatch()) out.insert(file);
    return out;
}
}  // namespace

class TestInstall : public QObject {
    Q_OBJECT
    QTemporaryDir m_prefix;
    QString path(const QString& relative) const { return m_prefix.filePath(relative); }

private slots:
    void initTestCase() {
        QVERIFY(m_prefix.isValid());
        const auto r = testsupport::installInto(m_prefix.path());
        QVERIFY2(r.status == 0, r.all().constData());
    }

    void programsAreInstalled() {
        for (const char* name : {"bin/embedscope", "bin/embedscope-cli"}) {
            const QFileInfo program(path(QLatin1String(name)));
            QVERIFY2(program.isFile() && program.isExecutable(), name);
        }
    }

    void versionWithoutDisplay_data() {
        QTest::addColumn<QString>("program");
        QTest::addColumn<QStringList>("libraries");
        QTest::newRow("cli") << "embedscope-cli"
                             << QStringList{"Eigen 3.", "hnswlib 0.", "FFTW 3."};
        QTest::newRow("gui") << "embedscope"
                             << QStringList{"Qt 6.", "VTK 9.", "Eigen 3.", "hnswlib 0.", "FFTW 3."};
    }
    void versionWithoutDisplay() {
        QFETCH(QString, program);
        QFETCH(QStringList, libraries);
        const auto r =
            run(path(QStringLiteral("bin/") + program), {QStringLiteral("--version")}, kNoDisplay);
        QVERIFY2(r.status == 0, r.all().constData());
        const QStringList lines = QString::fromUtf8(r.out).split(QLatin1Char('\n'));
        QCOMPARE(lines.value(0), program + QLatin1Char(' ') + kVersion);
        QVERIFY2(QRegularExpression(QStringLiteral("^commit ([0-9a-f]{12,40}|unknown)$"))
                     .match(lines.value(1))
                     .hasMatch(),
                 r.out.constData());
        for (const QString& library : libraries)
            QVERIFY2(
                !lines
                     .filter(QRegularExpression(QStringLiteral("^") +
                                                QRegularExpression::escape(library)))
                     .isEmpty(),
                qPrintable(library + QStringLiteral(" missing in:\n") + QString::fromUtf8(r.out)));
    }

    void guiFindsTheInstalledSamples() {
        // The app's own lookup (ui/Samples.cpp: ../share/embedscope/samples beside the binary), as
        // --version reports it; not the source tree it was built from.
        const auto r =
            run(path(QStringLiteral("bin/embedscope")), {QStringLiteral("--version")}, kNoDisplay);
        QVERIFY2(r.status == 0, r.all().constData());
        const QString expected =
            QStringLiteral("samples ") +
            QDir(path(QStringLiteral("share/embedscope/samples"))).canonicalPath();
        QVERIFY2(QString::fromUtf8(r.out).split(QLatin1Char('\n')).contains(expected),
                 r.out.constData());
    }

    void dataFoldersAreInstalledWhole_data() {
        QTest::addColumn<QString>("folder");
        for (const char* folder : {"samples", "weat", "bias"}) QTest::newRow(folder) << folder;
    }
    void dataFoldersAreInstalledWhole() {
        // Every data file, whatever is added later, and none of the scripts that made them.
        QFETCH(QString, folder);
        const QString source = QStringLiteral(EMBEDSCOPE_SOURCE_DIR "/resources/") + folder;
        if (!QFileInfo(source).isDir()) QSKIP("this source tree has no such folder");
        const QSet<QString> expected = dataFilesIn(source);
        QVERIFY(!expected.isEmpty());
        const QString installed = path(QStringLiteral("share/embedscope/") + folder);
        QCOMPARE(testsupport::filesUnder(installed), expected);
        for (const QString& file : expected)
            QVERIFY2(readAll(installed + QLatin1Char('/') + file) ==
                         readAll(source + QLatin1Char('/') + file),
                     qPrintable(file));
    }

    void installedSampleLoads() {
        const QString vectors = path(QStringLiteral("share/embedscope/samples/digits.tsv"));
        const auto r = run(path(QStringLiteral("bin/embedscope-cli")),
                           {QStringLiteral("info"), vectors, QStringLiteral("--json")}, kNoDisplay);
        QVERIFY2(r.status == 0, r.all().constData());
        const QByteArray& out = r.out;
        QVERIFY2(out.contains("\"rows\": 1797") && out.contains("\"dims\": 64"), out.constData());
        // digits-metadata.tsv, installed beside it, is found and read.
        QVERIFY2(out.contains("{\"name\": \"digit\", \"type\": \"categorical\"}"), out.constData());
    }

    void desktopEntryNamesWhatIsInstalled() {
        const QString file =
            path(QStringLiteral("share/applications/") + kAppId + QStringLiteral(".desktop"));
        const auto entry = desktopEntry(file);
        QCOMPARE(entry.value(QStringLiteral("Exec")), QStringLiteral("embedscope %F"));
        QVERIFY(QFileInfo(path(QStringLiteral("bin/embedscope"))).isExecutable());
        QCOMPARE(entry.value(QStringLiteral("Icon")), kAppId);
        const QStringList categories =
            entry.value(QStringLiteral("Categories")).split(QLatin1Char(';'));
        for (const char* c : {"Science", "DataVisualization", "Education"})
            QVERIFY(categories.contains(QLatin1String(c)));
        // Each MIME type is either a standard one or defined by the XML installed with the app.
        const QByteArray standard =
            readAll(QStringLiteral("/usr/share/mime/packages/freedesktop.org.xml"));
        if (standard.isEmpty())
            QSKIP("shared-mime-info is not installed (`make deps` installs it)");
        const QByteArray ours =
            readAll(path(QStringLiteral("share/mime/packages/") + kAppId + QStringLiteral(".xml")));
        QVERIFY(!ours.isEmpty());
        const QStringList types =
            entry.value(QStringLiteral("MimeType")).split(QLatin1Char(';'), Qt::SkipEmptyParts);
        QVERIFY(types.contains(QStringLiteral("text/tab-separated-values")));
        for (const QString& type : types) {
            const QByteArray declared = "type=\"" + type.toUtf8() + "\"";
            QVERIFY2(ours.contains(declared) || standard.contains(declared), qPrintable(type));
        }
    }

    void desktopFileValidates() {
        const QString validator = tool("desktop-file-validate");
        if (validator.isEmpty())
            QSKIP(
                "desktop-file-validate is not installed (`make deps` installs desktop-file-utils)");
        const auto r = run(validator, {path(QStringLiteral("share/applications/") + kAppId +
                                            QStringLiteral(".desktop"))});
        // Hints (two main categories: Science and Education) are advice; errors and warnings fail.
        QVERIFY2(r.status == 0 && !r.all().contains("error:") && !r.all().contains("warning:"),
                 r.all().constData());
    }

    void metainfoValidates() {
        const QString file =
            path(QStringLiteral("share/metainfo/") + kAppId + QStringLiteral(".metainfo.xml"));
        const QByteArray xml = readAll(file);
        QVERIFY(xml.contains("<id>" + kAppId.toUtf8() + "</id>"));
        QVERIFY(xml.contains("<launchable type=\"desktop-id\">" + kAppId.toUtf8() +
                             ".desktop</launchable>"));
        QVERIFY(xml.contains("<release version=\"" + kVersion.toUtf8() + "\""));
        QVERIFY(xml.contains("<screenshot type=\"default\">"));
        const QString appstream = tool("appstreamcli");
        if (appstream.isEmpty())
            QSKIP("appstreamcli is not installed (`make deps` installs appstream)");
        const auto r =
            run(appstream, {QStringLiteral("validate"), QStringLiteral("--no-net"), file});
        QVERIFY2(r.status == 0, r.all().constData());
    }

    void iconsHaveTheirSizes() {
        const QString hicolor = path(QStringLiteral("share/icons/hicolor/"));
        for (int size : {16, 22, 24, 32, 48, 64, 128, 256}) {
            const QString file =
                hicolor + QStringLiteral("%1x%1/apps/").arg(size) + kAppId + QStringLiteral(".png");
            const QImage icon(file);
            QVERIFY2(!icon.isNull(), qPrintable(file));
            QCOMPARE(icon.size(), QSize(size, size));
            QVERIFY(icon.hasAlphaChannel());  // rounded corners: transparent outside the tile
            QVERIFY(qAlpha(icon.pixel(0, 0)) < 32);
        }
        QVERIFY(
            readAll(hicolor + QStringLiteral("scalable/apps/") + kAppId + QStringLiteral(".svg"))
                .contains("<svg"));
    }

    void mimeTypesRegister() {
        // What the shared-mime-info trigger does after the package installs, into a scratch
        // database.
        const QString update = tool("update-mime-database");
        if (update.isEmpty())
            QSKIP("update-mime-database is not installed (`make deps` installs shared-mime-info)");
        QTemporaryDir scratch;
        QVERIFY(QDir().mkpath(scratch.filePath(QStringLiteral("mime/packages"))));
        QVERIFY(QFile::copy(
            path(QStringLiteral("share/mime/packages/") + kAppId + QStringLiteral(".xml")),
            scratch.filePath(QStringLiteral("mime/packages/embedscope.xml"))));
        const auto r = run(update, {scratch.filePath(QStringLiteral("mime"))});
        QVERIFY2(r.status == 0 && !r.all().contains("Error"), r.all().constData());
        QVERIFY(QFileInfo::exists(scratch.filePath(QStringLiteral("mime/application/x-npy.xml"))));
        QVERIFY(readAll(scratch.filePath(QStringLiteral("mime/globs2")))
                    .contains("application/x-npy:*.npy"));
        QVERIFY(readAll(scratch.filePath(QStringLiteral("mime/magic"))).contains("\x93NUMPY"));
    }

    void manPagesCoverEveryCommand() {
#ifndef EMBEDSCOPE_HAVE_MAN_PAGES
        QSKIP("help2man was not found when configuring (`make deps` installs it)");
#endif
        const auto page = [this](const char* name) {
            return run(QStringLiteral("gzip"),
                       {QStringLiteral("-dc"),
                        path(QStringLiteral("share/man/man1/")) + QLatin1String(name)})
                .out;
        };
        const QByteArray cli = page("embedscope-cli.1.gz");
        QVERIFY2(cli.contains(".TH EMBEDSCOPE-CLI \"1\""), cli.left(400).constData());
        QVERIFY(cli.contains("embedscope-cli \\- load, convert"));
        // Every command the CLI lists has its own section with its options.
        const auto help =
            run(path(QStringLiteral("bin/embedscope-cli")), {QStringLiteral("--help")}, kNoDisplay);
        const QString listing = QString::fromUtf8(help.out)
                                    .section(QStringLiteral("commands:\n"), 1)
                                    .section(QStringLiteral("\n\n"), 0, 0);
        const QStringList commands =
            listing.split(QLatin1Char('\n'))
                .replaceInStrings(QRegularExpression(QStringLiteral("^  (\\S+).*")),
                                  QStringLiteral("\\1"));
        QVERIFY(commands.contains(QStringLiteral("info")) &&
                commands.contains(QStringLiteral("tsne")));
        for (const QString& command : commands)
            QVERIFY2(cli.contains(".SS " + command.toUtf8() + "\n.nf\nusage: embedscope-cli " +
                                  command.toUtf8()),
                     qPrintable(command));
        QVERIFY(page("embedscope.1.gz").contains(".TH EMBEDSCOPE \"1\""));
    }

    void installedAppOpensItsSampleAndTheFirstFile() {
        // Under Xvfb only (ctest -L gl, registered as tst_install_gui): the installed app, started
        // as the menu starts it, shows its sample; given several files, opens the first and says
        // so.
        if (qEnvironmentVariableIsEmpty("EMBEDSCOPE_INSTALL_GUI"))
            QSKIP("runs as tst_install_gui, under Xvfb");
        QTemporaryDir home;
        const QStringList env{QStringLiteral("XDG_CONFIG_HOME=") + home.path(),
                              QStringLiteral("QT_QPA_PLATFORM")};
        const QString app = path(QStringLiteral("bin/embedscope"));
        const QStringList shot{QStringLiteral("--screenshot"),
                               home.filePath(QStringLiteral("shot.png")),
                               QStringLiteral("--deadline"), QStringLiteral("60")};
        auto r = run(app, shot, env);
        QVERIFY2(r.status == 0 && r.out.contains("10000 points"), r.all().constData());  // the word sample

        const QString sample = path(QStringLiteral("share/embedscope/samples/digits.tsv"));
        const QString other = home.filePath(QStringLiteral("other.tsv"));
        r = run(app, shot + QStringList{sample, other}, env);
        QVERIFY2(r.status == 0 && r.out.contains("1797 points"), r.all().constData());
        QVERIFY2(r.err.contains("opened " + sample.toUtf8() + ", not " + other.toUtf8()),
                 r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestInstall)
#include "tst_install.moc"
