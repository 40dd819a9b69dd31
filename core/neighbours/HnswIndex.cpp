#include "HnswIndex.h"

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "../Error.h"
#include "HnswGraph.h"
#include "KnnDetail.h"

namespace embedscope {

namespace {

// 2: the index stores row numbers, not vectors (an index of version 1 is rebuilt).
constexpr const char* kKeyMagic = "embedscope-hnsw-index 2";

std::string describe(const DataFileKey& key, const NeighbourSearch& search, const HnswParams& p,
                     std::uint64_t indexBytes) {
    std::ostringstream s;
    s << kKeyMagic << "\nsize " << key.size << "\nmtime " << key.mtimeNs << "\nhead " << key.headHash
      << "\nrows " << search.embedding().rows() << "\ndims " << search.embedding().dims() << "\nmetric "
      << metricName(search.metric()) << "\nspace " << spaceName(search.space()) << "\nM " << p.m
      << "\nefConstruction " << p.efConstruction << "\nseed " << p.seed << "\nindex-bytes " << indexBytes << "\n";
    return s.str();
}

}  // namespace

DataFileKey DataFileKey::of(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) throw Error(SourceLocation::file(path), "cannot read the file's status");
    DataFileKey key;
    key.size = static_cast<std::uint64_t>(st.st_size);
    key.mtimeNs = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(SourceLocation::file(path), "cannot open the file");
    std::vector<char> head(std::size_t(1) << 20);
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (std::streamsize i = 0; i < in.gcount(); ++i) {
        h ^= static_cast<unsigned char>(head[static_cast<std::size_t>(i)]);
        h *= 0x100000001b3ull;
    }
    key.headHash = h;
    return key;
}

struct HnswIndex::Impl {
    detail::HnswGraph::Space space;
    std::vector<float> scale;  // 1 / ‖row − mean‖ when normalising (0 for a zero vector), else empty
    detail::IndexedRows rows;  // the embedding and the search's mean, read in place
    std::unique_ptr<detail::HnswGraph> index;

    explicit Impl(const NeighbourSearch& search) {
        const Embedding& e = search.embedding();
        // Cosine (or any metric on unit vectors) is the inner product of unit vectors; dot the
        // raw inner product (hnswlib ranks by 1 − a·b); euclidean the squared L2 distance, where
        // the centre cancels.
        const bool normalise = search.metric() == Metric::Cosine || search.space() == VectorSpace::Normalised;
        space = search.metric() == Metric::Euclidean && !normalise ? detail::HnswGraph::Space::L2
                                                                   : detail::HnswGraph::Space::InnerProduct;
        if (normalise) {
            // From the search's own norms. A zero vector keeps scale 0: its exact distance is
            // undefined and the re-ranking drops it.
            const auto sq = search.squaredNorms();
            scale.resize(sq.size());
            for (std::size_t i = 0; i < sq.size(); ++i)
                scale[i] = sq[i] > 0 ? static_cast<float>(1.0 / std::sqrt(double(sq[i]))) : 0.0f;
        }
        const auto m = search.mean();
        rows.data = e.data();
        rows.rows = e.rows();
        rows.dims = e.dims();
        rows.centre = space == detail::HnswGraph::Space::InnerProduct &&
                              std::any_of(m.begin(), m.end(), [](float v) { return v != 0; })
                          ? m.data()
                          : nullptr;
        rows.scale = scale.empty() ? nullptr : scale.data();
    }
};

HnswIndex::HnswIndex(const NeighbourSearch& search, const HnswParams& params, std::unique_ptr<Impl> impl)
    : m_search(search), m_params(params), m_impl(std::move(impl)) {}

