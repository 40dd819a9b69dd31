#pragma once
// Writes a ViewPicture as SVG 1.1 (Qt's own SVG module is not part of this stack): one <circle>
// per point in <g id="points">, the highlights in <g id="highlights">, and the overlay's recorded
// paint operations in <g id="overlay"> — paths as <path>, text as <text> (searchable, editable),
// linear gradients (the colour bar) as <linearGradient>, clips as <clipPath>.
#include <QSize>

class QIODevice;

namespace embedscope {
class Progress;
}

namespace embedscope::ui {

struct ViewPicture;

/// Writes the picture scaled to size (pixels; the viewBox keeps the view's coordinates).
void writeSvg(const ViewPicture& picture, QIODevice& device, QSize size, Progress& progress);

}  // namespace embedscope::ui
