#include "LabelZooms.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

namespace embedscope::detail {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr int kMinLevel = -60;  // zooms below 2^-60 are kept in one list checked by everyone
constexpr int kMaxLevel = 40;   // an item that would appear beyond 2^40 never appears
constexpr double kRoundUp = 1.0 + 1e-5;
constexpr double kCellReaches = 2;  // cell size in reaches: the fastest of 1 to 4 measured

/// The zooms s ≥ 0 at which |s·a + b| < h, as an open interval (lo, hi) (empty when lo ≥ hi).
void axisInterval(double a, double b, double h, double& lo, double& hi) {
    if (a == 0) {
        if (std::abs(b) < h) return;  // overlapping on this axis at every zoom
        hi = -kInf;
        return;
    }
    double r1 = (-h - b) / a, r2 = (h - b) / a;
    if (r1 > r2) std::swap(r1, r2);
    lo = std::max(lo, r1);
    hi = std::min(hi, r2);
}

std::int64_t cellOf(double coordinate, double cell) {
    const double c = std::floor(coordinate / cell);
    return std::int64_t(std::clamp(c, -0x1p52, 0x1p52));
}

/// A spatially hashed grid over (level, cell x, cell y) (Teschner et al. 2003, "Optimized
/// spatial hashing for collision detection of deformable objects"): a cell's items form a list
/// from one of a number of buckets that grows with the items listed. Cells that hash to the same
/// bucket share it, which only adds candidates the exact test drops, and keeps the table small
/// enough to stay in cache.
class LevelGrid {
public:
    static constexpr std::uint32_t kNone = 0xFFFFFFFFu;
    struct Node {
        std::uint32_t next;
        std::uint32_t item;
        float x, y;  // the item's point (as in Compact, so comparisons are exact)
    };

    LevelGrid(double cellX, double cellY)
        : m_cellX(cellX), m_cellY(cellY), m_heads(1024, kNone), m_coarse(kCoarseWords, 0) {}

    /// The cells of a box centre at some level's zoom.
    std::int64_t cellX(double at) const { return cellOf(at, m_cellX); }
    std::int64_t cellY(double at) const { return cellOf(at, m_cellY); }

    /// Lists an item, whose box centre is offset by (dx, dy) from its point, in the cell of
    /// that centre at the level's zoom.
    void add(std::uint32_t item, float x, float y, float dx, float dy, int level) {
        if (2 * m_nodes.size() >= m_heads.size()) grow();
        m_nodes.push_back({kNone, item, x, y});
        m_places.push_back({dx, dy, level});
        link(m_nodes.size() - 1);
    }

    /// Whether any of the cells [x0, x1] × [y0, y1] at level may list an item: a bit per block
    /// of 4 × 4 cells, so the levels and places with nothing nearby cost no list lookups.
    bool maybe(int level, std::int64_t x0, std::int64_t x1, std::int64_t y0,
               std::int64_t y1) const {
        for (auto by = y0 >> 2; by <= y1 >> 2; ++by)
            for (auto bx = x0 >> 2; bx <= x1 >> 2; ++bx) {
                const std::size_t bit = hash(level, bx, by) & (kCoarseWords * 64 - 1);
                if (m_coarse[bit >> 6] >> (bit & 63) & 1) return true;
            }
        return false;
    }
    std::uint32_t head(int level, std::int64_t cx, std::int64_t cy) const {
        return m_heads[hash(level, cx, cy) & (m_heads.size() - 1)];
    }
    const Node& node(std::uint32_t index) const { return m_nodes[index]; }

private:
    static constexpr std::size_t kCoarseWords = 4096;  // 32 KiB of bits

    struct Place {
        float dx, dy;
        int level;
    };

    static std::size_t hash(int level, std::int64_t cx, std::int64_t cy) {
        std::uint64_t h = std::uint64_t(cx) * 0x9E3779B97F4A7C15ull +
                          std::uint64_t(cy) * 0xC2B2AE3D27D4EB4Full +
                          std::uint64_t(std::int64_t(level)) * 0x165667B19E3779F9ull;
        h ^= h >> 32;
        h *= 0xD6E8FEB86659FD93ull;
        h ^= h >> 32;
        return std::size_t(h);
    }

    void link(std::size_t index) {
        Node& n = m_nodes[index];
        const Place& p = m_places[index];
        const double z = std::ldexp(1.0, p.level);
        const auto cx = cellX(z * n.x + p.dx), cy = cellY(z * n.y + p.dy);
        std::uint32_t& head = m_heads[hash(p.level, cx, cy) & (m_heads.size() - 1)];
        n.next = head;
        head = static_cast<std::uint32_t>(index);
        const std::size_t bit = hash(p.level, cx >> 2, cy >> 2) & (kCoarseWords * 64 - 1);
        m_coarse[bit >> 6] |= std::uint64_t(1) << (bit & 63);
    }

    void grow() {
        m_heads.assign(m_heads.size() * 2, kNone);
        for (std::size_t i = 0; i < m_nodes.size(); ++i) link(i);
    }

    double m_cellX, m_cellY;
    std::vector<std::uint32_t> m_heads;
    std::vector<std::uint64_t> m_coarse;
    std::vector<Node> m_nodes;
    std::vector<Place> m_places;
};

/// An item as the search reads it: compact, so more of them stay in cache.
struct Compact {
    float x, y, dx, dy, hx, hy, fade, zoom;
};

}  // namespace

