#include "Corpus.h"

#include "../Utf8.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "../Error.h"

namespace embedscope {

namespace {

constexpr std::size_t kBlockBytes = std::size_t(1) << 20;

inline bool isSpace(unsigned char c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}


std::string hexByte(unsigned char c) {
    const char* digits = "0123456789abcdef";
    return std::string("0x") + digits[c >> 4] + digits[c & 15];
}

}  // namespace

std::vector<std::string> corpusFiles(const std::vector<std::string>& paths) {
    namespace fs = std::filesystem;
    std::vector<std::string> files;
    for (const auto& path : paths) {
        std::error_code ec;
        const fs::file_status status = fs::status(path, ec);
        if (ec || !fs::exists(status))
            throw Error(SourceLocation::file(path), "no such file or folder");
        if (!fs::is_directory(status)) {
            files.push_back(path);
            continue;
        }
        std::vector<std::string> inside;
        for (auto it = fs::recursive_directory_iterator(
                 path, fs::directory_options::skip_permission_denied, ec);
             !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
            const std::string name = it->path().filename().string();
            if (!name.empty() && name[0] == '.') {
                if (it->is_directory(ec)) it.disable_recursion_pending();
                continue;
            }
            if (it->is_regular_file(ec)) inside.push_back(it->path().string());
        }
        if (ec) throw Error(SourceLocation::file(path), "cannot list the folder: " + ec.message());
        if (inside.empty()) throw Error(SourceLocation::file(path), "the folder holds no file");
        std::sort(inside.begin(), inside.end());
        files.insert(files.end(), inside.begin(), inside.end());
    }
    return files;
}

CorpusReader::CorpusReader(std::vector<std::string> files, CorpusOptions options)
    : m_files(std::move(files)), m_options(options), m_buffer(kBlockBytes) {
    for (const auto& f : m_files) {
        std::error_code ec;
        const auto size = std::filesystem::file_size(f, ec);
        if (ec) throw Error(SourceLocation::file(f), "cannot read the file: " + ec.message());
        m_totalBytes += size;
    }
}

CorpusReader::~CorpusReader() {
    if (m_file) std::fclose(m_file);
}

void CorpusReader::rewind() {
    if (m_file) std::fclose(m_file);
    m_file = nullptr;
    m_fileIndex = 0;
    m_pos = m_end = 0;
    m_doneBytes = m_consumed = 0;
    m_pendingEnd = false;
    m_eof = true;
}

bool CorpusReader::openNext() {
    if (m_file) {
        std::fclose(m_file);
        m_file = nullptr;
        m_doneBytes += m_consumed;
        m_consumed = 0;
    }
    if (m_fileIndex >= m_files.size()) return false;
    const std::string& path = m_files[m_fileIndex++];
    m_file = std::fopen(path.c_str(), "rb");
    if (!m_file)
        throw Error(SourceLocation::file(path),
                    "cannot open the file: " + std::string(std::strerror(errno)));
    m_pos = m_end = 0;
    m_bufferOffset = m_consumed = 0;
    m_line = 1;
    m_lineStart = 0;
    m_atFileStart = true;
    m_eof = false;
    return true;
}

bool CorpusReader::fill() {
    if (m_eof) return false;
    if (m_pos > 0) {
        std::memmove(m_buffer.data(), m_buffer.data() + m_pos, m_end - m_pos);
        m_bufferOffset += m_pos;
        m_end -= m_pos;
        m_pos = 0;
    }
    if (m_end == m_buffer.size())
        m_buffer.resize(m_buffer.size() * 2);  // a word longer than the buffer
    const std::size_t got = std::fread(m_buffer.data() + m_end, 1, m_buffer.size() - m_end, m_file);
    if (got == 0) {
        if (std::ferror(m_file)) fail(m_end, "read error");
        m_eof = true;
        return false;
    }
    m_end += got;
    if (m_atFileStart) {
        m_atFileStart = false;
        if (m_end >= 3 && std::memcmp(m_buffer.data(), "\xEF\xBB\xBF", 3) == 0) m_pos = 3;
    }
    return true;
}

void CorpusReader::fail(std::size_t at, const std::string& what) const {
    const std::uint64_t offset = m_bufferOffset + at;
    SourceLocation where =
        SourceLocation::text(m_files[m_fileIndex - 1], m_line, offset - m_lineStart + 1);
    where.byteOffset = offset;
    throw Error(where, what + " (byte offset " + std::to_string(offset) + ")");
}

void CorpusReader::checkWord(std::size_t begin, std::size_t end) {
    auto* s = reinterpret_cast<unsigned char*>(m_buffer.data());
    for (std::size_t i = begin; i < end;) {
        const unsigned char c = s[i];
        if (c == 0) fail(i, "a NUL byte: this looks like a binary file, not UTF-8 text");
        if (c < 0x80) {
            if (m_options.lowercase && c >= 'A' && c <= 'Z')
                s[i] = static_cast<unsigned char>(c + 32);
            ++i;
            continue;
        }
        const std::size_t n = utf8SequenceLength(std::string_view(m_buffer.data(), end), i);
        if (n == 0)
            fail(i, "not valid UTF-8 (byte " + hexByte(c) + "); the corpus must be UTF-8 text");
        i += n;
    }
}

CorpusToken CorpusReader::next(std::string_view& word) {
    for (;;) {
        while (m_pos < m_end) {
            const unsigned char c = static_cast<unsigned char>(m_buffer[m_pos]);
            if (!isSpace(c)) break;
            ++m_pos;
            if (c == '\n') {
                ++m_line;
                m_lineStart = m_bufferOffset + m_pos;
                m_consumed = m_bufferOffset + m_pos;
                return CorpusToken::SentenceEnd;
            }
        }
        if (m_pos < m_end) break;
        if (fill()) continue;
        // The current file is exhausted (or none is open yet).
        if (m_file && !m_pendingEnd) {
            m_consumed = m_bufferOffset + m_pos;
            m_pendingEnd = true;
            return CorpusToken::SentenceEnd;
        }
        m_pendingEnd = false;
        if (!openNext()) return CorpusToken::End;
    }
    std::size_t begin = m_pos, end = m_pos;
    for (;;) {
        while (end < m_end && !isSpace(static_cast<unsigned char>(m_buffer[end]))) ++end;
        if (end < m_end || m_eof) break;
        const std::size_t done = end - begin;
        const bool more = fill();  // moves the word's start to m_pos
        begin = m_pos;
        end = begin + done;
        if (!more) break;
    }
    checkWord(begin, end);
    m_pos = end;
    m_consumed = m_bufferOffset + m_pos;
    word = std::string_view(m_buffer.data() + begin, end - begin);
    return CorpusToken::Word;
}

}  // namespace embedscope
