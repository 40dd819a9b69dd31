#include "NeighbourIndex.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QPromise>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>
#include <chrono>
#include <thread>

#include "Error.h"
#include "jobs/PoolStart.h"

namespace embedscope::ui {

namespace {

struct QueryResult {
    NeighbourIndex::Answer answer;
    std::shared_ptr<const NeighbourSearch> search;
};

}  // namespace

NeighbourIndex::NeighbourIndex(QObject* parent) : QObject(parent) {}

NeighbourIndex::~NeighbourIndex() { cancelIndex(); }

void NeighbourIndex::setDataset(std::shared_ptr<const Dataset> data) {
    cancelIndex();
    ++m_generation;
    m_data = std::move(data);
    m_search.reset();
    m_ready.reset();
    m_indexError.clear();
    startIndex();
    emit statusChanged();
}

void NeighbourIndex::setOptions(Metric metric, VectorSpace space, bool exactOnly, std::size_t k) {
    const bool changed = metric != m_metric || space != m_space;
    const bool newK = k != m_k;
    m_k = k;
    if (!changed && exactOnly == m_exactOnly) {
        if (newK) {
            retune();
            emit statusChanged();
        }
        return;
    }
    m_exactOnly = exactOnly;
    if (changed) {
        cancelIndex();
        ++m_generation;
        m_metric = metric;
        m_space = space;
        m_search.reset();
        m_ready.reset();
        m_indexError.clear();
    }
    startIndex();
    retune();
    emit statusChanged();
}

std::shared_ptr<const NeighbourSearch> NeighbourIndex::search() {
    if (!m_search) m_search = std::make_shared<NeighbourSearch>(m_data->embedding, m_metric, m_space);
    return m_search;
}

std::optional<NeighbourIndex::Answer> NeighbourIndex::query(std::size_t row, std::size_t k) {
    ++m_querySerial;
    if (!m_data) return Answer{row, {}, tr("no data")};
    const Embedding& e = m_data->embedding;
    if (!offGuiThread(e)) {
        Answer a{row, {}, {}};
        try {
            a.neighbours = search()->nearest(row, k);
        } catch (const std::exception& ex) {
            a.error = QString::fromStdString(ex.what());
        }
        return a;
    }
    // Off the GUI thread; the captured pointers keep the data, search and index alive.
    auto data = m_data;
    auto searcher = m_search;
    auto ready = m_exactOnly ? nullptr : m_ready;
    const Metric metric = m_metric;
    const VectorSpace space = m_space;
    const std::uint64_t serial = m_querySerial, generation = m_generation;
    auto* watcher = new QFutureWatcher<QueryResult>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, serial, generation] {
        watcher->deleteLater();
        const QueryResult r = watcher->result();
        if (generation != m_generation) return;
        if (!m_search) m_search = r.search;
        if (serial == m_querySerial) emit answered(r.answer);
    });
    watcher->setFuture(QtConcurrent::run(jobPool(), [data, searcher, ready, metric, space, row, k] {
        QueryResult r{{row, {}, {}}, searcher};
        try {
            if (!r.search) r.search = std::make_shared<NeighbourSearch>(data->embedding, metric, space);
            r.answer.neighbours = ready ? ready->index->nearest(row, k, ready->ef) : r.search->nearest(row, k);
        } catch (const std::exception& ex) {
            r.answer.error = QString::fromStdString(ex.what());
        }
        return r;
    }));
    return std::nullopt;
}

QString NeighbourIndex::cachePath() const {
    const QFileInfo file(QString::fromStdString(m_data->path));
    if (m_data->path.empty() || !file.isFile()) return {};
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + QStringLiteral("/neighbour-index");
    if (!QDir().mkpath(folder)) return {};
    const HnswParams p = HnswParams::browsing();
    const QString id = QStringLiteral("%1|%2|%3|%4|%5")
                           .arg(file.absoluteFilePath(), QString::fromLatin1(metricName(m_metric)),
                                QString::fromLatin1(spaceName(m_space)))
                           .arg(p.m)
                           .arg(p.efConstruction);
    const QByteArray hash = QCryptographicHash::hash(id.toUtf8(), QCryptographicHash::Sha1).toHex().left(20);
    return folder + QLatin1Char('/') + QString::fromLatin1(hash) + QStringLiteral(".hnsw");
}

