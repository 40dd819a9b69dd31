#include "AboutDialog.h"

#include <vtkVersion.h>

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableWidget>
#include <QVBoxLayout>

#include "BuildInfo.h"
#include "Samples.h"

namespace embedscope::ui {

QString AboutDialog::versionText() {
    return tr("%1 (commit %2)")
        .arg(QString::fromStdString(BuildInfo::version()),
             QString::fromStdString(BuildInfo::commit()));
}

AboutDialog::Versions AboutDialog::libraryVersions() {
    // A Qt loaded at run time may be newer than the one built against; say so when they differ.
    QString qt = QString::fromLatin1(qVersion());
    if (qt != QStringLiteral(QT_VERSION_STR))
        qt += tr(" (built with %1)").arg(QStringLiteral(QT_VERSION_STR));
    Versions out{{QStringLiteral("Qt"), qt},
                 {QStringLiteral("VTK"), QString::fromLatin1(vtkVersion::GetVTKVersion())}};
    for (const auto& library : BuildInfo::coreLibraries())
        out.push_back(
            {QString::fromStdString(library.name), QString::fromStdString(library.version)});
    return out;
}

AboutDialog::Versions AboutDialog::sampleLicences(const QString& samplesDir) {
    Versions out;
    const QDir dir(samplesDir);
    const QStringList files = dir.entryList({QStringLiteral("*.LICENSE")}, QDir::Files, QDir::Name);
    for (const QString& name : files) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) continue;
        out.push_back({name.chopped(int(sizeof(".LICENSE")) - 1),
                       QString::fromUtf8(file.readAll()).trimmed()});
    }
    return out;
}

QString AboutDialog::reportText(const QString& samplesDir) {
    QString text = QStringLiteral("Embedscope %1\n").arg(versionText());
    for (const auto& [name, version] : libraryVersions())
        text += QStringLiteral("%1 %2\n").arg(name, version);
    const Versions licences = sampleLicences(samplesDir);
    if (!licences.isEmpty())
        text += tr("\nBundled samples (%1):\n").arg(QDir::toNativeSeparators(samplesDir));
    for (const auto& [name, licence] : licences)
        text += QStringLiteral("\n[%1]\n%2\n").arg(name, licence);
    return text;
}

AboutDialog::AboutDialog(QWidget* parent, const QString& samplesDir) : QDialog(parent) {
    const QString samples = samplesDir.isEmpty() ? bundledSamplesDirectory() : samplesDir;
    setWindowTitle(tr("About Embedscope"));
    setObjectName(QStringLiteral("aboutDialog"));

    auto* icon = new QLabel(this);
    icon->setPixmap(QApplication::windowIcon().pixmap(64, 64));
    auto* title =
        new QLabel(tr("<h2>Embedscope %1</h2>"
                      "<p>Explore embedding spaces: PCA and t-SNE on the full data, neighbours "
                      "measured in the original space.</p><p>Commit %2</p>")
                       .arg(QString::fromStdString(BuildInfo::version()),
                            QString::fromStdString(BuildInfo::commit()).toHtmlEscaped()),
                   this);
    title->setObjectName(QStringLiteral("aboutTitle"));
    title->setWordWrap(true);
    title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* header = new QHBoxLayout;
    header->addWidget(icon, 0, Qt::AlignTop);
    header->addWidget(title, 1);

    const Versions versions = libraryVersions();
    auto* table = new QTableWidget(int(versions.size()), 2, this);
    table->setObjectName(QStringLiteral("libraryVersions"));
    table->setHorizontalHeaderLabels({tr("Library"), tr("Version")});
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    for (int row = 0; row < versions.size(); ++row) {
        table->setItem(row, 0, new QTableWidgetItem(versions[row].first));
        table->setItem(row, 1, new QTableWidgetItem(versions[row].second));
    }
    table->setSelectionMode(QAbstractItemView::NoSelection);
    table->setFocusPolicy(Qt::NoFocus);
    table->resizeColumnToContents(0);
    table->setFixedHeight(table->horizontalHeader()->sizeHint().height() +
                          table->verticalHeader()->length() + 2 * table->frameWidth());

    QString licenceText;
    // The files are wrapped for a terminal; the view wraps them itself, so lines join into
    // paragraphs.
    static const QRegularExpression lineBreak(QStringLiteral("(?<!\n)\n(?!\n)"));
    for (const auto& [name, licence] : sampleLicences(samples))
        licenceText += tr("Sample “%1”\n%2\n\n")
                           .arg(name, QString(licence).replace(lineBreak, QStringLiteral(" ")));
    auto* licences = new QPlainTextEdit(
        licenceText.isEmpty() ? tr("No bundled samples were found.") : licenceText.trimmed(), this);
    licences->setObjectName(QStringLiteral("sampleLicences"));
    licences->setReadOnly(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton* copy = buttons->addButton(tr("&Copy"), QDialogButtonBox::ActionRole);
    copy->setToolTip(tr("Copy the versions and licences, e.g. for a bug report"));
    connect(copy, &QPushButton::clicked, this,
            [samples] { QApplication::clipboard()->setText(reportText(samples)); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(new QLabel(tr("Libraries in use:"), this));
    layout->addWidget(table);
    layout->addWidget(new QLabel(tr("Licences of the bundled samples:"), this));
    layout->addWidget(licences, 1);
    layout->addWidget(buttons);
    resize(560, 520);
}

}  // namespace embedscope::ui
