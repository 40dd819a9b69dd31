#include "Initialization.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "../Pca.h"

namespace embedscope {

RowMatrixXf randomNormalLayout(std::size_t rows, std::size_t dims, unsigned seed, double std) {
    RowMatrixXf out(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(dims));
    std::mt19937_64 engine(seed);
    // 53 random bits to a double in (0, 1]: never 0, so the logarithm below is finite.
    auto uniform = [&engine] { return (double(engine() >> 11) + 1.0) * 0x1.0p-53; };
    float* v = out.data();
    const std::size_t count = rows * dims;
    for (std::size_t i = 0; i < count; i += 2) {
        const double r = std::sqrt(-2.0 * std::log(uniform()));
        const double angle = 2.0 * std::numbers::pi * uniform();
        v[i] = float(std * r * std::cos(angle));
        if (i + 1 < count) v[i + 1] = float(std * r * std::sin(angle));
    }
    return out;
}

RowMatrixXf initialLayout(const Embedding& data, std::size_t dims, TsneInit init, unsigned seed,
                          Progress& progress) {
    const std::size_t n = data.rows();
    RowMatrixXf random = randomNormalLayout(n, dims, seed, kTsneInitStd);
    const std::size_t usable = std::min({dims, n, data.dims()});
    if (init == TsneInit::Random || n < 2 || usable == 0) return random;

    PcaOptions options;
    options.components = usable;
    options.seed = seed;
    const PcaResult pca = fitPca(data, options, progress);
    std::vector<std::size_t> axes(usable);
    for (std::size_t a = 0; a < usable; ++a) axes[a] = a;
    const RowMatrixXf projected = pca.project(data, axes);

    // Standard deviation of the first coordinate (PCA centred it, so its mean is ~0).
    double mean = 0, square = 0;
    for (std::size_t i = 0; i < n; ++i) mean += projected(Eigen::Index(i), 0);
    mean /= double(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double d = projected(Eigen::Index(i), 0) - mean;
        square += d * d;
    }
    const double sd = std::sqrt(square / double(n));
    // All rows equal: PCA sees only rounding noise, nothing to lay out; start at random instead.
    float largest = 0;
    for (float x : data.values()) largest = std::max(largest, std::abs(x));
    if (!(sd > 1e-6 * double(largest)) || !std::isfinite(sd)) return random;
    const double scale = kTsneInitStd / sd;
    RowMatrixXf out = random;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t a = 0; a < usable; ++a)
            out(Eigen::Index(i), Eigen::Index(a)) =
                float(projected(Eigen::Index(i), Eigen::Index(a)) * scale);
    return out;
}

}  // namespace embedscope
