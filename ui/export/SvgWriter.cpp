#include "SvgWriter.h"

#include <QBuffer>
#include <QIODevice>
#include <QLinearGradient>

#include "Progress.h"
#include "ViewPicture.h"

namespace embedscope::ui {

namespace {

QByteArray num(double v) { return QByteArray::number(v, 'g', 6); }

QByteArray colour(const QColor& c) { return c.name(QColor::HexRgb).toLatin1(); }

/// Text as XML character data: markup escaped, and characters XML 1.0 forbids (control
/// characters that a bad label may hold) replaced, so the file always parses.
QByteArray escaped(const QString& text) {
    QString out;
    out.reserve(text.size());
    for (QChar c : text) {
        const char16_t u = c.unicode();
        if (u == '&') out += QLatin1String("&amp;");
        else if (u == '<') out += QLatin1String("&lt;");
        else if (u == '>') out += QLatin1String("&gt;");
        else if (u == '"') out += QLatin1String("&quot;");
        else if ((u < 0x20 && u != '\t' && u != '\n' && u != '\r') || u == 0xFFFE || u == 0xFFFF) out += QChar(0xFFFD);
        else out += c;
    }
    return out.toUtf8();
}

QByteArray pathData(const QPainterPath& path) {
    QByteArray d;
    QPointF start;
    for (int i = 0; i < path.elementCount(); ++i) {
        const QPainterPath::Element e = path.elementAt(i);
        const bool lastOfSubpath = i + 1 == path.elementCount() || path.elementAt(i + 1).isMoveTo();
        if (e.isMoveTo()) start = QPointF(e.x, e.y);
        // A subpath closed back to its start: Z, so that the stroke joins there instead of capping.
        if (e.isLineTo() && lastOfSubpath && QPointF(e.x, e.y) == start) {
            d += 'Z';
            continue;
        }
        switch (e.type) {
            case QPainterPath::MoveToElement: d += 'M'; break;
            case QPainterPath::LineToElement: d += 'L'; break;
            case QPainterPath::CurveToElement: d += 'C'; break;
            case QPainterPath::CurveToDataElement: d += ' '; break;
        }
        d += num(e.x) + ' ' + num(e.y);
    }
    return d;
}

class Writer {
public:
    Writer(QIODevice& device) : m_device(device) {}

    void put(const QByteArray& bytes) {
        m_buffer += bytes;
        if (m_buffer.size() > (1 << 20)) flush();
    }
    void flush() {
        if (!m_buffer.isEmpty() && m_device.write(m_buffer) != m_buffer.size()) m_failed = true;
        m_buffer.clear();
    }
    bool failed() const { return m_failed; }

    void marks(const std::vector<PointMark>& marks, const char* id, Progress& progress) {
        put(QByteArray("<g id=\"") + id + "\" stroke=\"none\">\n");
        for (std::size_t i = 0; i < marks.size(); ++i) {
            const PointMark& m = marks[i];
            put("<circle cx=\"" + num(m.x) + "\" cy=\"" + num(m.y) + "\" r=\"" + num(m.radius) + "\" fill=\"" +
                colour(QColor(m.colour[0], m.colour[1], m.colour[2])) + '"' +
                (m.colour[3] < 255 ? " fill-opacity=\"" + num(m.colour[3] / 255.0) + '"' : QByteArray()) + "/>\n");
            if (i % 8192 == 0) progress.step(double(i) / double(marks.size()));
        }
        put("</g>\n");
    }

    void overlay(const std::vector<PaintOp>& ops) {
        put("<g id=\"overlay\">\n");
        const QPainterPath* clip = nullptr;
        bool open = false;
        for (const PaintOp& op : ops) {
            const QPainterPath* wanted = op.clipped ? &op.clip : nullptr;
            const bool same = (!clip && !wanted) || (clip && wanted && *clip == *wanted);
            if (!same) {
                if (open) put("</g>\n");
                open = false;
                if (wanted) {
                    const QByteArray id = "clip" + QByteArray::number(++m_ids);
                    put("<clipPath id=\"" + id + "\"><path d=\"" + pathData(*wanted) + "\"/></clipPath>\n");
                    put("<g clip-path=\"url(#" + id + ")\">\n");
                    open = true;
                }
                clip = wanted;
            }
            element(op);
        }
        if (open) put("</g>\n");
        put("</g>\n");
    }

private:
    QByteArray common(const PaintOp& op) {
        QByteArray a;
        if (!op.transform.isIdentity()) {
            const QTransform& t = op.transform;
            a += " transform=\"matrix(" + num(t.m11()) + ' ' + num(t.m12()) + ' ' + num(t.m21()) + ' ' + num(t.m22()) +
                 ' ' + num(t.dx()) + ' ' + num(t.dy()) + ")\"";
        }
        if (op.opacity < 1) a += " opacity=\"" + num(op.opacity) + '"';
        if (!op.antialias) a += " shape-rendering=\"crispEdges\"";
        return a;
    }

