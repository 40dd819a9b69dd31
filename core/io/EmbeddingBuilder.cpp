#include "EmbeddingBuilder.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>

#include <sys/mman.h>
#include <unistd.h>

namespace embedscope {

EmbeddingBuilder::EmbeddingBuilder(std::string path, const LoadOptions& options, bool labelsAreKeys)
    : m_path(std::move(path)),
      m_options(options),
      m_labelsAreKeys(labelsAreKeys),
      m_maxRows(options.maxRows) {
    if (!options.keepRows.empty()) keepOnly(options.keepRows);
}

void EmbeddingBuilder::keepOnly(std::vector<std::size_t> rows) {
    m_keep = std::move(rows);
    m_keepAt = 0;
    m_selective = true;
}

std::size_t EmbeddingBuilder::skipToWanted(std::size_t rows) {
    if (m_selective && m_keepAt < m_keep.size())
        m_sourceRowCount = std::min(rows, m_keep[m_keepAt]);
    return m_sourceRowCount;
}

void EmbeddingBuilder::start(std::size_t dims, std::size_t expectedRows) {
    m_dims = dims;
    if (m_maxRows) expectedRows = std::min(expectedRows, m_maxRows);
    if (m_selective) expectedRows = std::min(expectedRows, m_keep.size());
    m_labels.reserve(expectedRows);
    m_sourceRows.reserve(expectedRows);
    m_values.reserve(expectedRows * dims);
}

void EmbeddingBuilder::prefault() {
    const std::size_t bytes = m_values.capacity() * sizeof(float);
    if (bytes < (std::size_t(64) << 20)) return;  // small loads: not worth the threads
    populate(m_values.data(), bytes);
    // The labels' and source rows' arrays (40 bytes a row) would fault in on the one thread that
    // keeps the rows.
    populate(m_labels.data(), m_labels.capacity() * sizeof(std::string));
    populate(m_sourceRows.data(), m_sourceRows.capacity() * sizeof(std::size_t));
}

// No MADV_HUGEPAGE. Huge pages made a 1 M x 300 load 0.55 s instead of 1.05 s when run straight
// after another, but 1.3-1.9 s after a pause of a few seconds: on a virtual machine with free
// page reporting (virtio-balloon) the free 2 MiB blocks a huge page needs have been handed back
// to the host, which must supply them again; 4 KiB pages come from smaller blocks, which stay.
void EmbeddingBuilder::populate(void* data, std::size_t bytes) {
    // Faulting in 1 GB one 4 KiB page at a time is most of a load's time (a trap, a page zeroed,
    // bookkeeping, 300 000 times, on one thread). MADV_POPULATE_WRITE (Linux 5.14) maps the pages
    // in bulk without the traps, split among the threads; where it is missing the pages simply
    // fault in as before.
#ifdef MADV_POPULATE_WRITE
    const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    const auto at = reinterpret_cast<std::uintptr_t>(data);
    const auto begin = (at + page - 1) / page * page;
    const auto end = (at + bytes) / page * page;
    if (end <= begin) return;
    constexpr std::size_t kSlice = std::size_t(32) << 20;
    const std::size_t slices = (end - begin + kSlice - 1) / kSlice;
#pragma omp parallel for schedule(static) if (slices > 1)
    for (std::ptrdiff_t s = 0; s < static_cast<std::ptrdiff_t>(slices); ++s) {
        const std::uintptr_t from = begin + static_cast<std::size_t>(s) * kSlice;
        const std::uintptr_t to = std::min<std::uintptr_t>(end, from + kSlice);
        ::madvise(reinterpret_cast<void*>(from), to - from, MADV_POPULATE_WRITE);
    }
#else
    (void)data, (void)bytes;
#endif
}

float* EmbeddingBuilder::next() {
    releasePlaced();
    if (!m_pending) {
        m_values.resize(m_values.size() + m_dims);
        m_pending = true;
    }
    return m_values.data() + m_values.size() - m_dims;
}

void EmbeddingBuilder::drop() {
    if (m_pending) m_values.resize(m_values.size() - m_dims);
    m_pending = false;
}

bool EmbeddingBuilder::commit(std::string label, const SourceLocation& where) {
    if (unwanted()) {
        drop();
        ++m_sourceRowCount;
        return false;
    }
    const float* v = m_values.data() + m_values.size() - m_dims;
    // Fast check first (vectorised, no early exit).
    std::uint32_t carry = 0;
#pragma omp simd reduction(| : carry)
    for (std::size_t i = 0; i < m_dims; ++i) {
        std::uint32_t bits;
        std::memcpy(&bits, v + i, sizeof bits);
        carry |= nonFiniteCarry(bits);
    }
    if (carry & kNonFiniteBit) {
        if (auto problem = nonFinite(label, v)) {
            drop();  // after reading v: it frees the row
            rowProblem(where, *problem);
            return false;
        }
    }
    m_pending = false;
    keep(std::move(label), v);
    return true;
}

float* EmbeddingBuilder::placeRows(std::size_t count) {
    drop();
    releasePlaced();
    m_placedNext = m_labels.size();
    m_values.resize(m_values.size() + count * m_dims);  // left unset (FloatValues)
    return m_values.data() + m_placedNext * m_dims;
}

bool EmbeddingBuilder::commitPlaced(std::string label, const SourceLocation& where, bool finite) {
    const float* v = m_values.data() + m_placedNext++ * m_dims;
    if (unwanted()) {
        ++m_sourceRowCount;
        return false;
    }
    if (!finite) {
        if (auto problem = nonFinite(label, v)) {
            rowProblem(where, *problem);
            return false;
        }
    }
    keep(std::move(label), v);
    return true;
}

void EmbeddingBuilder::releasePlaced() {
    if (!m_pending) m_values.resize(m_labels.size() * m_dims);
}

std::optional<std::string> EmbeddingBuilder::nonFinite(const std::string& label,
                                                       const float* v) {
    for (std::size_t i = 0; i < m_dims; ++i) {
        if (std::isfinite(v[i])) continue;
        ++m_summary.nonFinite;
        const std::string row =
            m_rowsNumbered ? "row " + std::to_string(m_sourceRowCount + 1) : "'" + label + "'";
        const std::string what = std::isinf(v[i]) && m_mayOverflow
                                     ? "is outside the float32 range (beyond ±3.4e38) or "
                                       "infinite"
                                     : "is not finite";
        return "value " + std::to_string(i + 1) + " of " + row + " " + what;
    }
    return std::nullopt;
}

void EmbeddingBuilder::keep(std::string label, const float* v) {
    // A placed row moves down over placed rows that were not kept before it.
    float* to = m_values.data() + m_labels.size() * m_dims;
    if (to != v) std::memmove(to, v, m_dims * sizeof(float));
    if (m_selective) ++m_keepAt;
    m_labels.push_back(std::move(label));
    m_sourceRows.push_back(m_sourceRowCount++);
}

void EmbeddingBuilder::rowProblem(const SourceLocation& where, const std::string& message) {
    drop();
    if (unwanted()) {
        ++m_sourceRowCount;
        return;
    }
    if (m_selective) ++m_keepAt;
    ++m_sourceRowCount;
    if (m_options.badRows == BadRowPolicy::Reject) throw Error(where, message);
    ++m_summary.skipped;
    m_summary.addProblem(where.toString() + ": " + message);
}

Dataset EmbeddingBuilder::finish(Format format) {
    drop();
    releasePlaced();
    if (m_maxRows && m_labels.size() >= m_maxRows) m_summary.truncatedByMaxRows = true;

    // Encoding: count invalid labels; fall back to Latin-1 only when nothing suggests UTF-8.
    bool anyMultibyteUtf8 = false;
    for (const auto& l : m_labels) {
        if (!isValidUtf8(l))
            ++m_summary.invalidUtf8;
        else if (!anyMultibyteUtf8)
            anyMultibyteUtf8 = std::any_of(l.begin(), l.end(), [](char c) { return c & 0x80; });
    }
    const bool toLatin1 =
        m_options.encoding == Encoding::Latin1 ||
        (m_options.encoding == Encoding::Auto && m_summary.invalidUtf8 > 0 && !anyMultibyteUtf8);
    if (toLatin1) {
        for (auto& l : m_labels) l = latin1ToUtf8(l);
        m_summary.decodedAsLatin1 = true;
        m_summary.invalidUtf8 = 0;
    }

    Dataset out;
    out.path = m_path;
    out.format = format;
    // No shrink_to_fit: it would copy the matrix (twice the memory for a moment) to save the
    // slack of skipped rows, which readers keep small by reserving exactly.
    out.embedding = Embedding(std::move(m_labels), std::move(m_values), m_dims);

    const auto dups = out.embedding.duplicateRows();
    m_summary.duplicates = dups.size();
    if (!dups.empty() && m_labelsAreKeys) {
        for (std::size_t d = 0; d < dups.size() && d < LoadSummary::kMaxListedProblems; ++d)
            m_summary.warnings.push_back("duplicate '" + out.embedding.label(dups[d]) + "' (row " +
                                         std::to_string(dups[d] + 1) + ") dropped, first kept");
        // In place: a file with repeated words must not need twice the matrix's memory.
        const bool ordered = out.embedding.isFrequencyOrdered();
        out.embedding.removeRows(dups);
        out.embedding.setFrequencyOrdered(ordered);
        std::size_t w = 0, d = 0;
        for (std::size_t r = 0; r < m_sourceRows.size(); ++r) {
            if (d < dups.size() && dups[d] == r)
                ++d;
            else
                m_sourceRows[w++] = m_sourceRows[r];
        }
        m_sourceRows.resize(w);
    } else if (!dups.empty()) {
        m_summary.warnings.push_back(std::to_string(dups.size()) +
                                     " labels repeat an earlier one; all rows kept");
    }
    m_summary.rowsRead = out.embedding.rows();
    out.sourceRows = std::move(m_sourceRows);
    out.sourceRowCount = m_sourceRowCount;
    out.summary = std::move(m_summary);
    return out;
}

std::string latin1ToUtf8(std::string_view s) {
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    for (unsigned char c : s) {
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back(static_cast<char>(0xC0 | (c >> 6)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        }
    }
    return out;
}

}  // namespace embedscope
