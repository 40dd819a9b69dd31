#include "OpenOptionsDialog.h"

#include "../AppSettings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>

namespace embedscope::ui {

OpenOptionsDialog::OpenOptionsDialog(const QString& folder, QWidget* parent, AppSettings* settings)
    : QDialog(parent), m_folder(folder), m_format(new QComboBox(this)), m_settings(settings),
      m_maxRows(new QSpinBox(this)), m_topRows(new QSpinBox(this)), m_topBy(new QLineEdit(this)),
      m_labelColumn(new QLineEdit(this)), m_skipBad(new QCheckBox(tr("Skip bad rows and report them"), this)),
      m_encoding(new QComboBox(this)) {
    setWindowTitle(tr("Open with options"));
    auto* form = new QFormLayout(this);
    m_path = fileRow(tr("File"), tr("The embeddings to open"), form);
    m_format->addItem(tr("Detect from the content"), -1);
    for (Format f : {Format::Word2VecText, Format::Word2VecBinary, Format::GloveText, Format::ProjectorTsv,
                     Format::Npy, Format::Csv})
        m_format->addItem(QString::fromLatin1(formatName(f)), int(f));
    form->addRow(tr("Format"), m_format);
    m_maxRows->setRange(0, 100'000'000);
    m_maxRows->setSpecialValueText(tr("all"));
    m_maxRows->setSingleStep(10'000);
    m_maxRows->setToolTip(tr("Read only the first N rows (word files list frequent words first)"));
    form->addRow(tr("First N rows"), m_maxRows);
    m_topRows->setRange(0, 100'000'000);
    m_topRows->setSpecialValueText(tr("off"));
    m_topRows->setSingleStep(10'000);
    m_topRows->setToolTip(tr("Keep only the N rows with the largest value in a column of the metadata file "
                             "(Projector TSV, .npy), in file order; only those rows are read into memory"));
    m_topBy->setPlaceholderText(tr("frequency, freq or count"));
    m_topBy->setToolTip(tr("The metadata column the top N rows are chosen by"));
    auto* topRow = new QHBoxLayout;
    topRow->addWidget(m_topRows, 1);
    topRow->addWidget(new QLabel(tr("by"), this));
    topRow->addWidget(m_topBy, 1);
    form->addRow(tr("Top N rows"), topRow);
    // One limit at a time: the top N replaces the first N.
    connect(m_topRows, &QSpinBox::valueChanged, this, [this](int n) {
        m_maxRows->setEnabled(n == 0);
        m_topBy->setEnabled(n > 0);
    });
    connect(m_maxRows, &QSpinBox::valueChanged, this, [this](int n) { m_topRows->setEnabled(n == 0); });
    if (m_settings) {
        m_maxRows->setValue(m_settings->value(QStringLiteral("open/maxRows"), 0).toInt());
        m_topRows->setValue(m_settings->value(QStringLiteral("open/topRows"), 0).toInt());
        m_topBy->setText(m_settings->value(QStringLiteral("open/topBy")).toString());
    }
    m_topBy->setEnabled(m_topRows->value() > 0);
    m_maxRows->setEnabled(m_topRows->value() == 0);
    m_topRows->setEnabled(m_maxRows->value() == 0);
    m_labelColumn->setPlaceholderText(tr("label, word, name … or the first text column"));
    m_labelColumn->setToolTip(tr("CSV or multi-column metadata: the column that names each row"));
    form->addRow(tr("Label column"), m_labelColumn);
    m_labels = fileRow(tr("Labels file"), tr("One label per line, for .npy or Projector TSV vectors"), form);
    m_metadata = fileRow(tr("Metadata file"), tr("Projector metadata TSV: one column, or a header row and several"), form);
    m_skipBad->setToolTip(tr("Off: a bad row rejects the file, naming the line. On: bad rows are skipped and counted."));
    form->addRow(QString(), m_skipBad);
    m_encoding->addItem(tr("Auto (UTF-8; Latin-1 if clearly not UTF-8)"), int(Encoding::Auto));
    m_encoding->addItem(tr("UTF-8"), int(Encoding::Utf8));
    m_encoding->addItem(tr("Latin-1"), int(Encoding::Latin1));
    form->addRow(tr("Labels' encoding"), m_encoding);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    buttons->button(QDialogButtonBox::Open)->setEnabled(false);
    connect(m_path, &QLineEdit::textChanged, this,
            [buttons](const QString& t) { buttons->button(QDialogButtonBox::Open)->setEnabled(!t.isEmpty()); });
    form->addRow(buttons);
    resize(560, sizeHint().height());
}

QLineEdit* OpenOptionsDialog::fileRow(const QString& label, const QString& tip, QFormLayout* form) {
    auto* row = new QHBoxLayout;
    auto* edit = new QLineEdit(this);
    edit->setToolTip(tip);
    auto* browse = new QToolButton(this);
    browse->setText(QStringLiteral("…"));
    browse->setToolTip(tr("Choose a file"));
    connect(browse, &QToolButton::clicked, this, [this, edit, label] {
        const QString p = QFileDialog::getOpenFileName(this, label, edit->text().isEmpty() ? m_folder : edit->text());
        if (!p.isEmpty()) edit->setText(p);
    });
    row->addWidget(edit, 1);
    row->addWidget(browse);
    form->addRow(label, row);
    return edit;
}

void OpenOptionsDialog::accept() {
    if (m_settings) {
        m_settings->setValue(QStringLiteral("open/maxRows"), m_maxRows->value());
        m_settings->setValue(QStringLiteral("open/topRows"), m_topRows->value());
        m_settings->setValue(QStringLiteral("open/topBy"), m_topBy->text().trimmed());
    }
    QDialog::accept();
}

QString OpenOptionsDialog::path() const { return m_path->text(); }

LoadOptions OpenOptionsDialog::options() const {
    LoadOptions o;
    if (m_format->currentData().toInt() >= 0) o.format = static_cast<Format>(m_format->currentData().toInt());
    o.maxRows = m_maxRows->isEnabled() ? static_cast<std::size_t>(m_maxRows->value()) : 0;
    o.topRows = m_topRows->isEnabled() ? static_cast<std::size_t>(m_topRows->value()) : 0;
    if (o.topRows > 0) o.topByColumn = m_topBy->text().trimmed().toStdString();
    o.labelColumn = m_labelColumn->text().toStdString();
    o.labelsPath = m_labels->text().toStdString();
    o.metadataPath = m_metadata->text().toStdString();
    o.badRows = m_skipBad->isChecked() ? BadRowPolicy::SkipAndReport : BadRowPolicy::Reject;
    o.encoding = static_cast<Encoding>(m_encoding->currentData().toInt());
    return o;
}

}  // namespace embedscope::ui