HnswIndex::HnswIndex(const NeighbourSearch& search, const HnswParams& params, Progress& progress)
    : m_search(search), m_params(params), m_impl(std::make_unique<Impl>(search)) {
    const std::size_t n = search.embedding().rows();
    if (n == 0) throw Error("no rows to index");
    if (n > std::numeric_limits<std::uint32_t>::max()) throw Error("too many rows to index");
    progress.setStage("building the neighbour index");
    m_impl->index = std::make_unique<detail::HnswGraph>(m_impl->space, m_impl->rows, params.m,
                                                        params.efConstruction, params.seed);
    m_impl->index->add(0);
    detail::parallelChunks(1, n, 0, progress,
                           [&](std::size_t i, float*) { m_impl->index->add(static_cast<std::uint32_t>(i)); });
    m_impl->index->setEf(params.ef);
    progress.step(1.0);
}

HnswIndex::~HnswIndex() = default;

const detail::HnswGraph& HnswIndex::graph() const { return *m_impl->index; }

bool HnswIndex::ranksAs(const Embedding& data, Metric metric) const {
    const Embedding& e = m_search.embedding();
    return e.data() == data.data() && e.rows() == data.rows() && e.dims() == data.dims() &&
           ranksAs(m_search.metric(), m_search.space(), metric);
}

bool HnswIndex::ranksAs(Metric indexMetric, VectorSpace space, Metric metric) {
    switch (metric) {
    case Metric::Cosine:
        // On normalised rows every metric ranks as cosine (a·b = cos, ‖a − b‖² = 2 − 2 cos).
        return space == VectorSpace::Normalised || (space == VectorSpace::Raw && indexMetric == Metric::Cosine);
    case Metric::Euclidean:
        return indexMetric == Metric::Euclidean && space != VectorSpace::Normalised;
    case Metric::Dot:
        return indexMetric == Metric::Dot && space == VectorSpace::Raw;
    }
    return false;
}

void HnswIndex::setEf(std::size_t ef) {
    // hnswlib searches with max(ef, k): ef only needs setting when it changes, never per query,
    // so queries from several threads only read it.
    m_params.ef = ef;
    m_impl->index->setEf(ef);
}

std::unique_ptr<HnswIndex> HnswIndex::load(const std::string& path, const DataFileKey& key,
                                           const NeighbourSearch& search, const HnswParams& params) {
    std::error_code ec;
    const auto bytes = std::filesystem::file_size(path, ec);
    if (ec) return nullptr;
    std::ifstream keyFile(path + ".key", std::ios::binary);
    if (!keyFile) return nullptr;
    std::ostringstream stored;
    stored << keyFile.rdbuf();
    // The index file's own size is part of the key: a truncated or replaced file is not trusted
    // to hnswlib, which reads whatever the file holds.
    if (stored.str() != describe(key, search, params, bytes)) return nullptr;
    auto impl = std::make_unique<Impl>(search);
    try {
        impl->index = std::make_unique<detail::HnswGraph>(impl->space, impl->rows, path);
    } catch (const std::exception& ex) {
        throw Error(SourceLocation::file(path), std::string("cannot read the neighbour index: ") + ex.what());
    }
    if (impl->index->size() != search.embedding().rows()) return nullptr;
    impl->index->setEf(params.ef);
    return std::unique_ptr<HnswIndex>(new HnswIndex(search, params, std::move(impl)));
}

void HnswIndex::save(const std::string& path, const DataFileKey& key) const {
    std::error_code ec;
    std::filesystem::remove(path + ".key", ec);
    try {
        m_impl->index->save(path);
    } catch (const std::exception& ex) {
        throw Error(SourceLocation::file(path), std::string("cannot write the neighbour index: ") + ex.what());
    }
    const auto bytes = std::filesystem::file_size(path, ec);
    if (ec) throw Error(SourceLocation::file(path), "cannot write the neighbour index");
    const std::string tmp = path + ".key.tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << describe(key, m_search, m_params, bytes);
        if (!out.flush()) throw Error(SourceLocation::file(tmp), "cannot write the neighbour index key");
    }
    std::filesystem::rename(tmp, path + ".key", ec);
    if (ec) throw Error(SourceLocation::file(path + ".key"), "cannot write the neighbour index key");
}

