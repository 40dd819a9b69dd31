#pragma once
// Internal to the core: rows grouped into small compact tiles, so that exact search can skip
// whole tiles that cannot hold a query's neighbours.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "../Embedding.h"
#include "../Progress.h"

namespace embedscope::detail {

/// A partition of the rows into tiles of at most maxTile rows (at least half as many), each a
/// leaf of a median-split tree: every split cuts its rows in two halves along the line through
/// two far-apart rows of a sample, so each tile covers a small region of the space.
struct RowTiles {
    std::vector<std::uint32_t> order;  ///< position → row: tile t holds positions [begin[t], begin[t + 1])
    std::vector<std::size_t> begin;    ///< tiles + 1 entries
    std::size_t tiles() const { return begin.empty() ? 0 : begin.size() - 1; }
};

/// Builds the partition of x (rows × dims, row-major). Deterministic; O(N·D·log(N / maxTile)),
/// subtrees on the OpenMP threads. Throws Cancelled, soon after it, when progress is cancelled.
RowTiles tileRows(const float* x, std::size_t rows, std::size_t dims, std::size_t maxTile,
                  const Progress* progress = nullptr);

/// Puts the rows of m in the order given (new row p = old row order[p]), in place.
void permuteRows(RowMatrixXf& m, const std::vector<std::uint32_t>& order);

}  // namespace embedscope::detail
