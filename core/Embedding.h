#pragma once
/// An embedding: N labelled vectors of dimension D, stored row-major as float32.
#include <Eigen/Core>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace embedscope {

using RowMatrixXf = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// An allocator whose resize() leaves new elements default-initialised, i.e. unset for floats.
/// Readers write every value of a row they add; zeroing a 1 GB matrix first is one more pass
/// over it that a load does not need.
template <class T>
struct UninitAllocator : std::allocator<T> {
    using value_type = T;
    template <class U>
    struct rebind {
        using other = UninitAllocator<U>;
    };
    UninitAllocator() = default;
    template <class U>
    UninitAllocator(const UninitAllocator<U>&) noexcept {}
    template <class U>
    void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
        ::new (static_cast<void*>(p)) U;
    }
    template <class U, class... Args>
    void construct(U* p, Args&&... args) {
        ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
};

/// An embedding's values, row-major.
using FloatValues = std::vector<float, UninitAllocator<float>>;

/// Labels are kept byte-exact (UTF-8 as read; see LoadSummary::invalidUtf8 for ones that are not).
/// Label lookup uses an index of row numbers sorted by label, so copies stay valid.
class Embedding {
public:
    Embedding() = default;
    /// values.size() must equal labels.size() * dims. Throws Error otherwise.
    Embedding(std::vector<std::string> labels, FloatValues values, std::size_t dims);
    /// The same from a plain vector or a list (a copy; large matrices are built as FloatValues).
    Embedding(std::vector<std::string> labels, const std::vector<float>& values, std::size_t dims)
        : Embedding(std::move(labels), FloatValues(values.begin(), values.end()), dims) {}
    Embedding(std::vector<std::string> labels, std::initializer_list<float> values, std::size_t dims)
        : Embedding(std::move(labels), FloatValues(values), dims) {}

    std::size_t rows() const { return m_labels.size(); }
    std::size_t dims() const { return m_dims; }
    bool empty() const { return m_labels.empty(); }

    const std::string& label(std::size_t row) const { return m_labels[row]; }
    const std::vector<std::string>& labels() const { return m_labels; }
    std::span<const float> row(std::size_t r) const { return {m_values.data() + r * m_dims, m_dims}; }
    std::span<const float> values() const { return m_values; }
    const float* data() const { return m_values.data(); }

    /// The whole matrix as an Eigen view (no copy).
    Eigen::Map<const RowMatrixXf> matrix() const {
        return {m_values.data(), static_cast<Eigen::Index>(rows()), static_cast<Eigen::Index>(m_dims)};
    }

    /// The first row carrying this label, if any.
    std::optional<std::size_t> find(std::string_view label) const;

    /// True when the source lists words from most to least frequent (word2vec, GloVe, fastText
    /// files do); then a row's frequency rank is its row number.
    bool isFrequencyOrdered() const { return m_frequencyOrdered; }
    void setFrequencyOrdered(bool ordered) { m_frequencyOrdered = ordered; }
    std::optional<std::size_t> frequencyRank(std::size_t row) const {
        return m_frequencyOrdered ? std::optional<std::size_t>(row) : std::nullopt;
    }

    /// A new embedding holding the given rows, in the given order.
    Embedding subset(std::span<const std::size_t> rows) const;

    /// Removes the given rows (ascending) in place: no second copy of the matrix is made.
    void removeRows(const std::vector<std::size_t>& ascendingRows);

    /// Rows whose label equals an earlier row's label, ascending (the first occurrence is not listed).
    std::vector<std::size_t> duplicateRows() const;

private:
    void buildIndex();

    std::vector<std::string> m_labels;
    FloatValues m_values;
    std::size_t m_dims = 0;
    std::vector<std::uint32_t> m_sortedRows;  // rows ordered by (label, row)
    std::vector<std::uint32_t> m_duplicates;  // rows repeating an earlier label, ascending
    bool m_frequencyOrdered = false;
};

}  // namespace embedscope
