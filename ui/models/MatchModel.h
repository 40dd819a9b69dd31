#pragma once
// Search matches as a list of labels (lazy: only visible rows are converted).
#include <QAbstractListModel>
#include <memory>
#include <vector>

#include "io/Dataset.h"

namespace embedscope::ui {

class MatchModel : public QAbstractListModel {
    Q_OBJECT
public:
    static constexpr int RowRole = Qt::UserRole + 1;
    using QAbstractListModel::QAbstractListModel;

    void setMatches(std::shared_ptr<const Dataset> dataset, std::vector<std::size_t> rows);
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<const Dataset> m_dataset;
    std::vector<std::size_t> m_rows;
};

}  // namespace embedscope::ui
