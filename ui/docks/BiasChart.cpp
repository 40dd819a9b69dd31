#include "BiasChart.h"

#include <QMouseEvent>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace embedscope::ui {

namespace {
const QColor kHighColour(214, 96, 77);  // the diverging pair of ColorBrewer's RdBu
const QColor kLowColour(67, 147, 195);
}  // namespace

BiasChart::BiasChart(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("biasChart"));
    setToolTip(tr("Each word's cosine with the axis. Click a bar to select the word in the view."));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void BiasChart::setData(QStringList words, std::vector<double> scores, QString lowEnd,
                        QString highEnd) {
    m_words = std::move(words);
    m_scores = std::move(scores);
    m_lowEnd = std::move(lowEnd);
    m_highEnd = std::move(highEnd);
    m_current = -1;
    updateGeometry();
    setMinimumHeight(sizeHint().height());
    update();
}

void BiasChart::setCurrent(int index) {
    m_current = index;
    update();
}

int BiasChart::rowHeight() const {
    return fontMetrics().height() + 3;
}
int BiasChart::headerHeight() const {
    return fontMetrics().height() + 8;
}

QSize BiasChart::sizeHint() const {
    return {260, headerHeight() + std::max(3, count()) * rowHeight() + 4};
}

int BiasChart::indexAt(const QPoint& point) const {
    const int y = point.y() - headerHeight();
    if (y < 0) return -1;
    const int i = y / rowHeight();
    return i < count() ? i : -1;
}

QPoint BiasChart::barCentre(int index) const {
    return {width() / 2, headerHeight() + index * rowHeight() + rowHeight() / 2};
}

void BiasChart::mousePressEvent(QMouseEvent* event) {
    const int i = indexAt(event->position().toPoint());
    if (i < 0) return;
    setCurrent(i);
    emit barClicked(i);
}

void BiasChart::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    const QFontMetrics fm(font());
    if (m_scores.empty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("Pick an axis to rank the words"));
        return;
    }
    int labelWidth = 0;
    for (const QString& w : m_words) labelWidth = std::max(labelWidth, fm.horizontalAdvance(w));
    labelWidth = std::min(labelWidth + 8, width() / 3);
    const int scoreWidth = fm.horizontalAdvance(QStringLiteral("−0.00")) + 4;
    const QRectF plot(labelWidth + scoreWidth, headerHeight(),
                      width() - labelWidth - 2 * scoreWidth - 4, count() * rowHeight());
    double extent = 0;
    for (double s : m_scores) extent = std::max(extent, std::abs(s));
    if (extent <= 0) extent = 1;
    const double zero = plot.center().x();
    const double half = plot.width() / 2;

    // The axis's two ends above the bars.
    p.setPen(palette().color(QPalette::Text));
    const QRectF header(plot.left(), 2, plot.width(), fm.height());
    p.setPen(kLowColour.darker(130));
    p.drawText(header, Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("← ") + m_lowEnd);
    p.setPen(kHighColour.darker(130));
    p.drawText(header, Qt::AlignRight | Qt::AlignVCenter, m_highEnd + QStringLiteral(" →"));

    const int rh = rowHeight();
    for (int i = 0; i < count(); ++i) {
        const double y = plot.top() + i * rh;
        if (i == m_current)
            p.fillRect(QRectF(0, y, width(), rh), palette().highlight().color().lighter(170));
        const double s = m_scores[static_cast<std::size_t>(i)];
        const double length = half * std::abs(s) / extent;
        const QRectF bar(s >= 0 ? zero : zero - length, y + 2, length, rh - 4);
        p.fillRect(bar, s >= 0 ? kHighColour : kLowColour);
        p.setPen(palette().color(QPalette::Text));
        p.drawText(QRectF(0, y, labelWidth - 6, rh), Qt::AlignRight | Qt::AlignVCenter,
                   fm.elidedText(m_words[i], Qt::ElideRight, labelWidth - 6));
        const QString score = QString::number(s, 'f', 2).replace(QLatin1Char('-'), QChar(0x2212));
        const QRectF scoreBox = s >= 0 ? QRectF(bar.right() + 3, y, scoreWidth, rh)
                                       : QRectF(bar.left() - scoreWidth - 3, y, scoreWidth, rh);
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(scoreBox, (s >= 0 ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter, score);
    }
    p.setPen(QPen(palette().color(QPalette::Text), 1));
    p.drawLine(QPointF(zero, plot.top()), QPointF(zero, plot.bottom()));
}

}  // namespace embedscope::ui
