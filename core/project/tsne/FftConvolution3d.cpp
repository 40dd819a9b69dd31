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

FftConvolution3d::~FftConvolution3d() { clear(); }

void FftConvolution3d::clear() {
    std::lock_guard guard(plannerLock());
    for (auto& [nodes, size] : m_sizes)
        for (fftwf_plan p : size.plans) fftwf_destroy_plan(p);
    m_sizes.clear();
    m_size = nullptr;
    m_nodes = 0;
}

void FftConvolution3d::prepare(int nodes, double spacing) {
    if (nodes != m_nodes) {
        m_nodes = 0;
        m_size = nullptr;
        if (nodes > m_maxNodes) {  // the plans made on the old buffers would go stale
            clear();
            m_maxNodes = nodes;
        }
        const std::size_t m = std::size_t(m_maxNodes), s = 2 * m;
        m_charges.resize(m * m * s);
        // Also the scratch for the kernels' full transform (s³ floats).
        m_potentials.resize(std::max(m * m * s * kStride, s * s * s));
        m_spectra.resize(kPotentials * s * s * (m + 1));
        m_nodes = nodes;
        const auto [at, fresh] = m_sizes.try_emplace(nodes);
        if (fresh) {
            try {
                plan(at->second);
            } catch (...) {  // no half-planned size left behind to be taken for a whole one
                std::lock_guard guard(plannerLock());
                for (fftwf_plan p : at->second.plans) fftwf_destroy_plan(p);
                m_sizes.erase(at);
                m_nodes = 0;
                throw;
            }
        }
        m_size = &at->second;
    }
    if (spacing != m_size->spacing) {
        m_size->spacing = -1;  // until the kernels are there
        fillKernels(*m_size, spacing);
        m_size->spacing = spacing;
    }
}

void FftConvolution3d::plan(Size& size) {
    const int m = m_nodes, s = 2 * m, h = m + 1, plane = s * h, volume = s * plane;
    const int boxes = m / kNodesPerBox;
    const int nodeSlabs = std::min(kSlabs, boxes);
    for (int k = 0; k < nodeSlabs; ++k)
        size.nodeSlabs.push_back({kNodesPerBox * (k * boxes / nodeSlabs),
                                  kNodesPerBox * ((k + 1) * boxes / nodeSlabs)});
    for (int k = 0; k < kSlabs; ++k)
        size.lineSlabs.push_back({int(std::int64_t(k) * plane / kSlabs),
                                  int(std::int64_t(k + 1) * plane / kSlabs)});
    size.kernels.resize(kPotentials * std::size_t(volume));

    std::lock_guard guard(plannerLock());
    auto check = [](fftwf_plan p) {
        if (!p) throw Error("FFTW could not plan a transform");
        return p;
    };
    for (const Slab& slab : size.nodeSlabs) {
        const int rows = slab.end - slab.first;
        float* charges = m_charges.data + nodeIndex(slab.first, 0, 0);
        float* potentials = m_potentials.data + nodeIndex(slab.first, 0, 0) * kStride;
        fftwf_complex* spectra = m_spectra.data + std::size_t(slab.first) * plane;
        // Along t: the real lines (u, v < m) into the spectrum's (u, v, f).
        const fftwf_iodim t{s, 1, 1};
        const fftwf_iodim tLines[2] = {{rows, m * s, plane}, {m, s, h}};
        size.plans.push_back(check(
            fftwf_plan_guru_dft_r2c(1, &t, 2, tLines, charges, spectra, FFTW_ESTIMATE)));
        // Along v, in place, within u < m.
        const fftwf_iodim v{s, h, h};
        const fftwf_iodim vLines[2] = {{rows, plane, plane}, {h, 1, 1}};
        size.plans.push_back(check(fftwf_plan_guru_dft(1, &v, 2, vLines, spectra, spectra,
                                                    FFTW_FORWARD, FFTW_ESTIMATE)));
        const fftwf_iodim vBack[3] = {{kPotentials, volume, volume}, {rows, plane, plane}, {h, 1, 1}};
        size.plans.push_back(check(fftwf_plan_guru_dft(1, &v, 3, vBack, spectra, spectra,
                                                    FFTW_BACKWARD, FFTW_ESTIMATE)));
        // Back along t into the interleaved potentials (the lines t ≥ m come out too, unread).
        const fftwf_iodim back{s, 1, kStride};
        const fftwf_iodim backLines[3] = {{kPotentials, volume, 1},
                                          {rows, plane, m * s * kStride},
                                          {m, h, s * kStride}};
        size.plans.push_back(check(
            fftwf_plan_guru_dft_c2r(1, &back, 3, backLines, spectra, potentials, FFTW_ESTIMATE)));
    }
    for (const Slab& slab : size.lineSlabs) {
        fftwf_complex* spectra = m_spectra.data + slab.first;
        const fftwf_iodim u{s, plane, plane};
        const fftwf_iodim uLines{slab.end - slab.first, 1, 1};
        size.plans.push_back(check(fftwf_plan_guru_dft(1, &u, 1, &uLines, spectra, spectra,
                                                    FFTW_FORWARD, FFTW_ESTIMATE)));
        const fftwf_iodim uBack[2] = {{kPotentials, volume, volume}, uLines};
        size.plans.push_back(check(fftwf_plan_guru_dft(1, &u, 2, uBack, spectra, spectra,
                                                    FFTW_BACKWARD, FFTW_ESTIMATE)));
    }
}

