#include <hnswlib/hnswlib.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <mutex>
#include <queue>
#include <stdexcept>
#include <type_traits>

#include "../FloatLanes.h"
#include "HnswGraph.h"

namespace embedscope::detail {

namespace {

// What hnswlib stores as a point's "data": its row number in the caller's matrix.
using RowCode = std::uint32_t;

RowCode codeOf(const void* data) {
    RowCode row;
    std::memcpy(&row, data, sizeof row);
    return row;
}

// 8 and 4 lanes. 16 were slower: a 300-D row is not 64-byte aligned, so nearly every 64-byte load
// spans two lines.
using Lanes = FloatLanes<8>;
using Lanes4 = FloatLanes<4>;

template <class V>
float sumOf(V v) {
    float s = 0;
    for (std::size_t i = 0; i < sizeof v / sizeof(float); ++i) s += v[i];
    return s;
}

// Asks for all of a row's lines, ahead of its distance (see HnswGraph::search).
void fetch(const float* row, std::size_t dims) {
    for (std::size_t j = 0; j < dims; j += 16) __builtin_prefetch(row + j);
}

// Σ term(x_j, y_j, j) with two independent sums of 8 lanes, so the adds do not wait on each
// other, and the last few values in 4 lanes (300-D rows end in 4) rather than one by one.
template <class Term>
float reduce(const float* x, const float* y, std::size_t dims, Term term) {
    Lanes a = {}, b = {};
    std::size_t j = 0;
    for (; j + 16 <= dims; j += 16) {
        a += term(loadLanes<Lanes>(x + j), loadLanes<Lanes>(y + j), j);
        b += term(loadLanes<Lanes>(x + j + 8), loadLanes<Lanes>(y + j + 8), j + 8);
    }
    if (j + 8 <= dims) {
        a += term(loadLanes<Lanes>(x + j), loadLanes<Lanes>(y + j), j);
        j += 8;
    }
    float s = sumOf(a + b);
    if (j + 4 <= dims) {
        s += sumOf(term(loadLanes<Lanes4>(x + j), loadLanes<Lanes4>(y + j), j));
        j += 4;
    }
    for (; j < dims; ++j) s += term(x[j], y[j], j);
    return s;
}

const float* rowAt(const IndexedRows& r, RowCode row) { return r.data + std::size_t(row) * r.dims; }

float squaredL2(const void* a, const void* b, const void* param) {
    const auto& r = *static_cast<const IndexedRows*>(param);
    const float* x = rowAt(r, codeOf(a));
    const float* y = rowAt(r, codeOf(b));
    return reduce(x, y, r.dims, [](auto u, auto v, std::size_t) { return (u - v) * (u - v); });
}

float oneMinusDot(const void* a, const void* b, const void* param) {
    const auto& r = *static_cast<const IndexedRows*>(param);
    const RowCode ra = codeOf(a), rb = codeOf(b);
    const float* x = rowAt(r, ra);
    const float* y = rowAt(r, rb);
    float s;
    if (const float* c = r.centre) {
        s = reduce(x, y, r.dims, [c](auto u, auto v, std::size_t j) {
            using V = decltype(u);
            if constexpr (std::is_same_v<V, float>)
                return (u - c[j]) * (v - c[j]);
            else
                return (u - loadLanes<V>(c + j)) * (v - loadLanes<V>(c + j));
        });
    } else {
        s = reduce(x, y, r.dims, [](auto u, auto v, std::size_t) { return u * v; });
    }
    if (r.scale) s *= r.scale[ra] * r.scale[rb];
    return 1.0f - s;
}

class RowSpace final : public hnswlib::SpaceInterface<float> {
public:
    RowSpace(HnswGraph::Space kind, const IndexedRows& rows) : m_rows(rows), m_kind(kind) {
        if (kind == HnswGraph::Space::L2 && rows.scale)
            throw std::invalid_argument("a euclidean index does not scale its rows");
    }
    std::size_t get_data_size() override { return sizeof(RowCode); }
    hnswlib::DISTFUNC<float> get_dist_func() override {
        return m_kind == HnswGraph::Space::L2 ? squaredL2 : oneMinusDot;
    }
    void* get_dist_func_param() override { return &m_rows; }

private:
    IndexedRows m_rows;
    HnswGraph::Space m_kind;
};

}  // namespace

struct HnswGraph::Impl {
    RowSpace space;
    IndexedRows rows;
    std::unique_ptr<hnswlib::HierarchicalNSW<float>> index;
    // Each point's row by hnswlib's internal id, beside the graph rather than in it, so a search
    // can ask for the next candidate's row before it needs it (set on the first search: all points
    // are added by then).
    mutable std::vector<RowCode> rowById;
    mutable std::once_flag rowByIdSet;
    Impl(Space kind, const IndexedRows& r) : space(kind, r), rows(r) {}

