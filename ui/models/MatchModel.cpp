#include "MatchModel.h"

namespace embedscope::ui {

void MatchModel::setMatches(std::shared_ptr<const Dataset> dataset, std::vector<std::size_t> rows) {
    beginResetModel();
    m_dataset = std::move(dataset);
    m_rows = m_dataset ? std::move(rows) : std::vector<std::size_t>{};
    endResetModel();
}

int MatchModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant MatchModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const std::size_t row = m_rows[static_cast<std::size_t>(index.row())];
    if (role == RowRole) return QVariant::fromValue<qlonglong>(static_cast<qlonglong>(row));
    if (role == Qt::DisplayRole) return QString::fromStdString(m_dataset->embedding.label(row));
    if (role == Qt::ToolTipRole) return tr("row %L1 – click to select").arg(row + 1);
    return {};
}

}  // namespace embedscope::ui
