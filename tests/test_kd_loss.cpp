// The KD loss against hand-computed values, and the hand-written gradients (the linear kernel's
// and Algorithm 1's joint training) against central finite differences in double precision.
#include "TestUtil.h"
#include "core/analysis/Algorithm1.h"
#include "core/base/NumpyRandom.h"
#include "core/training/KdLoss.h"
#include "core/training/LinearTrainer.h"

using namespace mfh;

namespace {

// One SGD step with lr = 1 from W0 gives W1 = W0 − g: the kernel's gradient.
std::pair<torch::Tensor, torch::Tensor> kernelGradient(const LinearModel& init, const TrainData& d,
                                                       const KdConfig& kd) {
    LinearModel m = init;
    TrainConfig c;
    c.lr = 1.0, c.epochs = 1, c.kd = kd;
    LinearTrainer::train(m, d, {}, c);
    return {(init.weight() - m.weight()).to(torch::kFloat64),
            (init.bias() - m.bias()).to(torch::kFloat64)};
}

double lossAt(const torch::Tensor& W, const torch::Tensor& b, const TrainData& d,
              const KdConfig& kd) {
    auto x = d.x.to(torch::kFloat64);
    auto z = x.matmul(W.t()) + b;
    auto y = torch::tensor(d.y, torch::kInt64);
    auto t = d.teacherLogits.defined() ? d.teacherLogits.to(torch::kFloat64) : torch::Tensor();
    return kdLoss(z, t, y, kd).item<double>();
}

}  // namespace

