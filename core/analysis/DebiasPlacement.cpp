#include "DebiasPlacement.h"

#include <algorithm>
#include <numeric>
#include <string>

#include "../Error.h"

namespace embedscope {

VectorPlacement pcaPlacement(PcaResult pca, std::vector<std::size_t> axes) {
    return [pca = std::move(pca), axes = std::move(axes)](const RowMatrixXf& vectors) {
        const auto n = static_cast<std::size_t>(vectors.rows());
        const auto d = static_cast<std::size_t>(vectors.cols());
        std::vector<float> values(vectors.data(), vectors.data() + n * d);
        const Embedding e(std::vector<std::string>(n), std::move(values), d);
        return pca.project(e, axes);
    };
}

VectorPlacement axisPlacement(AxisProjection projection) {
    return [p = std::move(projection)](const RowMatrixXf& vectors) { return p.place(vectors); };
}

VectorPlacement neighbourPlacement(const Embedding& shown, RowMatrixXf layout, std::size_t k) {
    if (static_cast<std::size_t>(layout.rows()) != shown.rows() || shown.rows() == 0)
        throw Error("a layout of " + std::to_string(layout.rows()) + " points cannot place " +
                    std::to_string(shown.rows()) + " rows");
    // Unit rows once; the placement then is one product per batch of vectors.
    RowMatrixXf unit = shown.matrix();
    for (Eigen::Index i = 0; i < unit.rows(); ++i) {
        const float norm = unit.row(i).norm();
        if (norm > 0) unit.row(i) /= norm;
    }
    k = std::clamp<std::size_t>(k, 1, shown.rows());
    return [unit = std::move(unit), layout = std::move(layout), k](const RowMatrixXf& vectors) {
        if (vectors.cols() != unit.cols())
            throw Error("vectors of " + std::to_string(vectors.cols()) +
                        " values cannot be placed among rows of " + std::to_string(unit.cols()));
        const Eigen::RowVectorXf centre = layout.colwise().mean();
        RowMatrixXf out(vectors.rows(), layout.cols());
        std::vector<Eigen::Index> order(static_cast<std::size_t>(unit.rows()));
        for (Eigen::Index i = 0; i < vectors.rows(); ++i) {
            const float norm = vectors.row(i).norm();
            if (!(norm > 0)) {
                out.row(i) = centre;
                continue;
            }
            const Eigen::VectorXf cos = unit * (vectors.row(i).transpose() / norm);
            std::iota(order.begin(), order.end(), Eigen::Index(0));
            // Ties by row order, so the placement does not depend on the sort's implementation.
            std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k),
                              order.end(), [&](Eigen::Index a, Eigen::Index b) {
                                  return cos[a] > cos[b] || (cos[a] == cos[b] && a < b);
                              });
            Eigen::RowVectorXd sum = Eigen::RowVectorXd::Zero(layout.cols());
            double weights = 0;
            for (std::size_t j = 0; j < k; ++j) {
                const double w = std::max(0.0f, cos[order[j]]);
                sum += w * layout.row(order[j]).cast<double>();
                weights += w;
            }
            if (weights > 0) {
                out.row(i) = (sum / weights).cast<float>();
            } else {
                sum.setZero();
                for (std::size_t j = 0; j < k; ++j) sum += layout.row(order[j]).cast<double>();
                out.row(i) = (sum / double(k)).cast<float>();
            }
        }
        return out;
    };
}

RowMatrixXf debiasedPositions(const DebiasPreview& preview, const RowMatrixXf& start,
                              const VectorPlacement& place) {
    if (start.rows() != preview.before.rows())
        throw Error("the preview moves " + std::to_string(preview.before.rows()) +
                    " words but " + std::to_string(start.rows()) + " start positions were given");
    if (start.rows() == 0) return start;
    const RowMatrixXf before = place(preview.before), after = place(preview.after);
    if (before.cols() != start.cols() || after.cols() != start.cols())
        throw Error("the placement gives " + std::to_string(before.cols()) +
                    " coordinates for a layout of " + std::to_string(start.cols()));
    // In double, so an exact map gives place(after) up to float rounding of the result only.
    return (start.cast<double>() + after.cast<double>() - before.cast<double>()).cast<float>();
}

}  // namespace embedscope