void NeighbourIndex::startIndex() {
    if (!m_data || m_exactOnly || m_ready || m_building || m_data->embedding.rows() < m_hnswRows) return;
    auto data = m_data;
    const Metric metric = m_metric;
    const VectorSpace space = m_space;
    const std::size_t k = std::min<std::size_t>(m_k, data->embedding.rows() - 1);
    const std::string cache = cachePath().toStdString();
    auto progress = std::make_shared<Progress>();
    auto state = std::make_shared<BuildState>();
    m_building = progress;
    m_buildState = state;
    const std::uint64_t generation = m_generation;
    using Result = std::shared_ptr<const Ready>;
    auto* watcher = new QFutureWatcher<Result>(this);
    connect(watcher, &QFutureWatcherBase::progressValueChanged, this, [this, generation] {
        if (generation == m_generation) emit statusChanged();
    });
    auto error = std::make_shared<QString>();
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation, progress, error] {
        watcher->deleteLater();
        if (generation != m_generation || progress != m_building) return;
        m_building.reset();
        if (watcher->future().resultCount() > 0) m_ready = watcher->result();
        m_indexError = *error;
        retune();  // k changed while it was built
        emit statusChanged();
    });
    auto shared = std::make_shared<QPromise<Result>>();
    m_buildFuture = shared->future();
    watcher->setFuture(m_buildFuture);
    shared->start();
    startOnPool([data, metric, space, k, cache, progress, state, error, shared] {
        QPromise<Result>& promise = *shared;
        promise.setProgressRange(0, 1000);
        progress->setCallback([&promise, state](double f, const std::string& stage) {
            const bool recall = stage == "measuring recall" || stage == "tuning the neighbour index";
            state->stage.store(recall ? BuildState::MeasuringRecall : BuildState::Building);
            state->percent.store(int(100 * f));
            promise.setProgressValue(recall ? 900 + int(100 * f) : int(900 * f));
        });
        try {
            auto ready = std::make_shared<Ready>();
            ready->search = std::make_shared<NeighbourSearch>(data->embedding, metric, space);
            const HnswParams params = HnswParams::browsing();
            std::optional<DataFileKey> key;
            if (!cache.empty()) key = DataFileKey::of(data->path);
            std::unique_ptr<HnswIndex> index;
            if (key) index = HnswIndex::load(cache, *key, *ready->search, params);
            ready->reused = index != nullptr;
            if (!index) {
                index = std::make_unique<HnswIndex>(*ready->search, params, *progress);
                if (key) {
                    try {
                        index->save(cache, *key);
                    } catch (const Error&) {
                        // A cache that cannot be written only costs a rebuild next time.
                    }
                }
            }
            ready->index = std::move(index);
            tuneFor(*ready, k, *progress);
            promise.addResult(Result(std::move(ready)));
        } catch (const Cancelled&) {
        } catch (const std::exception& ex) {
            *error = QString::fromStdString(ex.what());
        }
        progress->setCallback({});
        promise.finish();
    }, JobPriority::Background);
}

void NeighbourIndex::tuneFor(Ready& ready, std::size_t k, Progress& progress) {
    // The index itself stays as built: queries, t-SNE and a later k's tuning share it.
    ready.ef = ready.index->efFor(k, kTargetRecall, kTuningSample, 2, progress);
    ready.recall = ready.index->measureRecall(k, kRecallSample, 1, progress, ready.ef);
    ready.recallK = k;
}

void NeighbourIndex::cancelIndex() {
    if (m_building) m_building->cancel();
    m_building.reset();
    if (m_retuning) m_retuning->cancel();
    m_retuning.reset();
}

