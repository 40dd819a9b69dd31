#include "TrainDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

#include "AppSettings.h"

namespace embedscope::ui {

namespace {
QSpinBox* spin(QWidget* parent, int lo, int hi, int value, const QString& tip, const QString& name) {
    auto* s = new QSpinBox(parent);
    s->setRange(lo, hi);
    s->setValue(value);
    s->setToolTip(tip);
    s->setObjectName(name);
    return s;
}
}  // namespace

TrainDialog::TrainDialog(AppSettings* settings, QWidget* parent)
    : QDialog(parent), m_settings(settings), m_files(new QListWidget(this)), m_model(new QComboBox(this)) {
    setWindowTitle(tr("Train word vectors"));
    setObjectName(QStringLiteral("trainDialog"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Text to learn from: UTF-8 text files, or folders of them (read recursively). "
                                    "A line break ends a sentence; words are separated by spaces."), this));
    m_files->setObjectName(QStringLiteral("corpusFiles"));
    m_files->setMinimumHeight(90);
    layout->addWidget(m_files);
    auto* fileButtons = new QHBoxLayout;
    auto* addFiles = new QPushButton(tr("Add files…"), this);
    auto* addFolder = new QPushButton(tr("Add folder…"), this);
    auto* remove = new QPushButton(tr("Remove"), this);
    fileButtons->addWidget(addFiles);
    fileButtons->addWidget(addFolder);
    fileButtons->addWidget(remove);
    fileButtons->addStretch();
    layout->addLayout(fileButtons);

    const Word2VecOptions d;  // word2vec.c's defaults
    auto* form = new QFormLayout;
    m_model->addItem(tr("Skip-gram"), int(Word2VecModel::SkipGram));
    m_model->addItem(tr("CBOW"), int(Word2VecModel::Cbow));
    m_model->setToolTip(tr("Skip-gram predicts the context from each word: better for rare words.\n"
                           "CBOW predicts a word from its context: several times faster."));
    form->addRow(tr("Model"), m_model);
    m_dims = spin(this, 2, 1000, int(d.dims), tr("Length of each word vector (-size; word2vec.c: 100)"), QStringLiteral("dims"));
    form->addRow(tr("Dimensions"), m_dims);
    m_window = spin(this, 1, 50, int(d.window), tr("Largest distance to a context word; each word draws 1…window (-window; 5)"), QStringLiteral("window"));
    form->addRow(tr("Window"), m_window);
    m_negative = spin(this, 1, 50, int(d.negative), tr("Negative samples per context word (-negative; 5)"), QStringLiteral("negative"));
    form->addRow(tr("Negative samples"), m_negative);
    m_sample = new QDoubleSpinBox(this);
    m_sample->setDecimals(6);
    m_sample->setRange(0, 1);
    m_sample->setSingleStep(1e-4);
    m_sample->setValue(d.sample);
    m_sample->setToolTip(tr("Frequent words above this share of the text are randomly skipped (-sample; 0.001; 0 = off)"));
    form->addRow(tr("Subsampling"), m_sample);
    m_minCount = spin(this, 1, 1000000, int(d.minCount), tr("Words seen fewer times are dropped (-min-count; 5)"), QStringLiteral("minCount"));
    form->addRow(tr("Minimum count"), m_minCount);
    m_epochs = spin(this, 1, 100, int(d.epochs), tr("Passes over the text (-iter; 5)"), QStringLiteral("epochs"));
    form->addRow(tr("Epochs"), m_epochs);
    m_threads = spin(this, 1, 256, std::max(1, QThread::idealThreadCount()), tr("Training threads (-threads)"), QStringLiteral("threads"));
    form->addRow(tr("Threads"), m_threads);
    m_seed = spin(this, 0, 2'000'000'000, int(d.seed), tr("The same seed, text and settings give the same vectors with one thread"), QStringLiteral("trainSeed"));
    form->addRow(tr("Seed"), m_seed);
    m_lowercase = new QCheckBox(tr("Lower-case the text"), this);
    m_lowercase->setChecked(true);
    m_lowercase->setToolTip(tr("\"The\" and \"the\" become one word (ASCII letters)"));
    form->addRow(QString(), m_lowercase);
    layout->addLayout(form);

    auto* box = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_start = box->addButton(tr("Start"), QDialogButtonBox::AcceptRole);
    m_start->setObjectName(QStringLiteral("startTraining"));
    layout->addWidget(box);

    connect(addFiles, &QPushButton::clicked, this, [this] {
        addPaths(QFileDialog::getOpenFileNames(this, tr("Text files"), m_settings->lastFolder(),
                                               tr("Text (*.txt *.text *.md);;All files (*)")));
    });
    connect(addFolder, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder of text files"), m_settings->lastFolder());
        if (!dir.isEmpty()) addPaths({dir});
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        qDeleteAll(m_files->selectedItems());
        updateStart();
    });
    connect(box, &QDialogButtonBox::accepted, this, &TrainDialog::accept);
    connect(box, &QDialogButtonBox::rejected, this, &QDialog::reject);

