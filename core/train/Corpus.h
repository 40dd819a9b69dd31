#pragma once
/// Streaming reader of a text corpus (one or more UTF-8 files, or folders of them) for word2vec.
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace embedscope {

/// How text becomes words. A word is a maximal run of bytes that are not ASCII whitespace (space,
/// tab, CR, LF, vertical tab, form feed): punctuation stays attached ("end." is one word), and
/// non-ASCII spaces (U+00A0, U+2009) are part of words, as word2vec.c and gensim's LineSentence
/// read text. A line feed ends a sentence, like word2vec.c's "</s>"; context windows never cross
/// it. A UTF-8 byte-order mark at the start of a file is skipped.
struct CorpusOptions {
    /// Lower-case ASCII letters A-Z (other letters are kept as they are).
    bool lowercase = false;
};

/// One item of the stream.
enum class CorpusToken { Word, SentenceEnd, End };

/// The files of a corpus, in reading order: each path given, in order; a folder contributes its
/// regular files recursively, sorted by path (byte order), hidden ones (".name") skipped. Throws
/// Error when a path does not exist or a folder holds no file.
std::vector<std::string> corpusFiles(const std::vector<std::string>& paths);

/// Reads the files one after another in blocks of 1 MiB, so memory does not grow with the corpus.
/// Throws Error naming the file, line, column and byte offset on a NUL byte (binary data) or a
/// byte sequence that is not valid UTF-8.
class CorpusReader {
public:
    explicit CorpusReader(std::vector<std::string> files, CorpusOptions options = {});
    ~CorpusReader();
    CorpusReader(const CorpusReader&) = delete;
    CorpusReader& operator=(const CorpusReader&) = delete;

    /// The next word (word stays valid until the next call), a sentence end, or the end of the
    /// corpus. Every file ends a sentence.
    CorpusToken next(std::string_view& word);

    /// Starts again from the first file.
    void rewind();

    const std::vector<std::string>& files() const { return m_files; }
    /// The sum of the files' sizes, measured when the reader was made.
    std::uint64_t totalBytes() const { return m_totalBytes; }
    /// Bytes consumed so far over all files (for progress).
    std::uint64_t bytesRead() const { return m_doneBytes + m_consumed; }

private:
    bool openNext();
    bool fill();
    [[noreturn]] void fail(std::size_t at, const std::string& what) const;
    void checkWord(std::size_t begin, std::size_t end);

    std::vector<std::string> m_files;
    CorpusOptions m_options;
    std::uint64_t m_totalBytes = 0;
    std::size_t m_fileIndex = 0;  // the file being read is m_files[m_fileIndex - 1]
    std::FILE* m_file = nullptr;
    std::vector<char> m_buffer;
    std::size_t m_pos = 0, m_end = 0;  // unread bytes are m_buffer[m_pos, m_end)
    std::uint64_t m_bufferOffset = 0;  // file offset of m_buffer[0]
    std::uint64_t m_consumed = 0;      // bytes of the current file consumed
    std::uint64_t m_doneBytes = 0;     // bytes of the files finished
    std::uint64_t m_line = 1;          // line of m_buffer[m_pos] in the current file
    std::uint64_t m_lineStart = 0;     // file offset where that line starts
    bool m_atFileStart = true;
    bool m_pendingEnd = false;  // a file ended: emit SentenceEnd before opening the next
    bool m_eof = true;
};

}  // namespace embedscope
