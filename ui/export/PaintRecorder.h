#pragma once
// Records what QPainter code draws (the view's axes, map labels, cluster names, legend) as a list
// of plain primitives — paths, text runs and images, each with its pen, brush, font, transform and
// clip — so that the very same painting can be replayed onto any QPainter (PDF, a large PNG) or
// written as SVG, later and on another thread. Text stays text (not glyph outlines), so labels are
// searchable and editable in the exported file.
#include <QBrush>
#include <QFont>
#include <QImage>
#include <QPaintDevice>
#include <QPainterPath>
#include <QPen>
#include <QSize>
#include <QString>
#include <QTransform>
#include <memory>
#include <vector>

class QPainter;

namespace embedscope::ui {

struct PaintOp {
    enum class Kind { Path, Text, Image };
    Kind kind = Kind::Path;
    QPainterPath path;  ///< Path: in the op's logical coordinates
    QPointF at;         ///< Text: the baseline's start
    QString text;
    QFont font;         ///< pixel-sized (point sizes are converted at the recorder's DPI)
    QRectF target;      ///< Image
    QImage image;
    QTransform transform;  ///< logical → picture coordinates
    QPen pen;
    QBrush brush;
    qreal opacity = 1;
    bool antialias = true;
    bool clipped = false;
    QPainterPath clip;  ///< in picture coordinates
};

class PaintRecorder : public QPaintDevice {
public:
    /// size: the picture's size in logical pixels; dpi: converts point-sized fonts to pixels as
    /// the screen does (the view's logical DPI).
    PaintRecorder(QSize size, int dpi);
    ~PaintRecorder() override;

    QPaintEngine* paintEngine() const override;
    const std::vector<PaintOp>& ops() const { return m_ops; }
    std::vector<PaintOp> takeOps() { return std::move(m_ops); }

    /// Draws ops onto painter, whose current transform maps picture coordinates to its device.
    static void replay(const std::vector<PaintOp>& ops, QPainter& painter);

protected:
    int metric(PaintDeviceMetric metric) const override;

private:
    class Engine;
    friend class Engine;
    QSize m_size;
    int m_dpi;
    std::unique_ptr<Engine> m_engine;
    std::vector<PaintOp> m_ops;
};

}  // namespace embedscope::ui
