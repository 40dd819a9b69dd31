#pragma once
// What the scatter view paints over the VTK picture with QPainter: in 2-D, axes with round tick
// values on two sides (left and bottom) of the plot area; map labels and cluster names; the
// legend in its own strip (swatches with names elided to fit, or a colour ramp); a line between
// two compared words; faint lines along which words move (the debiasing preview). The same painting serves the screen and image export (at any scale).
#include <QSize>
#include <array>
#include <optional>
#include <utility>
#include <vector>

#include "MapLabels.h"

class QPainter;

namespace embedscope::ui {

class ScatterScene;

class ViewOverlay {
public:
    /// Paints on a painter whose coordinates are the widget's logical pixels.
    void paint(QPainter& painter, const ScatterScene& scene, QSize widget);
    MapLabels& labels() { return m_labels; }
    /// A line between two rows' points (the two words compared), or none.
    void setLink(std::optional<std::pair<std::size_t, std::size_t>> rows) { m_link = rows; }
    const std::optional<std::pair<std::size_t, std::size_t>>& link() const { return m_link; }
    /// Faint lines between layout positions (from, to), e.g. where words were and where the
    /// debiasing preview moves them.
    struct Trail {
        std::array<float, 3> from, to;
    };
    void setTrails(std::vector<Trail> trails) { m_trails = std::move(trails); }
    const std::vector<Trail>& trails() const { return m_trails; }

private:
    MapLabels m_labels;
    std::optional<std::pair<std::size_t, std::size_t>> m_link;
    std::vector<Trail> m_trails;
    void paintTrails(QPainter& painter, const ScatterScene& scene, QSize widget) const;
    void paintLink(QPainter& painter, const ScatterScene& scene, QSize widget) const;
    void paintAxes2D(QPainter& painter, const ScatterScene& scene, QSize widget) const;
    void paintLegend(QPainter& painter, const ScatterScene& scene, QSize widget) const;
};

/// Round tick values (1, 2 or 5 × 10^k apart) covering [lo, hi], about `count` of them.
std::vector<double> niceTicks(double lo, double hi, int count);

}  // namespace embedscope::ui
