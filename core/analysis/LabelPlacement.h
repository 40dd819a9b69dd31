#pragma once
/// Map-style labels as plain screen geometry: which word labels (and cluster names) to draw at a
/// camera so that no two overlap, higher priority first, and so that zooming in never takes a
/// label away (Been, Daiches & Yap 2006, "Dynamic map labeling", IEEE TVCG 12(5): labels are
/// "consistent" when each one, once shown, stays shown as the scale grows).
///
/// Plain greedy placement at each zoom is not consistent: with A, B, C on a line at 0, 0.6w and
/// 1.05w (w the label width) A hides B and C fits; at 2× B fits and then hides C. So a label's
/// fate is decided for every zoom at once: each candidate gets the zoom at which it appears (its
/// "appearance zoom"), in priority order, as the smallest zoom from which on it overlaps no
/// earlier label that is shown at that zoom. For two boxes of fixed pixel size whose positions
/// scale about any centre, the zooms at which they overlap form one interval, so this zoom is
/// exact: it is the end of the last interval in which an earlier shown label overlaps it.
///
/// Use: build a LabelPlacement from the candidates projected at a reference camera (the screen
/// positions of the points, the measured text boxes, ranks); then every frame call place() with
/// the same candidates projected at the current camera and the zoom relative to the reference.
/// The construction is O(N log Z) with a multi-level hashed occupancy grid (Z the range of
/// zooms in use): about 0.5 s for 100 000 labels on one core of the (busy) development machine,
/// 0.09 s with LabelStyle::maxZoom 4. place() is O(N), under a millisecond for 100 000, and is
/// meant for every frame (tests/benchmarks/label_bench.cpp measures both). When
/// the camera turns (3-D), rebuild: the appearance zooms hold for one camera direction.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace embedscope {

/// A label box on screen, pixels, y down; open (boxes that only touch do not overlap).
struct LabelBox {
    float left = 0, top = 0, right = 0, bottom = 0;
    bool overlaps(const LabelBox& o) const {
        return left < o.right && o.left < right && top < o.bottom && o.top < bottom;
    }
};

/// Where a label's box sits relative to its point: the anchor point is the point moved by
/// (offsetX, offsetY); the box is then placed so that the fraction (alignX, alignY) of it lies on
/// the anchor point (0, 0 = its top-left corner; 0.5, 1 = the middle of its bottom edge).
/// Alignments must lie in [0, 1] (then the overlap of two labels only shrinks as one zooms in).
struct LabelAnchor {
    float alignX = 0.5f;
    float alignY = 1.0f;
    float offsetX = 0;
    float offsetY = -3;

    /// Centred above the point, gap pixels above it (the default: a map's label over its dot).
    static LabelAnchor above(float gap = 3) { return {0.5f, 1.0f, 0, -gap}; }
    static LabelAnchor below(float gap = 3) { return {0.5f, 0.0f, 0, gap}; }
    static LabelAnchor right(float gap = 3) { return {0.0f, 0.5f, gap, 0}; }
    static LabelAnchor left(float gap = 3) { return {1.0f, 0.5f, -gap, 0}; }
    static LabelAnchor centred() { return {0.5f, 0.5f, 0, 0}; }

    LabelBox box(float x, float y, float width, float height) const;
};

/// One point that may get a label.
struct LabelCandidate {
    float x = 0, y = 0;           ///< the point on screen, pixels (non-finite: not on screen)
    float width = 0, height = 0;  ///< the label's text box, pixels (0: nothing to draw)
    /// Distance from the camera in 3-D (smaller = nearer); nearer wins among equal ranks.
    float depth = 0;
    /// Priority, lower first: frequency rank, the order of a chosen column, or the row.
    std::uint32_t rank = 0;
    /// Selected, hovered, searched or a shown neighbour: always drawn (see place()). Only read by
    /// place(); the construction treats every candidate alike.
    bool forced = false;
};

/// A cluster's name, drawn centred on the cluster's centre at overview zoom. It goes before every
/// word label while its cluster is small on screen, and gives way as the cluster spreads.
struct AreaLabel {
    float x = 0, y = 0;           ///< the cluster's centre on screen, pixels
    float width = 0, height = 0;  ///< the name's text box
    /// The cluster's radius on screen, pixels (e.g. the RMS distance of its points to the
    /// centre), at the reference camera: place() scales it by the zoom (and ignores the value
    /// it is given), so fading follows the zoom exactly.
    float spread = 0;
    std::uint32_t rank = 0;  ///< lower first (e.g. larger clusters first)
};

