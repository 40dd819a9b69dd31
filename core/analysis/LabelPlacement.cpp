#include "LabelPlacement.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "../Error.h"
#include "LabelZooms.h"

namespace embedscope {

namespace {

constexpr float kInfF = std::numeric_limits<float>::infinity();

bool validSize(float w, float h) {
    return std::isfinite(w) && std::isfinite(h) && w >= 0 && h >= 0;
}

bool drawable(float x, float y, float w, float h) {
    return std::isfinite(x) && std::isfinite(y) && w > 0 && h > 0;
}

LabelBox inflated(const LabelBox& b, float by) {
    return {b.left - by, b.top - by, b.right + by, b.bottom + by};
}

/// The smallest float not below value (a zoom must not round down, or its label would show
/// where its box still touches another).
float upFloat(double value) {
    const float f = static_cast<float>(value);
    return double(f) < value ? std::nextafter(f, kInfF) : f;
}

std::uint64_t priorityKey(std::uint32_t rank, float depth) {
    return std::uint64_t(rank) << 32 | detail::orderedBits(depth);
}

/// A uniform occupancy grid over the view for the few boxes placed per frame (forced labels,
/// area labels): each box is listed in every cell it touches; cells clamp to the grid, so boxes
/// sticking out of the view share the border cells.
class BoxGrid {
public:
    BoxGrid(float width, float height, float cell)
        : m_cell(std::max(cell, 8.0f)),
          m_cols(std::clamp(int(width / m_cell) + 1, 1, 256)),
          m_rows(std::clamp(int(height / m_cell) + 1, 1, 256)),
          m_cells(std::size_t(m_cols) * std::size_t(m_rows)) {}

    /// Whether box overlaps a listed box (kind filters: 0 any, else only boxes of that kind).
    bool overlaps(const LabelBox& box, int kind = 0) const {
        if (m_boxes.empty()) return false;
        int c0, c1, r0, r1;
        span(box, c0, c1, r0, r1);
        for (int r = r0; r <= r1; ++r)
            for (int c = c0; c <= c1; ++c)
                for (const std::uint32_t b :
                     m_cells[std::size_t(r) * std::size_t(m_cols) + std::size_t(c)])
                    if ((kind == 0 || m_kinds[b] == kind) && m_boxes[b].overlaps(box)) return true;
        return false;
    }

    void add(const LabelBox& box, int kind) {
        int c0, c1, r0, r1;
        span(box, c0, c1, r0, r1);
        const auto id = static_cast<std::uint32_t>(m_boxes.size());
        m_boxes.push_back(box);
        m_kinds.push_back(kind);
        for (int r = r0; r <= r1; ++r)
            for (int c = c0; c <= c1; ++c)
                m_cells[std::size_t(r) * std::size_t(m_cols) + std::size_t(c)].push_back(id);
    }

private:
    int clampCol(float x) const { return std::clamp(int(std::floor(x / m_cell)), 0, m_cols - 1); }
    int clampRow(float y) const { return std::clamp(int(std::floor(y / m_cell)), 0, m_rows - 1); }
    void span(const LabelBox& b, int& c0, int& c1, int& r0, int& r1) const {
        c0 = clampCol(b.left), c1 = clampCol(b.right), r0 = clampRow(b.top),
        r1 = clampRow(b.bottom);
    }

