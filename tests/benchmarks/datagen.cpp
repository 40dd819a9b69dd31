// Writes a synthetic embedding file of any size in any format Embedscope reads (see
// SyntheticData.h): clustered vectors, distinct Zipf-ordered words.
// Usage: datagen --rows N --dims D --format KIND --out PATH [--clusters K] [--latent R]
//                [--seed S] [--duplicate-every M] [--bad-row R]
// KIND: word2vec-binary, word2vec-text, glove, fasttext, tsv, npy, csv. Tsv and npy also get
// PATH-stem-metadata.tsv (word, frequency, cluster) beside them.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

#include "SyntheticData.h"

using namespace embedscope::synthetic;

int main(int argc, char** argv) {
    Spec spec;
    FileKind kind = FileKind::Word2VecBinary;
    std::string out;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (i + 1 >= argc) {
            std::fprintf(stderr, "datagen: %s needs a value\n", a.c_str());
            return 2;
        }
        const char* v = argv[++i];
        const auto number = [&] { return static_cast<std::size_t>(std::strtoull(v, nullptr, 10)); };
        if (a == "--rows") spec.rows = number();
        else if (a == "--dims") spec.dims = number();
        else if (a == "--clusters") spec.clusters = number();
        else if (a == "--latent") spec.latentDims = number();
        else if (a == "--seed") spec.seed = number();
        else if (a == "--duplicate-every") spec.duplicateEvery = number();
        else if (a == "--bad-row") spec.badRow = number();
        else if (a == "--out") out = v;
        else if (a == "--format") {
            if (!parseKind(v, kind)) {
                std::fprintf(stderr, "datagen: unknown format '%s'\n", v);
                return 2;
            }
        } else {
            std::fprintf(stderr, "datagen: unknown option %s\n", a.c_str());
            return 2;
        }
    }
    if (out.empty() || spec.rows == 0 || spec.dims == 0) {
        std::fprintf(stderr, "usage: datagen --rows N --dims D --format KIND --out PATH [--clusters K] "
                             "[--latent R] [--seed S] [--duplicate-every M] [--bad-row R]\n");
        return 2;
    }
    try {
        for (const auto& p : write(spec, kind, out)) std::printf("%s\n", p.c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "datagen: %s\n", e.what());
        return 1;
    }
    return 0;
}
