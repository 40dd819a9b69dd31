#include "OpenOptionsDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>

namespace embedscope::ui {

OpenOptionsDialog::OpenOptionsDialog(const QString& folder, QWidget* parent)
    : QDialog(parent), m_folder(folder), m_format(new QComboBox(this)), m_maxRows(new QSpinBox(this)),
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

QString OpenOptionsDialog::path() const { return m_path->text(); }

LoadOptions OpenOptionsDialog::options() const {
    LoadOptions o;
    if (m_format->currentData().toInt() >= 0) o.format = static_cast<Format>(m_format->currentData().toInt());
    o.maxRows = static_cast<std::size_t>(m_maxRows->value());
    o.labelColumn = m_labelColumn->text().toStdString();
    o.labelsPath = m_labels->text().toStdString();
    o.metadataPath = m_metadata->text().toStdString();
    o.badRows = m_skipBad->isChecked() ? BadRowPolicy::SkipAndReport : BadRowPolicy::Reject;
    o.encoding = static_cast<Encoding>(m_encoding->currentData().toInt());
    return o;
}

}  // namespace embedscope::ui
