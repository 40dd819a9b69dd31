#pragma once
// Map-style labels over the scatter view: at any camera, as many words as fit without
// overlapping, most frequent first (LabelPlacement in the core decides which), more as one zooms
// in; the selected and hovered words are always named, searched and neighbour words win their
// place over the others (where they would cover one another, only the first is named); cluster
// names at overview zoom give way to words as the clusters spread on screen. Painted with QPainter over
// the VTK picture, on screen and in exported images alike.
#include <QFont>
#include <QRectF>
#include <QSize>
#include <QString>
#include <QStringList>
#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "analysis/LabelPlacement.h"

class QPainter;

namespace embedscope {
struct Dataset;
}

namespace embedscope::ui {

class ScatterScene;

enum class LabelMode { Map, SelectionOnly, None };

struct LabelSettings {
    LabelMode mode = LabelMode::Map;
    int fontSize = 12;  ///< pixels
    int column = -1;    ///< -1: the row's label; else the metadata column shown
    bool operator==(const LabelSettings&) const = default;
};

/// Points that always get their label, most important first (data set rows).
struct ForcedLabels {
    long long selected = -1;
    long long hovered = -1;
    std::vector<std::size_t> rows;  ///< neighbours, a few search matches, ...
    bool operator==(const ForcedLabels&) const = default;
};

/// Clusters to name on the map: each data set row's cluster (-1: none) and each cluster's name.
struct ClusterNames {
    std::vector<int> clusterOfRow;
    QStringList names;
    std::vector<std::array<unsigned char, 4>> colours;
    bool empty() const { return names.isEmpty(); }
};

class MapLabels {
public:
    MapLabels();
    ~MapLabels();

    void setDataset(std::shared_ptr<const Dataset> dataset);
    void setSettings(const LabelSettings& settings);
    const LabelSettings& settings() const { return m_settings; }
    void setForced(const ForcedLabels& forced);
    void setClusters(ClusterNames clusters);
    /// The points moved or changed (a new layout, a t-SNE frame).
    void pointsChanged() { m_dirty = true; }
    /// While the camera turns or t-SNE animates, every frame needs a new placement: fewer
    /// candidates and a bounded zoom range keep it within a frame; at rest, the full placement.
    void setMoving(bool moving);

    void paint(QPainter& painter, const ScatterScene& scene, QSize widget);

    /// What the last paint drew, for tests: data set rows and their boxes in widget pixels.
    struct Drawn {
        std::size_t row;
        QRectF box;
        bool forced;
    };
    const std::vector<Drawn>& lastDrawn() const { return m_drawn; }
    /// Cluster names the last paint drew (cluster index and box).
    const std::vector<std::pair<int, QRectF>>& lastDrawnAreas() const { return m_drawnAreas; }

    /// At most this many of the highest-priority points are candidates (forced ones always are):
    /// at rest, and while moving. The placement's cost grows with them (label_bench: about 30 ms
    /// for 10 000 and 0.5 s for 100 000 on one core), more than screens can show anyway.
    static constexpr std::size_t kMaxCandidates = 40'000;
    static constexpr std::size_t kMaxMovingCandidates = 8'000;

private:
    QString textOf(std::size_t row) const;
    float widthOf(std::size_t row);
    void choosePriority(const ScatterScene& scene);
    void chooseCandidates(const ScatterScene& scene);
    void rebuild(const ScatterScene& scene, QSize widget, const QRectF& plot);
    void project(const ScatterScene& scene, QSize widget, const QRectF& plot);
    void projectAreas(const ScatterScene& scene, QSize widget, const QRectF& plot);
    std::array<double, 11> cameraKey(const ScatterScene& scene, const QRectF& plot) const;
    void draw(QPainter& painter, const QRectF& plot, const LabelFrame& frame);

    std::shared_ptr<const Dataset> m_dataset;
    LabelSettings m_settings;
    ForcedLabels m_forced;
    ClusterNames m_clusters;
    QFont m_font, m_boldFont, m_areaFont;
    std::vector<float> m_width;  // per data set row; < 0 until measured
    float m_height = 0;

    // Candidates: scene point indices, in priority order, and their state this frame.
    std::vector<std::uint32_t> m_points;
    std::vector<std::size_t> m_candidateRows;
    std::vector<LabelCandidate> m_candidates;
    std::vector<AreaLabel> m_areas;
    std::vector<int> m_areaCluster;
    std::vector<std::uint32_t> m_priority;  // the best kMaxCandidates points, by row
    std::uint64_t m_priorityVersion = 0;
    std::vector<float> m_projected;      // x, y, depth per candidate
    std::vector<float> m_areaProjected;  // x, y, depth per point of the scene's subsample
    LabelPlacement m_placement;
    std::array<double, 11> m_key{};
    double m_referenceScale = 1;
    bool m_dirty = true;
    bool m_moving = false;

    std::vector<Drawn> m_drawn;
    std::vector<std::pair<int, QRectF>> m_drawnAreas;
};

}  // namespace embedscope::ui
