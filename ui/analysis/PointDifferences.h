#pragma once
// The selected point's false and torn-away neighbours in the shown layout (k = 10). They need
// every row's distance to the point in both spaces, a few seconds at 3 M × 300, so above the
// neighbour index's threshold they are found off the GUI thread and arrive later.
#include <QObject>
#include <cstdint>
#include <memory>

#include "Projection.h"
#include "analysis/LayoutQuality.h"
#include "io/Dataset.h"

namespace embedscope::ui {

class NeighbourIndex;

class PointDifferences : public QObject {
    Q_OBJECT
public:
    /// index: whose offGuiThread() decides when the work leaves the GUI thread.
    PointDifferences(const NeighbourIndex* index, QObject* parent = nullptr);

    /// Forgets the current answer and finds the one for row of data as projection shows it:
    /// at once for small data, else in the background (found() tells when it is there).
    void find(std::shared_ptr<const Dataset> data, std::shared_ptr<const Projection> projection, std::size_t row);
    /// Forgets the current answer and drops any still being found.
    void clear();
    const NeighbourDifferences& current() const { return m_current; }

signals:
    /// A background answer arrived and is now current().
    void found();

private:
    const NeighbourIndex* m_index;
    NeighbourDifferences m_current;
    std::uint64_t m_request = 0;  // answers to older requests are dropped
};

}  // namespace embedscope::ui