void NeighbourIndex::retune() {
    if (!m_ready || m_exactOnly) return;
    const std::size_t k = std::min<std::size_t>(m_k, m_data->embedding.rows() - 1);
    if (m_retuning && m_retuningK == k) return;
    if (m_retuning) m_retuning->cancel();
    m_retuning.reset();
    if (k == m_ready->recallK) return;
    // Until this ends, queries search at the breadth chosen for the previous k: the recall shown
    // stays true of what they get, for that k.
    auto progress = std::make_shared<Progress>();
    m_retuning = progress;
    m_retuningK = k;
    using Result = std::shared_ptr<const Ready>;
    auto* watcher = new QFutureWatcher<Result>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, progress, generation = m_generation] {
        watcher->deleteLater();
        if (generation != m_generation || progress != m_retuning) return;
        m_retuning.reset();
        bool wider = false;
        if (watcher->future().resultCount() > 0) {
            wider = watcher->result()->ef > m_ready->ef;
            m_ready = watcher->result();
        }
        emit statusChanged();
        if (wider) emit searchWidened();
    });
    auto shared = std::make_shared<QPromise<Result>>();
    watcher->setFuture(shared->future());
    shared->start();
    startOnPool([ready = m_ready, k, progress, shared] {
        try {
            auto next = std::make_shared<Ready>(*ready);
            tuneFor(*next, k, *progress);
            shared->addResult(Result(std::move(next)));
        } catch (const std::exception&) {
            // Cancelled, or an exact search failed: the breadth for the previous k stays.
        }
        shared->finish();
    }, JobPriority::Background);
}

NeighbourIndexSource NeighbourIndex::indexSource(Metric metric) const {
    if (!HnswIndex::ranksAs(m_metric, m_space, metric)) return {};
    // Aliasing pointers: the index, keeping its Ready (and so its search) alive.
    if (auto ready = m_ready)
        return [ready](Progress&) { return std::shared_ptr<const HnswIndex>(ready, ready->index.get()); };
    if (!m_building) return {};
    // Building a second index beside this one would take as long, on the same processors.
    return [future = m_buildFuture, state = m_buildState](Progress& progress) -> std::shared_ptr<const HnswIndex> {
        progress.setStage("waiting for the neighbour index");
        while (!future.isFinished()) {
            progress.step(state->stage.load() == BuildState::Building ? state->percent.load() / 100.0 : 0.0);
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        if (future.resultCount() == 0) return nullptr;  // cancelled or failed
        const std::shared_ptr<const Ready> ready = future.result();
        return std::shared_ptr<const HnswIndex>(ready, ready->index.get());
    };
}

QString NeighbourIndex::methodText() const {
    if (!m_data) return {};
    if (m_exactOnly) return tr("exact search (chosen)");
    if (m_ready)
        return tr("HNSW index (ef %5): recall@%1 %2 on %3 sampled points against exact search%4")
            .arg(m_ready->recallK)
            .arg(m_ready->recall, 0, 'f', 3)
            .arg(kRecallSample)
            .arg(m_ready->reused ? tr(" (reused from the cache)") : QString())
            .arg(m_ready->ef) +
               (m_retuning ? tr("; tuning it for k = %1").arg(m_retuningK) : QString());
    if (m_building) {
        // A saved index is read and checked before its recall is measured: it is not rebuilt.
        const int percent = m_buildState->percent.load();
        switch (m_buildState->stage.load()) {
        case BuildState::Reading:
            return tr("exact search; preparing the HNSW index");
        case BuildState::Building:
            return tr("exact search; building the HNSW index: %1%").arg(percent);
        default:
            return tr("exact search; measuring the HNSW index's recall: %1%").arg(percent);
        }
    }
    if (!m_indexError.isEmpty()) return tr("exact search (no index: %1)").arg(m_indexError);
    return tr("exact search");
}

}  // namespace embedscope::ui
