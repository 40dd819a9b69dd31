#include "MappedFile.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "../Error.h"

namespace embedscope {

MappedFile::MappedFile(const std::string& path) : m_path(path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error(SourceLocation::file(path), std::string("cannot open: ") + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw Error(SourceLocation::file(path), S_ISDIR(st.st_mode) ? "is a folder, not a file"
                                                             : "is not a regular file");
    }
    m_size = static_cast<std::size_t>(st.st_size);
#ifdef EMBEDSCOPE_EXACT_READS
    // Fuzzing and sanitizer builds read the file into a heap block of exactly its size, so that
    // AddressSanitizer reports a read one byte past the end; a mapping is padded with zeros to the
    // end of its page, which hides such reads.
    if (m_size > 0) {
        char* copy = new char[m_size];
        std::size_t got = 0;
        while (got < m_size) {
            const ssize_t n = ::read(fd, copy + got, m_size - got);
            if (n <= 0) {
                const int err = n < 0 ? errno : EIO;
                delete[] copy;
                ::close(fd);
                throw Error(SourceLocation::file(path), std::string("cannot read: ") + std::strerror(err));
            }
            got += static_cast<std::size_t>(n);
        }
        m_data = copy;
    }
#else
    if (m_size > 0) {
        void* p = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            const int err = errno;
            ::close(fd);
            throw Error(SourceLocation::file(path), std::string("cannot map: ") + std::strerror(err));
        }
        ::madvise(p, m_size, MADV_SEQUENTIAL);
        m_data = static_cast<const char*>(p);
    }
#endif
    ::close(fd);
}

MappedFile::~MappedFile() {
#ifdef EMBEDSCOPE_EXACT_READS
    delete[] m_data;
#else
    if (m_data) ::munmap(const_cast<char*>(m_data), m_size);
#endif
}

void MappedFile::releaseBefore(std::size_t offset) {
#ifdef EMBEDSCOPE_EXACT_READS
    (void)offset;  // a heap copy has no pages to hand back
#else
    static const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    const std::size_t end = (std::min(offset, m_size) / page) * page;
    // Release in steps of 16 MiB so the system call cost stays negligible.
    if (end < m_released + (std::size_t(16) << 20)) return;
    ::madvise(const_cast<char*>(m_data) + m_released, end - m_released, MADV_DONTNEED);
    m_released = end;
#endif
}

}  // namespace embedscope
