#include "SummaryPanel.h"

#include <QFileInfo>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "Workspace.h"

namespace embedscope::ui {

namespace {
QString row(const QString& name, const QString& value) {
    return QStringLiteral("<tr><td style='padding-right:12px;color:#555'>%1</td><td>%2</td></tr>")
        .arg(name, value);
}
QString typeName(ColumnType t) {
    switch (t) {
        case ColumnType::Categorical: return QObject::tr("categorical");
        case ColumnType::Numeric: return QObject::tr("numeric");
        case ColumnType::Text: return QObject::tr("text");
    }
    return {};
}
}  // namespace

SummaryPanel::SummaryPanel(Workspace* workspace, QWidget* parent)
    : QWidget(parent), m_workspace(workspace), m_view(new QTextBrowser(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    m_view->setOpenLinks(false);
    connect(workspace, &Workspace::datasetChanged, this, &SummaryPanel::refresh);
    refresh();
}

QString SummaryPanel::text() const { return m_view->toPlainText(); }

void SummaryPanel::refresh() {
    const auto data = m_workspace->dataset();
    if (!data) {
        m_view->setHtml(tr("<p>No data set loaded. Use <b>File › Open</b> (Ctrl+O) or drop a file here.</p>"));
        return;
    }
    const auto& e = data->embedding;
    const auto& s = data->summary;
    QString html = QStringLiteral("<h3>%1</h3><table>").arg(QFileInfo(QString::fromStdString(data->path)).fileName().toHtmlEscaped());
    html += row(tr("File"), QString::fromStdString(data->path).toHtmlEscaped());
    html += row(tr("Format"), QString::fromLatin1(formatName(data->format)));
    html += row(tr("Rows × dimensions"), QStringLiteral("%L1 × %L2").arg(e.rows()).arg(e.dims()));
    html += row(tr("Rows in header"), s.rowsInHeader ? QStringLiteral("%L1").arg(*s.rowsInHeader) : QStringLiteral("–"));
    html += row(tr("Rows read"), QStringLiteral("%L1").arg(s.rowsRead));
    html += row(tr("Skipped"), QStringLiteral("%L1").arg(s.skipped));
    html += row(tr("Duplicates"), QStringLiteral("%L1").arg(s.duplicates));
    html += row(tr("Non-finite values"), QStringLiteral("%L1").arg(s.nonFinite));
    html += row(tr("Labels not valid UTF-8"), QStringLiteral("%L1").arg(s.invalidUtf8) +
                                                   (s.decodedAsLatin1 ? tr(" (decoded as Latin-1)") : QString()));
    for (const auto& c : data->metadata.columns())
        html += row(tr("Metadata column"), QStringLiteral("%1 (%2)").arg(QString::fromStdString(c.name).toHtmlEscaped(), typeName(c.type)));
    html += QStringLiteral("</table>");
    if (s.truncatedByMaxRows) html += tr("<p>Stopped after the first %L1 rows, as asked.</p>").arg(s.rowsRead);
    for (const auto& list : {s.problems, s.warnings})
        for (const auto& p : list) html += QStringLiteral("<p style='color:#a40'>%1</p>").arg(QString::fromStdString(p).toHtmlEscaped());
    if (!e.empty()) {
        QStringList first;
        for (std::size_t i = 0; i < std::min<std::size_t>(e.rows(), 12); ++i)
            first << QString::fromStdString(e.label(i)).toHtmlEscaped();
        html += tr("<p><b>First labels:</b> %1</p>").arg(first.join(QStringLiteral(", ")));
    }
    m_view->setHtml(html);
}

}  // namespace embedscope::ui
