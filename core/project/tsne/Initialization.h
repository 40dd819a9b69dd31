#pragma once
/// The starting layout of t-SNE.
#include <cstddef>

#include "../../Embedding.h"
#include "../../Progress.h"
#include "TsneOptions.h"

namespace embedscope {

/// Standard deviation of the first coordinate of a t-SNE initialisation: small, so the early
/// iterations are not dominated by the initial distances (Kobak & Linderman 2021, "Initialization
/// is critical for preserving global data structure in both t-SNE and UMAP", Nat. Biotechnol.).
inline constexpr double kTsneInitStd = 1e-4;

/// N × dims values drawn from N(0, std²), seeded: std::mt19937_64 and a Box-Muller transform
/// written here, so a seed gives the same numbers with any standard library.
RowMatrixXf randomNormalLayout(std::size_t rows, std::size_t dims, unsigned seed, double std);

/// The initial layout for t-SNE. Pca: the first `dims` principal components (PCA always centres),
/// scaled so that the first coordinate has standard deviation kTsneInitStd. When the data has
/// fewer than `dims` usable components (N ≤ dims, D < dims) the missing coordinates are drawn at
/// random with that std; when all rows are equal (the first coordinate has no spread) the whole
/// layout is random. Random: randomNormalLayout(N, dims, seed, kTsneInitStd).
RowMatrixXf initialLayout(const Embedding& data, std::size_t dims, TsneInit init, unsigned seed,
                          Progress& progress = Progress::none());

}  // namespace embedscope
