#include "MapLabels.h"

#include <QFontMetricsF>
#include <QPainter>
#include <algorithm>
#include <cmath>
#include <numeric>

#include "ScatterScene.h"
#include "io/Dataset.h"

namespace embedscope::ui {

namespace {
constexpr float kPadX = 3, kPadY = 1;
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
}  // namespace

MapLabels::MapLabels() { setSettings(m_settings); }
MapLabels::~MapLabels() = default;

void MapLabels::setDataset(std::shared_ptr<const Dataset> dataset) {
    m_dataset = std::move(dataset);
    m_width.assign(m_dataset ? m_dataset->embedding.rows() : 0, -1.0f);
    m_clusters = {};
    m_forced = {};
    m_dirty = true;
}

void MapLabels::setSettings(const LabelSettings& settings) {
    if (settings.fontSize != m_settings.fontSize || settings.column != m_settings.column || m_height == 0)
        std::fill(m_width.begin(), m_width.end(), -1.0f);
    m_settings = settings;
    m_font = QFont();
    m_font.setPixelSize(std::max(6, settings.fontSize));
    m_boldFont = m_font;
    m_boldFont.setBold(true);
    m_areaFont = m_font;
    m_areaFont.setPixelSize(std::max(8, settings.fontSize + 3));
    m_areaFont.setBold(true);
    m_height = static_cast<float>(QFontMetricsF(m_font).height()) + 2 * kPadY;
    m_dirty = true;
}

void MapLabels::setMoving(bool moving) {
    if (moving == m_moving) return;
    m_moving = moving;
    m_dirty = true;
}

void MapLabels::setForced(const ForcedLabels& forced) {
    if (forced == m_forced) return;
    m_forced = forced;
    m_dirty = true;
}

void MapLabels::setClusters(ClusterNames clusters) {
    m_clusters = std::move(clusters);
    m_dirty = true;
}

QString MapLabels::textOf(std::size_t row) const {
    const int column = m_settings.column;
    if (column >= 0 && static_cast<std::size_t>(column) < m_dataset->metadata.columnCount())
        return QString::fromStdString(m_dataset->metadata.column(static_cast<std::size_t>(column)).cells[row]);
    return QString::fromStdString(m_dataset->embedding.label(row));
}

float MapLabels::widthOf(std::size_t row) {
    // Measured once per row and font: text metrics are the costly part of a first frame.
    if (m_width[row] < 0) {
        const QString text = textOf(row);
        m_width[row] = text.isEmpty() ? 0.0f : static_cast<float>(QFontMetricsF(m_font).horizontalAdvance(text)) + 2 * kPadX;
    }
    return m_width[row];
}

void MapLabels::choosePriority(const ScatterScene& scene) {
    // The highest-priority points: the data set row is the frequency rank of a frequency-ordered
    // file, and the file's order otherwise. Found once per set of points: a turning 3-D camera
    // rebuilds the placement every frame, and that must not cost a pass over a million points.
    if (m_priorityVersion == scene.pointsVersion() && !m_priority.empty()) return;
    const auto& rows = scene.rows();
    std::vector<std::uint32_t> order(rows.size());
    std::iota(order.begin(), order.end(), 0u);
    const std::size_t keep = std::min(order.size(), kMaxCandidates);
    auto byRow = [&](std::uint32_t a, std::uint32_t b) { return rows[a] < rows[b]; };
    if (keep < order.size()) std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(keep), order.end(), byRow);
    order.resize(keep);
    std::sort(order.begin(), order.end(), byRow);
    m_priority = std::move(order);
    m_priorityVersion = scene.pointsVersion();
}

