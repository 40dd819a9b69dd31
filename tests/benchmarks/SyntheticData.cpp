#include "SyntheticData.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <stdexcept>

namespace embedscope::synthetic {

namespace {

std::uint64_t mix(std::uint64_t x) {  // splitmix64's finaliser
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

/// A slow but exact normal for the few tables drawn once.
float normal(std::uint64_t& state) {
    const double u1 = (static_cast<double>(mix(state++) >> 11) + 0.5) / 9007199254740992.0;
    const double u2 = static_cast<double>(mix(state++) >> 11) / 9007199254740992.0;
    return static_cast<float>(std::sqrt(-2 * std::log(u1)) * std::cos(6.283185307179586 * u2));
}

// 32 syllables, one of them multi-byte UTF-8, so label checks see realistic bytes.
constexpr const char* kSyllables[32] = {"ka", "lo", "mi", "ne", "ru", "ta", "so", "pi", "da", "ve",
                                        "go", "hu", "be", "ti", "za", "mo", "ar", "el", "in", "os",
                                        "ul", "ke", "ri", "na", "fu", "ja", "wo", "xe", "yo", "ze",
                                        "qi", "pé"};

std::string baseWord(std::size_t row) {
    std::string w;
    std::size_t n = row + 1;  // bijective base 32: every rank its own word, short ones first
    while (n > 0) {
        --n;
        w += kSyllables[n % 32];
        n /= 32;
    }
    return w;
}

std::string metadataPathFor(const std::string& path) {
    const std::filesystem::path p(path);
    return (p.parent_path() / (p.stem().string() + "-metadata.tsv")).string();
}

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

File openOut(const std::string& path) {
    File f(std::fopen(path.c_str(), "wb"));
    if (!f) throw std::runtime_error("cannot write " + path);
    return f;
}

void put(std::FILE* f, const std::string& s, const std::string& path) {
    if (std::fwrite(s.data(), 1, s.size(), f) != s.size()) throw std::runtime_error("write failed: " + path);
}

void appendNumber(std::string& out, float v) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

/// Appends rows [begin, end) in the given kind to out.
void formatRows(const Generator& gen, FileKind kind, std::size_t begin, std::size_t end,
                std::string& out) {
    const Spec& spec = gen.spec();
    std::vector<float> v(spec.dims);
    const char sep = kind == FileKind::Tsv ? '\t' : kind == FileKind::Csv ? ',' : ' ';
    for (std::size_t r = begin; r < end; ++r) {
        gen.row(r, v.data());
        if (kind == FileKind::Npy) {
            out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(float));
            continue;
        }
        if (kind != FileKind::Tsv) {
            out += word(spec, r);
            out.push_back(sep);
        }
        if (kind == FileKind::Word2VecBinary) {
            out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(float));
            out.push_back('\n');
            continue;
        }
        for (std::size_t j = 0; j < spec.dims; ++j) {
            if (j) out.push_back(sep);
            if (j == 1 && r + 1 == spec.badRow)
                out += "1.0x";
            else
                appendNumber(out, v[j]);
        }
        if (kind == FileKind::FastText) out.push_back(' ');
        out.push_back('\n');
    }
}

std::string npyHeader(const Spec& spec) {
    std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" +
                       std::to_string(spec.rows) + ", " + std::to_string(spec.dims) + "), }";
    const std::size_t total = 10 + dict.size() + 1;
    dict.append((64 - total % 64) % 64, ' ');
    dict.push_back('\n');
    std::string h = "\x93NUMPY";
    h.push_back(1);
    h.push_back(0);
    h.push_back(static_cast<char>(dict.size() & 0xff));
    h.push_back(static_cast<char>(dict.size() >> 8));
    return h + dict;
}

}  // namespace

bool parseKind(const std::string& name, FileKind& kind) {
    for (auto k : {FileKind::Word2VecBinary, FileKind::Word2VecText, FileKind::Glove,
                   FileKind::FastText, FileKind::Tsv, FileKind::Npy, FileKind::Csv})
        if (name == kindName(k)) {
            kind = k;
            return true;
        }
    return false;
}

const char* kindName(FileKind kind) {
    switch (kind) {
        case FileKind::Word2VecBinary: return "word2vec-binary";
        case FileKind::Word2VecText: return "word2vec-text";
        case FileKind::Glove: return "glove";
        case FileKind::FastText: return "fasttext";
        case FileKind::Tsv: return "tsv";
        case FileKind::Npy: return "npy";
        case FileKind::Csv: return "csv";
    }
    return "?";
}

std::string word(const Spec& spec, std::size_t row) {
    if (spec.duplicateEvery && row > 0 && row % spec.duplicateEvery == 0) return word(spec, row / 2);
    return baseWord(row);
}

