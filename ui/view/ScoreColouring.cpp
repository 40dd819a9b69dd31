#include "ScoreColouring.h"

#include <QString>
#include <algorithm>
#include <cmath>

namespace embedscope::ui {

Rgba redBlue(double t) {
    static constexpr double stops[9][3] = {{33, 102, 172},  {67, 147, 195},  {146, 197, 222},
                                           {209, 229, 240}, {225, 225, 225}, {253, 219, 199},
                                           {244, 165, 130}, {214, 96, 77},   {178, 24, 43}};
    t = (std::clamp(std::isfinite(t) ? t : 0.0, -1.0, 1.0) + 1) * 4;
    const int i = std::min(7, static_cast<int>(t));
    const double f = t - i;
    Rgba out{0, 0, 0, 255};
    for (int c = 0; c < 3; ++c)
        out[c] =
            static_cast<unsigned char>(std::lround(stops[i][c] * (1 - f) + stops[i + 1][c] * f));
    return out;
}

Colouring colourByScore(const MetadataColumn& column, const std::vector<std::size_t>& rows,
                        std::size_t pointCount) {
    Colouring out;
    out.colours.assign(pointCount, kMissingColour);
    const auto valueOf = [&](std::size_t i) { return column.numbers[rows.empty() ? i : rows[i]]; };
    double extent = 0;
    for (std::size_t i = 0; i < pointCount; ++i)
        if (std::isfinite(valueOf(i))) extent = std::max(extent, std::abs(valueOf(i)));
    if (extent <= 0) extent = 1;
    for (std::size_t i = 0; i < pointCount; ++i)
        if (std::isfinite(valueOf(i))) out.colours[i] = redBlue(valueOf(i) / extent);
    out.legend.title = QString::fromStdString(column.name);
    out.legend.continuous = true;
    out.legend.min = -extent;
    out.legend.max = extent;
    for (int s = 0; s < 64; ++s) out.legend.colours.push_back(redBlue(s / 31.5 - 1));
    return out;
}

}  // namespace embedscope::ui
