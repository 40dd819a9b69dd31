// saveEmbedding and writeProjectorMetadata: every format round-trips through loadDataset with
// byte-identical labels and bit-identical float32 values, the exact bytes of each format, labels a
// format cannot hold are refused by row, and a failed or cancelled save leaves the old file
// byte-identical with no temporary file behind. (The gensim fixtures are in tst_gensim.cpp.)
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <QTest>

#include <bit>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <limits>
#include <random>

#include "Error.h"
#include "TestSupport.h"
#include "io/Load.h"

using namespace embedscope;
namespace fs = std::filesystem;

Q_DECLARE_METATYPE(embedscope::Format)

namespace {

/// Values that stress printing and parsing: signed zero, denormals, the ends of the range.
const std::vector<float> kSpecial = {-0.0f,
                                     1e-38f,
                                     3.4e38f,
                                     -3.4e38f,
                                     std::numeric_limits<float>::denorm_min(),
                                     1e-40f,
                                     std::numeric_limits<float>::min(),
                                     std::numeric_limits<float>::max(),
                                     -std::numeric_limits<float>::max(),
                                     0.1f,
                                     1.0f / 3.0f,
                                     16777216.0f,
                                     1e-7f,
                                     123456.79f,
                                     0.0f,
                                     -1.5f,
                                     2.5e-5f};

Embedding makeEmbedding(const std::vector<std::string>& labels, std::size_t dims) {
    std::vector<float> values(labels.size() * dims);
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = kSpecial[(i * 7) % kSpecial.size()];
    return Embedding(labels, values, dims);
}

std::vector<std::uint32_t> bitsOf(std::span<const float> values) {
    std::vector<std::uint32_t> bits;
    for (float v : values) bits.push_back(std::bit_cast<std::uint32_t>(v));
    return bits;
}

QStringList listFolder(const QString& folder) {
    return QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot,
                                  QDir::Name);
}

/// Runs as user "nobody" while alive: root ignores folder permissions, so a read-only folder
/// is only read-only to another user.
class NotRoot {
public:
    NotRoot() : m_wasRoot(::geteuid() == 0) {
        if (m_wasRoot && ::seteuid(65534) != 0) m_failed = true;
    }
    ~NotRoot() {
        if (m_wasRoot && !m_failed) (void)::seteuid(0);
    }
    bool failed() const { return m_failed; }

private:
    bool m_wasRoot;
    bool m_failed = false;
};

/// Limits file size (RLIMIT_FSIZE) while alive, so a write fails with EFBIG part-way: the same
/// path through the writer as a full disk.
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes) {
        std::signal(SIGXFSZ, SIG_IGN);
        ::getrlimit(RLIMIT_FSIZE, &m_old);
        rlimit limited = m_old;
        limited.rlim_cur = bytes;
        ::setrlimit(RLIMIT_FSIZE, &limited);
    }
    ~FileSizeLimit() { ::setrlimit(RLIMIT_FSIZE, &m_old); }

private:
    rlimit m_old{};
};

const QByteArray kOldBytes = "old contents, which must survive\n";

}  // namespace

class TestWriters : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_folders = 0;
    /// A fresh empty folder per test row, so listings show exactly what a save left behind.
    QString newFolder() {
        const QString path = m_dir.filePath(QString("case%1").arg(++m_folders));
        QDir().mkpath(path);
        return path;
    }

