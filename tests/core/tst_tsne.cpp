// t-SNE as a whole: it separates known clusters (Gaussian blobs in 50-D, the digits sample) with
// every repulsion method in 2-D and 3-D, the KL divergence falls, a seed fixes the layout bit for
// bit (with any thread count), frames animate, and Cancel and Pause keep a usable partial layout.
#include <QTest>

#include "Omp.h"

#include <atomic>
#include <cmath>
#include <cstring>
#include <random>
#include <thread>

#include "Error.h"
#include "TestSupport.h"
#include "io/Load.h"
#include "project/tsne/Initialization.h"
#include "project/tsne/Tsne.h"

using namespace embedscope;

namespace {

struct Labelled {
    Embedding data;
    std::vector<int> labels;
};

/// blobs × perBlob points in dims dimensions: centres N(0, 4²) per coordinate, points N(centre, 1).
Labelled blobs(std::size_t count, std::size_t perBlob, std::size_t dims, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal;
    std::vector<float> centres(count * dims);
    for (float& c : centres) c = 4.0f * normal(rng);
    Labelled out;
    std::vector<std::string> names;
    std::vector<float> values;
    for (std::size_t i = 0; i < count * perBlob; ++i) {
        const std::size_t blob = i % count;
        out.labels.push_back(int(blob));
        names.push_back("p" + std::to_string(i));
        for (std::size_t a = 0; a < dims; ++a)
            values.push_back(centres[blob * dims + a] + normal(rng));
    }
    out.data = Embedding(names, values, dims);
    return out;
}

/// Mean over points of the share of their 10 nearest layout neighbours carrying their label.
double labelAgreement(const RowMatrixXf& y, const std::vector<int>& labels) {
    const Eigen::Index n = y.rows();
    double total = 0;
    std::vector<std::pair<float, Eigen::Index>> d(static_cast<std::size_t>(n));
    for (Eigen::Index i = 0; i < n; ++i) {
        for (Eigen::Index j = 0; j < n; ++j)
            d[std::size_t(j)] = {j == i ? INFINITY : (y.row(i) - y.row(j)).squaredNorm(), j};
        std::partial_sort(d.begin(), d.begin() + 10, d.end());
        int same = 0;
        for (int m = 0; m < 10; ++m)
            same += labels[std::size_t(d[std::size_t(m)].second)] == labels[std::size_t(i)];
        total += same / 10.0;
    }
    return total / double(n);
}

bool bitwiseEqual(const RowMatrixXf& a, const RowMatrixXf& b) {
    return a.rows() == b.rows() && a.cols() == b.cols() &&
           std::memcmp(a.data(), b.data(), sizeof(float) * std::size_t(a.size())) == 0;
}

}  // namespace