void MapLabels::chooseCandidates(const ScatterScene& scene) {
    const auto& rows = scene.rows();
    m_points.clear();
    // Forced labels first, in their order of importance (that order is their rank).
    std::vector<long long> forced{m_forced.selected, m_forced.hovered};
    forced.insert(forced.end(), m_forced.rows.begin(), m_forced.rows.end());
    std::vector<std::uint32_t> forcedPoints;  // sorted, for the look-ups below
    for (long long row : forced) {
        const long long p = row >= 0 ? scene.pointOfRow(static_cast<std::size_t>(row)) : -1;
        if (p < 0) continue;
        const auto at = std::lower_bound(forcedPoints.begin(), forcedPoints.end(), static_cast<std::uint32_t>(p));
        if (at != forcedPoints.end() && *at == p) continue;
        forcedPoints.insert(at, static_cast<std::uint32_t>(p));
        m_points.push_back(static_cast<std::uint32_t>(p));
    }
    const std::size_t forcedCount = m_points.size();
    if (m_settings.mode == LabelMode::Map) {
        choosePriority(scene);
        const std::size_t keep = std::min(m_priority.size(), m_moving ? kMaxMovingCandidates : kMaxCandidates);
        for (std::size_t k = 0; k < keep; ++k)
            if (!std::binary_search(forcedPoints.begin(), forcedPoints.end(), m_priority[k])) m_points.push_back(m_priority[k]);
    }
    m_candidates.assign(m_points.size(), {});
    m_candidateRows.resize(m_points.size());
    for (std::size_t i = 0; i < m_points.size(); ++i) {
        LabelCandidate& c = m_candidates[i];
        const std::size_t row = rows[m_points[i]];
        m_candidateRows[i] = row;
        c.width = widthOf(row);
        c.height = m_height;
        c.forced = i < forcedCount;
        c.rank = c.forced ? static_cast<std::uint32_t>(i) : static_cast<std::uint32_t>(forcedCount + row);
    }
}

void MapLabels::project(const ScatterScene& scene, QSize widget, const QRectF& plot) {
    scene.projectPoints(widget, m_points, m_projected);
    for (std::size_t i = 0; i < m_points.size(); ++i) {
        const float* p = &m_projected[3 * i];
        LabelCandidate& c = m_candidates[i];
        const bool shown = std::isfinite(p[0]);
        c.x = shown ? p[0] - static_cast<float>(plot.left()) : kNaN;
        c.y = shown ? p[1] - static_cast<float>(plot.top()) : kNaN;
        c.depth = shown ? p[2] : 0.0f;
    }
}

void MapLabels::projectAreas(const ScatterScene& scene, QSize widget, const QRectF& plot) {
    m_areas.clear();
    m_areaCluster.clear();
    if (m_clusters.empty() || m_settings.mode != LabelMode::Map) return;
    const auto& rows = scene.rows();
    const std::size_t k = static_cast<std::size_t>(m_clusters.names.size());
    std::vector<double> sx(k), sy(k), sxx(k), count(k);
    // Centres and spreads from the scene's random subsample (every point up to its size): a
    // cluster's mean over 50 000 random points is within a fraction of a pixel of the full one,
    // and the cost per frame stays the same at a million points.
    const auto& sample = scene.subsample();
    scene.projectPoints(widget, sample, m_areaProjected);
    for (std::size_t s = 0; s < sample.size(); ++s) {
        const std::size_t i = sample[s];
        const float* p = &m_areaProjected[3 * s];
        if (!std::isfinite(p[0]) || rows[i] >= m_clusters.clusterOfRow.size()) continue;
        const int c = m_clusters.clusterOfRow[rows[i]];
        if (c < 0 || static_cast<std::size_t>(c) >= k) continue;
        sx[c] += p[0];
        sy[c] += p[1];
        sxx[c] += double(p[0]) * p[0] + double(p[1]) * p[1];
        count[c] += 1;
    }
    const QFontMetricsF metrics(m_areaFont);
    for (std::size_t c = 0; c < k; ++c) {
        if (count[c] < 1) continue;
        const double mx = sx[c] / count[c], my = sy[c] / count[c];
        AreaLabel a;
        a.x = static_cast<float>(mx - plot.left());
        a.y = static_cast<float>(my - plot.top());
        a.spread = static_cast<float>(std::sqrt(std::max(0.0, sxx[c] / count[c] - mx * mx - my * my)));
        a.width = static_cast<float>(metrics.horizontalAdvance(m_clusters.names[static_cast<int>(c)])) + 2 * kPadX;
        a.height = static_cast<float>(metrics.height());
        a.rank = static_cast<std::uint32_t>(c);  // clusters come largest first
        m_areas.push_back(a);
        m_areaCluster.push_back(static_cast<int>(c));
    }
}

std::array<double, 11> MapLabels::cameraKey(const ScatterScene& scene, const QRectF& plot) const {
    // 2-D pans and zooms keep the placement (it is computed for every zoom at once); a turn of
    // the 3-D camera or a new plot size needs a new one.
    std::array<double, 11> key{};
    key[0] = plot.width();
    key[1] = plot.height();
    if (scene.isThreeD()) {
        const auto cam = scene.cameraState();
        std::copy(cam.begin(), cam.end(), key.begin() + 1);
        key[1] = plot.width() * 1e6 + plot.height();
    }
    return key;
}