std::uint64_t frequency(std::size_t row) { return 1'000'000'000ull / (row + 1) + 1; }

std::size_t cluster(const Spec& spec, std::size_t row) {
    return mix(spec.seed * 0x100000001b3ull ^ mix(row)) % std::max<std::size_t>(1, spec.clusters);
}

Generator::Generator(const Spec& spec) : m_spec(spec) {
    m_spec.clusters = std::max<std::size_t>(1, m_spec.clusters);
    std::uint64_t state = mix(spec.seed);
    m_centres.resize(m_spec.clusters * spec.dims);
    for (auto& c : m_centres) c = normal(state);
    // Latent directions scaled so a cluster's spread is comparable to the distance between
    // centres: neighbours are mostly, not always, in the same cluster.
    m_basis.resize(spec.latentDims * spec.dims);
    const float scale = 0.9f / std::sqrt(static_cast<float>(std::max<std::size_t>(1, spec.latentDims)));
    for (auto& b : m_basis) b = scale * normal(state);
    m_normals.resize(1 << 16);
    for (auto& n : m_normals) n = normal(state);
}

void Generator::row(std::size_t r, float* out) const {
    const std::size_t d = m_spec.dims;
    const float* centre = m_centres.data() + cluster(m_spec, r) * d;
    std::uint64_t state = mix(m_spec.seed ^ mix(r + 0x5851f42d4c957f2dull));
    std::copy_n(centre, d, out);
    for (std::size_t i = 0; i < m_spec.latentDims; ++i) {
        const float z = m_normals[mix(state++) & 0xffff];
        const float* b = m_basis.data() + i * d;
        for (std::size_t j = 0; j < d; ++j) out[j] += z * b[j];
    }
    for (std::size_t j = 0; j < d; j += 4) {
        const std::uint64_t bits = mix(state++);
        for (std::size_t t = 0; t < 4 && j + t < d; ++t)
            out[j + t] += 0.15f * m_normals[(bits >> (16 * t)) & 0xffff];
    }
    for (std::size_t j = 0; j < d; ++j) out[j] = static_cast<float>(std::nearbyint(out[j] * 1e5f) * 1e-5);
}

std::vector<float> Generator::matrix() const {
    std::vector<float> m(m_spec.rows * m_spec.dims);
#pragma omp parallel for schedule(static)
    for (std::ptrdiff_t r = 0; r < static_cast<std::ptrdiff_t>(m_spec.rows); ++r)
        row(static_cast<std::size_t>(r), m.data() + static_cast<std::size_t>(r) * m_spec.dims);
    return m;
}

std::vector<std::string> write(const Spec& spec, FileKind kind, const std::string& path) {
    const Generator gen(spec);
    std::vector<std::string> written{path};
    {
        File f = openOut(path);
        if (kind == FileKind::Word2VecBinary || kind == FileKind::Word2VecText || kind == FileKind::FastText)
            put(f.get(), std::to_string(spec.rows) + " " + std::to_string(spec.dims) + "\n", path);
        if (kind == FileKind::Npy) put(f.get(), npyHeader(spec), path);
        if (kind == FileKind::Csv) {
            std::string h = "word";
            for (std::size_t j = 0; j < spec.dims; ++j) h += ",x" + std::to_string(j + 1);
            put(f.get(), h + "\n", path);
        }
        // Chunks formatted in parallel, written in order: the bytes do not depend on threads.
        constexpr std::size_t kChunk = 2048, kBatch = 16;
        std::vector<std::string> buffers(kBatch);
        for (std::size_t start = 0; start < spec.rows; start += kChunk * kBatch) {
#pragma omp parallel for schedule(dynamic, 1)
            for (std::ptrdiff_t c = 0; c < static_cast<std::ptrdiff_t>(kBatch); ++c) {
                const std::size_t b = std::min(spec.rows, start + static_cast<std::size_t>(c) * kChunk);
                const std::size_t e = std::min(spec.rows, b + kChunk);
                buffers[static_cast<std::size_t>(c)].clear();
                formatRows(gen, kind, b, e, buffers[static_cast<std::size_t>(c)]);
            }
            for (const auto& b : buffers) put(f.get(), b, path);
        }
        if (std::fflush(f.get()) != 0) throw std::runtime_error("write failed: " + path);
    }
    if (kind == FileKind::Tsv || kind == FileKind::Npy) {
        const std::string meta = metadataPathFor(path);
        File f = openOut(meta);
        std::string out = "word\tfrequency\tcluster\n";
        for (std::size_t r = 0; r < spec.rows; ++r) {
            out += word(spec, r) + "\t" + std::to_string(frequency(r)) + "\t" +
                   std::to_string(cluster(spec, r)) + "\n";
            if (out.size() > (1u << 20)) {
                put(f.get(), out, meta);
                out.clear();
            }
        }
        put(f.get(), out, meta);
        written.push_back(meta);
    }
    return written;
}

}  // namespace embedscope::synthetic
