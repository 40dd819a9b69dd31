#pragma once
/// t-SNE (van der Maaten & Hinton 2008) for 2-D and 3-D layouts of up to hundreds of thousands
/// of points: sparse input affinities on the kNN graph, Barnes-Hut (van der Maaten 2014) or
/// FFT-interpolated (Linderman et al. 2019) repulsion, and the optimisation schedule of Kobak &
/// Berens (2019) / Belkina et al. (2019). See TsneOptions.h for every setting.
///
/// Determinism: the same input, options and seed give a bitwise identical layout for any number
/// of OpenMP threads whenever the kNN graph is exact (Auto's choice unless the data are large and exact search
/// cannot skip enough of them, see KnnOptions::exactWorkLimit; or knnMethod = Exact). Every per-point quantity (bandwidth, attraction, repulsion, Z's share) is
/// computed independently of how points are split among threads, all sums over points run in
/// point order, and the Barnes-Hut tree is the same for any thread count. An HNSW graph built on
/// several threads can differ slightly from run to run (see KnnHnsw.cpp), and the layout with it;
/// with OMP_NUM_THREADS=1 it is reproducible too.
///
/// Tiny inputs: N = 0 gives an empty layout; N = 1 a single point at the origin (nothing to
/// optimise, no perplexity check). From N = 2 on the perplexity must be < N, as in
/// scikit-learn: N = 2 needs perplexity < 2 (P then holds the one pair, whose gradient vanishes
/// at any distance, so the layout stays at its initialisation); N = 3 works normally.
#include "../../Embedding.h"
#include "../../Progress.h"
#include "Affinities.h"
#include "TsneOptions.h"

namespace embedscope {

/// Validates options against N (Error: dims not 2 or 3, perplexity ≤ 0 or ≥ N — "perplexity (30)
/// must be less than the number of points (25)" —, a learning rate, exaggeration, degrees of
/// freedom or frame count out of range, FFT in 3-D, the dot metric).
void validateTsneOptions(const TsneOptions& options, std::size_t points);

/// Runs t-SNE on the embedding's rows, with the distances options.metric names.
///
/// Throws Error for invalid options (validateTsneOptions), for NaN or infinite input values
/// ("row 5 ("label") has a non-finite value", 1-based) and, under cosine, for an all-zero row
/// ("row 5 ("label") is a zero vector: cosine is undefined for it"). Cancellation before the
/// optimisation starts (kNN, affinities, PCA) throws Cancelled; during the optimisation it returns
/// the layout reached so far with cancelled = true (see optimizeTsne). onFrame runs on the calling
/// thread.
TsneResult runTsne(const Embedding& data, const TsneOptions& options,
                   const TsneFrameCallback& onFrame = {}, Progress& progress = Progress::none());

/// The same from input affinities already computed (for tests and callers who cache P): data is
/// only used for the PCA initialisation (of the unit vectors under cosine). P.rows must equal
/// data.rows().
TsneResult runTsne(const Embedding& data, const SparseAffinities& P, const TsneOptions& options,
                   const TsneFrameCallback& onFrame = {}, Progress& progress = Progress::none());

/// The rows scaled to unit length (labels kept), as t-SNE under cosine sees them. A row already of
/// unit length within float rounding (|‖x‖ − 1| ≤ 1e-6, ‖x‖ summed in double) is kept bit for
/// bit, so normalising twice changes nothing. Throws Error for a non-finite value or a zero row
/// (messages as runTsne's).
Embedding unitRows(const Embedding& data);

/// The kNN graph settings t-SNE uses for N points (method Auto, euclidean; runTsne sets its
/// metric): k from the perplexity, a light HNSW index whose ef is tuned to recall 0.95 (see
/// Tsne.cpp).
KnnOptions tsneKnnOptions(std::size_t points, double perplexity, unsigned seed);

/// max(N / 12, 200) (Belkina et al. 2019), in this implementation's gradient units (see
/// TsneOptions::learningRate).
double autoLearningRate(std::size_t points);

}  // namespace embedscope
