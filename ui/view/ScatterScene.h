#pragma once
// The VTK pipeline of the scatter view: one polydata for all points with a colour array,
// highlight and label actors in an overlay layer, a legend, axes. No per-point actors.
// Points carry the data set row they show, so an isolated subset still answers in rows.
#include <QPoint>
#include <QRectF>
#include <QRect>
#include <QSize>
#include <QString>
#include <QStringList>
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>
#include <vtkSmartPointer.h>

class vtkActor;
class vtkActor2D;
class vtkCubeAxesActor;
class vtkFloatArray;
class vtkPolyData;
class vtkRenderWindow;
class vtkRenderer;
class vtkStringArray;
class vtkUnsignedCharArray;

namespace embedscope::ui {

using Rgba = std::array<unsigned char, 4>;

/// What the legend shows: nothing, categories with their colours, or a continuous ramp.
struct Legend {
    QString title;
    QStringList categories;       ///< categorical: names ("other" last when folded)
    std::vector<Rgba> colours;    ///< categorical: one per name; continuous: the ramp's stops
    double min = 0, max = 1;      ///< continuous range
    bool continuous = false;
    bool empty() const { return categories.isEmpty() && !continuous; }
};

/// A point as a vector export draws it: a filled circle in widget pixels.
struct PointMark {
    float x, y, radius;
    Rgba colour;
};

/// Points drawn on top of the rest (all in data set rows).
struct Highlights {
    long long selected = -1;
    long long hovered = -1;
    std::vector<std::size_t> neighbours;
    std::vector<std::size_t> matches;
    std::vector<std::size_t> marked;  ///< e.g. false neighbours: a warning colour
    bool any() const { return selected >= 0 || !neighbours.empty() || !matches.empty(); }
};

class ScatterScene {
public:
    ScatterScene();
    ~ScatterScene();

    void attach(vtkRenderWindow* window);
    vtkRenderer* renderer() const;

    /// Replaces the points: xyz is M × 3 row-major (z = 0 for 2-D layouts), rows[i] the data set
    /// row point i shows (empty: point i is row i). The camera is reset unless keepCamera.
    void setPoints(const std::vector<float>& xyz, std::vector<std::size_t> rows, bool keepCamera);
    /// Moves the same points (t-SNE frames): positions updated in place, camera kept.
    void updatePositions(const std::vector<float>& xyz);
    std::size_t pointCount() const { return m_rows.size(); }
    const std::vector<std::size_t>& rows() const { return m_rows; }
    /// The point showing a data set row, or -1.
    long long pointOfRow(std::size_t row) const;
    /// Changes with every setPoints (not with updatePositions): for caches of row-order work.
    std::uint64_t pointsVersion() const { return m_pointsVersion; }

    /// One colour per point (same order as setPoints).
    void setColours(std::vector<Rgba> colours);
    /// The legend, painted by ViewOverlay in a strip of its own right of the plot.
    void setLegend(const Legend& legend);
    const Legend& legend() const { return m_legend; }
    void setPointSize(double pixels);
    void setOpacity(double opacity);
    void setDevicePixelRatio(double dpr);
    void setHighlights(const Highlights& highlights);
    void setAxisTitles(const QString& x, const QString& y, const QString& z);
    /// The axes with ticks (a scale hint); on by default.
    void setAxesVisible(bool visible);

    void setThreeD(bool threeD);
    bool isThreeD() const { return m_threeD; }
    /// The widget's size in logical pixels, before each render: lays out the plot area, the
    /// margins of the 2-D axes and the legend's own strip.
    void setViewportSize(QSize widget);
    /// Where the points are drawn inside a widget of this size (logical pixels).
    QRectF plotRect(QSize widget) const;
    /// 2-D: the world coordinates visible in the plot area, {x0, x1, y0, y1}; false in 3-D.
    bool visibleRange(QSize widget, double range[4]) const;
    /// A point as drawn: its index (in setPoints order), widget pixels, depth in [-1, 1].
    struct ScreenPoint {
        std::uint32_t point;
        float x, y, depth;
    };
    /// Every point in front of the camera and inside the plot area, as drawn in a widget of
    /// this size (for label placement).
    void screenPoints(QSize widget, std::vector<ScreenPoint>& out) const;
    /// x, y (widget pixels) and depth of every point, 3 floats a point in setPoints order; x is
    /// NaN for points behind the camera or clipped.
    void projectAll(QSize widget, std::vector<float>& xyDepth) const;
    /// The same for some points only (3 floats each, in the order given): per-frame work that
    /// must not grow with the number of points.
    void projectPoints(QSize widget, std::span<const std::uint32_t> points, std::vector<float>& xyDepth) const;
    /// What the view shows, as circles for a vector export: every point inside the plot area, far
    /// ones first (painter's order), in the colours drawn; then the highlights (search matches,
    /// marked, neighbours, selected), each a dark rim and a fill. The hovered point is left out.
    void pointMarks(QSize widget, std::vector<PointMark>& points, std::vector<PointMark>& highlights) const;
    /// The camera's position, focal point, view-up and parallel scale (for caches).
    std::array<double, 10> cameraState() const;
    /// Puts the camera where cameraState() found it (a saved workspace or bookmark).
    void setCameraState(const std::array<double, 10>& state);
    QString axisTitle(int axis) const { return m_axisTitles[axis]; }
    bool axesVisible() const { return m_axesVisible && !m_rows.empty(); }
    static constexpr double kLegendWidth = 150;
    void resetCamera();
    /// Fits the points in view keeping the viewing direction (for layouts that grow).
    void fitCamera();
    /// Above this many points, camera moves draw a subsample (full set when the camera stops).
    void setSubsampleThreshold(std::size_t points) { m_subsampleThreshold = points; }
    void setInteracting(bool interacting);
    bool isSubsampling() const;
    /// The points drawn while the camera moves (indices in setPoints order, increasing): a seeded
    /// random sample of kSubsamplePoints, the same for every frame and every t-SNE step.
    const std::vector<std::uint32_t>& subsample() const { return m_subsample; }
    static constexpr std::size_t kSubsamplePoints = 50'000;