/// The kernels at every node offset, wrapped around the (2m)³ torus and transformed in full (only
/// when the grid changes); the transform size, which FFTW's inverse does not divide by, is
/// divided out here. w is even along every axis, so its spectrum is real; d_a·k is odd along a
/// and even along the others, so its spectrum is imaginary. Only those parts are kept.
void FftConvolution3d::fillKernels(Size& grid, double spacing) {
    const int m = m_nodes, size = 2 * m;
    const std::size_t volume = std::size_t(size) * size * (m + 1);
    const double alpha = m_alpha;
    const double scale = 1.0 / (double(size) * size * size);
    float* scratch = m_potentials.data;
    fftwf_complex* spectrum = m_spectra.data;
    fftwf_plan full;
    {
        std::lock_guard guard(plannerLock());
        full = fftwf_plan_dft_r2c_3d(size, size, size, scratch, spectrum, FFTW_ESTIMATE);
    }
    if (!full) throw Error("FFTW could not plan a transform");
    for (int which = 0; which < kPotentials; ++which) {
#pragma omp parallel for schedule(static)
        for (int u = 0; u < size; ++u) {
            // Signed offsets: the kernels d_a·k tell a node before from one after.
            const int du = u < m ? u : u - size;
            for (int v = 0; v < size; ++v) {
                const int dv = v < m ? v : v - size;
                float* row = scratch + (std::size_t(u) * size + v) * size;
                for (int t = 0; t < size; ++t) {
                    const int dt = t < m ? t : t - size;
                    const double d[3] = {spacing * du, spacing * dv, spacing * dt};
                    const double q = 1.0 + (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]) / alpha;
                    const double w = alpha == 1.0 ? 1.0 / q : std::pow(q, -alpha);
                    const double value = which == 0 ? w : d[which - 1] * w / q;  // k = w / q
                    row[t] = (u == m || v == m || t == m) ? 0.0f : float(value * scale);
                }
            }
        }
        fftwf_execute(full);
        float* out = grid.kernels.data + which * volume;
        const int part = which == 0 ? 0 : 1;
#pragma omp parallel for schedule(static)
        for (std::ptrdiff_t f = 0; f < std::ptrdiff_t(volume); ++f) out[f] = spectrum[f][part];
    }
    {
        std::lock_guard guard(plannerLock());
        fftwf_destroy_plan(full);
    }
}

void FftConvolution3d::run(const std::function<void(int, int, float*)>& spread) {
    const int m = m_nodes, s = 2 * m, h = m + 1;
    const std::size_t plane = std::size_t(s) * h, volume = std::size_t(s) * plane;
    const std::vector<Slab>& nodeSlabList = m_size->nodeSlabs;
    const std::vector<Slab>& lineSlabList = m_size->lineSlabs;
    const std::vector<fftwf_plan>& plans = m_size->plans;
    const int nodeSlabs = int(nodeSlabList.size()), lineSlabs = int(lineSlabList.size());
    fftwf_complex* spectra = m_spectra.data;
    const float* kernels = m_size->kernels.data;
    auto zero = [](fftwf_complex* from, std::size_t count) {
        std::fill(&from[0][0], &from[0][0] + 2 * count, 0.0f);
    };
#pragma omp parallel
    {
#pragma omp for schedule(dynamic, 1)
        for (int k = 0; k < nodeSlabs; ++k) {
            const Slab slab = nodeSlabList[std::size_t(k)];
            float* charges = m_charges.data + nodeIndex(slab.first, 0, 0);
            std::fill(charges, charges + std::size_t(slab.end - slab.first) * m * s, 0.0f);
            spread(slab.first, slab.end, m_charges.data);
            fftwf_execute(plans[std::size_t(4 * k)]);
            for (int u = slab.first; u < slab.end; ++u)
                zero(spectra + u * plane + std::size_t(m) * h, std::size_t(s - m) * h);
            fftwf_execute(plans[std::size_t(4 * k + 1)]);
        }
#pragma omp for schedule(dynamic, 1)
        for (int l = 0; l < lineSlabs; ++l) {
            const Slab slab = lineSlabList[std::size_t(l)];
            const std::size_t width = std::size_t(slab.end - slab.first);
            for (int u = m; u < s; ++u) zero(spectra + u * plane + slab.first, width);
            fftwf_execute(plans[std::size_t(4 * nodeSlabs + 2 * l)]);
            // The charge's spectrum times each kernel's: times i·g for the imaginary ones, and
            // times w's last, in place.
            for (int u = 0; u < s; ++u) {
                const std::size_t at = u * plane + std::size_t(slab.first);
                fftwf_complex* charge = spectra + at;
                for (int p = 1; p < kPotentials; ++p) {
                    const float* g = kernels + p * volume + at;
                    fftwf_complex* out = spectra + p * volume + at;
                    for (std::size_t j = 0; j < width; ++j) {
                        out[j][0] = -charge[j][1] * g[j];
                        out[j][1] = charge[j][0] * g[j];
                    }
                }
                const float* w = kernels + at;
                for (std::size_t j = 0; j < width; ++j) {
                    charge[j][0] *= w[j];
                    charge[j][1] *= w[j];
                }
            }
            fftwf_execute(plans[std::size_t(4 * nodeSlabs + 2 * l + 1)]);
        }
#pragma omp for schedule(dynamic, 1)
        for (int k = 0; k < nodeSlabs; ++k) {
            fftwf_execute(plans[std::size_t(4 * k + 2)]);
            fftwf_execute(plans[std::size_t(4 * k + 3)]);
        }
    }
}

}  // namespace embedscope::tsne_detail
