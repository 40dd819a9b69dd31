#pragma once
// Internal to the core: the appearance zooms behind LabelPlacement (see LabelPlacement.h).
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace embedscope::detail {

/// One label box at the reference zoom. At zoom s its centre is (s·x + dx, s·y + dy): the point
/// scales, the box's offset from it and its size do not.
struct ZoomItem {
    double x = 0, y = 0;    ///< the point
    double dx = 0, dy = 0;  ///< the box centre relative to the point
    double hx = 0, hy = 0;  ///< half the box size, half the padding included
    /// From this zoom on the box no longer blocks later ones (an area label that fades out);
    /// +infinity for word labels.
    double fadeZoom = 0;
};

/// Appearance zooms of items given in priority order: item i's is the smallest zoom from which
/// on it overlaps no earlier item shown there (j is shown on [zoom_j, fadeZoom_j)). For each
/// pair the zooms at which the boxes overlap form an open interval (lo, hi), so i must wait for
/// the end min(fadeZoom_j, hi) of every non-empty [zoom_j, fadeZoom_j) ∩ (lo, hi). Found with a
/// hashed grid per power-of-two zoom level: an earlier item is stored at the level of its
/// appearance zoom z, in the cells its box could reach at z, and a later item looks in its own
/// cell at each level. Zooms are rounded up by a relative 1e-5 so a frame projected in float
/// does not see boxes at their exact touching zoom overlap. An item that would appear beyond
/// maxZoom (or 2^40) never does, and so blocks nothing: the result stays consistent, and the
/// search, whose cost grows with the number of zoom levels in use, is cheaper.
std::vector<double> appearanceZooms(std::span<const ZoomItem> items,
                                    double maxZoom = std::numeric_limits<double>::infinity());

/// A stable order of the keys, ascending (LSD radix sort on bytes; bytes that are the same in
/// every key are skipped): ties keep their index order.
std::vector<std::uint32_t> stableOrder(std::span<const std::uint64_t> keys);

/// A float mapped to an unsigned integer of the same order (−0 and +0 equal; NaN last).
std::uint32_t orderedBits(float value);

}  // namespace embedscope::detail
