#pragma once
// The view as a picture that a worker thread can write: the points as circles (in widget
// pixels, far ones first), the highlights, and what the overlay paints (axes, map labels, cluster
// names, legend) recorded as plain paint operations. Captured on the GUI thread in one pass over
// the points; written as SVG, PDF or any QPainter device without touching the view again.
#include <QColor>
#include <QSize>
#include <QString>
#include <vector>

#include "PaintRecorder.h"
#include "view/ScatterScene.h"

class QIODevice;
class QPainter;

namespace embedscope {
class Progress;
}

namespace embedscope::ui {

class ScatterView;

struct ViewPicture {
    QSize size;  ///< the view's size in logical pixels: the picture's coordinate system
    QColor background = Qt::white;
    std::vector<PointMark> points;
    std::vector<PointMark> highlights;
    std::vector<PaintOp> overlay;
    QString title;  ///< document title (the data set's name)
};

/// Captures what view shows now (GUI thread).
ViewPicture captureView(ScatterView& view, const QString& title = {});

/// Paints the picture on painter, whose transform maps picture coordinates to its device.
void paintPicture(const ViewPicture& picture, QPainter& painter, Progress& progress);

/// Writes a PDF page of pageSize points (1/72 inch) holding the whole picture, vectors and text.
void writePdf(const ViewPicture& picture, QIODevice& device, QSizeF pageSize, Progress& progress);

}  // namespace embedscope::ui
