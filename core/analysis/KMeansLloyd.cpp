// Lloyd's iterations with Hamerly's bounds (Hamerly 2010, "Making k-means even faster") or
// Yinyang's group bounds (Ding et al. 2015, "Yinyang K-Means: a drop-in replacement").
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
    /// Yinyang: per row, a lower bound on the distance to every centre of each group other than
    /// the row's own centre (rows × groups).
    std::vector<float> groupLower;
};

/// Yinyang's groups of centres (Ding et al. 2015: t = k/10 groups, found by clustering the
/// starting centres with 5 Lloyd iterations; here seeded with the first t centres).
struct Groups {
    std::size_t count = 1;
    std::vector<std::uint32_t> of;  ///< per centre, its group
    std::vector<std::vector<std::uint32_t>> members;

    explicit Groups(const RowMatrixXf& centres) {
        const std::size_t k = static_cast<std::size_t>(centres.rows());
        const std::size_t d = static_cast<std::size_t>(centres.cols());
        count = std::max<std::size_t>(1, k / 10);
        RowMatrixXf seeds = centres.topRows(Index(count));
        of.assign(k, 0);
        for (int it = 0; it < 5; ++it) {
            for (std::size_t j = 0; j < k; ++j) {
                float best = std::numeric_limits<float>::infinity();
                for (std::size_t g = 0; g < count; ++g) {
                    const float dist =
                        squaredDistance(centres.data() + j * d, seeds.data() + g * d, d);
                    if (dist < best) best = dist, of[j] = static_cast<std::uint32_t>(g);
                }
            }
            RowMatrixXf sums = RowMatrixXf::Zero(Index(count), Index(d));
            std::vector<std::size_t> sizes(count, 0);
            for (std::size_t j = 0; j < k; ++j) {
                sums.row(of[j]) += centres.row(Index(j));
                ++sizes[of[j]];
            }
            for (std::size_t g = 0; g < count; ++g)
                if (sizes[g]) seeds.row(Index(g)) = sums.row(Index(g)) / float(sizes[g]);
        }
        members.assign(count, {});
        for (std::size_t j = 0; j < k; ++j) members[of[j]].push_back(static_cast<std::uint32_t>(j));
    }
};

