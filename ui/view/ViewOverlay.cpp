#include "ViewOverlay.h"

#include <QPainter>
#include <cmath>

#include "ScatterScene.h"

namespace embedscope::ui {

std::vector<double> niceTicks(double lo, double hi, int count) {
    std::vector<double> ticks;
    if (!(hi > lo) || count < 1 || !std::isfinite(lo) || !std::isfinite(hi)) return ticks;
    const double raw = (hi - lo) / count;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    // The round step nearest (in ratio) to the raw one.
    double step = magnitude;
    for (double m : {2.0, 5.0, 10.0})
        if (std::abs(std::log(m * magnitude / raw)) < std::abs(std::log(step / raw))) step = m * magnitude;
    for (double t = std::ceil(lo / step) * step; t <= hi + step * 1e-9; t += step)
        ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);  // no "-0"
    return ticks;
}

void ViewOverlay::paint(QPainter& painter, const ScatterScene& scene, QSize widget) {
    if (!scene.isThreeD() && scene.axesVisible()) paintAxes2D(painter, scene, widget);
    paintTrails(painter, scene, widget);
    paintLink(painter, scene, widget);
    m_labels.paint(painter, scene, widget);
    paintLegend(painter, scene, widget);
}

void ViewOverlay::paintLegend(QPainter& painter, const ScatterScene& scene, QSize widget) const {
    const Legend& legend = scene.legend();
    if (legend.empty()) return;
    const double left = widget.width() - ScatterScene::kLegendWidth + 12, right = widget.width() - 8;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    QFont title = painter.font();
    title.setPixelSize(13);
    title.setBold(true);
    QFont text = title;
    text.setPixelSize(12);
    text.setBold(false);
    const QFontMetricsF tm(title), m(text);
    const QColor ink(40, 40, 40);
    painter.setPen(ink);
    painter.setFont(title);
    double y = 16 + tm.ascent();
    painter.drawText(QPointF(left, y), tm.elidedText(legend.title, Qt::ElideRight, right - left));
    y += 10;
    painter.setFont(text);
    if (legend.continuous) {
        // A vertical ramp, high values on top, with the ends and the middle labelled.
        const double barTop = y, barHeight = std::min(220.0, widget.height() * 0.5), barWidth = 16;
        QLinearGradient ramp(0, barTop + barHeight, 0, barTop);
        const int n = static_cast<int>(legend.colours.size());
        for (int i = 0; i < n; ++i)
            ramp.setColorAt(n > 1 ? double(i) / (n - 1) : 0.0,
                            QColor(legend.colours[i][0], legend.colours[i][1], legend.colours[i][2]));
        painter.setPen(Qt::NoPen);
        painter.setBrush(ramp);
        painter.drawRect(QRectF(left, barTop, barWidth, barHeight));
        painter.setPen(ink);
        for (int i = 0; i <= 4; ++i) {
            const double v = legend.min + (legend.max - legend.min) * i / 4.0;
            const double ly = barTop + barHeight * (1 - i / 4.0);
            painter.drawText(QPointF(left + barWidth + 6, ly + m.ascent() / 2 - 1), QString::number(v, 'g', 3));
        }
    } else {
        const double row = 20, swatch = 12;
        for (int i = 0; i < legend.categories.size() && y + row < widget.height(); ++i) {
            const Rgba& c = legend.colours[static_cast<std::size_t>(i)];
            painter.setPen(Qt::NoPen);
            painter.setBrush(QColor(c[0], c[1], c[2]));
            painter.drawRoundedRect(QRectF(left, y + (row - swatch) / 2, swatch, swatch), 2, 2);
            painter.setPen(ink);
            const double x = left + swatch + 6;
            painter.drawText(QPointF(x, y + row / 2 + m.ascent() / 2 - 1),
                             m.elidedText(legend.categories[i], Qt::ElideRight, right - x));
            y += row;
        }
    }
    painter.restore();
}

void ViewOverlay::paintLink(QPainter& painter, const ScatterScene& scene, QSize widget) const {
    if (!m_link) return;
    const QPointF a = scene.screenPosition(m_link->first, widget), b = scene.screenPosition(m_link->second, widget);
    if (a.x() < 0 || b.x() < 0) return;  // a word is not shown (isolated away)
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setPen(QPen(QColor(40, 40, 40, 200), 1.5, Qt::DashLine));
    painter.drawLine(a, b);
    painter.restore();
}

void ViewOverlay::paintTrails(QPainter& painter, const ScatterScene& scene, QSize widget) const {
    if (m_trails.empty()) return;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setPen(QPen(QColor(60, 60, 60, 110), 1.2));
    painter.setBrush(Qt::NoBrush);
    for (const Trail& t : m_trails) {
        const auto a = scene.screenPositionOf(t.from, widget), b = scene.screenPositionOf(t.to, widget);
        if (!a || !b) continue;
        painter.drawLine(*a, *b);
        // A hollow ring where the word was: the start stays readable while the point moves away.
        painter.drawEllipse(*a, 2.5, 2.5);
    }
    painter.restore();
}

void ViewOverlay::paintAxes2D(QPainter& painter, const ScatterScene& scene, QSize widget) const {
    double range[4];
    if (!scene.visibleRange(widget, range)) return;
    const QRectF plot = scene.plotRect(widget);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false);
    QFont font = painter.font();
    font.setPixelSize(11);
    painter.setFont(font);
    const QFontMetricsF metrics(font);
    const QColor line(179, 179, 179), text(100, 100, 100), title(80, 80, 80);
    const double tick = 5;

    painter.setPen(line);
    painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()));
    painter.drawLine(QPointF(plot.left(), plot.top()), QPointF(plot.left(), plot.bottom()));

    // x along the bottom
    for (double v : niceTicks(range[0], range[1], std::max(2, int(plot.width() / 90)))) {
        const double x = plot.left() + (v - range[0]) / (range[1] - range[0]) * plot.width();
        painter.setPen(line);
        painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + tick));
        painter.setPen(text);
        const QString label = QString::number(v, 'g', 6);
        const double w = metrics.horizontalAdvance(label);
        painter.drawText(QPointF(x - w / 2, plot.bottom() + tick + metrics.ascent() + 1), label);
    }
    // y along the left, increasing upwards
    for (double v : niceTicks(range[2], range[3], std::max(2, int(plot.height() / 70)))) {
        const double y = plot.bottom() - (v - range[2]) / (range[3] - range[2]) * plot.height();
        painter.setPen(line);
        painter.drawLine(QPointF(plot.left() - tick, y), QPointF(plot.left(), y));
        painter.setPen(text);
        const QString label = QString::number(v, 'g', 6);
        const double w = metrics.horizontalAdvance(label);
        painter.drawText(QPointF(plot.left() - tick - 3 - w, y + metrics.ascent() / 2 - 1), label);
    }

    QFont titleFont = font;
    titleFont.setPixelSize(12);
    painter.setFont(titleFont);
    painter.setPen(title);
    const QFontMetricsF tm(titleFont);
    const QString xTitle = scene.axisTitle(0), yTitle = scene.axisTitle(1);
    painter.drawText(QPointF(plot.center().x() - tm.horizontalAdvance(xTitle) / 2, widget.height() - 6), xTitle);
    painter.translate(tm.ascent() + 2, plot.center().y() + tm.horizontalAdvance(yTitle) / 2);
    painter.rotate(-90);
    painter.drawText(QPointF(0, 0), yTitle);
    painter.restore();
}

}  // namespace embedscope::ui
