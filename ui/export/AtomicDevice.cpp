#include "AtomicDevice.h"

#include "io/AtomicFile.h"

namespace embedscope::ui {

AtomicDevice::AtomicDevice() = default;
AtomicDevice::~AtomicDevice() = default;  // an uncommitted temporary file is removed

bool AtomicDevice::openFor(const QString& path) {
    m_error.clear();
    try {
        m_file = std::make_unique<AtomicFile>(path.toStdString());
    } catch (const std::exception& e) {
        m_error = QString::fromStdString(e.what());
        return false;
    }
    return open(QIODevice::WriteOnly);
}

qint64 AtomicDevice::writeData(const char* data, qint64 size) {
    if (!m_file || !m_error.isEmpty()) return -1;
    try {
        m_file->write(std::string_view(data, static_cast<std::size_t>(size)));
    } catch (const std::exception& e) {
        m_error = QString::fromStdString(e.what());
        setErrorString(m_error);
        return -1;
    }
    return size;
}

bool AtomicDevice::commit() {
    if (!m_file) return false;
    if (m_error.isEmpty()) {
        try {
            m_file->commit();
        } catch (const std::exception& e) {
            m_error = QString::fromStdString(e.what());
        }
    }
    close();
    m_file.reset();  // removes the temporary file when the save failed
    return m_error.isEmpty();
}

}  // namespace embedscope::ui