    QByteArray fill(const QBrush& brush) {
        if (brush.style() == Qt::NoBrush) return " fill=\"none\"";
        if (brush.style() == Qt::LinearGradientPattern) {
            const auto* g = static_cast<const QLinearGradient*>(brush.gradient());
            const QByteArray id = "gradient" + QByteArray::number(++m_ids);
            put("<linearGradient id=\"" + id + "\" gradientUnits=\"userSpaceOnUse\" x1=\"" + num(g->start().x()) +
                "\" y1=\"" + num(g->start().y()) + "\" x2=\"" + num(g->finalStop().x()) + "\" y2=\"" +
                num(g->finalStop().y()) + "\">");
            for (const auto& [at, c] : g->stops())
                put("<stop offset=\"" + num(at) + "\" stop-color=\"" + colour(c) + "\"/>");
            put("</linearGradient>\n");
            return " fill=\"url(#" + id + ")\"";
        }
        QByteArray a = " fill=\"" + colour(brush.color()) + '"';
        if (brush.color().alpha() < 255) a += " fill-opacity=\"" + num(brush.color().alphaF()) + '"';
        return a;
    }

    static QByteArray stroke(const QPen& pen) {
        if (pen.style() == Qt::NoPen) return " stroke=\"none\"";
        const double width = pen.widthF() > 0 ? pen.widthF() : 1;
        QByteArray a = " stroke=\"" + colour(pen.color()) + "\" stroke-width=\"" + num(width) + '"';
        if (pen.color().alpha() < 255) a += " stroke-opacity=\"" + num(pen.color().alphaF()) + '"';
        a += pen.capStyle() == Qt::FlatCap ? " stroke-linecap=\"butt\""
             : pen.capStyle() == Qt::RoundCap ? " stroke-linecap=\"round\"" : " stroke-linecap=\"square\"";
        a += pen.joinStyle() == Qt::RoundJoin ? " stroke-linejoin=\"round\""
             : pen.joinStyle() == Qt::BevelJoin ? " stroke-linejoin=\"bevel\"" : " stroke-linejoin=\"miter\"";
        if (pen.style() != Qt::SolidLine) {
            QByteArray dashes;
            for (qreal d : pen.dashPattern()) dashes += (dashes.isEmpty() ? "" : " ") + num(d * width);
            if (!dashes.isEmpty()) a += " stroke-dasharray=\"" + dashes + '"';
        }
        return a;
    }

    void element(const PaintOp& op) {
        switch (op.kind) {
            case PaintOp::Kind::Path: {
                const QByteArray paint = fill(op.brush) + stroke(op.pen);
                put("<path d=\"" + pathData(op.path) + '"' + paint +
                    (op.path.fillRule() == Qt::OddEvenFill ? " fill-rule=\"evenodd\"" : "") + common(op) + "/>\n");
                break;
            }
            case PaintOp::Kind::Text: {
                const QFont& f = op.font;
                QByteArray a = "<text x=\"" + num(op.at.x()) + "\" y=\"" + num(op.at.y()) + "\" font-family=\"" +
                               escaped(f.family()) + "\" font-size=\"" + num(f.pixelSize()) + '"';
                if (f.bold()) a += " font-weight=\"bold\"";
                if (f.italic()) a += " font-style=\"italic\"";
                a += " fill=\"" + colour(op.pen.color()) + '"';
                if (op.pen.color().alpha() < 255) a += " fill-opacity=\"" + num(op.pen.color().alphaF()) + '"';
                put(a + common(op) + " xml:space=\"preserve\">" + escaped(op.text) + "</text>\n");
                break;
            }
            case PaintOp::Kind::Image: {
                QByteArray png;
                QBuffer buffer(&png);
                buffer.open(QIODevice::WriteOnly);
                op.image.save(&buffer, "PNG");
                put("<image x=\"" + num(op.target.x()) + "\" y=\"" + num(op.target.y()) + "\" width=\"" +
                    num(op.target.width()) + "\" height=\"" + num(op.target.height()) +
                    "\" preserveAspectRatio=\"none\" xlink:href=\"data:image/png;base64," + png.toBase64() + '"' +
                    common(op) + "/>\n");
                break;
            }
        }
    }

    QIODevice& m_device;
    QByteArray m_buffer;
    bool m_failed = false;
    int m_ids = 0;
};

}  // namespace

void writeSvg(const ViewPicture& picture, QIODevice& device, QSize size, Progress& progress) {
    Writer w(device);
    w.put("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\"");
    w.put(" width=\"" + QByteArray::number(size.width()) + "\" height=\"" + QByteArray::number(size.height()) +
          "\" viewBox=\"0 0 " + QByteArray::number(picture.size.width()) + ' ' +
          QByteArray::number(picture.size.height()) + "\">\n");
    if (!picture.title.isEmpty()) w.put("<title>" + escaped(picture.title) + "</title>\n");
    w.put("<rect width=\"100%\" height=\"100%\" fill=\"" + colour(picture.background) + "\"/>\n");
    progress.setStage("writing points");
    w.marks(picture.points, "points", progress);
    w.marks(picture.highlights, "highlights", progress);
    w.overlay(picture.overlay);
    w.put("</svg>\n");
    w.flush();
}

}  // namespace embedscope::ui
