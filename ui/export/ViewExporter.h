#pragma once
// File › Export view: the picture as PNG at any size (VTK renders it, tiled, at the next whole
// multiple of the view's resolution, then it is scaled to the exact size), or as vector SVG or PDF
// painted from the same scene with QPainter (points as circles, the overlay's axes, labels,
// cluster names and legend as vectors and text). The view is captured on the GUI thread; scaling,
// encoding and writing run as a job, saved atomically (the old file stays intact on failure).
#include <QImage>
#include <QObject>
#include <QSize>
#include <QString>
#include <memory>

namespace embedscope::ui {

class JobRunner;
class ScatterView;
struct ViewPicture;

enum class PictureFormat { Png, Svg, Pdf };

class ViewExporter : public QObject {
    Q_OBJECT
public:
    explicit ViewExporter(ScatterView* view, QObject* parent = nullptr);

    JobRunner* jobs() const { return m_jobs; }
    /// From the path's extension (png, svg, pdf; anything else: PNG).
    static PictureFormat formatFor(const QString& path);
    /// The largest PNG side this exports (the GPU renders tiles, memory holds the whole image).
    static constexpr int kMaxPixels = 16384;

    /// Exports what the view shows now. size: the image in pixels (PNG), the SVG's width and
    /// height, the PDF page in CSS pixels (1/96 inch). saved() or failed() follows.
    void exportView(const QString& path, QSize size, const QString& title = {});
    /// Writes a captured picture (PNG painted with QPainter when no rendered image is given).
    void write(std::shared_ptr<const ViewPicture> picture, QImage rendered, const QString& path, QSize size);

signals:
    void saved(const QString& path, QSize size);
    void failed(const QString& message);

private:
    ScatterView* m_view;
    JobRunner* m_jobs;
};

}  // namespace embedscope::ui