std::vector<double> appearanceZooms(std::span<const ZoomItem> items, double maxZoom) {
    const std::size_t n = items.size();
    std::vector<double> zoom(n, kInf);
    if (n == 0) return zoom;
    double hxMax = 0, hyMax = 0;
    double dxMin = kInf, dxMax = -kInf, dyMin = kInf, dyMax = -kInf;
    std::vector<Compact> c(n);
    for (std::size_t i = 0; i < n; ++i) {
        const ZoomItem& it = items[i];
        hxMax = std::max(hxMax, it.hx), hyMax = std::max(hyMax, it.hy);
        dxMin = std::min(dxMin, it.dx), dxMax = std::max(dxMax, it.dx);
        dyMin = std::min(dyMin, it.dy), dyMax = std::max(dyMax, it.dy);
        c[i] = {float(it.x),  float(it.y),  float(it.dx),       float(it.dy),
                float(it.hx), float(it.hy), float(it.fadeZoom), float(kInf)};
    }
    // Two boxes that overlap at some zoom s ≥ z have centres at most max(h_i + h_j, |Δd|) apart
    // at z (the difference of the centres moves linearly with s): at most reach + h_i. An item
    // is listed in the cell of its centre at the level of its appearance zoom; a later item
    // looks in the cells within that distance of its own centre there (2 or 3 per axis).
    const double spanX = dxMax - dxMin, spanY = dyMax - dyMin;
    const double reachX = hxMax + spanX, reachY = hyMax + spanY;
    const double cellX = kCellReaches * reachX, cellY = kCellReaches * reachY;

    LevelGrid grid(cellX, cellY);
    std::vector<std::uint32_t> always;  // appearance below 2^kMinLevel (the first item: 0)
    std::vector<int> levels;            // levels holding items, ascending

    for (std::uint32_t i = 0; i < n; ++i) {
        const Compact& a = c[i];
        double best = 0;
        const auto meet = [&](std::uint32_t j) {
            const Compact& b = c[j];
            double lo = 0, hi = kInf;
            axisInterval(double(a.x) - b.x, double(a.dx) - b.dx, double(a.hx) + b.hx, lo, hi);
            axisInterval(double(a.y) - b.y, double(a.dy) - b.dy, double(a.hy) + b.hy, lo, hi);
            const double end = std::min(double(b.fade), hi);
            if (std::max(double(b.zoom), lo) < end) best = std::max(best, end);
        };
        for (const std::uint32_t j : always) meet(j);
        // Finest level first: its blockers end latest, so an item that will never appear within
        // maxZoom is found out early.
        for (auto l = levels.rbegin(); l != levels.rend(); ++l) {
            const int level = *l;
            if (!(best <= maxZoom)) break;  // already never
            const double z = std::ldexp(1.0, level);
            const double px = z * a.x + a.dx, py = z * a.y + a.dy;
            // |z·Δx + Δd| < h_a + h_b, or |Δd| when larger, implies |z·Δx| < rx.
            const double rx = a.hx + reachX + spanX, ry = a.hy + reachY + spanY;
            const double qx = a.hx + reachX, qy = a.hy + reachY;  // centres this close count
            const auto x0 = grid.cellX(px - qx), x1 = grid.cellX(px + qx);
            const auto y0 = grid.cellY(py - qy), y1 = grid.cellY(py + qy);
            if (!grid.maybe(level, x0, x1, y0, y1)) continue;
            for (auto cy = y0; cy <= y1; ++cy)
                for (auto cx = x0; cx <= x1; ++cx)
                    for (auto k = grid.head(level, cx, cy); k != LevelGrid::kNone;) {
                        const LevelGrid::Node& b = grid.node(k);
                        k = b.next;
                        if (std::abs(z * (double(a.x) - b.x)) < rx &&
                            std::abs(z * (double(a.y) - b.y)) < ry)
                            meet(b.item);
                    }
        }
        if (best > 0) best *= kRoundUp;
        if (!(best <= maxZoom) || !(best < std::ldexp(1.0, kMaxLevel + 1)))
            continue;             // never: blocks nothing
        c[i].zoom = float(best);  // rounded up, so the float comparisons stay on the safe side
        if (double(c[i].zoom) < best) c[i].zoom = std::nextafter(c[i].zoom, float(kInf));
        zoom[i] = c[i].zoom;
        const int level = best > 0 ? std::ilogb(best) : kMinLevel - 1;
        if (level < kMinLevel) {
            always.push_back(i);
            continue;
        }
        if (!std::binary_search(levels.begin(), levels.end(), level))
            levels.insert(std::upper_bound(levels.begin(), levels.end(), level), level);
        grid.add(i, a.x, a.y, a.dx, a.dy, level);
    }
    return zoom;
}

std::vector<std::uint32_t> stableOrder(std::span<const std::uint64_t> keys) {
    const std::size_t n = keys.size();
    std::vector<std::uint32_t> order(n), other(n);
    for (std::uint32_t i = 0; i < n; ++i) order[i] = i;
    std::uint64_t all = ~std::uint64_t(0), any = 0;  // bits set in every key, in some key
    for (const std::uint64_t k : keys) all &= k, any |= k;
    const std::uint64_t varying = any & ~all;
    for (int shift = 0; shift < 64; shift += 8) {
        if (((varying >> shift) & 0xFF) == 0) continue;
        std::size_t count[257] = {};
        for (const std::uint64_t k : keys) ++count[((k >> shift) & 0xFF) + 1];
        for (int b = 0; b < 256; ++b) count[b + 1] += count[b];
        for (const std::uint32_t i : order) other[count[(keys[i] >> shift) & 0xFF]++] = i;
        order.swap(other);
    }
    return order;
}

std::uint32_t orderedBits(float value) {
    if (std::isnan(value)) return 0xFFFFFFFFu;
    if (value == 0) value = 0;  // −0 → +0
    const auto bits = std::bit_cast<std::uint32_t>(value);
    return (bits & 0x80000000u) ? ~bits : bits | 0x80000000u;
}

}  // namespace embedscope::detail
