// Format names and sniffing: each readable format recognised from its first bytes (the extension
// only breaking ties), and every file Embedscope does not read refused with a sentence saying
// what it looks like.
#include <QTest>

#include "Error.h"
#include "TestSupport.h"
#include "io/Format.h"
#include "io/Load.h"

using namespace embedscope;

namespace {

QByteArray floatBytes(std::initializer_list<float> v) {
    QByteArray out;
    for (float f : v) out.append(reinterpret_cast<const char*>(&f), 4);
    return out;
}

QByteArray npyBytes() {
    QByteArray header("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }");
    while ((10 + header.size() + 1) % 64) header += ' ';
    header += '\n';
    QByteArray out("\x93NUMPY\x01\x00", 8);
    out += char(header.size() & 0xFF);
    out += char(header.size() >> 8);
    return out + header + floatBytes({1, 2});
}

}  // namespace

class TestSniff : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_files = 0;
    std::string write(const QByteArray& bytes, const QString& extension) {
        return testsupport::writeFile(m_dir, QString("f%1.%2").arg(++m_files).arg(extension),
                                      bytes);
    }

private slots:
    void initTestCase() {
        testsupport::applyTestLocale();
        QVERIFY(m_dir.isValid());
    }

    void names_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("canonical");  // "" = not a format name
        QTest::newRow("word2vec-text") << "word2vec-text"
                                       << "word2vec-text";
        QTest::newRow("word2vec-binary") << "word2vec-binary"
                                         << "word2vec-binary";
        QTest::newRow("glove") << "glove"
                               << "glove";
        QTest::newRow("projector-tsv") << "projector-tsv"
                                       << "projector-tsv";
        QTest::newRow("npy") << "npy"
                             << "npy";
        QTest::newRow("csv") << "csv"
                             << "csv";
        QTest::newRow("w2v") << "w2v"
                             << "word2vec-text";
        QTest::newRow("fasttext") << "fasttext"
                                  << "word2vec-text";
        QTest::newRow("txt") << "txt"
                             << "word2vec-text";
        QTest::newRow("bin") << "bin"
                             << "word2vec-binary";
        QTest::newRow("upper case") << "GloVe"
                                    << "glove";
        QTest::newRow("unknown") << "hdf5"
                                 << "";
        QTest::newRow("empty") << ""
                               << "";
    }
    void names() {
        QFETCH(QString, name);
        QFETCH(QString, canonical);
        const auto format = parseFormatName(name.toStdString());
        QCOMPARE(format.has_value(), !canonical.isEmpty());
        if (format) QCOMPARE(QString::fromUtf8(formatName(*format)), canonical);
    }

    void extensions_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("format");  // "" = none
        QTest::newRow(".bin") << "/d/GoogleNews.BIN"
                              << "word2vec-binary";
        QTest::newRow(".vec") << "wiki.en.vec"
                              << "word2vec-text";
        QTest::newRow(".txt") << "glove.6B.50d.txt"
                              << "word2vec-text";
        QTest::newRow(".tsv") << "vectors.tsv"
                              << "projector-tsv";
        QTest::newRow(".npy") << "a/b.c/x.npy"
                              << "npy";
        QTest::newRow(".csv") << "table.csv"
                              << "csv";
        QTest::newRow(".gz") << "vectors.txt.gz"
                             << "";
        QTest::newRow("none") << "vectors"
                              << "";
        QTest::newRow("dot in folder only") << "a.bin/vectors"
                                            << "";
    }
    void extensions() {
        QFETCH(QString, path);
        QFETCH(QString, format);
        const auto f = formatFromExtension(path.toStdString());
        QCOMPARE(f ? QString::fromUtf8(formatName(*f)) : QString(), format);
    }

    void sniffs_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("extension");
        QTest::addColumn<QString>("format");
        const QByteArray binary =
            QByteArray("2 2\na ") + floatBytes({1, 2}) + "\nb " + floatBytes({3, 4}) + "\n";
        QTest::newRow("word2vec text") << QByteArray("2 2\na 1 2\nb 3 4\n") << "txt"
                                       << "word2vec-text";
        QTest::newRow("fastText .vec") << QByteArray("2 2 \na 1 2 \n") << "vec"
                                       << "word2vec-text";
        QTest::newRow("word2vec with BOM") << QByteArray(
                                                  "\xEF\xBB\xBF"
                                                  "1 2\na 1 2\n")
                                           << "txt"
                                           << "word2vec-text";
        QTest::newRow("word2vec, bad first row") << QByteArray("1 2\na 0,5 1\n") << "txt"
                                                 << "word2vec-text";
        QTest::newRow("header alone") << QByteArray("0 300\n") << "txt"
                                      << "word2vec-text";
        QTest::newRow("header alone, .bin") << QByteArray("0 300\n") << "bin"
                                            << "word2vec-binary";
        QTest::newRow("word2vec binary") << binary << "bin"
                                         << "word2vec-binary";
        QTest::newRow("word2vec binary named .txt") << binary << "txt"
                                                    << "word2vec-binary";
        QTest::newRow("binary, newline before the first word")
            << QByteArray("1 2\n\na ") + floatBytes({1, 2}) << "bin"
            << "word2vec-binary";
        QTest::newRow("binary without newlines after records")
            << QByteArray("2 2\na ") + floatBytes({1, 2}) + "b " + floatBytes({3, 4}) << "bin"
            << "word2vec-binary";
        // Structure, not control bytes: 0.75490195f is "AAA?" (issue 10 item 4).
        QTest::newRow("binary D=1 without control bytes, .txt")
            << QByteArray("1 1\na AAA?\n") << "txt"
            << "word2vec-binary";
        QTest::newRow("text of 4-character values, .txt (ambiguous: extension)")
            << QByteArray("2 1\na 1.25\nb 2.50\n") << "txt"
            << "word2vec-text";
        QTest::newRow("text of 4-character values, .bin (ambiguous: extension)")
            << QByteArray("2 1\na 1.25\nb 2.50\n") << "bin"
            << "word2vec-binary";
        QTest::newRow("text, first value of 4 characters, .bin")
            << QByteArray("1 1\na 0.75490195\n") << "bin"
            << "word2vec-text";
        QTest::newRow("GloVe") << QByteArray("the 0.1 0.2\nof 0.3 0.4\n") << "txt"
                               << "glove";
        QTest::newRow("GloVe 840B first line") << QByteArray(", -0.08 0.5\n. 0.1 0.2\n") << "txt"
                                               << "glove";
        QTest::newRow("GloVe numeric first word") << QByteArray("1990 0.5 1\n") << "txt"
                                                  << "glove";
        QTest::newRow("GloVe word with spaces") << QByteArray(". . . 0.5 1\na 1 2\n") << "txt"
                                                << "glove";
        QTest::newRow("GloVe word of seven '<' (no merge marker)")
            << QByteArray("<<<<<<< 0.1 0.2\na 1 2\n") << "txt"
            << "glove";
        QTest::newRow("GloVe decimal commas") << QByteArray("a 0,5 1,5\nb 2,5 3\n") << "txt"
                                              << "glove";
        QTest::newRow("GloVe after blank lines") << QByteArray("\n\r\nthe 0.1 0.2\n") << "txt"
                                                 << "glove";
        QTest::newRow("GloVe NUL-filled tail")
            << QByteArray("a 1 2\n") + QByteArray(100, '\0') << "txt"
            << "glove";
        QTest::newRow("Projector TSV") << QByteArray("0.1\t0.2\n0.3\t0.4\n") << "tsv"
                                       << "projector-tsv";
        QTest::newRow("Projector TSV named .txt") << QByteArray("0.1\t0.2\n") << "txt"
                                                  << "projector-tsv";
        QTest::newRow("Projector TSV, one column") << QByteArray("0.1\n0.3\n") << "txt"
                                                   << "projector-tsv";
        QTest::newRow("space-separated numbers named .tsv") << QByteArray("1 0.1 0.2\n") << "tsv"
                                                            << "projector-tsv";
        QTest::newRow("space-separated numbers named .txt") << QByteArray("1 0.1 0.2\n") << "txt"
                                                            << "glove";
        QTest::newRow("CSV") << QByteArray("label,x,y\na,1,2\n") << "csv"
                             << "csv";
        QTest::newRow("CSV with semicolons") << QByteArray("label;x;y\na;0,5;1\n") << "csv"
                                             << "csv";
        QTest::newRow("CSV header ending in a number")
            << QByteArray("label;dim 1;dim 2\nw;1;2\n") << "csv"
            << "csv";
        QTest::newRow("CSV with a tab in a header cell")
            << QByteArray("label,\"a\tb\"\nw,1\n") << "csv"
            << "csv";
        QTest::newRow("npy") << npyBytes() << "npy"
                             << "npy";
        QTest::newRow("npy named .txt") << npyBytes() << "txt"
                                        << "npy";
    }
    void sniffs() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, extension);
        QFETCH(QString, format);
        QCOMPARE(QString::fromUtf8(formatName(sniffFormat(write(bytes, extension)))), format);
    }

    // What the user is told: "PATH[:LINE]: <what it looks like>".
    void refuses_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("where");
        QTest::newRow("empty") << QByteArray() << ": file is empty";
        QTest::newRow("blank lines only") << QByteArray("\n  \r\n\n")
                                          << ": file is empty (only "
                                             "blank lines)";
        QTest::newRow("BOM only") << QByteArray("\xEF\xBB\xBF")
                                  << ": file is empty (only blank "
                                     "lines)";
        QTest::newRow("zip") << QByteArray("PK\x03\x04\x14\x00", 6)
                             << ": looks like a zip archive: extract it first (unzip)";
        QTest::newRow("gzip") << QByteArray("\x1f\x8b\x08\x00", 4)
                              << ": looks like a gzip archive: decompress it first (gunzip)";
        QTest::newRow("bzip2") << QByteArray("BZh91AY&SY")
                               << ": looks like a bzip2 archive: decompress it first (bunzip2)";
        QTest::newRow("xz") << QByteArray(
                                   "\xfd"
                                   "7zXZ\x00\x00",
                                   7)
                            << ": looks like an xz archive: decompress it first (unxz)";
        QTest::newRow("fastText .bin") << QByteArray("\xba\x16\x4f\x2f\x0c\x00\x00\x00", 8)
                                       << ": looks like a fastText model (.bin), not word "
                                          "vectors: open the .vec text file published with it, "
                                          "or write one with 'fasttext print-word-vectors'";
        const QString html =
            ": looks like an HTML page (did the download save an error page?), "
            "not word vectors";
        QTest::newRow("HTML page")
            << QByteArray("<!DOCTYPE html>\n<html><body>404</body></html>") << html;
        QTest::newRow("HTML after BOM and whitespace")
            << QByteArray("\xEF\xBB\xBF \r\n\t<html lang=\"en\">") << html;
        QTest::newRow("HTML lower case") << QByteArray("<!doctype html><title>x</title>") << html;
        QTest::newRow("Git LFS pointer")
            << QByteArray(
                   "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a21\nsize "
                   "123\n")
            << ": is a Git LFS pointer, not the data: fetch the file itself (git lfs pull)";
        const QString merge =
            ": contains Git merge-conflict markers (<<<<<<<): resolve the "
            "conflict first";
        QTest::newRow("merge conflict at the start")
            << QByteArray("<<<<<<< HEAD\na 1 2\n=======\na 3 4\n>>>>>>> b\n")
            << QString(":1") + merge;
        QTest::newRow("merge conflict in the middle")
            << QByteArray("a 1 2\nb 3 4\n<<<<<<< ours\nc 1 2\n=======\n") << QString(":3") + merge;
        QTest::newRow("UTF-16") << QByteArray(
                                       "\xff\xfe"
                                       "2\x00 \x00",
                                       6)
                                << ": is UTF-16 text: save it as UTF-8";
        QTest::newRow("Python pickle") << QByteArray("\x80\x04\x95\x00", 4)
                                       << ": looks like a Python pickle (a gensim .model file?), "
                                          "not word vectors: export them with gensim's "
                                          "save_word2vec_format";
        QTest::newRow("NUL bytes in the first line")
            << QByteArray("abc\0\0\0 def\n", 12)
            << ": contains NUL bytes, so it is not a text file (a damaged or unfinished download?)";
        QTest::newRow("table with a header, tab-separated")
            << QByteArray("label\tcolour\ncat\tred\n")
            << ": looks like a tab-separated table with a header row ('label\\x09colour'): a "
               "Projector vectors TSV holds only numbers; open the vectors file and give this one "
               "as metadata, or save the table as CSV";
        QTest::newRow("prose") << QByteArray("hello world\nthis is text\n")
                               << ": does not look like word vectors, a Projector TSV, a CSV "
                                  "table or a .npy file; its first line is 'hello world'";
    }
    void refuses() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, where);
        const std::string path = write(bytes, "txt");
        for (int through = 0; through < 2; ++through) {  // sniffFormat and loadDataset alike
            try {
                if (through == 0)
                    sniffFormat(path);
                else
                    loadDataset(path);
                QFAIL("accepted a file it should refuse");
            } catch (const Error& e) {
                QCOMPARE(QString::fromStdString(e.what()), QString::fromStdString(path) + where);
            }
        }
    }

    void refusesWhatIsNotAFile_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("where");
        // The reason after "cannot open: " comes from the C library, in the locale's language.
        QTest::newRow("missing") << "missing.txt"
                                 << ": cannot open: ";
        QTest::newRow("folder") << "."
                                << ": is a folder, not a file";
    }
    void refusesWhatIsNotAFile() {
        QFETCH(QString, name);
        QFETCH(QString, where);
        const std::string path = m_dir.filePath(name).toStdString();
        try {
            sniffFormat(path);
            QFAIL("sniffed something that is not a file");
        } catch (const Error& e) {
            const QString what = QString::fromStdString(e.what());
            QVERIFY2(what.startsWith(QString::fromStdString(path) + where), qPrintable(what));
        }
    }
};

QTEST_APPLESS_MAIN(TestSniff)
#include "tst_sniff.moc"
