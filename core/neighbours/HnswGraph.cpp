#include <hnswlib/hnswlib.h>

#include "HnswGraph.h"

namespace embedscope::detail {

struct HnswGraph::Impl {
    std::unique_ptr<hnswlib::SpaceInterface<float>> space;
    std::unique_ptr<hnswlib::HierarchicalNSW<float>> index;

    Impl(Space kind, std::size_t dims) {
        if (kind == Space::L2)
            space = std::make_unique<hnswlib::L2Space>(dims);
        else
            space = std::make_unique<hnswlib::InnerProductSpace>(dims);
    }
};

HnswGraph::HnswGraph(Space space, std::size_t dims, std::size_t capacity, std::size_t m, std::size_t efConstruction,
                     unsigned seed)
    : m_impl(std::make_unique<Impl>(space, dims)) {
    m_impl->index = std::make_unique<hnswlib::HierarchicalNSW<float>>(m_impl->space.get(), capacity, m,
                                                                      efConstruction, seed);
}

HnswGraph::HnswGraph(Space space, std::size_t dims, const std::string& path, std::size_t capacity)
    : m_impl(std::make_unique<Impl>(space, dims)) {
    m_impl->index = std::make_unique<hnswlib::HierarchicalNSW<float>>(m_impl->space.get(), path, false, capacity);
}

HnswGraph::~HnswGraph() = default;

void HnswGraph::add(const float* vector, std::size_t label) {
    m_impl->index->addPoint(vector, static_cast<hnswlib::labeltype>(label));
}

void HnswGraph::setEf(std::size_t ef) { m_impl->index->setEf(ef); }

std::size_t HnswGraph::size() const { return m_impl->index->cur_element_count; }

std::vector<std::size_t> HnswGraph::search(const float* vector, std::size_t k) const {
    auto found = m_impl->index->searchKnn(vector, k);
    std::vector<std::size_t> labels;
    labels.reserve(found.size());
    for (; !found.empty(); found.pop()) labels.push_back(static_cast<std::size_t>(found.top().second));
    return labels;
}

void HnswGraph::save(const std::string& path) const { m_impl->index->saveIndex(path); }

}  // namespace embedscope::detail
