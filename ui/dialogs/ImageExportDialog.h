#pragma once
// File › Export view…: the format (PNG, SVG, PDF) and the size in pixels, width and height kept in
// the view's proportions, with the multiple of the view's resolution shown. Remembered in the
// settings (export/format, export/width).
#include <QDialog>
#include <QSize>

class QComboBox;
class QLabel;
class QSpinBox;

namespace embedscope::ui {

class AppSettings;

class ImageExportDialog : public QDialog {
    Q_OBJECT
public:
    /// view: the view's size in device pixels (the proportions and the 1× size).
    ImageExportDialog(QSize view, AppSettings* settings, QWidget* parent = nullptr);

    QSize imageSize() const;
    /// "png", "svg" or "pdf".
    QString format() const;
    /// Stores the choice in the settings (called on OK).
    void remember();

private:
    void widthChanged(int width);
    void heightChanged(int height);
    void updateHint();

    QSize m_view;
    AppSettings* m_settings;
    QComboBox* m_format;
    QSpinBox* m_width;
    QSpinBox* m_height;
    QLabel* m_hint;
    bool m_linking = false;
};

}  // namespace embedscope::ui
