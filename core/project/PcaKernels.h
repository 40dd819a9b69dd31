#pragma once
/// Internal to PCA: the inner loops of its passes over the rows, written for the vector units.
/// Eigen's GEMM packs both operands for every product; with a basis of 16 columns that copying
/// costs more than the arithmetic, so these loops keep the basis and the sums in registers.
#include <Eigen/Core>

namespace embedscope::pca_detail {

/// Columns of a basis block the Gram kernel multiplies at once (two AVX registers per row, one
/// AVX-512 register).
constexpr Eigen::Index kGramColumns = 16;
/// The narrow block: one AVX register (8 columns, half a register with AVX-512; 4 without AVX).
#ifdef __AVX__
constexpr Eigen::Index kNarrowColumns = 8;
#else
constexpr Eigen::Index kNarrowColumns = 4;
#endif

/// Rows centred inside the Gram kernel rather than before it: x_g z − cz is what it multiplies
/// by, and it adds up Σ_g (x_g z − cz), with which the caller corrects p by −c ⊗ Σ_g y_g.
struct GramCentre {
    const float* cz;  // width floats: the centre times z
    float* ySum;      // width floats
};

/// p += xᵀ(x z) for `rows` rows of x (row-major, `dims` floats each): z and p are dims × width,
/// row-major, width kGramColumns or, for narrow bases, kNarrowColumns. With a centre, p +=
/// xᵀ((x − 1cᵀ)z) instead (see GramCentre). Each row's products are summed in float, in a fixed
/// order. Asks the memory meanwhile for the `aheadCount` floats at `ahead` (the next rows, or
/// nullptr).
void addGramProduct(const float* x, Eigen::Index rows, Eigen::Index dims, const float* z,
                    Eigen::Index width, float* p, const GramCentre* centre = nullptr,
                    const float* ahead = nullptr, Eigen::Index aheadCount = 0);

/// The lower triangle of p (stride × stride, row-major) += Σ_r x_r x_rᵀ for `rows` rows of x
/// (row-major, stride floats each, stride a multiple of kGramColumns): tiles of kGramColumns
/// columns from the diagonal down, so a few entries above the diagonal are summed too. Each entry
/// is summed over the rows in order, in float.
void addLowerGram(const float* x, Eigen::Index rows, Eigen::Index stride, float* p);

/// sum[j] += Σ_r x_rj, and squares[j] += Σ_r x_rj² when squares is not null, for `rows` rows of
/// x (`stride` floats apart) and j < dims, in float and in row order.
void addColumnSums(const float* x, Eigen::Index rows, Eigen::Index stride, Eigen::Index dims,
                   float* sum, float* squares);

/// out[r·axes + a] = Σ_j (x_rj − centre_j) w_aj for `rows` rows of x (row-major, `dims` floats
/// each) and `axes` rows of w (row-major). Each coordinate is its own dot product, summed in
/// the same order whatever the other axes are.
void centredDots(const float* x, Eigen::Index rows, Eigen::Index dims, const float* centre,
                 const float* w, Eigen::Index axes, float* out);

}  // namespace embedscope::pca_detail
