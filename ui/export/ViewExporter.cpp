#include "ViewExporter.h"

#include <QFileInfo>
#include <QImageWriter>
#include <QPainter>
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "AtomicDevice.h"
#include "Progress.h"
#include "SvgWriter.h"
#include "ViewPicture.h"
#include "jobs/JobRunner.h"
#include "view/ScatterView.h"

namespace embedscope::ui {

ViewExporter::ViewExporter(ScatterView* view, QObject* parent)
    : QObject(parent), m_view(view), m_jobs(new JobRunner(this)) {}

PictureFormat ViewExporter::formatFor(const QString& path) {
    const QString ext = QFileInfo(path).suffix().toLower();
    if (ext == QLatin1String("svg")) return PictureFormat::Svg;
    if (ext == QLatin1String("pdf")) return PictureFormat::Pdf;
    return PictureFormat::Png;
}

void ViewExporter::exportView(const QString& path, QSize size, const QString& title) {
    if (size.width() < 1 || size.height() < 1 || size.width() > kMaxPixels || size.height() > kMaxPixels) {
        emit failed(tr("%1: the size must be 1 to %2 pixels a side, not %3 × %4")
                        .arg(path).arg(kMaxPixels).arg(size.width()).arg(size.height()));
        return;
    }
    auto picture = std::make_shared<ViewPicture>(captureView(*m_view, title));
    QImage rendered;
    if (formatFor(path) == PictureFormat::Png) {
        // VTK renders whole multiples of the view's device pixels; the job scales to the exact size.
        const double device = m_view->width() * m_view->devicePixelRatioF();
        const int scale = std::clamp(int(std::ceil(size.width() / device - 1e-9)), 1, 8);
        rendered = m_view->renderImage(scale);
        if (rendered.isNull()) {
            emit failed(tr("%1: the view could not be rendered").arg(path));
            return;
        }
    }
    write(std::move(picture), std::move(rendered), path, size);
}

void ViewExporter::write(std::shared_ptr<const ViewPicture> picture, QImage rendered, const QString& path, QSize size) {
    const PictureFormat format = formatFor(path);
    m_jobs->start<bool>(
        tr("Exporting %1").arg(QFileInfo(path).fileName()),
        [picture, rendered, path, size, format](Progress& progress) {
            AtomicDevice device;
            if (!device.openFor(path)) throw std::runtime_error(device.error().toStdString());
            if (format == PictureFormat::Svg) {
                writeSvg(*picture, device, size, progress);
            } else if (format == PictureFormat::Pdf) {
                writePdf(*picture, device, QSizeF(size) * 0.75, progress);  // CSS pixels to points
            } else {
                QImage image = rendered;
                if (image.isNull()) {
                    image = QImage(size, QImage::Format_RGB32);
                    QPainter painter(&image);
                    painter.scale(size.width() / double(picture->size.width()), size.height() / double(picture->size.height()));
                    paintPicture(*picture, painter, progress);
                } else if (image.size() != size) {
                    progress.setStage("scaling");
                    image = image.scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
                }
                progress.setStage("encoding PNG");
                QImageWriter writer(&device, "png");
                if (!writer.write(image) && device.error().isEmpty())
                    throw std::runtime_error((path + QStringLiteral(": cannot save: ") + writer.errorString()).toStdString());
            }
            progress.check();
            if (!device.commit()) throw std::runtime_error(device.error().toStdString());
            return true;
        },
        [this, path, size](std::shared_ptr<bool>) { emit saved(path, size); },
        [this](const QString& message) { emit failed(message); });
}

}  // namespace embedscope::ui