std::vector<Neighbour> HnswIndex::nearest(std::size_t row, std::size_t k, std::size_t ef) const {
    const Embedding& e = m_search.embedding();
    if (row >= e.rows())
        throw Error("row " + std::to_string(row + 1) + " does not exist (" + std::to_string(e.rows()) + " rows)");
    k = std::min(k, e.rows() - 1);
    const std::vector<std::size_t> found = m_impl->index->search(static_cast<std::uint32_t>(row), k + 1, ef);
    std::vector<Neighbour> out;
    out.reserve(found.size());
    for (const std::size_t r : found) {
        if (r == row) continue;
        // The candidate first, as the exact search computes it: the same float rounding.
        const float dist = m_search.distance(r, row);
        if (!std::isnan(dist)) out.push_back({r, dist});
    }
    std::sort(out.begin(), out.end(), [](const Neighbour& a, const Neighbour& b) {
        return a.distance < b.distance || (a.distance == b.distance && a.row < b.row);
    });
    if (out.size() > k) out.resize(k);
    return out;
}

namespace {

/// The share of exact (a row's k nearest) that approx recalls. A row tied with the exact k-th
/// distance counts: which of equals is "the" neighbour is arbitrary.
double recallOf(const std::vector<Neighbour>& exact, const std::vector<Neighbour>& approx) {
    const float kth = exact.back().distance;
    const float slack = 1e-6f * std::max(1.0f, std::abs(kth));
    std::size_t hits = 0;
    for (const auto& a : approx)
        if (a.distance <= kth + slack) ++hits;
    return double(std::min(hits, exact.size())) / double(exact.size());
}

}  // namespace

std::vector<std::pair<std::size_t, std::vector<Neighbour>>> HnswIndex::exactSample(
    std::size_t k, std::size_t sample, unsigned seed, Progress& progress) const {
    const auto rows = detail::sampleRows(m_search.embedding().rows(), sample, seed);
    std::vector<std::pair<std::size_t, std::vector<Neighbour>>> out;
    for (std::size_t s = 0; s < rows.size(); ++s) {
        try {
            auto exact = m_search.nearest(rows[s], k);
            if (!exact.empty()) out.emplace_back(rows[s], std::move(exact));
        } catch (const Error&) {
            // a zero vector under cosine has no neighbours to recall
        }
        progress.step(double(s + 1) / double(rows.size()));
    }
    return out;
}

double HnswIndex::measureRecall(std::size_t k, std::size_t sample, unsigned seed, Progress& progress,
                                std::size_t ef) const {
    const std::size_t n = m_search.embedding().rows();
    k = std::min(k, n - 1);
    if (k == 0 || sample == 0) return 1.0;
    progress.setStage("measuring recall");
    const auto truth = exactSample(k, sample, seed, progress);
    double sum = 0;
    for (const auto& [row, exact] : truth) sum += recallOf(exact, nearest(row, k, ef));
    return truth.empty() ? 1.0 : sum / double(truth.size());
}

std::size_t HnswIndex::efFor(std::size_t k, double target, std::size_t sample, unsigned seed,
                             Progress& progress) const {
    const std::size_t n = m_search.embedding().rows();
    k = std::min(k, n - 1);
    if (k == 0 || sample == 0) return m_params.ef;
    progress.setStage("tuning the neighbour index");
    const auto truth = exactSample(k, sample, seed, progress);
    if (truth.empty()) return m_params.ef;
    return detail::tuneEf(m_params.ef, kMaxEf, target, [&](std::size_t at) {
        progress.check();
        double sum = 0;
        for (const auto& [row, exact] : truth) sum += recallOf(exact, nearest(row, k, at));
        return sum / double(truth.size());
    });
}

}  // namespace embedscope
