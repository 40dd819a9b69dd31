#include "PointDifferences.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>

#include "LayoutData.h"
#include "NeighbourIndex.h"
#include "jobs/PoolStart.h"

namespace embedscope::ui {

PointDifferences::PointDifferences(const NeighbourIndex* index, QObject* parent) : QObject(parent), m_index(index) {}

void PointDifferences::clear() {
    m_current = {};
    ++m_request;
}

void PointDifferences::find(std::shared_ptr<const Dataset> data, std::shared_ptr<const Projection> projection,
                            std::size_t row) {
    clear();
    if (!data || !projection || projection->pointCount() < 12) return;
    std::size_t point = row;
    if (const auto& rows = projection->rows; !rows.empty()) {
        const auto it = std::find(rows.begin(), rows.end(), row);
        if (it == rows.end()) return;  // not in the shown subset
        point = static_cast<std::size_t>(it - rows.begin());
    }
    const bool here = !m_index->offGuiThread(data->embedding);
    auto work = [data = std::move(data), projection = std::move(projection), point] {
        NeighbourDifferences d;
        try {
            const LayoutData input(*data, *projection);
            d = neighbourDifferences(input.original(), input.layout(), point, 10, Metric::Euclidean);
            if (!projection->rows.empty()) {
                for (auto& r : d.falseNeighbours) r = projection->rows[r];
                for (auto& r : d.tornAway) r = projection->rows[r];
            }
        } catch (const std::exception&) {
            d = {};  // e.g. a layout still forming; the inspector simply shows none
        }
        return d;
    };
    if (here) {
        m_current = work();
        return;
    }
    auto* watcher = new QFutureWatcher<NeighbourDifferences>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, request = m_request] {
        watcher->deleteLater();
        if (request != m_request) return;
        m_current = watcher->result();
        emit found();
    });
    watcher->setFuture(QtConcurrent::run(jobPool(), std::move(work)));
}

}  // namespace embedscope::ui
