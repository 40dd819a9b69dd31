#include "ViewPicture.h"

#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <algorithm>
#include <QPdfWriter>

#include "Progress.h"
#include "view/ScatterView.h"

namespace embedscope::ui {

ViewPicture captureView(ScatterView& view, const QString& title) {
    ViewPicture picture;
    picture.size = view.size();
    picture.title = title;
    const Rgba& bg = ScatterScene::kBackground;
    picture.background = QColor(bg[0], bg[1], bg[2]);
    view.scene().pointMarks(picture.size, picture.points, picture.highlights);
    PaintRecorder recorder(picture.size, view.logicalDpiY());
    {
        QPainter painter(&recorder);
        painter.setFont(view.font());
        painter.setRenderHint(QPainter::TextAntialiasing);
        view.overlay().paint(painter, view.scene(), picture.size);
    }
    picture.overlay = recorder.takeOps();
    return picture;
}

namespace {
void paintMarks(const std::vector<PointMark>& marks, QPainter& painter, Progress& progress) {
    painter.setPen(Qt::NoPen);
    for (std::size_t i = 0; i < marks.size(); ++i) {
        const PointMark& m = marks[i];
        painter.setBrush(QColor(m.colour[0], m.colour[1], m.colour[2], m.colour[3]));
        painter.drawEllipse(QPointF(m.x, m.y), m.radius, m.radius);
        if (i % 8192 == 0) progress.step(double(i) / double(marks.size()));
    }
}
}  // namespace

void paintPicture(const ViewPicture& picture, QPainter& painter, Progress& progress) {
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.fillRect(QRectF(QPointF(0, 0), QSizeF(picture.size)), picture.background);
    progress.setStage("drawing points");
    paintMarks(picture.points, painter, progress);
    paintMarks(picture.highlights, painter, progress);
    painter.restore();
    PaintRecorder::replay(picture.overlay, painter);
}

void writePdf(const ViewPicture& picture, QIODevice& device, QSizeF pageSize, Progress& progress) {
    QPdfWriter pdf(&device);
    pdf.setCreator(QStringLiteral("Embedscope"));
    pdf.setTitle(picture.title);
    pdf.setResolution(288);
    pdf.setPageLayout(QPageLayout(QPageSize(pageSize, QPageSize::Point, QString(), QPageSize::ExactMatch),
                                  QPageLayout::Portrait, QMarginsF(0, 0, 0, 0)));
    QPainter painter(&pdf);
    const double scale = std::min(pdf.width() / double(picture.size.width()), pdf.height() / double(picture.size.height()));
    painter.scale(scale, scale);
    paintPicture(picture, painter, progress);
    painter.end();
}

}  // namespace embedscope::ui
