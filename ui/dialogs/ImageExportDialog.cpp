#include "ImageExportDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>
#include <cmath>

#include "AppSettings.h"
#include "export/ViewExporter.h"

namespace embedscope::ui {

ImageExportDialog::ImageExportDialog(QSize view, AppSettings* settings, QWidget* parent)
    : QDialog(parent), m_view(view.isEmpty() ? QSize(800, 600) : view), m_settings(settings),
      m_format(new QComboBox(this)), m_width(new QSpinBox(this)), m_height(new QSpinBox(this)),
      m_hint(new QLabel(this)) {
    setWindowTitle(tr("Export view"));
    setObjectName(QStringLiteral("imageExportDialog"));
    m_format->addItem(tr("PNG image"), QStringLiteral("png"));
    m_format->addItem(tr("SVG vector drawing"), QStringLiteral("svg"));
    m_format->addItem(tr("PDF document (vector)"), QStringLiteral("pdf"));
    m_format->setObjectName(QStringLiteral("format"));
    m_format->setToolTip(tr("PNG: the picture as rendered. SVG and PDF: points, labels, axes and legend as\n"
                            "vectors and text, sharp at any zoom, for papers and slides."));
    for (QSpinBox* box : {m_width, m_height}) {
        box->setRange(16, ViewExporter::kMaxPixels);
        box->setSuffix(tr(" px"));
    }
    m_width->setObjectName(QStringLiteral("width"));
    m_height->setObjectName(QStringLiteral("height"));
    m_width->setToolTip(tr("Width in pixels; the height follows the view's proportions"));
    m_height->setToolTip(tr("Height in pixels; the width follows the view's proportions"));
    auto* form = new QFormLayout(this);
    form->addRow(tr("Format"), m_format);
    form->addRow(tr("Width"), m_width);
    form->addRow(tr("Height"), m_height);
    form->addRow(QString(), m_hint);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        remember();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_width, &QSpinBox::valueChanged, this, &ImageExportDialog::widthChanged);
    connect(m_height, &QSpinBox::valueChanged, this, &ImageExportDialog::heightChanged);

    const int index = m_format->findData(m_settings->value(QStringLiteral("export/format"), QStringLiteral("png")));
    m_format->setCurrentIndex(std::max(0, index));
    m_width->setValue(m_settings->value(QStringLiteral("export/width"), 2 * m_view.width()).toInt());
    widthChanged(m_width->value());
}

QSize ImageExportDialog::imageSize() const { return {m_width->value(), m_height->value()}; }

QString ImageExportDialog::format() const { return m_format->currentData().toString(); }

void ImageExportDialog::remember() {
    m_settings->setValue(QStringLiteral("export/format"), format());
    m_settings->setValue(QStringLiteral("export/width"), m_width->value());
}

void ImageExportDialog::widthChanged(int width) {
    if (m_linking) return;
    m_linking = true;
    m_height->setValue(std::max(1, int(std::lround(double(width) * m_view.height() / m_view.width()))));
    m_linking = false;
    updateHint();
}

void ImageExportDialog::heightChanged(int height) {
    if (m_linking) return;
    m_linking = true;
    m_width->setValue(std::max(1, int(std::lround(double(height) * m_view.width() / m_view.height()))));
    m_linking = false;
    updateHint();
}

void ImageExportDialog::updateHint() {
    m_hint->setText(tr("%1 × the view's %2 × %3 pixels")
                        .arg(QString::number(double(m_width->value()) / m_view.width(), 'g', 3))
                        .arg(m_view.width())
                        .arg(m_view.height()));
}

}  // namespace embedscope::ui
