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
    if (dir.exists(QStringLiteral("digits.tsv"))) {
        Sample digits;
        digits.title = QObject::tr("Digits – 1797 hand-written digits × 64 pixels (UCI, CC BY 4.0)");
        digits.vectorsPath = dir.filePath(QStringLiteral("digits.tsv"));
        digits.options.format = Format::ProjectorTsv;
        digits.options.metadataPath = dir.filePath(QStringLiteral("digits-metadata.tsv")).toStdString();
        out.push_back(digits);
    }
    return out;
}

QString bundledSamplesDirectory() {
    return samplesDir();
}

bool isBundledSample(const QString& path) {
    return QFileInfo(path).absoluteDir() == QDir(samplesDir());
}

}  // namespace embedscope::ui
