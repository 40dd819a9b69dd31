#pragma once
// A ranked bar chart of words along a semantic axis: one horizontal bar per word from the zero
// line (right: toward the axis's positive end, left: toward its negative end), the word and its
// score beside it. Clicking a bar emits barClicked with its index.
#include <QStringList>
#include <QWidget>
#include <vector>

namespace embedscope::ui {

class BiasChart : public QWidget {
    Q_OBJECT
public:
    explicit BiasChart(QWidget* parent = nullptr);

    /// words and scores in display order; lowEnd/highEnd name the axis's ends ("she", "he").
    void setData(QStringList words, std::vector<double> scores, QString lowEnd, QString highEnd);
    int count() const { return static_cast<int>(m_scores.size()); }
    /// Marks one bar (-1: none).
    void setCurrent(int index);
    int current() const { return m_current; }
    /// The bar under a point of the widget, or -1.
    int indexAt(const QPoint& point) const;
    /// The centre of a bar's row (for tests and tooltips).
    QPoint barCentre(int index) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return {200, 80}; }

signals:
    void barClicked(int index);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    int rowHeight() const;
    int headerHeight() const;

    QStringList m_words;
    std::vector<double> m_scores;
    QString m_lowEnd, m_highEnd;
    int m_current = -1;
};

}  // namespace embedscope::ui
