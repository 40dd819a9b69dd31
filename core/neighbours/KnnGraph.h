#pragma once
/// The k-nearest-neighbour graph of all rows: the input of t-SNE's affinities and of the layout
/// quality measures. Exact (blocked GEMM) or approximate (HNSW, Malkov & Yashunin 2018).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "../Embedding.h"
#include "../Progress.h"
#include "Metric.h"

namespace embedscope {

namespace detail {
class HnswGraph;
}

struct KnnGraph {
    std::size_t rows = 0;
    std::size_t k = 0;
    std::vector<std::uint32_t> indices;  ///< rows × k, nearest first, self excluded
    std::vector<float> distances;        ///< rows × k, same order (metric distances)
    bool approximate = false;
    /// For approximate graphs: recall@k against exact search on a seeded sample of
    /// KnnOptions::recallSample rows, the mean share of each sampled row's exact k nearest that the
    /// graph lists (a listed row tied with the k-th exact distance counts too: which of several
    /// duplicates is "the" neighbour is arbitrary). NaN when recallSample is 0; 1 for exact graphs.
    double recall = 1.0;
    std::size_t ef = 0;  ///< HNSW: the search breadth the rows were queried with (0 if exact)
    bool reusedIndex = false;  ///< HNSW: the index KnnOptions::hnswIndex gave was searched
};

enum class KnnMethod { Auto, Exact, Hnsw };

struct KnnOptions {
    std::size_t k = 15;
    Metric metric = Metric::Euclidean;
    KnnMethod method = KnnMethod::Auto;
    /// Auto searches exactly while the work it expects, rows² × dims, is at most this (at most
    /// about six minutes on two cores: 630 000 rows in 50-D, 258 000 in 300-D). Above, up to
    /// exactWorkProbe, a pilot search on the rows of a few tiles measures the share of the data
    /// exact search cannot skip on these data (0.2 for 1 M blob points in 50-D, 1 for data
    /// without clusters), and Auto searches exactly while share × rows² × dims is at most this;
    /// otherwise HNSW.
    double exactWorkLimit = 2e13;
    double exactWorkProbe = 1e15;
    std::size_t hnswM = 16;  ///< HNSW graph degree
    std::size_t hnswEfConstruction = 200;
    std::size_t hnswEf = 0;           ///< search breadth; 0 = max(2k, 50)
    /// When > 0: before the rows are queried, ef is raised from hnswEf (×1.25 at a time, at most
    /// kMaxTunedEf) until the recall@k on a separate seeded sample of kEfTuningSample rows,
    /// checked against exact search, less two standard errors (a one-sided 97.5% bound), reaches
    /// this, then lowered by bisection towards the last ef that fell short (to within 1/16 of
    /// it). The recall reported is then measured on the usual sample as always, so it is not
    /// the tuning sample's.
    double hnswTargetRecall = 0;
    static constexpr std::size_t kEfTuningSample = 1000;
    static constexpr std::size_t kMaxTunedEf = 2048;
    std::size_t recallSample = 1000;  ///< rows checked against exact search
    unsigned seed = 42;
    /// Supplies an HNSW index already built over these rows (the same matrix, row for row) in a
    /// space where its order of neighbours is this metric's (HnswIndex::ranksAs says when), for
    /// example the one the app builds for neighbour queries. Called once HNSW is chosen, on the
    /// calling thread, before any build; it may wait for an index still being built (it should
    /// call progress.step or check, so a cancel still stops it). The index it returns is
    /// searched instead of building one, which is most of the graph's time on large data, and
    /// the rows it finds are ranked again by this metric's exact distances; null: one is built.
    /// What it returns must stay alive until the call returns, and may serve other queries
    /// meanwhile (each query passes its own ef).
    std::function<const detail::HnswGraph*(Progress&)> hnswIndex;
};

/// Builds the graph over the embedding's rows (or over any row-major float matrix).
///
/// Exact: the rows are grouped into tiles of at most 256 nearby rows (a median-split tree); each
/// tile of query rows meets the other tiles nearest first in float GEMMs, and skips a tile when a
/// bound from its centre and radius shows that none of its rows can be among any query's k
/// nearest. Every row that could be among the k nearest within the GEMM's rounding bound is then
/// re-measured in double, so the neighbours are exactly those of the double-precision distances,
/// ties to the lower row, the same for any thread count; duplicates are at distance 0. At most
/// O(N²·D) time, much less on clustered data; memory: a working copy of the matrix (centred, or
/// unit rows for cosine) plus a few MB per thread.
/// HNSW: M, ef_construction and ef from the options, or the given hnswIndex searched (ef raised
/// to reach hnswTargetRecall when that is set; stage "kNN (HNSW) tuning"); each row is queried for k + 1 and itself
/// dropped (else the farthest), the k found are ranked by exact distances; rows it cannot fill
/// fall back to exact search. With several threads the insertion order varies, so the graph may
/// differ slightly between runs (KnnGraph::recall says how good it is). Memory: hnswlib's copy of
/// the data and its links, plus the exact working copy while checking recall.
/// Auto: exact or HNSW by the work exact search expects (see exactWorkLimit; stage "kNN (pilot)"
/// when measured). k = 0 gives an empty graph (any N, N = 0 included).
/// Progress stages: "kNN (exact)"; or "kNN (HNSW) building", "kNN (HNSW) querying",
/// "checking recall".
/// Throws Error when k ≥ N ("k (= 5) must be smaller than the number of rows (5)"), on a NaN or
/// infinity ("row 12 has a non-finite value"), on an all-zero row under cosine ("row 12 is a zero
/// vector: cosine is undefined for it"; rows 1-based as in every message), Cancelled when
/// cancelled (checked at least once per block of rows).
KnnGraph buildKnnGraph(const float* data, std::size_t rows, std::size_t dims,
                       const KnnOptions& options, Progress& progress = Progress::none());
inline KnnGraph buildKnnGraph(const Embedding& e, const KnnOptions& options,
                              Progress& progress = Progress::none()) {
    return buildKnnGraph(e.data(), e.rows(), e.dims(), options, progress);
}

}  // namespace embedscope
