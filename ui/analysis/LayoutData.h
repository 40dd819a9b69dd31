#pragma once
#include "Projection.h"
#include "io/Dataset.h"

namespace embedscope::ui {

/// A projection's points next to their original vectors (row i of each is point i), for the
/// quality measures.
class LayoutData {
public:
    LayoutData(const Dataset& data, const Projection& p)
        : m_subset(p.rows.empty() ? Embedding() : data.embedding.subset(p.rows)),
          m_original(p.rows.empty() ? data.embedding : m_subset),
          m_layout(static_cast<Eigen::Index>(p.pointCount()), p.spec.dims) {
        for (Eigen::Index i = 0; i < m_layout.rows(); ++i)
            for (Eigen::Index a = 0; a < m_layout.cols(); ++a) m_layout(i, a) = p.xyz[3 * i + a];
    }
    LayoutData(const LayoutData&) = delete;
    const Embedding& original() const { return m_original; }
    const RowMatrixXf& layout() const { return m_layout; }

private:
    Embedding m_subset;
    const Embedding& m_original;
    RowMatrixXf m_layout;
};

}  // namespace embedscope::ui
