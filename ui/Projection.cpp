#include "Projection.h"

#include <QObject>

namespace embedscope::ui {

QString Projection::axisTitle(int axis) const {
    if (spec.method == ProjectionMethod::Axes) return axis < axisTitles.size() ? axisTitles[axis] : QString();
    if (spec.method == ProjectionMethod::Tsne) return QStringLiteral("t-SNE %1").arg(axis + 1);
    const int c = spec.axes[static_cast<std::size_t>(axis)];
    const QString name = QStringLiteral("PC%1").arg(c + 1);
    if (c < static_cast<int>(explainedVarianceRatio.size()))
        return QStringLiteral("%1 (%2%)").arg(name).arg(explainedVarianceRatio[c] * 100, 0, 'f', 1);
    return name;
}

QString Projection::describe() const {
    if (spec.method == ProjectionMethod::Axes)
        return QObject::tr("Axes %1-D (%2)").arg(spec.dims).arg(axisTitles.join(QStringLiteral(" · ")));
    if (spec.method == ProjectionMethod::Tsne)
        return QObject::tr("t-SNE %1-D (%6, perplexity %2, %3 iterations%4, KL %5)")
            .arg(spec.dims)
            .arg(spec.tsne.perplexity)
            .arg(iterations)
            .arg(stopped ? QObject::tr(", stopped") : QString())
            .arg(kl, 0, 'f', 3)
            .arg(QString::fromUtf8(metricName(metric).data(), static_cast<qsizetype>(metricName(metric).size())));
    QStringList names;
    double kept = 0;
    for (int i = 0; i < spec.dims; ++i) {
        const int c = spec.axes[static_cast<std::size_t>(i)];
        names << QStringLiteral("PC%1").arg(c + 1);
        if (c < static_cast<int>(explainedVarianceRatio.size())) kept += explainedVarianceRatio[c];
    }
    return QObject::tr("PCA %1-D%2 (%3: %4% of variance)")
        .arg(spec.dims)
        .arg(spec.spherize ? QObject::tr(", spherized") : QString())
        .arg(names.join(QStringLiteral(", ")))
        .arg(kept * 100, 0, 'f', 1);
}

}  // namespace embedscope::ui