private slots:
    void initTestCase() {
        testsupport::applyTestLocale();
        QVERIFY(m_dir.isValid());
        // "nobody" must be able to reach the folders of the read-only test.
        QVERIFY(QFile::setPermissions(m_dir.path(), QFile::ReadOwner | QFile::WriteOwner |
                                                        QFile::ExeOwner | QFile::ReadOther |
                                                        QFile::ExeOther));
    }

    void roundTrip_data() {
        QTest::addColumn<Format>("format");
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<QStringList>("extraLabels");  // what only some formats can hold
        QTest::newRow("word2vec text")
            << Format::Word2VecText << "v.vec" << QStringList{"new york", "a b c", "\"quoted\""};
        QTest::newRow("word2vec binary") << Format::Word2VecBinary << "v.bin"
                                         << QStringList{"tab\there", "\"quoted\"", "cr\rinside"};
        QTest::newRow("GloVe text")
            << Format::GloveText << "v.txt" << QStringList{"new york", "a b c"};
        QTest::newRow("Projector TSV + metadata")
            << Format::ProjectorTsv << "v.tsv"
            << QStringList{"new york", " padded ", "\"quoted\"", ""};
        QTest::newRow("npy + labels")
            << Format::Npy << "v.npy" << QStringList{"new york", " padded ", "\"quoted\"", ""};
    }
    void roundTrip() {
        QFETCH(Format, format);
        QFETCH(QString, fileName);
        QFETCH(QStringList, extraLabels);
        std::vector<std::string> labels = {"the",      "café", "日本語", "😀",    "a\u00a0b",
                                           "x\u2009y", "</s>", "42",     "naïve"};
        for (const QString& l : extraLabels) labels.push_back(l.toStdString());
        const Embedding original = makeEmbedding(labels, 5);
        const QString folder = newFolder();
        const std::string path = (folder + "/" + fileName).toStdString();

        saveEmbedding(original, path, format);
        LoadOptions options;  // no format: the output must be recognised by sniffing
        if (format == Format::ProjectorTsv || format == Format::Npy) {
            options.labelsPath = (folder + "/labels.tsv").toStdString();
            writeProjectorMetadata(original, Metadata(), options.labelsPath);
        }
        const Dataset back = loadDataset(path, options);

        QCOMPARE(back.format, format);
        QCOMPARE(back.embedding.labels(), original.labels());
        QCOMPARE(back.embedding.dims(), original.dims());
        QCOMPARE(bitsOf(back.embedding.values()), bitsOf(original.values()));
        QCOMPARE(back.summary.rowsRead, labels.size());
        QCOMPARE(back.summary.skipped, std::size_t(0));
        QCOMPARE(back.summary.duplicates, std::size_t(0));
        QCOMPARE(back.summary.nonFinite, std::size_t(0));
        QCOMPARE(back.summary.invalidUtf8, std::size_t(0));
        // Formats whose header states the row count (word2vec's "N D", npy's shape).
        const bool counted = format == Format::Word2VecText || format == Format::Word2VecBinary ||
                             format == Format::Npy;
        QCOMPARE(back.summary.rowsInHeader, counted ? std::optional(labels.size()) : std::nullopt);
        const QStringList expectedFiles = options.labelsPath.empty()
                                              ? QStringList{fileName}
                                              : QStringList{"labels.tsv", fileName};
        QCOMPARE(listFolder(folder), expectedFiles);  // no temporary file left
    }

    // Issue 10 item 4: with few dimensions a binary record may hold no control byte, so the
    // reader must recognise binary records by their structure. Every writer, random data, small D,
    // named with the format's extension or with one that says nothing.
    void smallDimsRoundTrip_data() {
        QTest::addColumn<Format>("format");
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<int>("dims");
        const std::pair<Format, QString> formats[] = {{Format::Word2VecText, "vec"},
                                                      {Format::Word2VecBinary, "bin"},
                                                      {Format::GloveText, "txt"},
                                                      {Format::ProjectorTsv, "tsv"},
                                                      {Format::Npy, "npy"}};
        for (const auto& [format, ext] : formats)
            for (int dims : {1, 2, 3, 8})
                for (const QString& name : {"v." + ext, QString("v.data")}) {
                    const QString row =
                        QString("%1 D=%2 %3").arg(formatName(format).data()).arg(dims).arg(name);
                    QTest::newRow(row.toUtf8().constData()) << format << name << dims;
                }
    }
    void smallDimsRoundTrip() {
        QFETCH(Format, format);
        QFETCH(QString, fileName);
        QFETCH(int, dims);
        std::mt19937 rng(17u + static_cast<unsigned>(dims));
        std::normal_distribution<float> normal(0.0f, 1.0f);
        std::vector<std::string> labels;
        std::vector<float> values;
        for (int r = 0; r < 20; ++r) {
            labels.push_back("w" + std::to_string(r));
            for (int c = 0; c < dims; ++c) values.push_back(normal(rng));
        }
        const Embedding original(labels, values, static_cast<std::size_t>(dims));
        const QString folder = newFolder();
        const std::string path = (folder + "/" + fileName).toStdString();
        saveEmbedding(original, path, format);
        LoadOptions options;
        if (format == Format::ProjectorTsv || format == Format::Npy) {
            options.labelsPath = (folder + "/labels.tsv").toStdString();
            writeProjectorMetadata(original, Metadata(), options.labelsPath);
        }
        const Dataset back = loadDataset(path, options);
        QCOMPARE(back.format, format);
        QCOMPARE(back.embedding.labels(), original.labels());
        QCOMPARE(bitsOf(back.embedding.values()), bitsOf(original.values()));
    }
    // The probe's case: 0.75490195f is the bytes "AAA?", no control byte anywhere.
    void binaryWithoutControlBytes_data() {
        QTest::addColumn<QString>("fileName");
        QTest::newRow(".bin") << "v.bin";
        QTest::newRow(".txt") << "v.txt";
        QTest::newRow("no extension") << "v";
    }
    void binaryWithoutControlBytes() {
        QFETCH(QString, fileName);
        const Embedding original({"a"}, {0.75490195f}, 1);
        const std::string path = (newFolder() + "/" + fileName).toStdString();
        saveEmbedding(original, path, Format::Word2VecBinary);
        QFile f(QString::fromStdString(path));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("1 1\na AAA?\n"));
        const Dataset back = loadDataset(path);
        QCOMPARE(back.format, Format::Word2VecBinary);
        QCOMPARE(bitsOf(back.embedding.values()), bitsOf(original.values()));
    }

    void exactBytes_data() {
        QTest::addColumn<Format>("format");
        QTest::addColumn<QByteArray>("second");  // the second row's label
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("word2vec text")
            << Format::Word2VecText << QByteArray("b c")
            << QByteArray("2 3\na 0.5 -0 1e-38\nb c 3.4e+38 1e-45 0.1\n");
        QTest::newRow("GloVe text") << Format::GloveText << QByteArray("b c")
                                    << QByteArray("a 0.5 -0 1e-38\nb c 3.4e+38 1e-45 0.1\n");
        QTest::newRow("Projector TSV") << Format::ProjectorTsv << QByteArray("b c")
                                       << QByteArray("0.5\t-0\t1e-38\n3.4e+38\t1e-45\t0.1\n");
        // word2vec.c: "N D\n", then per record the word, a space, D little-endian float32, "\n".
        QTest::newRow("word2vec binary") << Format::Word2VecBinary << QByteArray("b_c")
                                         << QByteArray("2 3\na ") +
                                                QByteArray::fromHex(
                                                    "0000003f"
                                                    "00000080"
                                                    "eee36c00") +
                                                "\nb_c " +
                                                QByteArray::fromHex(
                                                    "9ec97f7f"
                                                    "01000000"
                                                    "cdcccc3d") +
                                                "\n";
    }
    void exactBytes() {
        QFETCH(Format, format);
        QFETCH(QByteArray, second);
        QFETCH(QByteArray, bytes);
        const Embedding e({"a", second.toStdString()}, {0.5f, -0.0f, 1e-38f, 3.4e38f, 1e-45f, 0.1f},
                          3);
        const std::string path = (newFolder() + "/out").toStdString();
        saveEmbedding(e, path, format);
        QCOMPARE(testsupport::readFile(path), bytes);
    }

    // A label the format cannot hold is refused by row before anything is written.
    void refusesLabels_data() {
        QTest::addColumn<Format>("format");
        QTest::addColumn<QByteArray>("label");
        QTest::addColumn<QString>("message");  // after "PATH: cannot save as "
        const QString row2 = "%1: row 2 has label \"%2\", which %3";
        QTest::newRow("text: newline") << Format::Word2VecText << QByteArray("a\nb")
                                       << row2.arg("word2vec text", "a\\nb", "contains a newline");
        QTest::newRow("text: carriage return")
            << Format::Word2VecText << QByteArray("a\rb")
            << row2.arg("word2vec text", "a\\rb", "contains a carriage return");
        QTest::newRow("text: tab") << Format::Word2VecText << QByteArray("a\tb")
                                   << row2.arg("word2vec text", "a\\tb", "contains a tab");
        QTest::newRow("text: NUL") << Format::Word2VecText << QByteArray("a\0b", 3)
                                   << row2.arg("word2vec text", "a\\x00b", "contains a NUL byte");
        QTest::newRow("text: empty")
            << Format::Word2VecText << QByteArray("") << row2.arg("word2vec text", "", "is empty");
        QTest::newRow("text: leading space")
            << Format::Word2VecText << QByteArray(" a")
            << row2.arg("word2vec text", " a", "starts or ends with a space");
        QTest::newRow("text: trailing space")
            << Format::Word2VecText << QByteArray("a ")
            << row2.arg("word2vec text", "a ", "starts or ends with a space");
        QTest::newRow("GloVe: newline") << Format::GloveText << QByteArray("x\n")
                                        << row2.arg("GloVe text", "x\\n", "contains a newline");
        QTest::newRow("binary: space")
            << Format::Word2VecBinary << QByteArray("new york")
            << row2.arg("word2vec binary", "new york", "contains a space");
        QTest::newRow("binary: newline")
            << Format::Word2VecBinary << QByteArray("a\n")
            << row2.arg("word2vec binary", "a\\n", "contains a newline");
        QTest::newRow("binary: NUL") << Format::Word2VecBinary << QByteArray("\0", 1)
                                     << row2.arg("word2vec binary", "\\x00", "contains a NUL byte");
        QTest::newRow("binary: leading carriage return")
            << Format::Word2VecBinary << QByteArray("\rx")
            << row2.arg("word2vec binary", "\\rx", "starts with a carriage return");
    }
    void refusesLabels() {
        QFETCH(Format, format);
        QFETCH(QByteArray, label);
        QFETCH(QString, message);
        const Embedding e = makeEmbedding({"first", label.toStdString(), "third"}, 2);
        const QString folder = newFolder();
        const std::string path = (folder + "/out").toStdString();
        try {
            saveEmbedding(e, path, format);
            QFAIL("no error");
        } catch (const Error& error) {
            QCOMPARE(QString::fromStdString(error.what()),
                     QString::fromStdString(path) + ": cannot save as " + message);
        }
        QCOMPARE(listFolder(folder), QStringList());
    }

    void refusesGloveFirstLabelWithBom() {
        const Embedding e = makeEmbedding({"\xEF\xBB\xBFword", "b"}, 2);
        const std::string path = (newFolder() + "/g.txt").toStdString();
        QVERIFY_THROWS_EXCEPTION(Error, saveEmbedding(e, path, Format::GloveText));
        saveEmbedding(e, path, Format::Word2VecText);  // after the header it is just a word
        QCOMPARE(loadDataset(path).embedding.labels(), e.labels());
    }

    void refusesWhatIsNoSaveFormat_data() {
        QTest::addColumn<Format>("format");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("dims");
        QTest::addColumn<QString>("message");
        QTest::newRow("CSV") << Format::Csv << 2 << 2
                             << "cannot save as CSV: choose word2vec text or binary, GloVe text, "
                                "Projector TSV or npy";
        QTest::newRow("no rows") << Format::Word2VecText << 0 << 3
                                 << "cannot save: the embedding has no rows";
        QTest::newRow("no dimensions")
            << Format::Npy << 2 << 0 << "cannot save: the vectors have no dimensions";
    }
    void refusesWhatIsNoSaveFormat() {
        QFETCH(Format, format);
        QFETCH(int, rows);
        QFETCH(int, dims);
        QFETCH(QString, message);
        std::vector<std::string> labels;
        for (int i = 0; i < rows; ++i) labels.push_back("w" + std::to_string(i));
        const Embedding e = makeEmbedding(labels, std::size_t(dims));
        const QString folder = newFolder();
        const std::string path = (folder + "/out").toStdString();
        try {
            saveEmbedding(e, path, format);
            QFAIL("no error");
        } catch (const Error& error) {
            QCOMPARE(QString::fromStdString(error.what()),
                     QString::fromStdString(path) + ": " + message);
        }
        QCOMPARE(listFolder(folder), QStringList());
    }

    // Nothing is lost: whatever goes wrong, an existing file keeps its bytes and no temporary
    // file is left behind.
    void failedSaveKeepsOldFile_data() {
        QTest::addColumn<QString>("failure");
        QTest::addColumn<Format>("format");
        QTest::addColumn<QString>("message");  // after "PATH: "; empty for Cancelled
        const QString denied = "cannot save: cannot create a file in its folder: permission denied";
        const QString tooLarge = "cannot save: writing failed: the file is too large";
        QTest::newRow("read-only folder, text") << "read-only" << Format::Word2VecText << denied;
        QTest::newRow("read-only folder, npy") << "read-only" << Format::Npy << denied;
        QTest::newRow("write fails mid-file, text")
            << "too large" << Format::Word2VecText << tooLarge;
        QTest::newRow("write fails mid-file, binary")
            << "too large" << Format::Word2VecBinary << tooLarge;
        QTest::newRow("write fails mid-file, TSV")
            << "too large" << Format::ProjectorTsv << tooLarge;
        QTest::newRow("write fails mid-file, npy") << "too large" << Format::Npy << "";
        QTest::newRow("cancelled, text") << "cancel" << Format::Word2VecText << "";
        QTest::newRow("cancelled, binary") << "cancel" << Format::Word2VecBinary << "";
        QTest::newRow("cancelled, npy") << "cancel" << Format::Npy << "";
    }
    void failedSaveKeepsOldFile() {
        QFETCH(QString, failure);
        QFETCH(Format, format);
        QFETCH(QString, message);
        std::vector<std::string> labels;
        for (int i = 0; i < 3000; ++i) labels.push_back("word" + std::to_string(i));
        const Embedding e = makeEmbedding(labels, 16);
        const QString folder = newFolder();
        const std::string target = (folder + "/vectors.out").toStdString();
        {
            QFile f(QString::fromStdString(target));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(kOldBytes);
        }
        bool cancelled = false;
        QString error;
        try {
            if (failure == "read-only") {
                QVERIFY(QFile::setPermissions(folder, QFile::ReadOwner | QFile::ExeOwner |
                                                          QFile::ReadOther | QFile::ExeOther));
                NotRoot asOther;
                if (asOther.failed()) QSKIP("cannot switch to user nobody to test permissions");
                saveEmbedding(e, target, format);
            } else if (failure == "too large") {
                FileSizeLimit limit(4096);
                saveEmbedding(e, target, format);
            } else {
                // Cancel at the first report, which comes once the temporary file exists.
                Progress progress([&](double, const std::string&) { progress.cancel(); });
                saveEmbedding(e, target, format, progress);
            }
        } catch (const Cancelled&) {
            cancelled = true;
        } catch (const Error& e) {
            error = QString::fromStdString(e.what());
        }
        QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QCOMPARE(cancelled, failure == "cancel");
        if (failure != "cancel") {
            const QString prefix = QString::fromStdString(target) + ": ";
            if (message.isEmpty())
                QVERIFY2(error.startsWith(prefix + "cannot save: "), qPrintable(error));
            else
                QCOMPARE(error, prefix + message);
        }
        QCOMPARE(testsupport::readFile(target), kOldBytes);
        QCOMPARE(listFolder(folder), QStringList{"vectors.out"});
    }

    void refusesPathThatIsAFolder_data() {
        QTest::addColumn<Format>("format");
        QTest::newRow("word2vec text") << Format::Word2VecText;
        QTest::newRow("npy") << Format::Npy;
    }
    void refusesPathThatIsAFolder() {
        QFETCH(Format, format);
        const QString folder = newFolder();
        QVERIFY(QDir(folder).mkdir("target"));
        QFile inside(folder + "/target/kept");
        QVERIFY(inside.open(QIODevice::WriteOnly));
        inside.close();
        const std::string target = (folder + "/target").toStdString();
        try {
            saveEmbedding(makeEmbedding({"a"}, 2), target, format);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.what()),
                     QString::fromStdString(target) + ": cannot save: it is a folder");
        }
        QCOMPARE(listFolder(folder), QStringList{"target"});
        QCOMPARE(listFolder(folder + "/target"), QStringList{"kept"});
    }

    // Renaming over /dev/null would replace the device with a plain file.
    void refusesDevice() {
        try {
            saveEmbedding(makeEmbedding({"a"}, 2), "/dev/null", Format::Word2VecText);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.what()),
                     QString("/dev/null: cannot save: it is not a regular file"));
        }
        QVERIFY(fs::is_character_file("/dev/null"));
    }

    void refusesMissingFolder() {
        const std::string target = (newFolder() + "/missing/v.txt").toStdString();
        try {
            saveEmbedding(makeEmbedding({"a"}, 2), target, Format::Word2VecText);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(
                QString::fromStdString(e.what()),
                QString::fromStdString(target) +
                    ": cannot save: cannot create a file in its folder: the folder does not exist");
        }
    }

    // Replacing a file keeps its permissions, and saving through a symbolic link replaces the
    // file it points to, not the link.
    void keepsModeAndSymlink() {
        const QString folder = newFolder();
        const std::string real = (folder + "/real.txt").toStdString();
        const std::string link = (folder + "/link.txt").toStdString();
        {
            QFile f(QString::fromStdString(real));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(kOldBytes);
        }
        QVERIFY(::chmod(real.c_str(), 0640) == 0);
        fs::create_symlink("real.txt", link);
        const Embedding e = makeEmbedding({"a", "b"}, 2);
        saveEmbedding(e, link, Format::Word2VecText);
        QVERIFY(fs::is_symlink(link));
        struct stat st {};
        QCOMPARE(::stat(real.c_str(), &st), 0);
        QCOMPARE(st.st_mode & 07777, mode_t(0640));
        QCOMPARE(loadDataset(real).embedding.labels(), e.labels());
        QCOMPARE(listFolder(folder), (QStringList{"link.txt", "real.txt"}));
    }
};

QTEST_GUILESS_MAIN(TestWriters)
#include "tst_writers.moc"