/// Yinyang's assignment: a row whose upper bound is below every group's lower bound keeps its
/// centre; otherwise only the groups whose lower bound is below the best distance so far are
/// measured, and their bounds renewed. Returns the rows that changed centre.
std::size_t assignYinyang(const KMeansData& data, const Centres& centres, const Groups& groups,
                          Bounds& b, bool firstPass, const ProgressSpan& progress,
                          double* distances) {
    const std::size_t k = centres.k, t = groups.count;
    const std::size_t chunks = chunkCount(data.rows);
    std::vector<std::size_t> changed(chunks, 0), computed(chunks, 0);
    forChunks(data.rows, progress, [&](std::size_t c, std::size_t begin, std::size_t end) {
        std::vector<float> all(centres.k8), first(t), second(t);
        std::vector<std::uint32_t> nearest(t);
        std::vector<char> measured(t);
        std::size_t moves = 0, count = 0;
        for (std::size_t i = begin; i < end; ++i) {
            const float* x = data.row(i);
            const std::uint32_t own = b.owner[i];
            float* lower = b.groupLower.data() + i * t;
            float upper = std::numeric_limits<float>::infinity(), ownSq = upper;
            if (!firstPass) {
                const float global = *std::min_element(lower, lower + t);
                if (b.upper[i] <= global) continue;
                ownSq = squaredDistance(x, centres.row(own), centres.dims);
                upper = std::sqrt(ownSq);
                b.upper[i] = upper;
                ++count;
                if (upper <= global) continue;
            }
            std::fill(first.begin(), first.end(), std::numeric_limits<float>::infinity());
            std::fill(second.begin(), second.end(), std::numeric_limits<float>::infinity());
            std::fill(measured.begin(), measured.end(), char(0));
            std::uint32_t best = own;
            float bestSq = ownSq;
            if (firstPass) {
                centres.allSquared(x, all.data());
                count += k;
                bestSq = std::numeric_limits<float>::infinity();
            }
            for (std::size_t g = 0; g < t; ++g) {
                if (!firstPass && lower[g] * lower[g] >= bestSq) continue;
                measured[g] = 1;
                for (std::uint32_t j : groups.members[g]) {
                    float sq = 0;
                    if (firstPass) {
                        sq = all[j];
                    } else {
                        sq = squaredDistance(x, centres.row(j), centres.dims);
                        ++count;
                    }
                    if (sq < first[g]) {
                        second[g] = first[g];
                        first[g] = sq;
                        nearest[g] = j;
                    } else if (sq < second[g]) {
                        second[g] = sq;
                    }
                    if (sq < bestSq || (sq == bestSq && j < best)) best = j, bestSq = sq;
                }
            }
            for (std::size_t g = 0; g < t; ++g)
                if (measured[g]) lower[g] = std::sqrt(nearest[g] == best ? second[g] : first[g]);
            // The old centre is now one of the others: its group's bound must cover it.
            if (!firstPass && best != own) {
                const std::uint32_t g = groups.of[own];
                if (!measured[g]) lower[g] = std::min(lower[g], upper);
            }
            if (best != own || firstPass) ++moves;
            b.owner[i] = best;
            b.upper[i] = std::sqrt(bestSq);
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
#pragma omp parallel for schedule(dynamic, 1) if (data.rows * data.dims >= kParallelRows * 16)
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
#pragma omp parallel for schedule(dynamic, 1) if (moved.size() * d >= kParallelRows * 16)
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
#pragma omp parallel for schedule(static) if (data.rows >= kParallelRows)
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
        // Its bounds say nothing any more: 0 sends it through a full measure next time.
        b.upper[pick] = 0;
        if (!b.lower.empty()) b.lower[pick] = 0;
        const std::size_t t = b.groupLower.size() / data.rows;
        std::fill_n(b.groupLower.begin() + std::ptrdiff_t(pick * t), t, 0.0f);
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
    LloydRun run;
    const bool yinyang = settings.bounds == LloydSettings::Bounds::Yinyang;
    const Groups groups = yinyang ? Groups(centres.rows) : Groups(centres.rows.topRows(1));
    Bounds b{std::vector<std::uint32_t>(n, 0), std::vector<float>(n, 0),
             std::vector<float>(yinyang ? 0 : n, 0),
             std::vector<float>(yinyang ? n * groups.count : 0)};
    const bool every = settings.bounds == LloydSettings::Bounds::None;
    auto assignAll = [&](bool firstPass, const ProgressSpan& part) {
        return yinyang ? assignYinyang(data, centres, groups, b, firstPass, part, &run.distances)
                       : assign(data, centres, b, firstPass, every, part, &run.distances);
    };
    std::vector<double> groupMoved(groups.count);
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
        std::size_t moves = assignAll(it == 0, part);
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
        if (yinyang) {
            // Yinyang: every centre of a group moved by at most the group's largest move.
            std::fill(groupMoved.begin(), groupMoved.end(), 0.0);
            for (std::size_t j = 0; j < k; ++j)
                groupMoved[groups.of[j]] = std::max(groupMoved[groups.of[j]], moved[j]);
            const std::size_t t = groups.count;
#pragma omp parallel for schedule(static) if (n >= kParallelRows)
            for (std::size_t i = 0; i < n; ++i) {
                b.upper[i] += static_cast<float>(moved[b.owner[i]]);
                for (std::size_t g = 0; g < t; ++g)
                    b.groupLower[i * t + g] -= static_cast<float>(groupMoved[g]);
            }
        } else {
#pragma omp parallel for schedule(static) if (n >= kParallelRows)
            for (std::size_t i = 0; i < n; ++i) {
                const std::uint32_t own = b.owner[i];
                b.upper[i] += static_cast<float>(moved[own]);
                b.lower[i] -= static_cast<float>(own == mostMoved ? secondMost : most);
            }
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
        assignAll(false, {progress.progress, progress.base + progress.span, 0});
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
#pragma omp parallel for schedule(static) if (n >= kParallelRows)
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
