#pragma once
/// The Word Embedding Association Test (Caliskan, Bryson & Narayanan 2017, "Semantics derived
/// automatically from language corpora contain human-like biases", Science 356:183–186).
///
/// s(w, A, B) = mean_{a∈A} cos(w, a) − mean_{b∈B} cos(w, b); the statistic
/// S(X, Y) = Σ_{x∈X} s(x) − Σ_{y∈Y} s(y); the effect size
/// d = (mean_{x∈X} s(x) − mean_{y∈Y} s(y)) / std_{w∈X∪Y} s(w) with the population standard
/// deviation (ddof 0, as algorithms.md fixes it; the paper writes "std-dev" without saying
/// which); the one-sided p-value is the share of all
/// splits of X∪Y into sets of sizes |X| and |Y| (the observed split included) whose S is at least
/// the observed S.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "../Progress.h"
#include "UnitRows.h"

namespace embedscope {

struct WeatSets {
    std::string name;  ///< e.g. "WEAT 1" (may be empty)
    std::string xName, yName, aName,
        bName;                            ///< e.g. "Flowers", "Insects", "Pleasant", "Unpleasant"
    std::vector<std::string> x, y, a, b;  ///< targets X, Y; attributes A, B
};

enum class WeatPValueMethod {
    Auto,       ///< Exact when the number of splits is at most exactLimit, else MonteCarlo
    Exact,      ///< every split (Error when there are more than 10⁸)
    MonteCarlo  ///< permutations seeded random splits
};

struct WeatOptions {
    WeatPValueMethod method = WeatPValueMethod::Auto;
    std::size_t exactLimit = 1'000'000;  ///< algorithms.md: exact up to 10⁶ splits
    std::size_t permutations = 100'000;  ///< Monte-Carlo splits R (standard error of p ≤ 0.0016)
    std::uint64_t seed = 42;  ///< Monte-Carlo only; same seed, same p on any thread count
    bool lowercase = false;   ///< look every word up in ASCII lower case (for uncased vocabularies)
};

struct WeatResult {
    double effectSize = 0;  ///< d
    double pValue = 0;      ///< one-sided; exact or (count + 1)/(R + 1)
    double statistic = 0;   ///< S(X, Y)
    bool exact = false;
    /// Exact: the number of splits enumerated, C(|X|+|Y|, |X|); Monte-Carlo: R.
    std::size_t permutations = 0;
    std::size_t sizeX = 0, sizeY = 0, sizeA = 0,
                sizeB = 0;  ///< words used (found in the vocabulary)
    /// Words not in the vocabulary (or zero vectors), in the order X, Y, A, B; never silently
    /// dropped.
    std::vector<std::string> missing;
    std::vector<double> associationsX,
        associationsY;  ///< s(w, A, B) of the words used, in set order
};

/// Runs the test. Words missing from the vocabulary are left out and listed. Unequal |X| and |Y|
/// (given so, or after leaving words out) are handled as algorithms.md says: splits keep the
/// original sizes. Throws Error when a set is empty (given empty, or every word missing: the
/// message names the set and its missing words) or all s(w) are equal (d is undefined). Progress
/// over the splits; cancellable.
WeatResult runWeat(const UnitRows& rows, const WeatSets& sets, const WeatOptions& options = {},
                   Progress& progress = Progress::none());

/// C(n, k), or max + 1 when it exceeds max (no overflow).
std::uint64_t binomialCapped(std::uint64_t n, std::uint64_t k, std::uint64_t max);

}  // namespace embedscope
