#include "NeighbourModel.h"

namespace embedscope::ui {

void NeighbourModel::setNeighbours(std::shared_ptr<const Dataset> dataset, std::vector<Neighbour> neighbours,
                                   const QString& distanceName) {
    beginResetModel();
    m_dataset = std::move(dataset);
    m_neighbours = m_dataset ? std::move(neighbours) : std::vector<Neighbour>{};
    m_distanceName = distanceName;
    endResetModel();
}

int NeighbourModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_neighbours.size());
}

int NeighbourModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant NeighbourModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Neighbour& n = m_neighbours[static_cast<std::size_t>(index.row())];
    if (role == RowRole) return QVariant::fromValue<qlonglong>(static_cast<qlonglong>(n.row));
    if (role == Qt::TextAlignmentRole && index.column() != Label)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
    switch (index.column()) {
        case Rank: return index.row() + 1;
        case Label: return QString::fromStdString(m_dataset->embedding.label(n.row));
        case Distance: return QString::number(n.distance, 'f', 4);
    }
    return {};
}

QVariant NeighbourModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case Rank: return tr("#");
        case Label: return tr("Label");
        case Distance: return m_distanceName.isEmpty() ? tr("Distance") : m_distanceName;
    }
    return {};
}

}  // namespace embedscope::ui