struct LabelStyle {
    LabelAnchor anchor = LabelAnchor::above();  ///< for word labels; area labels are centred
    float padding = 2;                          ///< free pixels kept between any two labels
    /// An area label blocks word labels while its spread is at most fadeStart pixels; from there
    /// to fadeEnd it fades out (drawn dimmed, under the words, and may then overlap them), and
    /// beyond fadeEnd it is not drawn.
    float areaFadeStart = 120;
    float areaFadeEnd = 240;
    /// Labels that would appear only beyond this zoom (relative to the reference) never do. The
    /// result stays consistent; a finite bound makes the construction cheaper (its cost grows
    /// with the number of doublings of zoom in use): e.g. 2–4 for a rebuild on every frame while
    /// a 3-D view turns, infinity (the default) for a 2-D map built once.
    double maxZoom = std::numeric_limits<double>::infinity();
};

struct PlacedLabel {
    std::uint32_t candidate = 0;  ///< index into the candidates
    LabelBox box;                 ///< without padding
    bool forced = false;
    /// A forced label that fits at none of its anchors without overlapping an earlier forced
    /// label: it is placed at the style's anchor, and the front end decides whether to draw it
    /// (MapLabels draws it only for the selected and hovered words).
    bool overlapping = false;
};

struct PlacedArea {
    std::uint32_t area = 0;  ///< index into the area labels
    LabelBox box;
    float opacity = 1;  ///< 1 up to areaFadeStart, falling linearly to 0 at areaFadeEnd
};

struct LabelFrame {
    std::vector<PlacedArea> areas;    ///< draw first
    std::vector<PlacedLabel> labels;  ///< forced ones first, then by candidate index
};

/// The appearance zooms of a set of candidates for one camera direction, and the per-frame
/// choice of labels from them.
class LabelPlacement {
public:
    LabelPlacement() = default;

    /// Computes every appearance zoom from the candidates (and area labels) as projected at the
    /// reference camera. Area labels come before all words, in their rank order; words in
    /// (rank, depth, index) order. A candidate with a non-finite position or a zero width or
    /// height never appears and blocks nothing. Throws Error for a negative or non-finite size
    /// ("label 3 has an invalid size"), an alignment outside [0, 1], or a negative padding.
    LabelPlacement(std::span<const LabelCandidate> candidates, const LabelStyle& style = {},
                   std::span<const AreaLabel> areas = {});

    std::size_t candidateCount() const { return m_wordZoom.size(); }
    std::size_t areaCount() const { return m_areaZoom.size(); }
    const LabelStyle& style() const { return m_style; }

    /// The zoom, relative to the reference, from which on candidate i is shown (forced aside):
    /// 0 = at every zoom, +infinity = never (e.g. it sits on an earlier point).
    float appearanceZoom(std::size_t i) const { return m_wordZoom[i]; }
    /// The same for area label a (shown from there until it fades out).
    float areaAppearanceZoom(std::size_t a) const { return m_areaZoom[a]; }

    /// The labels to draw at the current camera: candidates and areas are the same ones as at
    /// construction (same order, sizes, ranks, depths), projected now (only the forced flags may
    /// differ); zoom is how much the current projection is magnified against the reference one
    /// (> 0): with VTK's parallel projection, reference parallel scale / current parallel scale.
    ///
    /// Points outside [0, viewWidth] × [0, viewHeight] are culled (their labels are not drawn;
    /// a label of a point inside may stick out of the view). Forced labels come first in
    /// (rank, depth, index) order, each at the style's anchor or else the first of right, left,
    /// above, below that overlaps no forced label placed before it (see PlacedLabel::overlapping).
    /// Then area labels shown at this zoom that overlap no forced label, then every candidate
    /// whose appearance zoom is ≤ zoom and whose box overlaps no forced label.
    ///
    /// Guarantees: no two word labels overlap (padding included), unless both are forced and
    /// flagged overlapping; no word label overlaps a forced label or an area label that has not
    /// started fading. Zooming in about any centre with the camera direction unchanged (positions
    /// scaled, sizes unchanged) shows every non-forced label shown before whose point is still
    /// in view, provided the forced labels sit at the same anchors at both zooms (they do when
    /// none of them had to move at the smaller zoom, since overlaps only shrink as one zooms in).
    /// Throws Error when the sizes differ from the construction's or zoom is not positive.
    LabelFrame place(std::span<const LabelCandidate> candidates, double zoom, float viewWidth,
                     float viewHeight, std::span<const AreaLabel> areas = {}) const;

private:
    LabelStyle m_style;
    std::vector<float> m_wordZoom;
    std::vector<float> m_areaZoom;
    std::vector<float> m_areaFade;    ///< the zoom from which each area label stops blocking words
    std::vector<float> m_areaSpread;  ///< each area's spread at the reference camera
};

}  // namespace embedscope
