#include "ClustersDock.h"

#include <algorithm>

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPixmap>
#include <QPushButton>
#include <QSpinBox>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "AppSettings.h"
#include "analysis/ClusterModel.h"
#include "view/Colouring.h"

namespace embedscope::ui {

ClustersDock::ClustersDock(ClusterModel* model, AppSettings* settings, QWidget* parent)
    : QWidget(parent), m_model(model), m_settings(settings), m_k(new QSpinBox(this)), m_metric(new QComboBox(this)),
      m_space(new QComboBox(this)), m_run(new QPushButton(tr("Find clusters"), this)),
      m_suggest(new QPushButton(tr("Suggest k"), this)), m_export(new QPushButton(tr("Export…"), this)),
      m_status(new QLabel(this)), m_list(new QTreeWidget(this)) {
    setObjectName(QStringLiteral("clustersDock"));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    m_k->setRange(2, 500);
    m_k->setValue(settings->value(QStringLiteral("clusters/k"), 10).toInt());
    m_k->setObjectName(QStringLiteral("clusterK"));
    m_k->setToolTip(tr("How many clusters k-means looks for; Suggest k measures which k separates best"));
    form->addRow(tr("Clusters (k)"), m_k);
    m_metric->addItem(tr("Auto"), -1);
    m_metric->addItem(tr("Cosine (spherical k-means)"), int(Metric::Cosine));
    m_metric->addItem(tr("Euclidean"), int(Metric::Euclidean));
    m_metric->setToolTip(tr("Auto: cosine for word vectors (word2vec, GloVe, fastText), euclidean otherwise"));
    form->addRow(tr("Metric"), m_metric);
    m_space->addItem(tr("The vectors"), false);
    m_space->addItem(tr("The picture (layout)"), true);
    m_space->setToolTip(tr("Cluster the original vectors, or the 2-D/3-D positions shown"));
    form->addRow(tr("Cluster"), m_space);
    layout->addLayout(form);
    auto* buttons = new QHBoxLayout;
    m_run->setObjectName(QStringLiteral("runClusters"));
    m_run->setToolTip(tr("Run k-means++ with 4 seeded restarts and keep the best (Ctrl+K)"));
    m_run->setShortcut(QKeySequence(tr("Ctrl+K")));
    m_suggest->setToolTip(tr("Mean silhouette (Rousseeuw 1987) for k = 2…20 on a sample; higher separates better"));
    m_export->setToolTip(tr("Write word, cluster and distance to the centre as TSV"));
    buttons->addWidget(m_run);
    buttons->addWidget(m_suggest);
    buttons->addWidget(m_export);
    layout->addLayout(buttons);
    m_status->setWordWrap(true);
    m_status->setObjectName(QStringLiteral("clusterStatus"));
    layout->addWidget(m_status);
    m_list->setObjectName(QStringLiteral("clusterList"));
    m_list->setColumnCount(3);
    m_list->setHeaderLabels({tr("#"), tr("Size"), tr("Most central words")});
    m_list->setRootIsDecorated(false);
    m_list->setToolTip(tr("Click: select the cluster's words. Double-click: show only them (Show all undoes it)."));
    m_list->header()->setStretchLastSection(true);
    layout->addWidget(m_list, 1);

    connect(m_run, &QPushButton::clicked, this, [this] {
        m_settings->setValue(QStringLiteral("clusters/k"), m_k->value());
        m_status->setText(tr("<i>Clustering…</i>"));
        m_model->run(settingsFromControls());
    });
    connect(m_suggest, &QPushButton::clicked, this, [this] {
        m_status->setText(tr("<i>Measuring silhouettes for k = 2…20…</i>"));
        m_model->suggest(2, 20, settingsFromControls());
    });
    connect(m_export, &QPushButton::clicked, this, &ClustersDock::chooseExport);
    connect(m_list, &QTreeWidget::itemClicked, this,
            [this](QTreeWidgetItem* item) { m_model->selectCluster(item->data(0, Qt::UserRole).toInt()); });
    connect(m_list, &QTreeWidget::itemDoubleClicked, this,
            [this](QTreeWidgetItem* item) { m_model->isolateCluster(item->data(0, Qt::UserRole).toInt()); });
    connect(model, &ClusterModel::clustersChanged, this, &ClustersDock::refresh);
    connect(model, &ClusterModel::suggestionReady, this, &ClustersDock::showSuggestion);
    connect(model, &ClusterModel::failed, this, [this](const QString& message) {
        m_status->setText(tr("<span style='color:#b00'>%1</span>").arg(message.toHtmlEscaped()));
    });
    refresh();
}

ClusterSettings ClustersDock::settingsFromControls() const {
    ClusterSettings s;
    s.k = m_k->value();
    const int metric = m_metric->currentData().toInt();
    if (metric >= 0) s.metric = static_cast<Metric>(metric);
    s.onLayout = m_space->currentData().toBool();
    return s;
}

void ClustersDock::refresh() {
    m_list->clear();
    m_export->setEnabled(m_model->hasClusters());
    if (!m_model->hasClusters()) {
        m_status->setText(tr("Group the words into k clusters, each named by its most central words."));
        return;
    }
    // The controls say how the clusters shown were made (a restored workspace's, too).
    const ClusterSettings& used = m_model->settings();
    m_k->setValue(used.k);
    m_metric->setCurrentIndex(std::max(0, m_metric->findData(used.metric ? int(*used.metric) : -1)));
    m_space->setCurrentIndex(std::max(0, m_space->findData(used.onLayout)));
    const KMeansResult& r = *m_model->result();
    const int k = m_model->count();
    for (int c = 0; c < k; ++c) {
        auto* item = new QTreeWidgetItem(m_list);
        item->setData(0, Qt::UserRole, c);
        item->setText(0, QString::number(c + 1));
        item->setText(1, QLocale().toString(static_cast<qulonglong>(r.sizes[static_cast<std::size_t>(c)])));
        item->setText(2, m_model->name(c));
        // The colour the view gives this cluster (the 20th and later share "other").
        const Rgba colour = k > kMaxCategoryColours && c >= kMaxCategoryColours - 1 ? kMissingColour : categoryColour(c);
        QPixmap swatch(12, 12);
        swatch.fill(QColor(colour[0], colour[1], colour[2]));
        item->setIcon(0, swatch);
    }
    m_list->resizeColumnToContents(0);
    m_list->resizeColumnToContents(1);
    m_status->setText(tr("k = %1 · %2 · %3 iterations%4 · %5 s")
                          .arg(k)
                          .arg(r.metric == Metric::Cosine ? tr("spherical (cosine)") : tr("euclidean"))
                          .arg(r.iterations)
                          .arg(r.converged ? QString() : tr(" (not converged)"))
                          .arg(r.seconds, 0, 'f', 2));
}

void ClustersDock::showSuggestion() {
    const auto& s = m_model->suggestion();
    if (!s) return;
    QStringList parts;
    double best = -2;
    for (std::size_t i = 0; i < s->ks.size(); ++i) {
        parts << QStringLiteral("%1: %2").arg(s->ks[i]).arg(s->silhouettes[i], 0, 'f', 2);
        best = std::max(best, s->silhouettes[i]);
    }
    m_status->setText(tr("Suggested <b>k = %1</b> (mean silhouette %2).<br><small>%3</small>")
                          .arg(s->best).arg(best, 0, 'f', 3).arg(parts.join(QStringLiteral(" · "))));
    m_k->setValue(static_cast<int>(s->best));
}

void ClustersDock::chooseExport() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export clusters"),
                                                      m_settings->lastFolder() + QStringLiteral("/clusters.tsv"),
                                                      tr("Tab-separated (*.tsv)"));
    if (path.isEmpty()) return;
    m_settings->setLastFolder(QFileInfo(path).absolutePath());
    QString error;
    if (!m_model->exportTable(path, &error)) QMessageBox::warning(this, tr("Export failed"), error);
    else m_status->setText(tr("Wrote %1").arg(path));
}

}  // namespace embedscope::ui
