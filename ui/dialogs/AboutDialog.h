#pragma once
// Help › About: the version and commit, the libraries in use with their versions, and the licences
// of the bundled sample data sets (read from the *.LICENSE files beside them at run time).
#include <QDialog>
#include <QList>
#include <QPair>
#include <QString>

namespace embedscope::ui {

class AboutDialog : public QDialog {
    Q_OBJECT
public:
    /// name → version: Qt and VTK as loaded at run time, Eigen and hnswlib as compiled in, FFTW as
    /// loaded.
    using Versions = QList<QPair<QString, QString>>;

    /// Shows the licences of the samples in samplesDir (default: where the app finds its samples).
    explicit AboutDialog(QWidget* parent = nullptr, const QString& samplesDir = QString());

    /// "0.1.0 (commit f351405abcde)"; the commit is "unknown" for a build outside Git.
    static QString versionText();
    static Versions libraryVersions();
    /// Sample name ("digits" for digits.LICENSE) → licence text, in file name order.
    static Versions sampleLicences(const QString& samplesDir);
    /// Everything above as plain text, for a bug report (the dialog's Copy button).
    static QString reportText(const QString& samplesDir);
};

}  // namespace embedscope::ui
