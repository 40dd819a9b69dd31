#pragma once
// The 3-D FFT repulsion's grid work: four charge grids convolved with two kernels into five
// potential grids, by pruned transforms (FftConvolution3d.cpp). The convolution runs on a torus
// twice the grid's size so that it does not wrap around; the charges fill only one octant of it
// and only that octant's potentials are read, so the transforms skip the lines that would be all
// zeros on the way in or thrown away on the way out: about 3.5/6 of a full 3-D transform's work.
#include <fftw3.h>

#include <cstddef>
#include <functional>
#include <vector>

#include "FftSupport.h"

namespace embedscope::tsne_detail {

class FftConvolution3d {
public:
    /// Charges 1, x, y, z at each node, interleaved; potentials of the four under k = w^{1+1/α},
    /// then of charge 1 under w, interleaved with a stride of kStride floats (one 256-bit load).
    static constexpr int kCharges = 4, kPotentials = 5, kStride = 8;

    explicit FftConvolution3d(double alpha) : m_alpha(alpha) {}
    ~FftConvolution3d();
    FftConvolution3d(const FftConvolution3d&) = delete;
    FftConvolution3d& operator=(const FftConvolution3d&) = delete;

    /// A grid of m = 3·boxes nodes a side, `spacing` apart. Plans again only when the size
    /// changes, transforms the kernels again only when the size or the spacing does.
    void prepare(int nodes, double spacing);

    /// Nodes a side (m) and the transforms' length (2m): node (u, v, t) of a grid is at
    /// ((u·m + v)·2m + t) times the grid's interleave.
    int nodes() const { return m_nodes; }
    std::size_t nodeIndex(int u, int v, int t) const {
        return (std::size_t(u) * m_nodes + v) * std::size_t(2 * m_nodes) + t;
    }

    /// Runs spread(firstU, endU, charges) once for each slab of nodes [firstU, endU) along the
    /// first axis (slabs start on multiples of 3, so a box's nodes share a slab), in parallel,
    /// on a slab already zeroed; then convolves. The slabs do not depend on the thread count, so
    /// neither do the sums.
    void run(const std::function<void(int firstU, int endU, float* charges)>& spread);

    /// The potentials after run(): kStride floats a node.
    const float* potentials() const { return m_potentials.data; }

private:
    struct Slab {
        int first, end;  // [first, end) along the axis it cuts
    };
    void plan();
    void destroyPlans();
    void fillKernels();

    double m_alpha;
    int m_nodes = 0;
    double m_spacing = -1;
    bool m_kernelsReady = false;
    FftwBuffer<float> m_charges;           // [m][m][2m][kCharges], t ≥ m kept zero
    FftwBuffer<float> m_potentials;        // [m][m][2m][kStride]
    FftwBuffer<fftwf_complex> m_spectra;   // kPotentials × [2m][2m][m+1]
    FftwBuffer<float> m_kernelSpectra;     // 2 × [2m][2m][m+1]: k, w (real: the kernels are even)
    std::vector<Slab> m_nodeSlabs;         // along u, within [0, m)
    std::vector<Slab> m_lineSlabs;         // along the (v, f) lines of the u transform
    std::vector<fftwf_plan> m_plans;       // per node slab: r2c t, c2c v forward, c2c v back,
                                           // c2r t; then per line slab: c2c u forward, back
};

}  // namespace embedscope::tsne_detail
