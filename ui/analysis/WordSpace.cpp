#include "WordSpace.h"

#include <QCoreApplication>
#include <QDir>
#include <QRegularExpression>

#include "Error.h"

namespace embedscope::ui {

std::shared_ptr<const WordSpace> WordSpace::of(const std::shared_ptr<const Dataset>& data) {
    if (!data) return nullptr;
    static std::weak_ptr<const WordSpace> last;
    auto space = last.lock();
    if (!space || space->dataset() != data) {
        space = std::make_shared<const WordSpace>(data);
        last = space;
    }
    return space;
}

std::optional<std::size_t> WordSpace::row(const QString& word, QString* error) const {
    try {
        return m_lookup.row(word.trimmed().toStdString());
    } catch (const Error& e) {
        if (error) *error = QString::fromStdString(e.what());
        return std::nullopt;
    }
}

QStringList splitWords(const QString& text) {
    static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
    return text.split(separators, Qt::SkipEmptyParts);
}

QString analysisResourceDirectory(const QString& folder) {
    const QString installed =
        QCoreApplication::applicationDirPath() + QStringLiteral("/../share/embedscope/") + folder;
    if (QDir(installed).exists()) return QDir(installed).canonicalPath();
    return QStringLiteral(EMBEDSCOPE_RESOURCES_DIR "/") + folder;
}

}  // namespace embedscope::ui
