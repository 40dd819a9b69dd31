#include "Repulsion.h"

#include <vector>

#include "../../Error.h"
#include "Kernel.h"

namespace embedscope {

using tsne_detail::kernel;

std::string_view repulsionMethodName(RepulsionMethod method) {
    switch (method) {
        case RepulsionMethod::Auto:
            return "auto";
        case RepulsionMethod::Exact:
            return "exact";
        case RepulsionMethod::BarnesHut:
            return "bh";
        case RepulsionMethod::Fft:
            return "fft";
        case RepulsionMethod::Hybrid:
            return "hybrid";
    }
    return "auto";
}

namespace {

/// All pairs, one point at a time (so each point's sums are independent of the thread count);
/// the inner loop over the coordinate columns vectorises.
class ExactRepulsion final : public Repulsion {
public:
    ExactRepulsion(std::size_t dims, double alpha) : m_dims(dims), m_alpha(float(alpha)) {}

    double compute(const float* y, std::size_t n, float* force) override {
        for (auto& c : m_columns) c.resize(n);
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t a = 0; a < m_dims; ++a) m_columns[a][i] = y[i * m_dims + a];
        m_z.resize(n);
        if (m_alpha == 1.0f)
            run<true>(n, force);
        else
            run<false>(n, force);
        double z = 0;
        for (std::size_t i = 0; i < n; ++i) z += m_z[i];
        return z;
    }

private:
    template <bool Cauchy>
    void run(std::size_t n, float* force) {
        const float* cx = m_columns[0].data();
        const float* cy = m_columns[1].data();
        const float* cz = m_dims == 3 ? m_columns[2].data() : m_columns[1].data();
        const bool three = m_dims == 3;
        const float alpha = m_alpha;
        const std::ptrdiff_t count = std::ptrdiff_t(n);
#pragma omp parallel for schedule(dynamic, 16)
        for (std::ptrdiff_t i = 0; i < count; ++i) {
            const float xi = cx[i], yi = cy[i], zi = three ? cz[i] : 0.0f;
            float fx = 0, fy = 0, fz = 0, sum = 0;
#pragma omp simd reduction(+ : fx, fy, fz, sum)
            for (std::ptrdiff_t j = 0; j < count; ++j) {
                const float dx = xi - cx[j], dy = yi - cy[j], dz = three ? zi - cz[j] : 0.0f;
                float w, r;
                kernel<Cauchy>(dx * dx + dy * dy + dz * dz, alpha, w, r);
                sum +=
                    j == i ? 0.0f : w;  // (i, i) is no pair; leaving it out keeps small sums exact
                fx += r * dx;
                fy += r * dy;
                fz += r * dz;
            }
            float* f = force + std::size_t(i) * m_dims;
            f[0] = fx;
            f[1] = fy;
            if (three) f[2] = fz;
            m_z[std::size_t(i)] = sum;
        }
    }

    std::size_t m_dims;
    float m_alpha;
    std::vector<float> m_columns[3];
    std::vector<double> m_z;
};

}  // namespace

std::unique_ptr<Repulsion> makeExactRepulsion(std::size_t dims, double alpha) {
    if (dims != 2 && dims != 3) throw Error("t-SNE lays out in 2 or 3 dimensions");
    return std::make_unique<ExactRepulsion>(dims, alpha);
}

double defaultTheta(std::size_t dims) {
    return dims == 3 ? 0.7 : 0.5;
}

RepulsionMethod chooseRepulsion(RepulsionMethod requested, std::size_t n, std::size_t dims) {
    if (requested == RepulsionMethod::Fft && dims != 2)
        throw Error("in 3-D the FFT repulsion runs within the hybrid (its grid is affordable only "
                    "while the layout is compact); use hybrid, bh or exact");
    if (requested == RepulsionMethod::Hybrid && dims != 3)
        throw Error("the hybrid repulsion is for 3-D layouts; use fft or bh in 2-D");
    if (requested != RepulsionMethod::Auto) return requested;
    if (n < 1000) return RepulsionMethod::Exact;
    if (dims == 2 && n >= 80'000) return RepulsionMethod::Fft;
    if (dims == 3 && n >= 100'000) return RepulsionMethod::Hybrid;
    return RepulsionMethod::BarnesHut;
}

std::unique_ptr<Repulsion> makeRepulsion(RepulsionMethod method, std::size_t dims, double alpha,
                                         double theta) {
    switch (method) {
        case RepulsionMethod::Exact:
            return makeExactRepulsion(dims, alpha);
        case RepulsionMethod::BarnesHut:
            return makeBarnesHutRepulsion(dims, alpha, theta);
        case RepulsionMethod::Fft:
            return makeFftRepulsion(alpha);
        case RepulsionMethod::Hybrid:
            return makeHybridRepulsion(alpha, theta);
        case RepulsionMethod::Auto:
            break;
    }
    throw Error("no repulsion method chosen");
}

}  // namespace embedscope
