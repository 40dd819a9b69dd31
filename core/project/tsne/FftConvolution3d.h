#pragma once
// The 3-D FFT repulsion's grid work: one charge grid convolved with four kernels into four
// potential grids, by pruned transforms (FftConvolution3d.cpp). The convolution runs on a torus
// twice the grid's size so that it does not wrap around; the charges fill only one octant of it
// and only that octant's potentials are read, so the transforms skip the lines that would be all
// zeros on the way in or thrown away on the way out: about 3.5/6 of a full 3-D transform's work.
#include <fftw3.h>

#include <cstddef>
#include <functional>
#include <map>
#include <vector>

#include "FftSupport.h"

namespace embedscope::tsne_detail {

class FftConvolution3d {
public:
    /// A charge of 1 at each point. Potentials, interleaved, under the kernels w (for Z's
    /// shares) and d_a·w^{1+1/α} along each axis a (the repulsive force itself, see
    /// FftRepulsion3d.cpp).
    static constexpr int kPotentials = 4, kStride = 4;

    /// maxNodes: the largest grid prepare() will be asked for; the buffers are made for it.
    FftConvolution3d(double alpha, int maxNodes) : m_alpha(alpha), m_maxNodes(maxNodes) {}
    ~FftConvolution3d();
    FftConvolution3d(const FftConvolution3d&) = delete;
    FftConvolution3d& operator=(const FftConvolution3d&) = delete;

    /// A grid of m ≤ maxNodes nodes a side, `spacing` apart. Each size's plans and kernels'
    /// spectra are made once and kept: an early layout's extent swings back and forth across
    /// several sizes, and a kernels' full transform costs more than the convolution.
    void prepare(int nodes, double spacing);

    /// Node (u, v, t) of a grid of m nodes a side is at ((u·m + v)·2m + t) times the grid's
    /// interleave (2m: the transforms' length).
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
    /// What one grid size needs besides the shared buffers.
    struct Size {
        std::vector<Slab> nodeSlabs;  // along u, within [0, m)
        std::vector<Slab> lineSlabs;  // along the (v, f) lines of the u transform
        // Per node slab: r2c t, c2c v forward, c2c v back, c2r t; then per line slab: c2c u
        // forward, back.
        std::vector<fftwf_plan> plans;
        double spacing = -1;
        // kPotentials × [2m][2m][m+1]: w's spectrum, which is real (w is even), then the
        // imaginary parts of the d_a·k spectra, which are imaginary (odd along a, even along
        // the rest).
        FftwBuffer<float> kernels;
    };
    void plan(Size& size);
    void fillKernels(Size& size, double spacing);
    void clear();

    double m_alpha;
    int m_maxNodes;
    int m_nodes = 0;
    Size* m_size = nullptr;
    std::map<int, Size> m_sizes;
    FftwBuffer<float> m_charges;          // [m][m][2m], zero where t ≥ m
    FftwBuffer<float> m_potentials;       // [m][m][2m][kStride]
    FftwBuffer<fftwf_complex> m_spectra;  // kPotentials × [2m][2m][m+1]; the charge's is the first
};

}  // namespace embedscope::tsne_detail
