// bad-inputs.md §14, save failures, for every save path of the app: vectors in each format (File ›
// Save vectors as), tables (coordinates, neighbours, selection, bias: one writer), the cluster
// table, and the view as PNG, SVG and PDF. Each save fails in each way a disk can make it fail —
// a write error in the middle of the file, a read-only folder, a path whose parent is a file, a
// path that is a folder, a full disk — and each time the old file stays byte-identical, no
// temporary file is left behind, and the message names the file and the cause.
//
// Tests run as root, who ignores permissions: the read-only folder and the full disk are real
// (a small tmpfs, remounted read-only for the first), and the mid-file error is the kernel's
// (RLIMIT_FSIZE: writes past the limit fail with EFBIG). Where mounting is not permitted those rows
// skip and say why.
#include <QDir>
#include <QPainter>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <functional>
#include <random>
#include <sys/mount.h>
#include <sys/resource.h>

#include "TestSupport.h"
#include "VectorSaver.h"
#include "export/ExportActions.h"
#include "export/ViewExporter.h"
#include "export/ViewPicture.h"
#include "io/ClusterTable.h"
#include "io/Dataset.h"

using namespace embedscope;
using namespace embedscope::ui;

namespace {

using Saver = std::function<QString(const QString& path)>;  // the error message, empty on success
}  // namespace
Q_DECLARE_METATYPE(Saver)
namespace {

std::shared_ptr<Dataset> sampleData() {
    auto data = std::make_shared<Dataset>();
    std::mt19937 random(7);
    std::normal_distribution<float> normal;
    std::vector<std::string> labels;
    std::vector<float> values;
    for (int i = 0; i < 2000; ++i) {
        labels.push_back("word" + std::to_string(i));
        for (int d = 0; d < 8; ++d) values.push_back(normal(random));
    }
    data->embedding = Embedding(std::move(labels), std::move(values), 8);
    return data;
}

/// Waits for the job's answer: the failure's message, or empty when it saved.
QString outcome(QSignalSpy& saved, QSignalSpy& failed) {
    for (int i = 0; i < 3000 && saved.isEmpty() && failed.isEmpty(); ++i) QTest::qWait(10);
    if (!failed.isEmpty()) return failed.first().first().toString();
    return saved.isEmpty() ? QStringLiteral("(no answer)") : QString();
}

Saver vectorSaver(Format format) {
    return [format](const QString& path) {
        VectorSaver saver;
        QSignalSpy saved(&saver, &VectorSaver::saved), failed(&saver, &VectorSaver::failed);
        saver.save(sampleData(), path, format);
        return outcome(saved, failed);
    };
}

Table sampleTable() {
    Table table;
    table.header = {"rank", "word", "score", "axis"};
    for (int i = 0; i < 2000; ++i)
        table.rows.push_back({std::to_string(i + 1), "word" + std::to_string(i), std::to_string(i * 0.001), "he - she"});
    return table;
}

Saver tableSaver() {
    return [](const QString& path) {
        QString error;
        return ExportActions::saveTable(sampleTable(), path, &error) ? QString() : error;
    };
}

Saver clusterSaver() {
    return [](const QString& path) {
        KMeansResult r;
        std::vector<std::string> labels;
        for (int i = 0; i < 2000; ++i) {
            labels.push_back("word" + std::to_string(i));
            r.assignment.push_back(std::uint32_t(i % 7));
            r.distance.push_back(0.125f * float(i % 13));
        }
        try {
            writeClusterTable(labels, r, path.toStdString(), {{"k", "7"}});
            return QString();
        } catch (const std::exception& e) {
            return QString::fromStdString(e.what());
        }
    };
}

std::shared_ptr<ViewPicture> samplePicture() {
    auto picture = std::make_shared<ViewPicture>();
    picture->size = QSize(400, 300);
    std::mt19937 random(3);
    std::uniform_real_distribution<float> u(0, 1);
    for (int i = 0; i < 3000; ++i)
        picture->points.push_back({u(random) * 400, u(random) * 300, 2.5f,
                                   {static_cast<unsigned char>(u(random) * 255), static_cast<unsigned char>(u(random) * 255), 90, 255}});
    PaintRecorder recorder(picture->size, 96);
    {
        QPainter painter(&recorder);
        QFont font;
        font.setPixelSize(12);
        painter.setFont(font);
        painter.drawText(QPointF(10, 20), QStringLiteral("legend title"));
    }
    picture->overlay = recorder.takeOps();
    return picture;
}

Saver pictureSaver() {
    return [](const QString& path) {
        ViewExporter exporter(nullptr);
        QSignalSpy saved(&exporter, &ViewExporter::saved), failed(&exporter, &ViewExporter::failed);
        exporter.write(samplePicture(), QImage(), path, QSize(800, 600));
        return outcome(saved, failed);
    };
}

/// Sets RLIMIT_FSIZE for its lifetime: the kernel fails writes past `bytes` with EFBIG.
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes) {
        getrlimit(RLIMIT_FSIZE, &m_old);
        rlimit limit = m_old;
        limit.rlim_cur = bytes;
        setrlimit(RLIMIT_FSIZE, &limit);
    }
    ~FileSizeLimit() { setrlimit(RLIMIT_FSIZE, &m_old); }

