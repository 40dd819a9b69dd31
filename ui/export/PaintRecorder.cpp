#include "PaintRecorder.h"

#include <QPaintEngine>
#include <QPainter>
#include <QPixmap>
#include <QTextItem>

namespace embedscope::ui {

// Takes every primitive as it comes (all features claimed, so QPainter hands over paths, text,
// gradients and transforms unchanged) and reads the painter's state at each draw.
class PaintRecorder::Engine : public QPaintEngine {
public:
    explicit Engine(PaintRecorder* device) : QPaintEngine(QPaintEngine::AllFeatures), m_device(device) {}
    using QPaintEngine::drawEllipse;
    using QPaintEngine::drawLines;
    using QPaintEngine::drawPolygon;
    using QPaintEngine::drawRects;

    bool begin(QPaintDevice*) override {
        m_clipDirty = true;
        return true;
    }
    bool end() override { return true; }
    Type type() const override { return QPaintEngine::User; }

    void updateState(const QPaintEngineState& state) override {
        if (state.state() & (DirtyClipPath | DirtyClipRegion | DirtyClipEnabled | DirtyTransform)) m_clipDirty = true;
    }

    void drawPath(const QPainterPath& path) override {
        PaintOp op = base(PaintOp::Kind::Path);
        op.path = path;
        m_device->m_ops.push_back(std::move(op));
    }
    void drawPolygon(const QPointF* points, int count, PolygonDrawMode mode) override {
        PaintOp op = base(PaintOp::Kind::Path);
        op.path.addPolygon(QPolygonF(QList<QPointF>(points, points + count)));
        if (mode == PolylineMode) op.brush = Qt::NoBrush;
        else op.path.closeSubpath();
        op.path.setFillRule(mode == OddEvenMode ? Qt::OddEvenFill : Qt::WindingFill);
        m_device->m_ops.push_back(std::move(op));
    }
    void drawRects(const QRectF* rects, int count) override {
        for (int i = 0; i < count; ++i) {
            QPainterPath path;
            path.addRect(rects[i]);
            drawPath(path);
        }
    }
    void drawEllipse(const QRectF& rect) override {
        QPainterPath path;
        path.addEllipse(rect);
        drawPath(path);
    }
    void drawLines(const QLineF* lines, int count) override {
        for (int i = 0; i < count; ++i) {
            PaintOp op = base(PaintOp::Kind::Path);
            op.path.moveTo(lines[i].p1());
            op.path.lineTo(lines[i].p2());
            op.brush = Qt::NoBrush;
            m_device->m_ops.push_back(std::move(op));
        }
    }
    void drawTextItem(const QPointF& at, const QTextItem& item) override {
        PaintOp op = base(PaintOp::Kind::Text);
        op.at = at;
        op.text = item.text();
        op.font = item.font();
        if (op.font.pixelSize() <= 0) op.font.setPixelSize(qRound(op.font.pointSizeF() * m_device->m_dpi / 72.0));
        m_device->m_ops.push_back(std::move(op));
    }
    void drawPixmap(const QRectF& target, const QPixmap& pixmap, const QRectF& source) override {
        drawImage(target, pixmap.toImage(), source, Qt::AutoColor);
    }
    void drawImage(const QRectF& target, const QImage& image, const QRectF& source, Qt::ImageConversionFlags) override {
        PaintOp op = base(PaintOp::Kind::Image);
        op.target = target;
        op.image = source == QRectF(image.rect()) ? image : image.copy(source.toAlignedRect());
        m_device->m_ops.push_back(std::move(op));
    }

private:
    PaintOp base(PaintOp::Kind kind) {
        QPainter* p = painter();
        if (m_clipDirty) {
            m_clipped = p->hasClipping();
            m_clip = m_clipped ? p->combinedTransform().map(p->clipPath()) : QPainterPath();
            m_clipDirty = false;
        }
        PaintOp op;
        op.kind = kind;
        op.transform = p->combinedTransform();
        op.pen = p->pen();
        op.brush = p->brush();
        op.opacity = p->opacity();
        op.antialias = p->testRenderHint(QPainter::Antialiasing);
        op.clipped = m_clipped;
        op.clip = m_clip;
        return op;
    }

    PaintRecorder* m_device;
    bool m_clipDirty = true;
    bool m_clipped = false;
    QPainterPath m_clip;
};

PaintRecorder::PaintRecorder(QSize size, int dpi)
    : m_size(size), m_dpi(dpi > 0 ? dpi : 96), m_engine(std::make_unique<Engine>(this)) {}

PaintRecorder::~PaintRecorder() = default;

QPaintEngine* PaintRecorder::paintEngine() const { return m_engine.get(); }

int PaintRecorder::metric(PaintDeviceMetric metric) const {
    switch (metric) {
        case PdmWidth: return m_size.width();
        case PdmHeight: return m_size.height();
        case PdmWidthMM: return qRound(m_size.width() * 25.4 / m_dpi);
        case PdmHeightMM: return qRound(m_size.height() * 25.4 / m_dpi);
        case PdmNumColors: return 0x7fffffff;
        case PdmDepth: return 32;
        case PdmDpiX:
        case PdmDpiY:
        case PdmPhysicalDpiX:
        case PdmPhysicalDpiY: return m_dpi;
        case PdmDevicePixelRatio: return 1;
        case PdmDevicePixelRatioScaled: return int(QPaintDevice::devicePixelRatioFScale());
    }
    return 0;
}

void PaintRecorder::replay(const std::vector<PaintOp>& ops, QPainter& painter) {
    const QTransform base = painter.transform();
    painter.save();
    for (const PaintOp& op : ops) {
        painter.setTransform(base);
        if (op.clipped) painter.setClipPath(op.clip);
        else painter.setClipping(false);
        painter.setTransform(op.transform * base);
        painter.setOpacity(op.opacity);
        painter.setRenderHint(QPainter::Antialiasing, op.antialias);
        painter.setPen(op.pen);
        switch (op.kind) {
            case PaintOp::Kind::Path:
                painter.setBrush(op.brush);
                painter.drawPath(op.path);
                break;
            case PaintOp::Kind::Text:
                painter.setFont(op.font);
                painter.drawText(op.at, op.text);
                break;
            case PaintOp::Kind::Image:
                painter.drawImage(op.target, op.image);
                break;
        }
    }
    painter.restore();
}

}  // namespace embedscope::ui
