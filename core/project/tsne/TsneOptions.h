#pragma once
/// The settings, frames and result of a t-SNE run (see Tsne.h for the entry point).
///
/// Defaults follow Kobak & Berens (2019), "The art of using t-SNE for single-cell transcriptomics",
/// Nat. Commun. 10:5416, and Belkina et al. (2019), "Automated optimized parameters for
/// T-distributed stochastic neighbor embedding improve visualization and analysis of large
/// datasets", Nat. Commun. 10:5415: PCA initialisation, learning rate N/12, early exaggeration 12
/// for 250 iterations.
#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include "../../Embedding.h"
#include "../../neighbours/KnnGraph.h"

namespace embedscope {

class HnswIndex;

/// Hands t-SNE an HNSW index over its rows (see TsneOptions::neighbourIndex).
using NeighbourIndexSource = std::function<std::shared_ptr<const HnswIndex>(Progress&)>;

/// How the repulsive forces (the all-pairs part of the gradient) are computed.
enum class RepulsionMethod {
    Auto,       ///< see chooseRepulsion (Repulsion.h)
    Exact,      ///< all N² pairs (reference; slow beyond a few thousand points)
    BarnesHut,  ///< quadtree / octree, van der Maaten (2014), 2-D and 3-D
    Fft,        ///< FFT-accelerated interpolation, Linderman et al. (2019); 2-D (3-D: in Hybrid)
    Hybrid      ///< 3-D: FFT while the layout fits a capped grid, then Barnes-Hut
};

enum class TsneInit {
    Pca,    ///< first two/three principal components, scaled to std 1e-4 (Kobak & Linderman 2021)
    Random  ///< seeded N(0, (1e-4)²) per coordinate
};

std::string_view repulsionMethodName(RepulsionMethod method);  ///< "auto", "exact", "bh", "fft", "hybrid"

struct TsneOptions {
    std::size_t dims = 2;           ///< 2 or 3
    double perplexity = 30;         ///< > 0 and < N
    std::size_t iterations = 1000;  ///< in total, early exaggeration included
    /// "auto" when unset: max(N / 12, 200) (Belkina et al. 2019). The gradient here omits the
    /// constant factor 4 of the textbook formula (as van der Maaten's bhtsne and FIt-SNE do), so
    /// this equals scikit-learn 1.2's 'auto', max(N / early_exaggeration / 4, 50), applied to its
    /// gradient that keeps the 4: the same step for every N.
    std::optional<double> learningRate;
    double earlyExaggeration = 12;  ///< factor on P during the first phase
    std::size_t earlyExaggerationIterations = 250;
    double earlyMomentum = 0.5;  ///< momentum while exaggerating
    double finalMomentum = 0.8;  ///< momentum afterwards
    /// Late exaggeration (Linderman et al. 2019; Kobak & Berens 2019): a factor > 1 on P from
    /// lateExaggerationStart (default: right after early exaggeration) to the end. 1 = off.
    double lateExaggeration = 1;
    std::optional<std::size_t> lateExaggerationStart;
    /// Degrees of freedom α of the output kernel (1 + d²/α)^−α (Kobak et al. 2019, "Heavy-tailed
    /// kernels reveal a finer cluster structure in t-SNE visualisations"); 1 is the Cauchy
    /// kernel of standard t-SNE, α < 1 gives heavier tails and finer clusters. (scikit-learn's
    /// degrees_of_freedom ν means the Student kernel (1 + d²/ν)^−(ν+1)/2 instead: equal at 1.)
    double degreesOfFreedom = 1;
    /// A point's step (velocity) is shortened to this length when longer, so no point shoots off
    /// while the gains grow (openTSNE's max_step_norm, default 5). 0 = no limit.
    double maxStepNorm = 5;
    /// Barnes-Hut opening angle (van der Maaten 2014); unset: defaultTheta(dims) (Repulsion.h).
    std::optional<double> theta;
    RepulsionMethod method = RepulsionMethod::Auto;
    TsneInit init = TsneInit::Pca;
    unsigned seed = 42;  ///< random initialisation, the random fallbacks of PCA, HNSW
    /// The input distances: Euclidean on the vectors as they are, or cosine, computed as the
    /// Euclidean distance between the unit-normalised vectors: ‖a/‖a‖ − b/‖b‖‖² = 2(1 − cos), so
    /// the neighbours and, after the bandwidth search absorbs the factor 2, the affinities are
    /// those of scikit-learn's metric="cosine" (whose Gaussian takes 1 − cos). The PCA
    /// initialisation then uses the unit vectors too. (The graph ranks the rows by cosine and
    /// takes √(2(1 − cos)): no unit copy of the data.) Dot is refused. defaultMetric(Format)
    /// gives the usual choice for a file.
    Metric metric = Metric::Euclidean;
    /// The kNN graph on the input vectors (k is set from the perplexity). Auto: exact while the
    /// work it expects is small enough (KnnOptions::exactWorkLimit: up to 630 000 points in
    /// 50-D always, 1 M blob points in 50-D after a pilot search), else HNSW with M 16,
    /// ef_construction 100 and ef raised from k + 10 until its recall on a sample reaches 0.95
    /// (tsneKnnOptions, Tsne.cpp).
    KnnMethod knnMethod = KnnMethod::Auto;
    /// Supplies an HNSW index over these very rows, such as the app's neighbour index, called
    /// only once the graph takes HNSW (KnnOptions::hnswIndex: it may wait for an index still being
    /// built, honouring a cancel). When it returns one that ranks the rows as metric does
    /// (HnswIndex::ranksAs), t-SNE searches it instead of building its own: at 300 000 rows in
    /// 300-D the build is about 40% of the graph's time. Otherwise t-SNE builds its own.
    NeighbourIndexSource neighbourIndex;
    /// A frame every this many iterations when a frame callback is given (0 = none).
    std::size_t frameEvery = 10;
    /// Pause hook for an interactive front end: while *paused is true the optimiser sleeps (a few
    /// ms at a time) between iterations, still honouring cancellation. May be null.
    const std::atomic<bool>* paused = nullptr;
};

/// A snapshot while optimising, for animation.
struct TsneFrame {
    std::size_t iteration = 0;  ///< iterations done so far
    double kl = 0;              ///< KL(P‖Q) of the current layout (P not exaggerated)
    RowMatrixXf layout;         ///< a copy: N × dims
};

using TsneFrameCallback = std::function<void(const TsneFrame&)>;

struct TsneResult {
    RowMatrixXf layout;          ///< N × dims (partial when cancelled)
    std::size_t iterations = 0;  ///< iterations run
    double kl = 0;               ///< KL(P‖Q) of the returned layout
    bool cancelled = false;
    double seconds = 0;  ///< wall time of the whole run (kNN, affinities, optimisation)
    RepulsionMethod method = RepulsionMethod::Exact;  ///< the method used (never Auto)
    bool knnApproximate = false;
    bool knnReusedIndex = false;  ///< the graph searched TsneOptions::neighbourIndex's index
    double knnRecall = 1;        ///< recall@k of the HNSW graph against exact search (1 if exact)
    std::size_t neighbours = 0;  ///< k of the kNN graph
    double learningRate = 0;     ///< the learning rate used
};

}  // namespace embedscope
