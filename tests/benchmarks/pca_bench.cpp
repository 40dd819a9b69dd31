// Times fitPca on a generated N × D float matrix with a gently decaying spectrum, and writes that
// matrix as .npy so that pca_peer.py can run scikit-learn on the very same values.
//
// Usage: pca_bench NPY RESULTS [--rows N] [--dims D] [--runs R] [--components k,k,...] [--input]
// Generates the matrix and writes it to NPY, or with --input reads it from NPY. With --runs 0 it
// stops there. RESULTS gets one line per (components, solver): k, solver asked, solver used,
// median seconds, best seconds, then the explained variance ratios, tab-separated.
#include <Eigen/QR>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <numbers>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "Embedding.h"
#include "project/Pca.h"

using namespace embedscope;

namespace {

/// Standard normal values from a seeded generator (Box-Muller; reproducible across libraries).
class Gaussian {
public:
    explicit Gaussian(std::uint64_t seed) : m_rng(seed) {}
    double operator()() {
        if (m_hasSpare) {
            m_hasSpare = false;
            return m_spare;
        }
        const double u = static_cast<double>(m_rng() >> 11) * 0x1.0p-53;
        const double v = static_cast<double>(m_rng() >> 11) * 0x1.0p-53;
        const double r = std::sqrt(-2.0 * std::log(1.0 - u));
        m_spare = r * std::sin(2.0 * std::numbers::pi * v);
        m_hasSpare = true;
        return r * std::cos(2.0 * std::numbers::pi * v);
    }

private:
    std::mt19937_64 m_rng;
    double m_spare = 0;
    bool m_hasSpare = false;
};

/// X = Z·diag(s)·Q + offset: Z standard normal, s_i = 1/(1+i)^0.7, Q a random rotation, and a
/// non-zero column mean so that centring matters.
RowMatrixXf generate(Eigen::Index rows, Eigen::Index dims) {
    Gaussian g(20240601);
    Eigen::MatrixXd q(dims, dims);
    for (Eigen::Index i = 0; i < q.size(); ++i) q.data()[i] = g();
    const Eigen::MatrixXd rotation = Eigen::HouseholderQR<Eigen::MatrixXd>(q).householderQ();
    Eigen::MatrixXf mix(dims, dims);
    for (Eigen::Index i = 0; i < dims; ++i)
        mix.row(i) = (rotation.row(i) / std::pow(1.0 + i, 0.7)).cast<float>();
    RowMatrixXf z(rows, dims);
    for (Eigen::Index i = 0; i < z.size(); ++i) z.data()[i] = static_cast<float>(g());
    RowMatrixXf x = z * mix;
    for (Eigen::Index j = 0; j < dims; ++j) x.col(j).array() += 3.0f * std::sin(0.1f * j);
    return x;
}

void writeNpy(const std::string& path, const RowMatrixXf& x) {
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" +
                         std::to_string(x.rows()) + ", " + std::to_string(x.cols()) + "), }";
    // Magic (6) + version (2) + length (2) + header + '\n' must be a multiple of 64.
    const std::size_t unpadded = 10 + header.size() + 1;
    header.append((64 - unpadded % 64) % 64, ' ');
    header += '\n';
    std::ofstream out(path, std::ios::binary);
    out.write("\x93NUMPY\x01\x00", 8);
    const auto len = static_cast<std::uint16_t>(header.size());
    const char lenBytes[2] = {static_cast<char>(len & 0xff), static_cast<char>(len >> 8)};
    out.write(lenBytes, 2);
    out.write(header.data(), static_cast<std::streamsize>(header.size()));
    out.write(reinterpret_cast<const char*>(x.data()),
              static_cast<std::streamsize>(x.size() * sizeof(float)));
    if (!out) throw std::runtime_error("cannot write " + path);
}

/// Reads back what writeNpy wrote (float32, C order, 2-D); nothing more general.
RowMatrixXf readNpy(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char prefix[10];
    if (!in.read(prefix, 10) || std::memcmp(prefix, "\x93NUMPY\x01\x00", 8) != 0)
        throw std::runtime_error(path + " is not a version 1 .npy file");
    std::string header(static_cast<unsigned char>(prefix[8]) |
                           (static_cast<std::size_t>(static_cast<unsigned char>(prefix[9])) << 8),
                       '\0');
    in.read(header.data(), static_cast<std::streamsize>(header.size()));
    const auto shape = header.find("'shape': (");
    if (header.find("'<f4'") == std::string::npos || header.find("False") == std::string::npos ||
        shape == std::string::npos)
        throw std::runtime_error(path + " is not a C-order float32 matrix");
    long rows = 0, cols = 0;
    if (std::sscanf(header.c_str() + shape + 10, "%ld, %ld", &rows, &cols) != 2)
        throw std::runtime_error(path + " is not 2-D");
    RowMatrixXf x(rows, cols);
    if (!in.read(reinterpret_cast<char*>(x.data()), static_cast<std::streamsize>(x.size() * 4)))
        throw std::runtime_error(path + " is truncated");
    return x;
}

const char* name(PcaSolver s) {
    switch (s) {
        case PcaSolver::Auto:
            return "auto";
        case PcaSolver::Exact:
            return "exact";
        case PcaSolver::Randomized:
            return "randomized";
        case PcaSolver::Krylov:
            return "krylov";
    }
    return "?";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: pca_bench NPY RESULTS [--rows N] [--dims D] [--runs R] "
                     "[--components k,k,...] [--input]\n";
        return 2;
    }
    long rows = 100000, dims = 300, runs = 5;
    bool input = false;
    std::vector<std::size_t> ks{3, 50};
    for (int i = 3; i < argc; i += 2) {
        const std::string flag = argv[i], value = i + 1 < argc ? argv[i + 1] : "";
        if (flag == "--input") {
            input = true;
            --i;
        } else if (flag == "--rows")
            rows = std::stol(value);
        else if (flag == "--dims")
            dims = std::stol(value);
        else if (flag == "--runs")
            runs = std::stol(value);
        else if (flag == "--components") {
            ks.clear();
            std::stringstream list(value);
            for (std::string k; std::getline(list, k, ',');) ks.push_back(std::stoul(k));
        } else {
            std::cerr << "unknown option " << flag << "\n";
            return 2;
        }
    }

