#pragma once
// A small scree chart: one bar per principal component (its share of the variance), the
// cumulative share as a line, and the components on screen marked x/y/z.
#include <QWidget>
#include <vector>

namespace embedscope::ui {

class ScreeChart : public QWidget {
    Q_OBJECT
public:
    explicit ScreeChart(QWidget* parent = nullptr);

    /// ratios: explained variance ratio per component; shown: component indices on x, y[, z].
    void setData(std::vector<double> ratios, std::vector<int> shown);
    const std::vector<double>& ratios() const { return m_ratios; }

    QSize sizeHint() const override { return {260, 130}; }
    QSize minimumSizeHint() const override { return {160, 90}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::vector<double> m_ratios;
    std::vector<int> m_shown;
};

}  // namespace embedscope::ui