    /// The row of the point drawn nearest to a widget position within radius pixels, or -1
    /// (among points within a pixel of the nearest distance, the one nearest the viewer).
    /// Answered by a grid over the projected points (core ScreenIndex), built on the first query
    /// after the camera, the widget or the positions change.
    long long rowNear(QPoint pos, QSize widget, double radius) const;
    /// Rows of the points drawn inside a widget rectangle, increasing.
    std::vector<std::size_t> rowsInRect(QRect rect, QSize widget) const;
    /// Where a position in the layout's coordinates is drawn, in widget pixels; nothing when it
    /// is behind the camera or clipped.
    std::optional<QPointF> screenPositionOf(const std::array<float, 3>& xyz, QSize widget) const;
    /// Where a row's point is drawn, in widget pixels; (-1, -1) when not shown.
    QPointF screenPosition(std::size_t row, QSize widget) const;

    static constexpr Rgba kBackground{255, 255, 255, 255};
    static constexpr Rgba kDefaultPoint{31, 119, 180, 255};

private:
    /// Pixels kept free around the 3-D axes' box for its tick labels and titles.
    static constexpr double kAxesMargin3d = 80;
    /// 3-D: centres the axes' box (bounds b) in the view and backs off until it and
    /// kAxesMargin3d fit.
    void makeRoomForAxes(const double b[6]);
    /// The plot rectangle of the current widget size (800 x 600 before the first resize).
    QRectF currentPlot() const { return plotRect(m_widget.isEmpty() ? QSize(800, 600) : m_widget); }
    void refreshColours();
    void refreshHighlights();
    void refreshAxes();
    void setCellsFor(vtkPolyData* poly, std::size_t count, const std::uint32_t* ids = nullptr);
    void chooseSubsample();
    void layoutViewports();
    struct Projector;
    Projector projector(QSize widget) const;
    template <typename F>
    void forEachScreenPoint(QSize widget, F&& f) const;
    struct PickCache;
    const PickCache& pickCache(QSize widget) const;

    vtkSmartPointer<vtkRenderer> m_frame, m_renderer, m_overlay;
    vtkSmartPointer<vtkPolyData> m_full, m_sparse;
    vtkSmartPointer<vtkActor> m_fullActor, m_sparseActor;
    vtkSmartPointer<vtkFloatArray> m_positions;
    vtkSmartPointer<vtkUnsignedCharArray> m_colourArray;
    struct Layer;  // one highlight kind: polydata + actor
    std::vector<std::unique_ptr<Layer>> m_layers;
    vtkSmartPointer<vtkCubeAxesActor> m_axes;

    std::vector<std::size_t> m_rows;
    std::vector<std::uint32_t> m_subsample;
    std::uint64_t m_positionsVersion = 0, m_pointsVersion = 0;
    mutable std::unique_ptr<PickCache> m_pick;
    std::vector<long long> m_pointOfRow;  // row → point, -1 when not shown
    std::vector<Rgba> m_colours;
    Highlights m_highlights;
    double m_pointSize = 4, m_dpr = 1, m_opacity = 1;
    bool m_threeD = true;
    bool m_interacting = false;
    bool m_axesVisible = true;
    bool m_legendVisible = false;
    Legend m_legend;
    QSize m_widget;
    QString m_axisTitles[3];
    std::size_t m_subsampleThreshold = 200'000;
};

}  // namespace embedscope::ui