    const RowMatrixXf x = input ? readNpy(argv[1]) : generate(rows, dims);
    if (!input) writeNpy(argv[1], x);
    if (runs <= 0) return 0;
    rows = x.rows();
    dims = x.cols();
    std::vector<std::string> labels(static_cast<std::size_t>(rows));
    for (long i = 0; i < rows; ++i) labels[static_cast<std::size_t>(i)] = "w" + std::to_string(i);
    const Embedding embedding(std::move(labels), std::vector<float>(x.data(), x.data() + x.size()),
                              static_cast<std::size_t>(dims));

    std::ofstream results(argv[2]);
    std::printf("%5s  %-10s  %-10s  %9s  %9s\n", "k", "asked", "used", "median s", "best s");
    for (std::size_t k : ks) {
        for (PcaSolver solver :
             {PcaSolver::Auto, PcaSolver::Exact, PcaSolver::Randomized, PcaSolver::Krylov}) {
            PcaOptions options;
            options.components = k;
            options.solver = solver;
            std::vector<double> seconds;
            PcaResult result;
            for (long r = 0; r < runs; ++r) {
                const auto start = std::chrono::steady_clock::now();
                result = fitPca(embedding, options);
                seconds.push_back(
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
                        .count());
            }
            std::sort(seconds.begin(), seconds.end());
            const double median = seconds[seconds.size() / 2];
            std::printf("%5zu  %-10s  %-10s  %9.4f  %9.4f\n", k, name(solver),
                        name(result.solverUsed), median, seconds.front());
            results << k << '\t' << name(solver) << '\t' << name(result.solverUsed) << '\t'
                    << median << '\t' << seconds.front();
            results.precision(17);
            for (double v : result.explainedVarianceRatio) results << '\t' << v;
            results.precision(6);
            results << '\n';
        }
    }
    return 0;
}