    m_model->setCurrentIndex(m_settings->value(QStringLiteral("train/model"), 0).toInt());
    m_dims->setValue(m_settings->value(QStringLiteral("train/dims"), m_dims->value()).toInt());
    m_epochs->setValue(m_settings->value(QStringLiteral("train/epochs"), m_epochs->value()).toInt());
    m_minCount->setValue(m_settings->value(QStringLiteral("train/minCount"), m_minCount->value()).toInt());
    updateStart();
}

void TrainDialog::addPaths(const QStringList& paths) {
    for (const QString& p : paths) {
        if (!m_files->findItems(p, Qt::MatchExactly).isEmpty()) continue;
        auto* item = new QListWidgetItem(QFileInfo(p).isDir() ? tr("%1 (folder)").arg(p) : p, m_files);
        item->setData(Qt::UserRole, p);
    }
    if (!paths.isEmpty()) m_settings->setLastFolder(QFileInfo(paths.first()).absolutePath());
    updateStart();
}

void TrainDialog::setCorpus(const QStringList& paths) {
    m_files->clear();
    addPaths(paths);
}

QStringList TrainDialog::corpus() const {
    QStringList out;
    for (int i = 0; i < m_files->count(); ++i) out << m_files->item(i)->data(Qt::UserRole).toString();
    return out;
}

void TrainDialog::updateStart() {
    m_start->setEnabled(m_files->count() > 0);
    m_start->setToolTip(m_files->count() > 0 ? tr("Train; the view shows the space forming")
                                             : tr("Add text files or a folder first"));
}

Word2VecOptions TrainDialog::options() const {
    Word2VecOptions o;
    o.model = static_cast<Word2VecModel>(m_model->currentData().toInt());
    o.dims = static_cast<std::size_t>(m_dims->value());
    o.window = static_cast<std::size_t>(m_window->value());
    o.negative = static_cast<std::size_t>(m_negative->value());
    o.sample = m_sample->value();
    o.minCount = static_cast<std::uint64_t>(m_minCount->value());
    o.epochs = static_cast<std::size_t>(m_epochs->value());
    o.threads = static_cast<std::size_t>(m_threads->value());
    o.seed = static_cast<std::uint64_t>(m_seed->value());
    o.lowercase = m_lowercase->isChecked();
    return o;
}

void TrainDialog::accept() {
    if (m_files->count() == 0) return;
    m_settings->setValue(QStringLiteral("train/model"), m_model->currentIndex());
    m_settings->setValue(QStringLiteral("train/dims"), m_dims->value());
    m_settings->setValue(QStringLiteral("train/epochs"), m_epochs->value());
    m_settings->setValue(QStringLiteral("train/minCount"), m_minCount->value());
    QDialog::accept();
}

}  // namespace embedscope::ui
