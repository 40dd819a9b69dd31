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
    paintLink(painter, scene, widget);
    m_labels.paint(painter, scene, widget);
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
