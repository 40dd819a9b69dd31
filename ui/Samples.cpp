#include "Samples.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace embedscope::ui {

namespace {
QString samplesDir() {
    const QString installed = QCoreApplication::applicationDirPath() + QStringLiteral("/../share/embedscope/samples");
    if (QFileInfo::exists(installed + QStringLiteral("/digits.tsv"))) return QDir::cleanPath(installed);
    return QStringLiteral(EMBEDSCOPE_SAMPLES_DIR);
}
}  // namespace

QList<Sample> bundledSamples() {
    QList<Sample> out;
    const QDir dir(samplesDir());
    // Words first: most people open Embedscope to look at word vectors.
    if (dir.exists(QStringLiteral("sotu-words.bin"))) {
        Sample words;
        words.id = QStringLiteral("words");
        words.title = QObject::tr("Words – 10 000 words of the State of the Union addresses, 100-D word2vec (public domain)");
        words.vectorsPath = dir.filePath(QStringLiteral("sotu-words.bin"));
        words.options.format = Format::Word2VecBinary;
        words.options.metadataPath = dir.filePath(QStringLiteral("sotu-words-metadata.tsv")).toStdString();
        out.push_back(words);
    }
    if (dir.exists(QStringLiteral("digits.tsv"))) {
        Sample digits;
        digits.id = QStringLiteral("digits");
        digits.title = QObject::tr("Digits – 1797 hand-written digits × 64 pixels (UCI, CC BY 4.0)");
        digits.vectorsPath = dir.filePath(QStringLiteral("digits.tsv"));
        digits.options.format = Format::ProjectorTsv;
        digits.options.metadataPath = dir.filePath(QStringLiteral("digits-metadata.tsv")).toStdString();
        out.push_back(digits);
    }
    return out;
}

int sampleIndex(const QString& id) {
    const auto list = bundledSamples();
    for (int i = 0; i < list.size(); ++i)
        if (list[i].id == id) return i;
    return -1;
}

QString bundledSamplesDirectory() {
    return samplesDir();
}

bool isBundledSample(const QString& path) {
    return QFileInfo(path).absoluteDir() == QDir(samplesDir());
}

}  // namespace embedscope::ui
