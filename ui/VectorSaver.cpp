#include "VectorSaver.h"

#include <QFileInfo>

#include "io/Load.h"
#include "jobs/JobRunner.h"

namespace embedscope::ui {

namespace {
struct Choice {
    const char* filter;
    Format format;
};
constexpr Choice kChoices[] = {
    {QT_TRANSLATE_NOOP("VectorSaver", "word2vec binary (*.bin)"), Format::Word2VecBinary},
    {QT_TRANSLATE_NOOP("VectorSaver", "word2vec text (*.txt *.vec)"), Format::Word2VecText},
    {QT_TRANSLATE_NOOP("VectorSaver", "GloVe text (*.txt)"), Format::GloveText},
    {QT_TRANSLATE_NOOP("VectorSaver", "Projector TSV, with metadata beside it (*.tsv)"), Format::ProjectorTsv},
    {QT_TRANSLATE_NOOP("VectorSaver", "NumPy float32 (*.npy)"), Format::Npy},
};
}  // namespace

VectorSaver::VectorSaver(QObject* parent) : QObject(parent), m_jobs(new JobRunner(this)) {}

QString VectorSaver::filters() {
    QStringList out;
    for (const Choice& c : kChoices) out << tr(c.filter);
    return out.join(QStringLiteral(";;"));
}

Format VectorSaver::saveFormat(const QString& path, const QString& filter) {
    for (const Choice& c : kChoices)
        if (filter == tr(c.filter)) return c.format;
    const QString ext = QFileInfo(path).suffix().toLower();
    if (ext == QLatin1String("tsv")) return Format::ProjectorTsv;
    if (ext == QLatin1String("npy")) return Format::Npy;
    if (ext == QLatin1String("txt") || ext == QLatin1String("vec")) return Format::Word2VecText;
    return Format::Word2VecBinary;
}

void VectorSaver::save(std::shared_ptr<const Dataset> data, const QString& path, Format format) {
    if (!data) return;
    const std::string file = path.toStdString();
    QString metadataPath;
    if (format == Format::ProjectorTsv) {
        // The Projector's own layout, which the loader finds again: X.tsv beside X-metadata.tsv.
        const QFileInfo info(path);
        metadataPath = info.absolutePath() + QLatin1Char('/') + info.completeBaseName() + QStringLiteral("-metadata.tsv");
    }
    m_jobs->start<bool>(
        tr("Saving %1").arg(QFileInfo(path).fileName()),
        [data, file, format, metadata = metadataPath.toStdString()](Progress& progress) {
            saveEmbedding(data->embedding, file, format, progress);
            if (!metadata.empty()) writeProjectorMetadata(data->embedding, data->metadata, metadata);
            return true;
        },
        [this, path](std::shared_ptr<bool>) { emit saved(path); },
        [this](const QString& message) { emit failed(message); });
}

}  // namespace embedscope::ui
