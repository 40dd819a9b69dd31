#pragma once
/// A read-only memory map of a whole file whose consumed pages can be handed back, so reading a
/// multi-GB file keeps resident memory bounded by the data kept, not by the file.
#include <cstddef>
#include <string>
#include <string_view>

namespace embedscope {

class MappedFile {
public:
    /// Throws Error naming the path when it cannot be opened, is a folder, or cannot be mapped.
    explicit MappedFile(const std::string& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const std::string& path() const { return m_path; }
    std::size_t size() const { return m_size; }
    const char* data() const { return m_data; }
    std::string_view view() const { return {m_data, m_size}; }

    /// Tells the kernel the bytes before offset will not be read again (drops them from RSS).
    void releaseBefore(std::size_t offset);

private:
    std::string m_path;
    const char* m_data = nullptr;
    std::size_t m_size = 0;
    std::size_t m_released = 0;
};

}  // namespace embedscope
