#pragma once
/// Parsing a text file in parallel chunks (internal to core/io). The text is read in blocks; each
/// block is cut at line starts into one chunk per thread, the chunks are parsed at the same time
/// into their own buffers, and then handed over one after the other in file order, so whatever
/// the reader does with the rows (the builder, its error policy, messages) happens serially and in
/// the same order as a one-thread parse would do it.
///
/// The number of threads is OpenMP's (OMP_NUM_THREADS), as everywhere else.
///
/// A record may run past its chunk's end (a quoted CSV field holding a newline). A chunk parses
/// the records that *start* before its end and says where its last one stopped; when that is not
/// where the next chunk began, the next chunk began inside a record and is parsed again from the
/// right place, serially. Speculative chunks that went wrong are thus never handed over, and the
/// result is the serial parse's, whatever the number of threads.
#include "Omp.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <exception>
#include <thread>
#include <vector>

#include "../Progress.h"
#include "MappedFile.h"

namespace embedscope::chunked {

/// Text each thread parses between checks for cancellation (a few tens of ms).
inline constexpr std::size_t kChunkBytes = std::size_t(4) << 20;

/// The start of the line after the one holding `from` (or end).
inline const char* nextLine(const char* from, const char* end) {
    if (from >= end) return end;
    const char* nl = static_cast<const char*>(std::memchr(from, '\n', end - from));
    return nl ? nl + 1 : end;
}

/// What every format's chunk holds besides its rows. parse() fills stop and lines.
struct ChunkBase {
    const char* begin = nullptr;
    const char* end = nullptr;   ///< records starting before end belong to this chunk
    const char* stop = nullptr;  ///< where the last record ended (>= end when it ran on)
    std::uint64_t lines = 0;     ///< '\n' in [begin, stop)
    std::exception_ptr failure;
};

/// Parses the text from offset `from` (a line start, on line `firstLine`) to the end of the file.
/// parse(Chunk&) parses the records starting in [begin, end) and sets stop and lines; it may run
/// on any thread and must not throw for bad input (it records problems instead). take(Chunk&,
/// firstLine) hands a chunk's rows over in order (throwing for a rejected row) and returns false
/// to stop reading. Progress runs from progressFrom to 1 with the bytes read; the pages read are
/// released as it goes.
template <class Chunk, class Parse, class Take>
void parseInChunks(MappedFile& file, std::size_t from, std::uint64_t firstLine, Parse&& parse,
                   Take&& take, Progress& progress, double progressFrom = 0.0) {
    std::vector<Chunk> chunks(static_cast<std::size_t>(std::max(1, omp_get_max_threads())));
    const char* const data = file.data();
    const char* const end = data + file.size();
    const auto run = [&](Chunk& c) {
        c.failure = nullptr;
        try {
            parse(c);
        } catch (...) {
            c.failure = std::current_exception();
        }
    };
    const char* blockBegin = data + std::min(from, file.size());
    std::uint64_t lineNo = firstLine;  // of the next chunk's first line
    while (blockBegin < end) {
        const std::size_t want =
            std::min<std::size_t>(end - blockBegin, kChunkBytes * chunks.size());
        const char* blockEnd = nextLine(blockBegin + want - 1, end);
        const std::size_t n = chunks.size();
        for (std::size_t t = 0, b = 0; t < n; ++t) {
            chunks[t].begin = blockBegin + b;
            b = t + 1 == n ? blockEnd - blockBegin
                           : std::max<std::size_t>(
                                 b, nextLine(blockBegin + (blockEnd - blockBegin) * (t + 1) / n - 1,
                                             blockEnd) -
                                        blockBegin);
            chunks[t].end = blockBegin + b;
        }
        // Plain threads, not an OpenMP team: OpenMP's workers spin while they wait (at the end of
        // the block, and while the rows are handed over), which on a busy machine took CPU from
        // the parse itself: two threads were slower than one. A join waits without spinning.
        std::vector<std::thread> workers;
        workers.reserve(n - 1);
        for (std::size_t t = 1; t < n; ++t) workers.emplace_back([&run, &c = chunks[t]] { run(c); });
        run(chunks[0]);
        for (auto& w : workers) w.join();
        const char* at = blockBegin;
        for (Chunk& c : chunks) {
            if (c.begin != at) {
                // The previous chunk's last record ran into this one: its start was mid-record.
                c.begin = at;
                c.end = std::max(c.end, at);
                run(c);
            }
            if (c.failure) std::rethrow_exception(c.failure);
            if (!take(c, lineNo)) return;
            lineNo += c.lines;
            at = c.stop;
        }
        blockBegin = at;
        file.releaseBefore(static_cast<std::size_t>(blockBegin - data));
        progress.step(progressFrom +
                      (1 - progressFrom) * static_cast<double>(blockBegin - data) / file.size());
    }
}

}  // namespace embedscope::chunked
