#pragma once
/// Saving so that nothing is lost: the bytes go to a temporary file in the target's folder, which
/// replaces the target (rename) only once everything was written and flushed. On any failure or
/// cancellation the temporary file is removed and an existing target stays byte-identical.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <string_view>

#include "../Error.h"

namespace embedscope {

/// A sentence for an errno value. Our own words rather than strerror(), whose text follows the
/// locale, so that messages (and tests) do not change under German.
inline std::string describeErrno(int err) {
    switch (err) {
        case EACCES:
        case EPERM:
            return "permission denied";
        case EROFS:
            return "the file system is read-only";
        case ENOSPC:
            return "the disk is full";
        case EDQUOT:
            return "the disk quota is exceeded";
        case EFBIG:
            return "the file is too large";
        case ENOENT:
            return "the folder does not exist";
        case ENOTDIR:
            return "a part of the path is not a folder";
        case EISDIR:
            return "it is a folder";
        case ENAMETOOLONG:
            return "the name is too long";
        case EIO:
            return "input/output error";
        default:
            return "error " + std::to_string(err) + " (" + std::strerror(err) + ")";
    }
}

class AtomicFile {
public:
    /// Creates the temporary file. Throws Error naming path when the target is a folder or the
    /// folder cannot take a new file.
    explicit AtomicFile(std::string path) : m_path(std::move(path)) {
        namespace fs = std::filesystem;
        std::error_code ec;
        if (m_path.empty()) throw Error("cannot save: no file name given");
        if (fs::is_directory(m_path, ec)) fail(EISDIR, "");
        // Renaming over a device or pipe (/dev/null, a FIFO) would replace it with a plain file.
        const fs::file_status status = fs::status(m_path, ec);
        if (fs::exists(status) && !fs::is_regular_file(status))
            throw Error(SourceLocation::file(m_path), "cannot save: it is not a regular file");
        // Replace what a symbolic link points to, not the link itself.
        m_target = m_path;
        if (fs::is_symlink(m_path, ec) && fs::exists(m_path, ec)) {
            const fs::path resolved = fs::canonical(m_path, ec);
            if (!ec) m_target = resolved.string();
        }
        const fs::path target(m_target);
        const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
        // Keep the temporary name within NAME_MAX however long the target's name is.
        const std::string base = target.filename().string().substr(0, 200);
        std::random_device entropy;
        std::mt19937_64 random((std::uint64_t(entropy()) << 32) ^ entropy() ^
                               std::uint64_t(::getpid()));
        for (int attempt = 0;; ++attempt) {
            char suffix[24];
            std::snprintf(suffix, sizeof suffix, ".tmp-%08llx",
                          static_cast<unsigned long long>(random() & 0xffffffffULL));
            m_temp = (folder / ("." + base + suffix)).string();
            // 0666 so that the umask decides a new file's permissions, as for any other file.
            m_fd = ::open(m_temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
            if (m_fd >= 0) break;
            if (errno != EEXIST || attempt == 100) {
                m_temp.clear();
                fail(errno, "cannot create a file in its folder: ");
            }
        }
        m_buffer.reserve(kBufferSize);
    }

    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    /// Discards the temporary file unless commit() succeeded.
    ~AtomicFile() {
        if (m_fd >= 0) ::close(m_fd);
        if (!m_committed && !m_temp.empty()) ::unlink(m_temp.c_str());
    }

    void write(std::string_view bytes) {
        m_buffer.append(bytes);
        if (m_buffer.size() >= kBufferSize) flush();
    }
    /// The buffer to append to directly (call flushIfFull() afterwards); saves a copy per row.
    std::string& buffer() { return m_buffer; }
    void flushIfFull() {
        if (m_buffer.size() >= kBufferSize) flush();
    }

    /// For writers that open a path themselves: closes our descriptor so that they can write
    /// tempPath(); commit() then renames it.
    const std::string& releaseForExternalWriter() {
        flush();
        closeFd();
        return m_temp;
    }

    /// Flushes, syncs and renames the temporary file over the target.
    void commit() {
        flush();
        // An existing target keeps its permissions.
        struct stat old {};
        const bool hadTarget = ::stat(m_target.c_str(), &old) == 0 && S_ISREG(old.st_mode);
        if (m_fd >= 0) {
            if (hadTarget && ::fchmod(m_fd, old.st_mode & 07777) != 0) fail(errno, "");
            // fsync reports write errors that some file systems (NFS) only detect late.
            if (::fsync(m_fd) != 0 && errno != EINVAL) fail(errno, "writing failed: ");
            closeFd();
        } else if (hadTarget && ::chmod(m_temp.c_str(), old.st_mode & 07777) != 0) {
            fail(errno, "");
        }
        if (::rename(m_temp.c_str(), m_target.c_str()) != 0)
            fail(errno, "replacing the file failed: ");
        m_committed = true;
    }

    /// Throws Error naming the path: "cannot save: <doing><reason>".
    [[noreturn]] void fail(int err, const char* doing) const {
        throw Error(SourceLocation::file(m_path),
                    "cannot save: " + std::string(doing) + describeErrno(err));
    }

private:
    static constexpr std::size_t kBufferSize = 1 << 20;

    void flush() {
        const char* data = m_buffer.data();
        std::size_t left = m_buffer.size();
        while (left > 0) {
            const ssize_t n = ::write(m_fd, data, left);
            if (n < 0) {
                if (errno == EINTR) continue;
                fail(errno, "writing failed: ");
            }
            data += n;
            left -= static_cast<std::size_t>(n);
        }
        m_buffer.clear();
    }

    void closeFd() {
        const int fd = m_fd;
        m_fd = -1;
        if (fd >= 0 && ::close(fd) != 0 && errno != EINTR) fail(errno, "writing failed: ");
    }

    std::string m_path;    // as the caller named it, for messages
    std::string m_target;  // symbolic links resolved
    std::string m_temp;
    int m_fd = -1;
    std::string m_buffer;
    bool m_committed = false;
};

}  // namespace embedscope