private:
    rlimit m_old{};
};

/// A tmpfs of `size` at a fresh folder; unmounted when destroyed.
class Tmpfs {
public:
    explicit Tmpfs(const QString& folder, const char* options) : m_folder(folder) {
        QDir().mkpath(folder);
        m_mounted = ::mount("tmpfs", folder.toLocal8Bit().constData(), "tmpfs", 0, options) == 0;
        if (!m_mounted) m_why = QString::fromLocal8Bit(std::strerror(errno));
    }
    ~Tmpfs() {
        if (m_mounted) ::umount2(m_folder.toLocal8Bit().constData(), MNT_DETACH);
    }
    bool mounted() const { return m_mounted; }
    const QString& why() const { return m_why; }
    bool makeReadOnly() {
        return ::mount(nullptr, m_folder.toLocal8Bit().constData(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr) == 0;
    }

private:
    QString m_folder;
    bool m_mounted = false;
    QString m_why;
};

QByteArray read(const QString& path) { return testsupport::readFile(path.toStdString()); }

void writeBytes(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

}  // namespace

class TestSaveFailures : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        // Past RLIMIT_FSIZE the kernel sends SIGXFSZ, which kills by default; ignored, write()
        // fails with EFBIG as on a file system that cannot take more.
        std::signal(SIGXFSZ, SIG_IGN);
    }

    void oldFileStaysAndUserIsTold_data() {
        QTest::addColumn<QString>("extension");
        QTest::addColumn<Saver>("saver");
        QTest::addColumn<QString>("failure");
        QTest::addColumn<QString>("message");  // what the user reads, after "path: "
        const QList<std::tuple<const char*, QString, Saver>> savers{
            {"vectors word2vec binary", QStringLiteral("bin"), vectorSaver(Format::Word2VecBinary)},
            {"vectors word2vec text", QStringLiteral("txt"), vectorSaver(Format::Word2VecText)},
            {"vectors GloVe", QStringLiteral("txt"), vectorSaver(Format::GloveText)},
            {"vectors Projector TSV", QStringLiteral("tsv"), vectorSaver(Format::ProjectorTsv)},
            {"vectors npy", QStringLiteral("npy"), vectorSaver(Format::Npy)},
            {"table TSV (coordinates, neighbours, selection, bias)", QStringLiteral("tsv"), tableSaver()},
            {"table CSV", QStringLiteral("csv"), tableSaver()},
            {"cluster table", QStringLiteral("tsv"), clusterSaver()},
            {"view PNG", QStringLiteral("png"), pictureSaver()},
            {"view SVG", QStringLiteral("svg"), pictureSaver()},
            {"view PDF", QStringLiteral("pdf"), pictureSaver()},
        };
        const QList<std::pair<QString, QString>> failures{
            {QStringLiteral("write error mid-file"), QStringLiteral("cannot save: writing failed: the file is too large")},
            {QStringLiteral("read-only folder"),
             QStringLiteral("cannot save: cannot create a file in its folder: the file system is read-only")},
            {QStringLiteral("parent is a file"),
             QStringLiteral("cannot save: cannot create a file in its folder: a part of the path is not a folder")},
            {QStringLiteral("path is a folder"), QStringLiteral("cannot save: it is a folder")},
            {QStringLiteral("disk full"), QStringLiteral("cannot save: writing failed: the disk is full")},
        };
        for (const auto& [name, ext, saver] : savers)
            for (const auto& [failure, message] : failures)
                QTest::newRow(qPrintable(QStringLiteral("%1, %2").arg(QString::fromLatin1(name), failure)))
                    << ext << saver << failure << message;
    }

    void oldFileStaysAndUserIsTold() {
        QFETCH(QString, extension);
        QFETCH(Saver, saver);
        QFETCH(QString, failure);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QByteArray old("the previous contents, which must survive\n");
        QString folder = dir.path(), target = dir.filePath(QStringLiteral("target.") + extension), kept = target;
        std::unique_ptr<Tmpfs> fs;
        if (failure == QLatin1String("read-only folder") || failure == QLatin1String("disk full")) {
            folder = dir.filePath(QStringLiteral("mnt"));
            fs = std::make_unique<Tmpfs>(folder, failure == QLatin1String("disk full") ? "size=8k" : "size=1m");
            if (!fs->mounted())
                QSKIP(qPrintable(QStringLiteral("cannot mount a tmpfs here (%1): a read-only folder or a full disk "
                                                "cannot be simulated").arg(fs->why())));
            target = kept = folder + QStringLiteral("/target.") + extension;
        }
        if (failure == QLatin1String("parent is a file")) {
            kept = dir.filePath(QStringLiteral("a-file"));
            target = kept + QStringLiteral("/target.") + extension;
        }
        if (failure == QLatin1String("path is a folder")) {
            QVERIFY(QDir().mkpath(target));
            kept = target + QStringLiteral("/inside.txt");
        }
        writeBytes(kept, old);
        if (failure == QLatin1String("read-only folder")) QVERIFY(fs->makeReadOnly());
        const QStringList before = QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);

        QString error;
        {
            std::unique_ptr<FileSizeLimit> limit;
            if (failure == QLatin1String("write error mid-file")) limit = std::make_unique<FileSizeLimit>(4096);
            error = saver(target);
        }
        QVERIFY2(!error.isEmpty(), "the save did not fail");
        QVERIFY2(error.startsWith(target + QStringLiteral(": ")), qPrintable(error));
        QCOMPARE(error.mid(target.size() + 2), message);
        QCOMPARE(read(kept), old);
        QCOMPARE(QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), before);
        if (failure == QLatin1String("path is a folder")) QVERIFY(QFileInfo(target).isDir());
    }

    void savesWhenNothingFails_data() {
        QTest::addColumn<QString>("extension");
        QTest::addColumn<Saver>("saver");
        QTest::newRow("vectors") << QStringLiteral("bin") << vectorSaver(Format::Word2VecBinary);
        QTest::newRow("table") << QStringLiteral("csv") << tableSaver();
        QTest::newRow("clusters") << QStringLiteral("tsv") << clusterSaver();
        QTest::newRow("PNG") << QStringLiteral("png") << pictureSaver();
        QTest::newRow("SVG") << QStringLiteral("svg") << pictureSaver();
        QTest::newRow("PDF") << QStringLiteral("pdf") << pictureSaver();
    }

    // The same savers succeed on a healthy disk and replace the old file (the rows above fail for
    // the reason given, not because the saver always fails).
    void savesWhenNothingFails() {
        QFETCH(QString, extension);
        QFETCH(Saver, saver);
        QTemporaryDir dir;
        const QString target = dir.filePath(QStringLiteral("target.") + extension);
        writeBytes(target, "old");
        QCOMPARE(saver(target), QString());
        const QByteArray now = read(target);
        QVERIFY(now.size() > 4096);  // larger than the mid-file limit above
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
    }
};

QTEST_MAIN(TestSaveFailures)
#include "tst_savefailures.moc"
