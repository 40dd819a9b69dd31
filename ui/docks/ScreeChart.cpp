#include "ScreeChart.h"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>

namespace embedscope::ui {

ScreeChart::ScreeChart(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("screeChart"));
    setToolTip(tr("Explained variance per principal component (bars) and cumulative (line).\n"
                  "Marked bars are the components on the axes."));
}

void ScreeChart::setData(std::vector<double> ratios, std::vector<int> shown) {
    m_ratios = std::move(ratios);
    m_shown = std::move(shown);
    update();
}

void ScreeChart::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), palette().base());
    if (m_ratios.empty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("No PCA yet"));
        return;
    }
    const QFontMetrics fm(font());
    const int left = fm.horizontalAdvance(QStringLiteral("100%")) + 6, bottom = fm.height() + 4;
    const QRectF plot(left, 6, width() - left - 6, height() - bottom - 10);
    p.setPen(QColor(200, 200, 200));
    for (int pct : {0, 50, 100}) {
        const double y = plot.bottom() - plot.height() * pct / 100.0;
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        p.setPen(palette().color(QPalette::Text));
        p.drawText(QRectF(0, y - fm.height() / 2.0, left - 4, fm.height()), Qt::AlignRight | Qt::AlignVCenter,
                   QStringLiteral("%1%").arg(pct));
        p.setPen(QColor(200, 200, 200));
    }
    const int n = static_cast<int>(m_ratios.size());
    const double slot = plot.width() / n;
    QPainterPath cumulative;
    double sum = 0;
    for (int i = 0; i < n; ++i) {
        const double h = plot.height() * m_ratios[i];
        const QRectF bar(plot.left() + i * slot + slot * 0.15, plot.bottom() - h, slot * 0.7, h);
        const auto axis = std::find(m_shown.begin(), m_shown.end(), i);
        p.fillRect(bar, axis != m_shown.end() ? QColor(31, 119, 180) : QColor(174, 199, 232));
        p.setPen(palette().color(QPalette::Text));
        const QString name = axis != m_shown.end() ? QString(QChar(u'x' + int(axis - m_shown.begin())))
                                                   : QString::number(i + 1);
        p.drawText(QRectF(plot.left() + i * slot, plot.bottom() + 2, slot, fm.height()), Qt::AlignCenter, name);
        sum += m_ratios[i];
        const QPointF point(plot.left() + (i + 0.5) * slot, plot.bottom() - plot.height() * std::min(1.0, sum));
        if (i == 0) cumulative.moveTo(point);
        else cumulative.lineTo(point);
    }
    p.setPen(QPen(QColor(255, 127, 14), 2));
    p.drawPath(cumulative);
    p.drawText(QRectF(plot.left(), plot.top(), plot.width() - 2, fm.height()), Qt::AlignRight,
               tr("%1% in %2 components").arg(sum * 100, 0, 'f', 1).arg(n));
}

}  // namespace embedscope::ui
