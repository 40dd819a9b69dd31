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
    struct Known {
        const char* id;
        const char* vectors;
        const char* metadata;
        Format format;
        const char* title;
    };
    // Words first: most people open Embedscope to look at word vectors.
    static const Known known[] = {
        {"words", "sotu-words.bin", "sotu-words-metadata.tsv", Format::Word2VecBinary,
         QT_TRANSLATE_NOOP("Samples", "Words – 10 000 words of the State of the Union addresses, 100-D word2vec (public domain)")},
        {"digits", "digits.tsv", "digits-metadata.tsv", Format::ProjectorTsv,
         QT_TRANSLATE_NOOP("Samples", "Digits – 1797 hand-written digits × 64 pixels (UCI, CC BY 4.0)")},
    };
    QList<Sample> out;
    const QDir dir(samplesDir());
    for (const Known& k : known) {
        if (!dir.exists(QString::fromLatin1(k.vectors))) continue;
        Sample sample;
        sample.id = QString::fromLatin1(k.id);
        sample.title = QCoreApplication::translate("Samples", k.title);
        sample.vectorsPath = dir.filePath(QString::fromLatin1(k.vectors));
        sample.options.format = k.format;
        sample.options.metadataPath = dir.filePath(QString::fromLatin1(k.metadata)).toStdString();
        out.push_back(sample);
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
