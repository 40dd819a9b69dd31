#pragma once
/// Synthetic embedding files of any size in every format Embedscope reads, for the benchmarks and
/// the scaled-down tests. Vectors lie in clusters along a low-dimensional latent space (as real
/// embeddings do, so nearest-neighbour recall means something); words are distinct, short for
/// frequent ranks and longer for rare ones, and listed most frequent first with Zipf frequencies.
/// Every row is a pure function of (seed, row), so any row can be recomputed to check a load, and
/// files are written by several threads with the same bytes as by one.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace embedscope::synthetic {

enum class FileKind { Word2VecBinary, Word2VecText, Glove, FastText, Tsv, Npy, Csv };

struct Spec {
    std::size_t rows = 10'000;
    std::size_t dims = 50;
    std::size_t clusters = 50;
    std::size_t latentDims = 10;  ///< dimension of the space the points vary in within a cluster
    std::uint64_t seed = 1;
    /// Every this many rows (0 = never) the word repeats an earlier row's word, to exercise the
    /// "first kept" duplicate rule.
    std::size_t duplicateEvery = 0;
    /// 1-based row written with a bad value in text formats (0 = none): "1.0x" in value 2.
    std::size_t badRow = 0;
};

/// Parses a kind name: word2vec-binary, word2vec-text, glove, fasttext, tsv, npy, csv.
bool parseKind(const std::string& name, FileKind& kind);
const char* kindName(FileKind kind);

/// The word of a row (0-based; respects duplicateEvery).
std::string word(const Spec& spec, std::size_t row);
/// The Zipf frequency count of a row: about 10⁹ / (row + 1).
std::uint64_t frequency(std::size_t row);
/// The cluster a row was drawn from.
std::size_t cluster(const Spec& spec, std::size_t row);

/// Generates rows of the matrix; values are multiples of 1e-5 so text and binary files agree.
class Generator {
public:
    explicit Generator(const Spec& spec);
    const Spec& spec() const { return m_spec; }
    void row(std::size_t r, float* out) const;
    std::vector<float> matrix() const;  ///< all rows (tests)

private:
    Spec m_spec;
    std::vector<float> m_centres;  // clusters × dims
    std::vector<float> m_basis;    // latentDims × dims
    std::vector<float> m_normals;  // a table of standard normals for the isotropic noise
};

/// Writes the file (and for Tsv, Npy: "STEM-metadata.tsv" beside it with word, frequency and
/// cluster columns, which Embedscope finds). Throws std::runtime_error on I/O failure. Returns
/// the paths written.
std::vector<std::string> write(const Spec& spec, FileKind kind, const std::string& path);

}  // namespace embedscope::synthetic
