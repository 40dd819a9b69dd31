#pragma once
// The selected point's nearest neighbours as a table: rank, label, distance.
#include <QAbstractTableModel>
#include <memory>
#include <vector>

#include "io/Dataset.h"
#include "neighbours/NeighbourSearch.h"

namespace embedscope::ui {

class NeighbourModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Rank, Label, Distance, ColumnCount };
    /// The data set row of a table row, for selection.
    static constexpr int RowRole = Qt::UserRole + 1;

    using QAbstractTableModel::QAbstractTableModel;

    void setNeighbours(std::shared_ptr<const Dataset> dataset, std::vector<Neighbour> neighbours,
                       const QString& distanceName);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<const Dataset> m_dataset;
    std::vector<Neighbour> m_neighbours;
    QString m_distanceName;
};

}  // namespace embedscope::ui
