// Lloyd's iterations with Hamerly's bounds (Hamerly 2010, "Making k-means even faster").
#include <cmath>
#include <limits>

#include "KMeansDetail.h"

namespace embedscope::detail {

namespace {

using Eigen::Index;

/// The centres twice: as given (k × D, for one distance) and transposed with k padded to a
/// multiple of 8 (D × k8, for all k distances of a row at once, eight centres per vector).
struct Centres {
    RowMatrixXf rows;
    std::vector<float> columns;
    std::size_t k = 0, k8 = 0, dims = 0;

    explicit Centres(RowMatrixXf c)
        : rows(std::move(c)),
          k(static_cast<std::size_t>(rows.rows())),
          k8((k + 7) / 8 * 8),
          dims(static_cast<std::size_t>(rows.cols())) {
        refresh();
    }
    void refresh() {
        columns.assign(dims * k8, 0.0f);
        for (std::size_t j = 0; j < k; ++j)
            for (std::size_t d = 0; d < dims; ++d) columns[d * k8 + j] = rows(Index(j), Index(d));
    }
    const float* row(std::size_t j) const { return rows.data() + j * dims; }

    /// out[j] = ‖x − c_j‖² for every centre.
    void allSquared(const float* x, float* out) const {
        squaredDistancesToColumns(x, columns.data(), dims, k8, out);
    }
};

/// Per row: its centre, an upper bound on the distance to it, a lower bound on the distance to
/// every other centre (Hamerly's u and l).
struct Bounds {
    std::vector<std::uint32_t> owner;
    std::vector<float> upper, lower;
};

/// Assigns every row whose bounds allow a change; returns how many rows changed centre and adds
/// the distances computed to *distances (per chunk, summed in order).
std::size_t assign(const KMeansData& data, const Centres& centres, Bounds& b, bool firstPass,
                   bool everyDistance, const ProgressSpan& progress, double* distances) {
    const std::size_t k = centres.k;
    // s_j: half the distance from centre j to its nearest other centre. A row nearer its own
    // centre than that cannot be nearer any other.
    std::vector<float> half(k, std::numeric_limits<float>::infinity());
    for (std::size_t j = 0; j < k; ++j)
        for (std::size_t i = j + 1; i < k; ++i) {
            const float h =
                0.5f * std::sqrt(squaredDistance(centres.row(j), centres.row(i), centres.dims));
            half[j] = std::min(half[j], h);
            half[i] = std::min(half[i], h);
        }
    const std::size_t chunks = chunkCount(data.rows);
    std::vector<std::size_t> changed(chunks, 0), computed(chunks, 0);
    forChunks(data.rows, progress, [&](std::size_t c, std::size_t begin, std::size_t end) {
        std::vector<float> all(centres.k8);
        std::size_t moves = 0, count = 0;
        for (std::size_t i = begin; i < end; ++i) {
            const float* x = data.row(i);
            const std::uint32_t own = b.owner[i];
            if (!firstPass && !everyDistance) {
                const float bound = std::max(half[own], b.lower[i]);
                if (b.upper[i] <= bound) continue;
                b.upper[i] = std::sqrt(squaredDistance(x, centres.row(own), centres.dims));
                ++count;
                if (b.upper[i] <= bound) continue;
            }
            centres.allSquared(x, all.data());
            count += k;
            std::uint32_t best = 0;
            float first = all[0], second = std::numeric_limits<float>::infinity();
            for (std::size_t j = 1; j < k; ++j) {
                if (all[j] < first) {
                    second = first;
                    first = all[j];
                    best = static_cast<std::uint32_t>(j);
                } else if (all[j] < second) {
                    second = all[j];
                }
            }
            if (best != own || firstPass) ++moves;
            b.owner[i] = best;
            b.upper[i] = std::sqrt(first);
            b.lower[i] = std::sqrt(second);
        }
        changed[c] = moves;
        computed[c] = count;
    });
    std::size_t moves = 0;
    for (std::size_t c = 0; c < chunks; ++c) {
        moves += changed[c];
        *distances += double(computed[c]);
    }
    return moves;
}

/// Σ x over each centre's rows, in double, added in row order: the work is split by blocks of
/// 16 columns (one cache line of floats), never by rows, so the sums are the serial ones.
void columnSums(const KMeansData& data, const std::vector<std::uint32_t>& owner,
                Eigen::MatrixXd& sums) {
    const std::size_t d = data.dims, blocks = (d + 15) / 16;
    sums.setZero();  // column j: centre j
#pragma omp parallel for schedule(dynamic, 1)
    for (std::size_t blk = 0; blk < blocks; ++blk) {
        const std::size_t from = blk * 16, to = std::min(d, from + 16);
        for (std::size_t i = 0; i < data.rows; ++i) {
            const float* x = data.row(i);
            double* s = sums.data() + std::size_t(owner[i]) * d;
            for (std::size_t q = from; q < to; ++q) s[q] += x[q];
        }
    }
}

/// Moves the rows that changed centre from their old centre's sum to the new one's, in row
/// order (split by columns as columnSums): once the clusters settle, few rows move and the
/// update costs almost nothing. Many moves: the sums are recomputed instead.
void updateSums(const KMeansData& data, const std::vector<std::uint32_t>& before,
                const std::vector<std::uint32_t>& owner, Eigen::MatrixXd& sums) {
    std::vector<std::size_t> moved;
    for (std::size_t i = 0; i < data.rows; ++i)
        if (owner[i] != before[i]) moved.push_back(i);
    if (moved.empty()) return;
    if (2 * moved.size() > data.rows) return columnSums(data, owner, sums);
    const std::size_t d = data.dims, blocks = (d + 15) / 16;
#pragma omp parallel for schedule(dynamic, 1)
    for (std::size_t blk = 0; blk < blocks; ++blk) {
        const std::size_t from = blk * 16, to = std::min(d, from + 16);
        for (std::size_t i : moved) {
            const float* x = data.row(i);
            double* out = sums.data() + std::size_t(before[i]) * d;
            double* in = sums.data() + std::size_t(owner[i]) * d;
            for (std::size_t q = from; q < to; ++q) {
                out[q] -= x[q];
                in[q] += x[q];
            }
        }
    }
}

/// Gives every empty cluster the row farthest from its own centre among clusters that keep at
/// least one row (ties: the lower row), as scikit-learn relocates empty clusters. Returns how
/// many rows moved.
std::size_t relocateEmpty(const KMeansData& data, const Centres& centres, Bounds& b,
                          std::vector<std::size_t>& counts) {
    std::vector<float> far(data.rows);
    bool computed = false;
    std::size_t moved = 0;
    for (std::size_t j = 0; j < centres.k; ++j) {
        if (counts[j] > 0) continue;
        if (!computed) {
#pragma omp parallel for schedule(static)
            for (std::size_t i = 0; i < data.rows; ++i)
                far[i] = squaredDistance(data.row(i), centres.row(b.owner[i]), centres.dims);
            computed = true;
        }
        std::size_t pick = data.rows;
        for (std::size_t i = 0; i < data.rows; ++i)
            if (counts[b.owner[i]] > 1 && (pick == data.rows || far[i] > far[pick])) pick = i;
        if (pick == data.rows) break;  // k > N: cannot happen (checked by the caller)
        --counts[b.owner[pick]];
        ++counts[j];
        far[pick] = -1;
        b.owner[pick] = static_cast<std::uint32_t>(j);
        b.upper[pick] = 0;
        b.lower[pick] = 0;
        ++moved;
    }
    return moved;
}

}  // namespace

LloydRun runLloyd(const KMeansData& data, RowMatrixXf start, const LloydSettings& settings,
                  const ProgressSpan& progress) {
    const std::size_t n = data.rows, d = data.dims;
    Centres centres(std::move(start));
    const std::size_t k = centres.k;
    Bounds b{std::vector<std::uint32_t>(n, 0), std::vector<float>(n, 0), std::vector<float>(n, 0)};
    LloydRun run;
    bool strict = false;
    std::vector<double> moved(k);
    std::vector<std::size_t> counts(k, 0);
    std::vector<std::uint32_t> before;
    Eigen::MatrixXd sums = Eigen::MatrixXd::Zero(Index(d), Index(k));
    for (std::size_t it = 0; it < settings.maxIterations; ++it) {
        const ProgressSpan part{
            progress.progress,
            progress.base + progress.span * double(it) / double(settings.maxIterations),
            progress.span / double(settings.maxIterations)};
        before = b.owner;
        std::size_t moves =
            assign(data, centres, b, it == 0, !settings.bounds, part, &run.distances);
        run.iterations = it + 1;

        if (it == 0) {
            std::fill(counts.begin(), counts.end(), 0);
            for (std::size_t i = 0; i < n; ++i) ++counts[b.owner[i]];
        } else {
            for (std::size_t i = 0; i < n; ++i)
                if (b.owner[i] != before[i]) --counts[before[i]], ++counts[b.owner[i]];
        }
        moves += relocateEmpty(data, centres, b, counts);
        if (it == 0)
            columnSums(data, b.owner, sums);
        else
            updateSums(data, before, b.owner, sums);
        double shift = 0, most = 0, secondMost = 0;
        std::size_t mostMoved = 0;
        for (std::size_t j = 0; j < k; ++j) {
            Eigen::VectorXd c = sums.col(Index(j)) / double(counts[j]);
            if (settings.spherical) {
                const double norm = c.norm();
                // Rows that cancel out exactly leave the direction undefined: keep the old one.
                if (norm > 0)
                    c /= norm;
                else
                    c = centres.rows.row(Index(j)).transpose().cast<double>();
            }
            const Eigen::VectorXf cf = c.cast<float>();
            moved[j] = (cf - centres.rows.row(Index(j)).transpose()).cast<double>().norm();
            centres.rows.row(Index(j)) = cf.transpose();
            shift += moved[j] * moved[j];
            if (moved[j] > most) {
                secondMost = most;
                most = moved[j];
                mostMoved = j;
            } else if (moved[j] > secondMost) {
                secondMost = moved[j];
            }
        }
        centres.refresh();
        // Hamerly's update: the own centre moved by at most moved[own]; any other by at most
        // the largest move among the others.
#pragma omp parallel for schedule(static)
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint32_t own = b.owner[i];
            b.upper[i] += static_cast<float>(moved[own]);
            b.lower[i] -= static_cast<float>(own == mostMoved ? secondMost : most);
        }
        if (it > 0 && moves == 0) {
            strict = true;
            break;
        }
        if (shift <= settings.tolerance) break;
    }
    run.converged = strict || run.iterations < settings.maxIterations;
    // As scikit-learn: unless no row moved, assign once more so labels match the centres.
    if (!strict) {
        assign(data, centres, b, false, !settings.bounds,
               {progress.progress, progress.base + progress.span, 0}, &run.distances);
        // That assignment may empty a cluster: it then takes the farthest row as its centre, so
        // that every cluster keeps a member (and a name).
        std::fill(counts.begin(), counts.end(), 0);
        for (std::size_t i = 0; i < n; ++i) ++counts[b.owner[i]];
        if (std::find(counts.begin(), counts.end(), 0) != counts.end()) {
            before = b.owner;
            relocateEmpty(data, centres, b, counts);
            for (std::size_t i = 0; i < n; ++i)
                if (b.owner[i] != before[i])
                    centres.rows.row(Index(b.owner[i])) =
                        Eigen::Map<const Eigen::RowVectorXf>(data.row(i), Index(d));
        }
    }

    run.squaredDistance.resize(n);
#pragma omp parallel for schedule(static)
    for (std::size_t i = 0; i < n; ++i) {
        const float* x = data.row(i);
        const float* c = centres.row(b.owner[i]);
        double s = 0;
        for (std::size_t q = 0; q < d; ++q) {
            const double diff = double(x[q]) - double(c[q]);
            s += diff * diff;
        }
        run.squaredDistance[i] = s;
    }
    for (double s : run.squaredDistance) run.inertia += s;
    run.assignment = std::move(b.owner);
    run.centres = std::move(centres.rows);
    return run;
}

}  // namespace embedscope::detail