    const std::vector<RowCode>& rowsById() const {
        std::call_once(rowByIdSet, [this] {
            rowById.resize(index->cur_element_count);
            for (std::size_t i = 0; i < rowById.size(); ++i)
                rowById[i] = codeOf(index->getDataByInternalId(static_cast<hnswlib::tableint>(i)));
        });
        return rowById;
    }
};

HnswGraph::HnswGraph(Space space, const IndexedRows& rows, std::size_t m, std::size_t efConstruction, unsigned seed)
    : m_impl(std::make_unique<Impl>(space, rows)) {
    m_impl->index =
        std::make_unique<hnswlib::HierarchicalNSW<float>>(&m_impl->space, rows.rows, m, efConstruction, seed);
}

HnswGraph::HnswGraph(Space space, const IndexedRows& rows, const std::string& path)
    : m_impl(std::make_unique<Impl>(space, rows)) {
    auto& index = *(m_impl->index =
                        std::make_unique<hnswlib::HierarchicalNSW<float>>(&m_impl->space, path, false, rows.rows));
    // The distance reads the matrix at each stored row number and the search follows each link
    // without asking: a row outside the matrix, a link to no point or a list longer than its
    // slots (a damaged file the same size as a good one), or another layout, must not get that far.
    const std::size_t n = index.cur_element_count;
    if (index.label_offset_ != index.offsetData_ + sizeof(RowCode) || n > rows.rows ||
        (n > 0 && index.enterpoint_node_ >= n))
        throw std::runtime_error("the index was not written for these rows");
    const auto linksValid = [n, &index](hnswlib::linklistsizeint* list, std::size_t slots) {
        const std::size_t count = index.getListCount(list);
        const auto* links = reinterpret_cast<const hnswlib::tableint*>(list + 1);
        return count <= slots && std::all_of(links, links + count, [n](hnswlib::tableint l) { return l < n; });
    };
    for (std::size_t i = 0; i < n; ++i) {
        const auto id = static_cast<hnswlib::tableint>(i);
        const RowCode row = codeOf(index.getDataByInternalId(id));
        if (row >= rows.rows)
            throw std::runtime_error("the index names row " + std::to_string(std::size_t(row) + 1) +
                                     ", which the data does not have");
        bool valid = index.getExternalLabel(id) == row && linksValid(index.get_linklist0(id), index.maxM0_) &&
                     index.element_levels_[i] <= index.maxlevel_;
        for (int level = 1; valid && level <= index.element_levels_[i]; ++level)
            valid = linksValid(index.get_linklist(id, level), index.maxM_);
        if (!valid) throw std::runtime_error("the index is damaged");
    }
}

HnswGraph::~HnswGraph() = default;

void HnswGraph::add(std::uint32_t row) { m_impl->index->addPoint(&row, static_cast<hnswlib::labeltype>(row)); }

void HnswGraph::setEf(std::size_t ef) { m_impl->index->setEf(ef); }

std::size_t HnswGraph::size() const { return m_impl->index->cur_element_count; }

std::vector<std::size_t> HnswGraph::search(std::uint32_t row, std::size_t k, std::size_t breadth) const {
    // hnswlib's own search (Malkov & Yashunin's algorithms 2 and 5) finds a candidate's vector
    // beside its links and fetches it one candidate ahead. Here the vector is a row elsewhere in
    // the matrix, reached through the row number, so the same search asks for the next row's
    // lines instead; with hnswlib's searchKnn every distance waited on its row (25–40% slower).
    using hnswlib::tableint;
    const auto& index = *m_impl->index;
    if (index.cur_element_count == 0) return {};
    const std::vector<RowCode>& rowOf = m_impl->rowsById();
    const IndexedRows& rows = m_impl->rows;
    const hnswlib::DISTFUNC<float> distanceOf = m_impl->space.get_dist_func();
    const void* param = &rows;
    const auto distance = [&](tableint id) { return distanceOf(&row, &rowOf[id], param); };
    const auto prefetch = [&](tableint id) {
        fetch(rows.data + std::size_t(rowOf[id]) * rows.dims, rows.dims);
        if (rows.scale) __builtin_prefetch(rows.scale + rowOf[id]);
    };

    // The upper layers: greedy descent to the nearest point on each.
    tableint at = index.enterpoint_node_;
    float atDistance = distance(at);
    for (int level = index.maxlevel_; level > 0; --level) {
        for (bool moved = true; moved;) {
            moved = false;
            auto* list = index.get_linklist(at, level);
            const int count = index.getListCount(list);
            const auto* links = reinterpret_cast<const tableint*>(list + 1);
            if (count > 0) prefetch(links[0]);
            for (int i = 0; i < count; ++i) {
                if (i + 1 < count) prefetch(links[i + 1]);
                const float d = distance(links[i]);
                if (d < atDistance) atDistance = d, at = links[i], moved = true;
            }
        }
    }

    // The bottom layer: best-first search keeping the ef nearest found, the rows of the next two
    // candidates on their way while one is measured (one ahead was slower, four no better).
    constexpr std::size_t kAhead = 2;
    const std::size_t ef = std::max(breadth ? breadth : index.ef_, k);
    using Entry = std::pair<float, tableint>;
    std::priority_queue<Entry> nearest;                                            // farthest on top
    std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> frontier;  // nearest on top
    hnswlib::VisitedList* visited = index.visited_list_pool_->getFreeVisitedList();
    const auto tag = visited->curV;
    visited->mass[at] = tag;
    nearest.emplace(atDistance, at);
    frontier.emplace(atDistance, at);
    std::vector<tableint> fresh;
    while (!frontier.empty()) {
        const auto [d, node] = frontier.top();
        if (d > nearest.top().first) break;
        frontier.pop();
        if (!frontier.empty()) __builtin_prefetch(index.get_linklist0(frontier.top().second));
        auto* list = index.get_linklist0(node);
        const int count = index.getListCount(list);
        const auto* links = reinterpret_cast<const tableint*>(list + 1);
        fresh.clear();
        for (int i = 0; i < count; ++i)
            if (visited->mass[links[i]] != tag) {
                visited->mass[links[i]] = tag;
                fresh.push_back(links[i]);
            }
        for (std::size_t i = 0; i < std::min(kAhead, fresh.size()); ++i) prefetch(fresh[i]);
        for (std::size_t i = 0; i < fresh.size(); ++i) {
            if (i + kAhead < fresh.size()) prefetch(fresh[i + kAhead]);
            const float e = distance(fresh[i]);
            if (nearest.size() < ef || e < nearest.top().first) {
                frontier.emplace(e, fresh[i]);
                nearest.emplace(e, fresh[i]);
                if (nearest.size() > ef) nearest.pop();
            }
        }
    }
    index.visited_list_pool_->releaseVisitedList(visited);
    while (nearest.size() > k) nearest.pop();
    std::vector<std::size_t> found;
    found.reserve(nearest.size());
    for (; !nearest.empty(); nearest.pop()) found.push_back(rowOf[nearest.top().second]);
    return found;
}

void HnswGraph::save(const std::string& path) const { m_impl->index->saveIndex(path); }

}  // namespace embedscope::detail