class TestKdLoss : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void handComputedValue() {
        // s = [1, 0], t = [0, 1], y = 0, T = 2, w_gt = 0.5, w_kd = 2.
        //   CE = log(1 + e^−1) = 0.313261687518;  q = softmax([0, .5]) = [.377541, .622459]
        //   log p = log_softmax([.5, 0]) = [−.474077, −.974077]
        //   KL = Σ q (log q − log p) = .5·(.622459 − .377541) = 0.122459331202
        //   'mean' divides by N·C = 2; × T² = 4; × w_kd = 2 → 0.489837324807
        auto s = torch::tensor({{1.0, 0.0}}, torch::kFloat64);
        auto t = torch::tensor({{0.0, 1.0}}, torch::kFloat64);
        auto y = torch::tensor({0}, torch::kInt64);
        KdConfig kd{0.5, 2.0, 2.0, false};
        QVERIFY(std::abs(kdLoss(s, t, y, kd).item<double>() - 0.6464681685665298) < 1e-12);
        kd.batchMean = true;  // divides by N = 1 instead
        QVERIFY(std::abs(kdLoss(s, t, y, kd).item<double>() - 1.1363054933739482) < 1e-12);
        // Without a teacher the loss is the plain cross-entropy.
        QVERIFY(std::abs(kdLoss(s, torch::Tensor(), y, kd).item<double>() - 0.31326168751822286) <
                1e-12);
    }

    void kernelGradientMatchesFiniteDifferences_data() {
        QTest::addColumn<int>("classes");
        QTest::addColumn<bool>("withTeacher");
        QTest::addColumn<double>("temperature");
        QTest::addColumn<bool>("batchMean");
        QTest::newRow("2 classes, CE") << 2 << false << 1.0 << false;
        QTest::newRow("2 classes, KD T=1") << 2 << true << 1.0 << false;
        QTest::newRow("2 classes, KD T=3") << 2 << true << 3.0 << false;
        QTest::newRow("4 classes, CE") << 4 << false << 1.0 << false;
        QTest::newRow("4 classes, KD T=2 batchmean") << 4 << true << 2.0 << true;
    }
    void kernelGradientMatchesFiniteDifferences() {
        QFETCH(int, classes);
        QFETCH(bool, withTeacher);
        QFETCH(double, temperature);
        QFETCH(bool, batchMean);
        torch::manual_seed(1);
        const int n = 40, D = 13;
        TrainData d;
        d.x = torch::randn({n, D});
        for (int i = 0; i < n; ++i) d.y.push_back(i % classes);
        d.classes = classes;
        if (withTeacher) d.teacherLogits = torch::randn({n, classes}) * 2;
        KdConfig kd{0.7, 1.3, temperature, batchMean};
        const auto init = LinearModel::init(classes, D, 99);
        auto [gW, gb] = kernelGradient(init, d, kd);
        auto W = init.weight().to(torch::kFloat64), b = init.bias().to(torch::kFloat64);
        const double h = 1e-6;
        for (int c = 0; c < classes; ++c) {
            for (int j = 0; j < D; j += 3) {
                auto Wp = W.clone(), Wm = W.clone();
                Wp[c][j] += h, Wm[c][j] -= h;
                const double fd = (lossAt(Wp, b, d, kd) - lossAt(Wm, b, d, kd)) / (2 * h);
                QVERIFY2(std::abs(fd - gW[c][j].item<double>()) < 2e-5,
                         qPrintable(QString("dW[%1][%2]: fd %3 vs %4")
                                        .arg(c)
                                        .arg(j)
                                        .arg(fd)
                                        .arg(gW[c][j].item<double>())));
            }
            auto bp = b.clone(), bm = b.clone();
            bp[c] += h, bm[c] -= h;
            const double fd = (lossAt(W, bp, d, kd) - lossAt(W, bm, d, kd)) / (2 * h);
            QVERIFY(std::abs(fd - gb[c].item<double>()) < 2e-5);
        }
    }

    void jointGradientMatchesFiniteDifferences() {
        // Algorithm 1's closed-form joint step: L = CE(z_a) + CE(z_b) + mean((z_a − z_b)²).
        torch::manual_seed(2);
        const int n = 30, Da = 7, Db = 5, C = 2;
        auto xa = torch::randn({n, Da}), xb = torch::randn({n, Db});
        std::vector<int64_t> y;
        for (int i = 0; i < n; ++i) y.push_back((i * 7) % 2);
        Algorithm1Config cfg;
        cfg.permutations = 1;
        cfg.joint.epochs = 1, cfg.joint.lr = 1.0, cfg.joint.momentum = 0;
        LinearModel fa, fb;
        const uint64_t seed = 5, s = deriveSeed(seed, "alg1");
        (void)s;
        Algorithm1::linear(xa, xb, y, C, cfg, seed, &fa, &fb);
        const auto a0 = LinearModel::init(C, Da, deriveSeed(seed, "alg1-a"));
        const auto b0 = LinearModel::init(C, Db, deriveSeed(seed, "alg1-b"));
        auto gWa = (a0.weight() - fa.weight()).to(torch::kFloat64);
        auto Wa = a0.weight().to(torch::kFloat64), ba = a0.bias().to(torch::kFloat64);
        auto Wb = b0.weight().to(torch::kFloat64), bb = b0.bias().to(torch::kFloat64);
        auto yt = torch::tensor(y, torch::kInt64);
        auto loss = [&](const torch::Tensor& W) {
            auto za = xa.to(torch::kFloat64).matmul(W.t()) + ba;
            auto zb = xb.to(torch::kFloat64).matmul(Wb.t()) + bb;
            return (torch::nn::functional::cross_entropy(za, yt) +
                    torch::nn::functional::cross_entropy(zb, yt) + torch::mse_loss(za, zb))
                .item<double>();
        };
        const double h = 1e-6;
        for (int c = 0; c < C; ++c)
            for (int j = 0; j < Da; ++j) {
                auto p = Wa.clone(), m = Wa.clone();
                p[c][j] += h, m[c][j] -= h;
                const double fd = (loss(p) - loss(m)) / (2 * h);
                QVERIFY2(std::abs(fd - gWa[c][j].item<double>()) < 2e-5,
                         qPrintable(QString::number(fd)));
            }
    }
};

QTEST_GUILESS_MAIN(TestKdLoss)
#include "test_kd_loss.moc"
