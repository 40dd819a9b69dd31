// Pruned 3-D convolution for FftRepulsion3d. A full r2c transform of the (2m)³ torus would
// transform m² lines along t, then 2m(m+1) along v, then 2m(m+1) along u, and the inverse the
// same; but only the octant [0, m)³ holds charges, and only that octant's potentials are read.
// So the forward transform takes the m² lines along t that are not all zero, then the m(m+1)
// along v within u < m (the rest of each such line zeroed first), then every line along u (its
// half u ≥ m zeroed first); the inverse runs the other way round and stops at u < m, v < m.
//
// The work is cut into slabs that do not depend on the thread count: node slabs along u for the
// t and v transforms, line slabs across (v, f) for the u transform and the kernels' products.
// Each slab has its own FFTW plans, made on its own part of the buffers, so every plan runs on
// exactly the arrays it was made for.
#include "FftConvolution3d.h"

#include "Omp.h"

#include <algorithm>
#include <cmath>

#include "../../Error.h"

namespace embedscope::tsne_detail {

namespace {

/// Slabs per pass: enough to keep a few threads busy, few enough that a slab's lines make long
/// runs for FFTW's vector loops.
constexpr int kSlabs = 16;
constexpr int kNodesPerBox = 3;

}  // namespace

FftConvolution3d::~FftConvolution3d() { destroyPlans(); }

void FftConvolution3d::destroyPlans() {
    std::lock_guard guard(plannerLock());
    for (fftwf_plan p : m_plans)
        if (p) fftwf_destroy_plan(p);
    m_plans.clear();
}

void FftConvolution3d::prepare(int nodes, double spacing) {
    if (nodes != m_nodes) {
        destroyPlans();
        m_nodes = 0;
        m_kernelsReady = false;
        const std::size_t m = std::size_t(nodes), s = 2 * m, volume = s * s * (m + 1);
        m_charges.resize(m * m * s * kCharges);
        // Also the scratch for the kernels' full transform (s³ floats).
        m_potentials.resize(std::max(m * m * s * kStride, s * s * s));
        m_spectra.resize(kPotentials * volume);
        m_kernelSpectra.resize(2 * volume);
        m_nodes = nodes;
        plan();
    }
    if (spacing != m_spacing) m_kernelsReady = false;
    m_spacing = spacing;
    if (!m_kernelsReady) fillKernels();
}

void FftConvolution3d::plan() {
    const int m = m_nodes, s = 2 * m, h = m + 1, plane = s * h, volume = s * plane;
    const int boxes = m / kNodesPerBox;
    const int nodeSlabs = std::min(kSlabs, boxes);
    m_nodeSlabs.clear();
    for (int k = 0; k < nodeSlabs; ++k)
        m_nodeSlabs.push_back({kNodesPerBox * (k * boxes / nodeSlabs),
                               kNodesPerBox * ((k + 1) * boxes / nodeSlabs)});
    m_lineSlabs.clear();
    for (int k = 0; k < kSlabs; ++k)
        m_lineSlabs.push_back({int(std::int64_t(k) * plane / kSlabs),
                               int(std::int64_t(k + 1) * plane / kSlabs)});

    std::lock_guard guard(plannerLock());
    auto check = [](fftwf_plan p) {
        if (!p) throw Error("FFTW could not plan a transform");
        return p;
    };
    for (const Slab& slab : m_nodeSlabs) {
        const int rows = slab.end - slab.first;
        float* charges = m_charges.data + nodeIndex(slab.first, 0, 0) * kCharges;
        float* potentials = m_potentials.data + nodeIndex(slab.first, 0, 0) * kStride;
        fftwf_complex* spectra = m_spectra.data + std::size_t(slab.first) * plane;
        // Along t: real lines (charge, u, v < m) into the spectra's (u, v, f).
        const fftwf_iodim t{s, kCharges, 1};
        const fftwf_iodim tLines[3] = {
            {kCharges, 1, volume}, {rows, m * s * kCharges, plane}, {m, s * kCharges, h}};
        m_plans.push_back(check(
            fftwf_plan_guru_dft_r2c(1, &t, 3, tLines, charges, spectra, FFTW_ESTIMATE)));
        // Along v, in place, within u < m.
        const fftwf_iodim v{s, h, h};
        fftwf_iodim vLines[3] = {{kCharges, volume, volume}, {rows, plane, plane}, {h, 1, 1}};
        m_plans.push_back(check(fftwf_plan_guru_dft(1, &v, 3, vLines, spectra, spectra,
                                                    FFTW_FORWARD, FFTW_ESTIMATE)));
        vLines[0].n = kPotentials;
        m_plans.push_back(check(fftwf_plan_guru_dft(1, &v, 3, vLines, spectra, spectra,
                                                    FFTW_BACKWARD, FFTW_ESTIMATE)));
        // Back along t into the interleaved potentials (the lines t ≥ m come out too, unread).
        const fftwf_iodim back{s, 1, kStride};
        const fftwf_iodim backLines[3] = {{kPotentials, volume, 1},
                                          {rows, plane, m * s * kStride},
                                          {m, h, s * kStride}};
        m_plans.push_back(check(
            fftwf_plan_guru_dft_c2r(1, &back, 3, backLines, spectra, potentials, FFTW_ESTIMATE)));
    }
    for (const Slab& slab : m_lineSlabs) {
        fftwf_complex* spectra = m_spectra.data + slab.first;
        const fftwf_iodim u{s, plane, plane};
        fftwf_iodim uLines[2] = {{kCharges, volume, volume}, {slab.end - slab.first, 1, 1}};
        m_plans.push_back(check(fftwf_plan_guru_dft(1, &u, 2, uLines, spectra, spectra,
                                                    FFTW_FORWARD, FFTW_ESTIMATE)));
        uLines[0].n = kPotentials;
        m_plans.push_back(check(fftwf_plan_guru_dft(1, &u, 2, uLines, spectra, spectra,
                                                    FFTW_BACKWARD, FFTW_ESTIMATE)));
    }
}

/// Both kernels at every node offset, wrapped around the (2m)³ torus and transformed in full (only
/// when the grid changes). They are even in every axis, so their spectra are real; the transform
/// size that FFTW's inverse does not divide by is divided out here.
void FftConvolution3d::fillKernels() {
    const int m = m_nodes, size = 2 * m;
    const std::size_t volume = std::size_t(size) * size * (m + 1);
    const double alpha = m_alpha, spacing = m_spacing;
    const double scale = 1.0 / (double(size) * size * size);
    float* scratch = m_potentials.data;
    fftwf_complex* spectrum = m_spectra.data;
    fftwf_plan full;
    {
        std::lock_guard guard(plannerLock());
        full = fftwf_plan_dft_r2c_3d(size, size, size, scratch, spectrum, FFTW_ESTIMATE);
    }
    if (!full) throw Error("FFTW could not plan a transform");
    for (int which = 0; which < 2; ++which) {
#pragma omp parallel for schedule(static)
        for (int u = 0; u < size; ++u) {
            const int du = u < m ? u : size - u;
            for (int v = 0; v < size; ++v) {
                const int dv = v < m ? v : size - v;
                float* row = scratch + (std::size_t(u) * size + v) * size;
                for (int t = 0; t < size; ++t) {
                    const int dt = t < m ? t : size - t;
                    const double d2 = spacing * spacing *
                                      (double(du) * du + double(dv) * dv + double(dt) * dt);
                    const double q = 1.0 + d2 / alpha;
                    const double w = alpha == 1.0 ? 1.0 / q : std::pow(q, -alpha);
                    const double value = which == 0 ? w / q : w;  // k = w^{1+1/α} = w / q
                    row[t] = (u == m || v == m || t == m) ? 0.0f : float(value * scale);
                }
            }
        }
        fftwf_execute(full);
        float* out = m_kernelSpectra.data + which * volume;
#pragma omp parallel for schedule(static)
        for (std::ptrdiff_t f = 0; f < std::ptrdiff_t(volume); ++f) out[f] = spectrum[f][0];
    }
    {
        std::lock_guard guard(plannerLock());
        fftwf_destroy_plan(full);
    }
    m_kernelsReady = true;
}

void FftConvolution3d::run(const std::function<void(int, int, float*)>& spread) {
    const int m = m_nodes, s = 2 * m, h = m + 1;
    const std::size_t plane = std::size_t(s) * h, volume = std::size_t(s) * plane;
    const int nodeSlabs = int(m_nodeSlabs.size()), lineSlabs = int(m_lineSlabs.size());
    fftwf_complex* spectra = m_spectra.data;
    const float* kernelK = m_kernelSpectra.data;
    const float* kernelW = m_kernelSpectra.data + volume;
    auto zero = [](fftwf_complex* from, std::size_t count) {
        std::fill(&from[0][0], &from[0][0] + 2 * count, 0.0f);
    };
#pragma omp parallel
    {
#pragma omp for schedule(dynamic, 1)
        for (int k = 0; k < nodeSlabs; ++k) {
            const Slab slab = m_nodeSlabs[std::size_t(k)];
            float* charges = m_charges.data + nodeIndex(slab.first, 0, 0) * kCharges;
            std::fill(charges, charges + std::size_t(slab.end - slab.first) * m * s * kCharges,
                      0.0f);
            spread(slab.first, slab.end, m_charges.data);
            fftwf_execute(m_plans[std::size_t(4 * k)]);
            for (int c = 0; c < kCharges; ++c)
                for (int u = slab.first; u < slab.end; ++u)
                    zero(spectra + c * volume + u * plane + std::size_t(m) * h,
                         std::size_t(s - m) * h);
            fftwf_execute(m_plans[std::size_t(4 * k + 1)]);
        }
#pragma omp for schedule(dynamic, 1)
        for (int l = 0; l < lineSlabs; ++l) {
            const Slab slab = m_lineSlabs[std::size_t(l)];
            const std::size_t width = std::size_t(slab.end - slab.first);
            for (int c = 0; c < kCharges; ++c)
                for (int u = m; u < s; ++u) zero(spectra + c * volume + u * plane + slab.first, width);
            fftwf_execute(m_plans[std::size_t(4 * nodeSlabs + 2 * l)]);
            for (int u = 0; u < s; ++u) {
                const std::size_t at = u * plane + std::size_t(slab.first);
                const float* k = kernelK + at;
                const float* w = kernelW + at;
                fftwf_complex* one = spectra + at;
                fftwf_complex* underW = spectra + kCharges * volume + at;
                for (std::size_t j = 0; j < width; ++j) {
                    underW[j][0] = one[j][0] * w[j];
                    underW[j][1] = one[j][1] * w[j];
                }
                for (int c = 0; c < kCharges; ++c) {
                    fftwf_complex* x = spectra + c * volume + at;
                    for (std::size_t j = 0; j < width; ++j) {
                        x[j][0] *= k[j];
                        x[j][1] *= k[j];
                    }
                }
            }
            fftwf_execute(m_plans[std::size_t(4 * nodeSlabs + 2 * l + 1)]);
        }
#pragma omp for schedule(dynamic, 1)
        for (int k = 0; k < nodeSlabs; ++k) {
            fftwf_execute(m_plans[std::size_t(4 * k + 2)]);
            fftwf_execute(m_plans[std::size_t(4 * k + 3)]);
        }
    }
}

}  // namespace embedscope::tsne_detail