void MapLabels::rebuild(const ScatterScene& scene, QSize widget, const QRectF& plot) {
    chooseCandidates(scene);
    project(scene, widget, plot);
    projectAreas(scene, widget, plot);
    LabelStyle style;
    // Zooms beyond these are resolved when the camera comes to rest (or at the next rebuild).
    style.maxZoom = m_moving ? 4 : 256;
    m_placement = LabelPlacement(m_candidates, style, m_areas);
    m_key = cameraKey(scene, plot);
    m_referenceScale = scene.cameraState()[9];
    m_dirty = false;
}

void MapLabels::paint(QPainter& painter, const ScatterScene& scene, QSize widget) {
    m_drawn.clear();
    m_drawnAreas.clear();
    if (m_settings.mode == LabelMode::None || !m_dataset || scene.pointCount() == 0 ||
        m_width.size() != m_dataset->embedding.rows())
        return;
    const QRectF plot = scene.plotRect(widget);
    if (m_dirty || cameraKey(scene, plot) != m_key) {
        rebuild(scene, widget, plot);
    } else {
        project(scene, widget, plot);
        projectAreas(scene, widget, plot);
    }
    const double scale = scene.cameraState()[9];
    const double zoom = !scene.isThreeD() && scale > 0 ? m_referenceScale / scale : 1.0;
    const LabelFrame frame = m_placement.place(m_candidates, zoom, static_cast<float>(plot.width()),
                                               static_cast<float>(plot.height()), m_areas);
    draw(painter, plot, frame);
}

void MapLabels::draw(QPainter& painter, const QRectF& plot, const LabelFrame& frame) {
    painter.save();
    painter.setClipRect(plot);
    painter.translate(plot.topLeft());
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setFont(m_areaFont);
    for (const PlacedArea& a : frame.areas) {
        const int cluster = m_areaCluster[a.area];
        const auto& c = m_clusters.colours.size() > static_cast<std::size_t>(cluster)
                            ? m_clusters.colours[static_cast<std::size_t>(cluster)]
                            : std::array<unsigned char, 4>{60, 60, 60, 255};
        // The cluster's colour, darkened so the name reads on white.
        const QColor colour(c[0] * 6 / 10, c[1] * 6 / 10, c[2] * 6 / 10);
        const QRectF box(a.box.left, a.box.top, a.box.right - a.box.left, a.box.bottom - a.box.top);
        painter.setOpacity(0.9 * a.opacity);
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(255, 255, 255, 170));
        painter.drawRoundedRect(box, 4, 4);
        painter.setPen(colour);
        painter.drawText(box, Qt::AlignCenter, m_clusters.names[cluster]);
        m_drawnAreas.emplace_back(cluster, box.translated(plot.topLeft()));
    }
    painter.setOpacity(1);
    for (const PlacedLabel& l : frame.labels) {
        const std::size_t row = m_candidateRows[l.candidate];
        const bool selected = l.forced && static_cast<long long>(row) == m_forced.selected;
        // A neighbour's or a match's label with no free place would sit on another one's, and in
        // a dense spot a stack of them reads as none; its point stays marked and the word stays
        // in the lists, and zooming in makes room. The selected and hovered words are always
        // named.
        if (l.overlapping && !selected && static_cast<long long>(row) != m_forced.hovered) continue;
        const QRectF box(l.box.left, l.box.top, l.box.right - l.box.left, l.box.bottom - l.box.top);
        if (l.forced) {
            painter.setPen(selected ? QPen(QColor(255, 115, 0), 1.5) : QPen(QColor(120, 120, 120), 0.8));
            painter.setBrush(QColor(255, 255, 255, 235));
        } else {
            painter.setPen(Qt::NoPen);
            painter.setBrush(QColor(255, 255, 255, 205));
        }
        painter.drawRoundedRect(box, 3, 3);
        painter.setFont(selected ? m_boldFont : m_font);
        painter.setPen(l.forced ? QColor(20, 20, 20) : QColor(50, 50, 50));
        m_drawn.push_back({row, box.translated(plot.topLeft()), l.forced});
        painter.drawText(box, Qt::AlignCenter, textOf(row));
    }
    painter.restore();
}

}  // namespace embedscope::ui