    float m_cell;
    int m_cols, m_rows;
    std::vector<std::vector<std::uint32_t>> m_cells;
    std::vector<LabelBox> m_boxes;
    std::vector<int> m_kinds;
};

constexpr int kForced = 1;

}  // namespace

LabelBox LabelAnchor::box(float x, float y, float width, float height) const {
    const float left = x + offsetX - alignX * width;
    const float top = y + offsetY - alignY * height;
    return {left, top, left + width, top + height};
}

LabelPlacement::LabelPlacement(std::span<const LabelCandidate> candidates, const LabelStyle& style,
                               std::span<const AreaLabel> areas)
    : m_style(style) {
    const LabelAnchor& anchor = style.anchor;
    if (!(anchor.alignX >= 0 && anchor.alignX <= 1 && anchor.alignY >= 0 && anchor.alignY <= 1))
        throw Error("label alignments must lie between 0 and 1");
    if (!std::isfinite(anchor.offsetX) || !std::isfinite(anchor.offsetY))
        throw Error("label offsets must be finite");
    if (!(style.padding >= 0) || !std::isfinite(style.padding))
        throw Error("label padding must be 0 or more");
    if (!(style.maxZoom > 0)) throw Error("the largest zoom for labels must be positive");
    if (!(style.areaFadeStart >= 0 && style.areaFadeEnd >= style.areaFadeStart))
        throw Error("area labels must start fading (" + std::to_string(style.areaFadeStart) +
                    ") at 0 or more and before they end (" + std::to_string(style.areaFadeEnd) +
                    ")");

    std::vector<detail::ZoomItem> items;
    std::vector<std::int64_t> owner;  // item → area a as −1 − a, or candidate index
    std::vector<std::uint64_t> keys;
    const double pad = style.padding / 2.0;
    for (std::size_t a = 0; a < areas.size(); ++a) {
        const AreaLabel& l = areas[a];
        if (!validSize(l.width, l.height) || !(l.spread >= 0) || !std::isfinite(l.spread))
            throw Error("area label " + std::to_string(a + 1) + " has an invalid size or spread");
        keys.push_back(l.rank);
    }
    for (const std::uint32_t a : detail::stableOrder(keys)) {
        const AreaLabel& l = areas[a];
        if (!drawable(l.x, l.y, l.width, l.height)) continue;
        const double fade = l.spread > 0 ? style.areaFadeStart / double(l.spread)
                                         : std::numeric_limits<double>::infinity();
        items.push_back({l.x, l.y, 0, 0, l.width / 2.0 + pad, l.height / 2.0 + pad, fade});
        owner.push_back(-1 - std::int64_t(a));
    }
    keys.clear();
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const LabelCandidate& c = candidates[i];
        if (!validSize(c.width, c.height))
            throw Error("label " + std::to_string(i + 1) + " has an invalid size");
        keys.push_back(priorityKey(c.rank, c.depth));
    }
    for (const std::uint32_t i : detail::stableOrder(keys)) {
        const LabelCandidate& c = candidates[i];
        if (!drawable(c.x, c.y, c.width, c.height)) continue;
        items.push_back({c.x, c.y, anchor.offsetX + (0.5 - anchor.alignX) * c.width,
                         anchor.offsetY + (0.5 - anchor.alignY) * c.height, c.width / 2.0 + pad,
                         c.height / 2.0 + pad, std::numeric_limits<double>::infinity()});
        owner.push_back(std::int64_t(i));
    }

    const std::vector<double> zoom = detail::appearanceZooms(items, style.maxZoom);
    m_wordZoom.assign(candidates.size(), kInfF);
    m_areaZoom.assign(areas.size(), kInfF);
    m_areaFade.assign(areas.size(), kInfF);
    m_areaSpread.resize(areas.size());
    for (std::size_t a = 0; a < areas.size(); ++a) m_areaSpread[a] = areas[a].spread;
    for (std::size_t k = 0; k < items.size(); ++k) {
        if (owner[k] >= 0) {
            m_wordZoom[std::size_t(owner[k])] = upFloat(zoom[k]);
        } else {
            const auto a = std::size_t(-1 - owner[k]);
            m_areaZoom[a] = upFloat(zoom[k]);
            m_areaFade[a] = static_cast<float>(items[k].fadeZoom);
        }
    }
}

