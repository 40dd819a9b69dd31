#pragma once
/// Collects rows from any reader and applies the rules every format shares: first-N rows, the bad
/// row policy, UTF-8 checks with Latin-1 fallback, duplicate labels, and the load summary.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../Error.h"
#include "../Utf8.h"
#include "Dataset.h"

namespace embedscope {

/// Bit 31 is set for an infinite or nan float32 (an all-ones exponent carries into it when 2^23
/// is added); OR it over a row's values to test them all without a branch.
inline std::uint32_t nonFiniteCarry(std::uint32_t bits) {
    return (bits & 0x7f800000u) + 0x00800000u;
}
constexpr std::uint32_t kNonFiniteBit = 0x80000000u;

class EmbeddingBuilder {
public:
    /// labelsAreKeys: word formats, where a repeated word is dropped (first kept) and reported;
    /// in tabular formats (TSV, CSV, npy) labels are only names and repeats are kept and counted.
    EmbeddingBuilder(std::string path, const LoadOptions& options, bool labelsAreKeys);

    const std::string& path() const { return m_path; }
    /// Must be called before the first row. expectedRows is a capacity hint (already checked
    /// against the file size by the caller); it is capped by maxRows.
    void start(std::size_t dims, std::size_t expectedRows);
    std::size_t dims() const { return m_dims; }
    /// Maps the reserved matrix into memory up front, on all threads (see the .cpp). For readers
    /// whose expectedRows is a tight bound (binary formats): the memory is resident at once.
    void prefault();

    /// Keeps only these data rows of the file (0-based, ascending; "top N by frequency"): the
    /// others are counted as read but not kept, and problems in them are not reported, as rows
    /// after "first N rows" are not. Call before start(); LoadOptions::keepRows calls it.
    void keepOnly(std::vector<std::size_t> rows);
    /// The next data row a seeking reader (.npy) should read: the next selected one, or the next
    /// row when there is no selection, at most `rows` (the file's). Rows before it count as read
    /// and not kept.
    std::size_t skipToWanted(std::size_t rows);

    /// True once maxRows rows were kept, or the last selected row was handed over: the reader
    /// should stop (and may not read on).
    bool full() const {
        return (m_maxRows != 0 && m_labels.size() >= m_maxRows) ||
               (m_selective && m_keepAt >= m_keep.size());
    }
    std::size_t rows() const { return m_labels.size(); }

    /// Space for the next row's D values; the reader fills it and then calls commit() or drop().
    float* next();
    /// Every data row of the file ends in exactly one commit() or rowProblem(); that is how the
    /// builder knows which source rows were kept (to align labels and metadata files).
    /// Keeps the row filled through next(), checking its values are finite (else rowProblem).
    /// Returns false when the row was dropped (non-finite values under SkipAndReport).
    bool commit(std::string label, const SourceLocation& where);
    /// Abandons the row filled through next().
    void drop();

    /// For readers that fill many rows at once (in parallel): space for `count` rows after the
    /// kept ones. Each is then handed over in order with commitPlaced(); placed rows not handed
    /// over are released by the next placeRows(), next() or finish().
    float* placeRows(std::size_t count);
    /// The rows placeRows() can take without moving the matrix (the space start() reserved).
    std::size_t room() const { return m_values.capacity() / m_dims - m_labels.size(); }
    /// commit() for the next placed row; `finite` is what the reader found while filling it.
    bool commitPlaced(std::string label, const SourceLocation& where, bool finite);

    /// For readers whose values may exceed float32 (text, float64 .npy), which parse such values
    /// to ±inf: an infinite value is then reported as outside the float32 range.
    void setValuesMayOverflow(bool may) { m_mayOverflow = may; }
    /// For formats whose rows have no label of their own (.npy): messages name the row by its
    /// 1-based number, as the record number in the location does, not by its 0-based label.
    void setRowsNumbered(bool numbered) { m_rowsNumbered = numbered; }

    /// A row that cannot be used: throws Error under Reject, counts and lists it under Skip.
    void rowProblem(const SourceLocation& where, const std::string& message);

    LoadSummary& summary() { return m_summary; }

    /// Applies duplicate and encoding rules and returns the dataset. The builder is spent.
    Dataset finish(Format format);

private:
    std::string m_path;
    LoadOptions m_options;
    bool m_labelsAreKeys;
    std::size_t m_dims = 0;
    std::size_t m_maxRows = 0;
    bool m_pending = false;
    std::size_t m_placedNext = 0;  // the next placed row to hand over (a row of m_values)
    bool m_mayOverflow = false;
    bool m_rowsNumbered = false;
    std::vector<std::string> m_labels;
    FloatValues m_values;
    std::vector<std::size_t> m_sourceRows;  // file row of each kept row
    std::size_t m_sourceRowCount = 0;
    bool m_selective = false;
    std::vector<std::size_t> m_keep;  // keepOnly()'s rows
    std::size_t m_keepAt = 0;         // the first of them not handed over yet
    LoadSummary m_summary;

    /// The message for the first value of a row that is not finite (counted), if there is one.
    std::optional<std::string> nonFinite(const std::string& label, const float* values);
    void keep(std::string label, const float* values);
    void releasePlaced();
    static void populate(void* data, std::size_t bytes);

    /// Under keepOnly(): the row now handed over is not selected (it is counted and dropped).
    bool unwanted() const {
        return m_selective &&
               (m_keepAt >= m_keep.size() || m_keep[m_keepAt] != m_sourceRowCount);
    }
};

/// Converts Latin-1 bytes to UTF-8.
std::string latin1ToUtf8(std::string_view text);

}  // namespace embedscope
