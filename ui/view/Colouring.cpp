#include "Colouring.h"

#include <QObject>
#include <algorithm>
#include <cmath>
#include <numeric>

namespace embedscope::ui {

Rgba categoryColour(int index) {
    // Tableau 20: the strong tone of each hue first, then the light ones.
    static constexpr Rgba palette[20] = {
        {31, 119, 180, 255},  {255, 127, 14, 255},  {44, 160, 44, 255},   {214, 39, 40, 255},
        {148, 103, 189, 255}, {140, 86, 75, 255},   {227, 119, 194, 255}, {127, 127, 127, 255},
        {188, 189, 34, 255},  {23, 190, 207, 255},  {174, 199, 232, 255}, {255, 187, 120, 255},
        {152, 223, 138, 255}, {255, 152, 150, 255}, {197, 176, 213, 255}, {196, 156, 148, 255},
        {247, 182, 210, 255}, {199, 199, 199, 255}, {219, 219, 141, 255}, {158, 218, 229, 255}};
    return palette[static_cast<std::size_t>(index) % 20];
}

Rgba viridis(double t) {
    static constexpr double stops[9][3] = {{68, 1, 84},    {71, 44, 122},  {59, 81, 139},
                                           {44, 113, 142}, {33, 144, 141}, {39, 173, 129},
                                           {92, 200, 99},  {170, 220, 50}, {253, 231, 37}};
    t = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0) * 8;
    const int i = std::min(7, static_cast<int>(t));
    const double f = t - i;
    Rgba out{0, 0, 0, 255};
    for (int c = 0; c < 3; ++c)
        out[c] = static_cast<unsigned char>(std::lround(stops[i][c] * (1 - f) + stops[i + 1][c] * f));
    return out;
}

Colouring colourByFaithfulness(const std::vector<float>& faithfulness, std::size_t pointCount) {
    Colouring out;
    out.colours.assign(pointCount, kMissingColour);
    if (faithfulness.size() != pointCount) return out;
    for (std::size_t i = 0; i < pointCount; ++i) out.colours[i] = viridis(faithfulness[i]);
    out.legend.title = QObject::tr("faithfulness (10-NN kept)");
    out.legend.continuous = true;
    out.legend.min = 0;
    out.legend.max = 1;
    for (int s = 0; s < 64; ++s) out.legend.colours.push_back(viridis(s / 63.0));
    return out;
}

Colouring colourByColumn(const Metadata& metadata, int column, const std::vector<std::size_t>& rows,
                         std::size_t pointCount) {
    if (column < 0 || column >= static_cast<int>(metadata.columnCount())) {
        Colouring out;
        out.colours.assign(pointCount, ScatterScene::kDefaultPoint);
        return out;
    }
    return colourByColumn(metadata.column(static_cast<std::size_t>(column)), rows, pointCount);
}

Colouring colourByColumn(const MetadataColumn& col, const std::vector<std::size_t>& rows, std::size_t pointCount) {
    Colouring out;
    out.colours.assign(pointCount, ScatterScene::kDefaultPoint);
    auto rowOf = [&](std::size_t i) { return rows.empty() ? i : rows[i]; };
    out.legend.title = QString::fromStdString(col.name);

    if (col.type == ColumnType::Categorical) {
        // The most frequent categories get colours; legend order follows first appearance.
        std::vector<std::size_t> counts(col.categories.size(), 0);
        for (int code : col.codes)
            if (code >= 0) ++counts[static_cast<std::size_t>(code)];
        std::vector<int> order(col.categories.size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return counts[a] > counts[b]; });
        const bool fold = static_cast<int>(order.size()) > kMaxCategoryColours;
        std::vector<int> slot(col.categories.size(), -1);
        const int shown = fold ? kMaxCategoryColours - 1 : static_cast<int>(order.size());
        std::vector<int> kept(order.begin(), order.begin() + shown);
        std::sort(kept.begin(), kept.end());
        for (int i = 0; i < shown; ++i) {
            slot[static_cast<std::size_t>(kept[static_cast<std::size_t>(i)])] = i;
            out.legend.categories << QString::fromStdString(col.categories[static_cast<std::size_t>(kept[static_cast<std::size_t>(i)])]);
            out.legend.colours.push_back(categoryColour(i));
        }
        if (fold) {
            out.legend.categories << QObject::tr("other (%L1 categories)").arg(order.size() - static_cast<std::size_t>(shown));
            out.legend.colours.push_back(kMissingColour);
        }
        for (std::size_t i = 0; i < pointCount; ++i) {
            const int code = col.codes[rowOf(i)];
            out.colours[i] = code < 0 ? kMissingColour
                             : slot[static_cast<std::size_t>(code)] < 0 ? kMissingColour
                                 : categoryColour(slot[static_cast<std::size_t>(code)]);
        }
    } else if (col.type == ColumnType::Numeric) {
        double lo = INFINITY, hi = -INFINITY;
        for (std::size_t i = 0; i < pointCount; ++i) {
            const double v = col.numbers[rowOf(i)];
            if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
        }
        if (!(lo <= hi)) lo = 0, hi = 1;
        const double span = hi > lo ? hi - lo : 1;
        for (std::size_t i = 0; i < pointCount; ++i) {
            const double v = col.numbers[rowOf(i)];
            out.colours[i] = std::isfinite(v) ? viridis((v - lo) / span) : kMissingColour;
        }
        out.legend.continuous = true;
        out.legend.min = lo;
        out.legend.max = hi;
        for (int s = 0; s < 64; ++s) out.legend.colours.push_back(viridis(s / 63.0));
    } else {
        out.legend = Legend();
    }
    return out;
}

}  // namespace embedscope::ui