LabelFrame LabelPlacement::place(std::span<const LabelCandidate> candidates, double zoom,
                                 float viewWidth, float viewHeight,
                                 std::span<const AreaLabel> areas) const {
    if (candidates.size() != m_wordZoom.size() || areas.size() != m_areaZoom.size())
        throw Error("the labels to place (" + std::to_string(candidates.size()) + " and " +
                    std::to_string(areas.size()) + " areas) are not the ones prepared (" +
                    std::to_string(m_wordZoom.size()) + " and " +
                    std::to_string(m_areaZoom.size()) + ")");
    if (!(zoom > 0) || !std::isfinite(zoom)) throw Error("the zoom must be positive");
    const auto inView = [&](float x, float y) {
        return x >= 0 && x <= viewWidth && y >= 0 && y <= viewHeight;  // false for NaN
    };
    const float pad = m_style.padding / 2;
    LabelFrame frame;

    std::vector<std::uint32_t> forced;
    float largest = 0;
    for (std::uint32_t i = 0; i < candidates.size(); ++i) {
        const LabelCandidate& c = candidates[i];
        if (c.forced && drawable(c.x, c.y, c.width, c.height) && inView(c.x, c.y)) {
            forced.push_back(i);
            largest = std::max({largest, c.width, c.height});
        }
    }
    for (const AreaLabel& a : areas) largest = std::max({largest, a.width, a.height});
    std::sort(forced.begin(), forced.end(), [&](std::uint32_t a, std::uint32_t b) {
        const auto ka = priorityKey(candidates[a].rank, candidates[a].depth);
        const auto kb = priorityKey(candidates[b].rank, candidates[b].depth);
        return ka != kb ? ka < kb : a < b;
    });
    BoxGrid grid(viewWidth, viewHeight, largest + 2 * pad);

    const LabelAnchor& primary = m_style.anchor;
    const float gap = std::max(std::abs(primary.offsetX), std::abs(primary.offsetY));
    std::vector<LabelAnchor> anchors{primary};
    for (const LabelAnchor& a : {LabelAnchor::right(gap), LabelAnchor::left(gap),
                                 LabelAnchor::above(gap), LabelAnchor::below(gap)})
        if (a.alignX != primary.alignX || a.alignY != primary.alignY) anchors.push_back(a);
    for (const std::uint32_t i : forced) {
        const LabelCandidate& c = candidates[i];
        PlacedLabel placed{i, primary.box(c.x, c.y, c.width, c.height), true, true};
        for (const LabelAnchor& a : anchors) {
            const LabelBox box = a.box(c.x, c.y, c.width, c.height);
            if (!grid.overlaps(inflated(box, pad))) {
                placed.box = box, placed.overlapping = false;
                break;
            }
        }
        grid.add(inflated(placed.box, pad), kForced);
        frame.labels.push_back(placed);
    }

    const float span = m_style.areaFadeEnd - m_style.areaFadeStart;
    for (std::uint32_t a = 0; a < areas.size(); ++a) {
        const AreaLabel& l = areas[a];
        // Opaque while the construction counted it as blocking words; then by its spread now,
        // which grows with the zoom.
        float opacity = 1;
        if (!(zoom < m_areaFade[a])) {
            const double spread = double(m_areaSpread[a]) * zoom;
            opacity = span > 0 ? float(std::clamp((m_style.areaFadeEnd - spread) / span, 0.0, 1.0))
                               : 0.0f;
        }
        if (!(opacity > 0) || !(zoom >= m_areaZoom[a]) || !inView(l.x, l.y)) continue;
        const LabelBox box = LabelAnchor::centred().box(l.x, l.y, l.width, l.height);
        if (grid.overlaps(inflated(box, pad), kForced)) continue;
        frame.areas.push_back({a, box, opacity});
    }

    for (std::uint32_t i = 0; i < candidates.size(); ++i) {
        const LabelCandidate& c = candidates[i];
        if (c.forced || !(zoom >= m_wordZoom[i]) || !inView(c.x, c.y)) continue;
        const LabelBox box = primary.box(c.x, c.y, c.width, c.height);
        if (!forced.empty() && grid.overlaps(inflated(box, pad), kForced)) continue;
        frame.labels.push_back({i, box, false, false});
    }
    return frame;
}

}  // namespace embedscope
