#pragma once
// A QIODevice that saves through the core's AtomicFile: Qt writers (QImageWriter, QPdfWriter, the
// SVG writer) stream into a temporary file beside the target, renamed over it only by commit().
// Every save path of the app thus fails the same way: the old file stays byte-identical and the
// message names the path and the cause in the same words ("cannot save: the disk is full").
#include <QIODevice>
#include <QString>
#include <memory>

namespace embedscope {
class AtomicFile;
}

namespace embedscope::ui {

class AtomicDevice : public QIODevice {
    Q_OBJECT
public:
    AtomicDevice();
    ~AtomicDevice() override;

    /// Creates the temporary file for path; false and error() when that fails.
    bool openFor(const QString& path);
    /// Renames the temporary file over the target unless a write failed; false and error().
    bool commit();
    /// The first failure, "path: cannot save: …"; empty while all went well.
    const QString& error() const { return m_error; }
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char*, qint64) override { return -1; }
    qint64 writeData(const char* data, qint64 size) override;

private:
    std::unique_ptr<AtomicFile> m_file;
    QString m_error;
};

}  // namespace embedscope::ui