class TestTsne : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { testsupport::applyTestLocale(); }

    void separatesBlobs_data() {
        QTest::addColumn<int>("dims");
        QTest::addColumn<int>("method");
        QTest::newRow("2-D auto (Barnes-Hut)") << 2 << int(RepulsionMethod::Auto);
        QTest::newRow("2-D exact") << 2 << int(RepulsionMethod::Exact);
        QTest::newRow("2-D FFT") << 2 << int(RepulsionMethod::Fft);
        QTest::newRow("3-D auto (Barnes-Hut)") << 3 << int(RepulsionMethod::Auto);
        QTest::newRow("3-D exact") << 3 << int(RepulsionMethod::Exact);
    }
    void separatesBlobs() {
        QFETCH(int, dims);
        QFETCH(int, method);
        const Labelled blob = blobs(5, 200, 50, 17);
        // Before optimising, a random start knows nothing of the labels (chance is 0.2).
        const RowMatrixXf start = randomNormalLayout(1000, std::size_t(dims), 42, kTsneInitStd);
        QVERIFY(labelAgreement(start, blob.labels) < 0.5);
        TsneOptions options;
        options.dims = std::size_t(dims);
        options.method = RepulsionMethod(method);
        options.init = TsneInit::Random;
        const TsneResult result = runTsne(blob.data, options);
        QCOMPARE(result.iterations, std::size_t(1000));
        QVERIFY(result.method != RepulsionMethod::Auto);
        if (method == int(RepulsionMethod::Auto))
            QCOMPARE(result.method, RepulsionMethod::BarnesHut);
        QCOMPARE(result.neighbours, std::size_t(90));
        QCOMPARE(result.learningRate, 200.0);
        const double agreement = labelAgreement(result.layout, blob.labels);
        QVERIFY2(agreement >= 0.95, qPrintable(QString::number(agreement)));
    }

    void separatesDigits() {
        LoadOptions load;
        load.metadataPath =
            std::string(EMBEDSCOPE_SOURCE_DIR) + "/resources/samples/digits-metadata.tsv";
        const Dataset digits =
            loadDataset(std::string(EMBEDSCOPE_SOURCE_DIR) + "/resources/samples/digits.tsv", load);
        QCOMPARE(digits.embedding.rows(), std::size_t(1797));
        const auto column = digits.metadata.findColumn("digit");
        QVERIFY(column);
        std::vector<int> labels;
        for (const auto& cell : digits.metadata.column(*column).cells)
            labels.push_back(cell.at(0) - '0');
        const TsneResult result = runTsne(digits.embedding, TsneOptions{});
        const double agreement = labelAgreement(result.layout, labels);
        QVERIFY2(agreement >= 0.95, qPrintable(QString::number(agreement)));
        QVERIFY(result.kl > 0 && result.kl < 1.5);
    }

    void klFallsAndFramesAnimate() {
        const Labelled blob = blobs(4, 100, 20, 5);
        TsneOptions options;
        options.iterations = 500;
        options.frameEvery = 25;
        std::vector<std::size_t> iterations;
        std::vector<double> kls;
        RowMatrixXf last;
        const TsneResult result = runTsne(blob.data, options, [&](const TsneFrame& frame) {
            iterations.push_back(frame.iteration);
            kls.push_back(frame.kl);
            QCOMPARE(frame.layout.rows(), Eigen::Index(400));
            last = frame.layout;
        });
        QCOMPARE(iterations.size(), std::size_t(20));  // 25, 50, ..., 475, and the final 500
        for (std::size_t f = 0; f < iterations.size(); ++f) QCOMPARE(iterations[f], 25 * (f + 1));
        QVERIFY(bitwiseEqual(last, result.layout));
        QCOMPARE(kls.back(), result.kl);
        QVERIFY2(result.kl < 0.8 * kls.front(),
                 qPrintable(QString("%1 -> %2").arg(kls.front()).arg(result.kl)));
        // After early exaggeration (250 iterations) the descent is on the true KL: it only falls,
        // up to small steps back of the momentum.
        for (std::size_t f = 10; f + 1 < kls.size(); ++f) QVERIFY(kls[f + 1] < kls[f] + 1e-3);
    }

    void exaggerationAndTailsShapeClusters_data() {
        QTest::addColumn<double>("lateExaggeration");
        QTest::addColumn<double>("dof");
        QTest::addColumn<bool>("tighter");  // clusters tighter than plain t-SNE's (else looser)
        QTest::newRow("late exaggeration 4 compacts clusters") << 4.0 << 1.0 << true;
        QTest::newRow("heavy tails (dof 0.5) spread clusters apart") << 1.0 << 0.5 << true;
        QTest::newRow("light tails (dof 5) blur them") << 1.0 << 5.0 << false;
    }
    void exaggerationAndTailsShapeClusters() {
        // Spread within clusters relative to the distances between their centres: late
        // exaggeration pulls neighbours together (Kobak & Berens 2019), heavier tails push
        // clusters apart (Kobak et al. 2019).
        QFETCH(double, lateExaggeration);
        QFETCH(double, dof);
        QFETCH(bool, tighter);
        const Labelled blob = blobs(4, 100, 20, 21);
        auto compactness = [&](const RowMatrixXf& y) {
            Eigen::MatrixXd centres = Eigen::MatrixXd::Zero(4, y.cols());
            for (Eigen::Index i = 0; i < y.rows(); ++i)
                centres.row(blob.labels[std::size_t(i)]) += y.row(i).cast<double>() / 100.0;
            double within = 0, between = 0;
            for (Eigen::Index i = 0; i < y.rows(); ++i)
                within +=
                    (y.row(i).cast<double>() - centres.row(blob.labels[std::size_t(i)])).norm();
            for (int a = 0; a < 4; ++a)
                for (int b = a + 1; b < 4; ++b) between += (centres.row(a) - centres.row(b)).norm();
            return (within / double(y.rows())) / (between / 6);
        };
        TsneOptions options;
        options.iterations = 600;
        const double plain = compactness(runTsne(blob.data, options).layout);
        options.lateExaggeration = lateExaggeration;
        options.degreesOfFreedom = dof;
        const double shaped = compactness(runTsne(blob.data, options).layout);
        QVERIFY2(tighter ? shaped < 0.8 * plain : shaped > 1.25 * plain,
                 qPrintable(QString("%1 vs plain %2").arg(shaped).arg(plain)));
    }

    void seedFixesTheLayout_data() {
        QTest::addColumn<int>("dims");
        QTest::addColumn<int>("method");
        QTest::newRow("2-D Barnes-Hut") << 2 << int(RepulsionMethod::BarnesHut);
        QTest::newRow("2-D FFT") << 2 << int(RepulsionMethod::Fft);
        QTest::newRow("3-D Barnes-Hut") << 3 << int(RepulsionMethod::BarnesHut);
        // Its FFT phase cuts the grid into slabs shared out among the threads.
        QTest::newRow("3-D hybrid") << 3 << int(RepulsionMethod::Hybrid);
        QTest::newRow("2-D exact") << 2 << int(RepulsionMethod::Exact);
    }
    void seedFixesTheLayout() {
        QFETCH(int, dims);
        QFETCH(int, method);
        const Labelled blob = blobs(3, 200, 10, 8);
        TsneOptions options;
        options.dims = std::size_t(dims);
        options.method = RepulsionMethod(method);
        options.init = TsneInit::Random;
        options.iterations = 300;
        options.seed = 7;
        const int threads = omp_get_max_threads();
        const TsneResult a = runTsne(blob.data, options);
        const TsneResult b = runTsne(blob.data, options);
        QVERIFY(bitwiseEqual(a.layout, b.layout));
        QCOMPARE(a.kl, b.kl);
        // The same on one thread and on three (more threads than this machine may have).
        omp_set_num_threads(1);
        const TsneResult one = runTsne(blob.data, options);
        omp_set_num_threads(3);
        const TsneResult three = runTsne(blob.data, options);
        omp_set_num_threads(threads);
        QVERIFY(bitwiseEqual(a.layout, one.layout));
        QVERIFY(bitwiseEqual(a.layout, three.layout));
        options.seed = 8;
        const TsneResult other = runTsne(blob.data, options);
        QVERIFY(!bitwiseEqual(a.layout, other.layout));
    }

    void cancelFromFrameKeepsThePartialLayout() {
        const Labelled blob = blobs(3, 100, 10, 2);
        Progress progress;
        TsneOptions options;
        options.frameEvery = 10;
        RowMatrixXf seen;
        std::size_t frames = 0;
        const TsneResult result = runTsne(
            blob.data, options,
            [&](const TsneFrame& frame) {
                ++frames;
                if (frame.iteration == 50) {
                    seen = frame.layout;
                    progress.cancel();
                }
            },
            progress);
        QVERIFY(result.cancelled);
        QCOMPARE(result.iterations, std::size_t(50));
        QCOMPARE(frames, std::size_t(5));
        QVERIFY(bitwiseEqual(result.layout, seen));
        QVERIFY(result.layout.allFinite());
        QVERIFY(std::isfinite(result.kl));
    }

    void pauseHoldsUntilCancelled() {
        const Labelled blob = blobs(3, 50, 10, 2);
        std::atomic<bool> paused{true};
        std::atomic<std::size_t> frames{0};
        Progress progress;
        TsneOptions options;
        options.frameEvery = 1;
        options.paused = &paused;
        TsneResult result;
        std::thread worker([&] {
            result = runTsne(
                blob.data, options, [&](const TsneFrame&) { ++frames; }, progress);
        });
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        const std::size_t whilePaused = frames.load();
        progress.cancel();
        worker.join();
        QCOMPARE(whilePaused, std::size_t(0));
        QVERIFY(result.cancelled);
        QCOMPARE(result.iterations, std::size_t(0));
        QCOMPARE(result.layout.rows(), Eigen::Index(150));
    }

    void pauseThenResumeFinishes() {
        const Labelled blob = blobs(3, 50, 10, 2);
        std::atomic<bool> paused{false};
        TsneOptions options;
        options.iterations = 200;
        options.frameEvery = 50;
        options.paused = &paused;
        std::size_t frames = 0;
        const TsneResult reference = runTsne(blob.data, options);
        // Pausing at a frame and resuming later changes nothing in the result.
        std::thread resumer;
        const TsneResult result = runTsne(blob.data, options, [&](const TsneFrame& frame) {
            ++frames;
            if (frame.iteration == 100) {
                paused = true;
                resumer = std::thread([&] {
                    std::this_thread::sleep_for(std::chrono::milliseconds(50));
                    paused = false;
                });
            }
        });
        resumer.join();
        QCOMPARE(frames, std::size_t(4));
        QVERIFY(!result.cancelled);
        QVERIFY(bitwiseEqual(result.layout, reference.layout));
    }
};

QTEST_APPLESS_MAIN(TestTsne)
#include "tst_tsne.moc"
