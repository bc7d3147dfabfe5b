// The information estimators of core/info against closed forms: Gaussian mutual information
// and KSG on correlated Gaussians (I = −½ log(1 − ρ²)), the label probe against the probit
// integral of a thresholded Gaussian, PID on its toy distributions (XOR, copy, unique, AND),
// and all three on the synthetic generator's linear logit margins, whose joint law is known
// from the weights. Expectations are computed here, independently of the code under test.
#include "TestUtil.h"
#include "core/data/VennGenerator.h"
#include "core/info/Bootstrap.h"
#include "core/info/Discretiser.h"
#include "core/info/GaussianMi.h"
#include "core/info/Ksg.h"
#include "core/info/LabelProbe.h"
#include "core/info/Pid.h"

#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

using namespace mfh;

namespace {

const double kLog2 = std::log(2.0);

double binaryEntropy(double p) {
    if (p <= 0 || p >= 1) return 0;
    return -p * std::log(p) - (1 - p) * std::log(1 - p);
}
double normalCdf(double x) {
    return 0.5 * std::erfc(-x / std::sqrt(2.0));
}

// I(h; y) for y = 1[ρ h + √(1−ρ²) ε > 0] with h, ε standard normal, by the midpoint rule:
// H(y) − E_h H_b(Φ(ρ h / √(1 − ρ²))), H(y) = log 2.
double probitInformation(double rho) {
    const double a = rho / std::sqrt(1 - rho * rho), step = 1e-3;
    double e = 0;
    for (double h = -10 + step / 2; h < 10; h += step)
        e += step * std::exp(-h * h / 2) / std::sqrt(2 * M_PI) * binaryEntropy(normalCdf(a * h));
    return kLog2 - e;
}

// n pairs (x, y) of standard normals with correlation rho, in `dims` independent copies.
void correlated(int n, double rho, int dims, uint64_t seed, Samples& x, Samples& y) {
    std::mt19937_64 gen(seed);
    std::normal_distribution<double> g;
    x = Samples(n, dims), y = Samples(n, dims);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < dims; ++j) {
            const double a = g(gen), b = g(gen);
            x.at(i, j) = a;
            y.at(i, j) = rho * a + std::sqrt(1 - rho * rho) * b;
        }
}

}  // namespace

class TestInfo : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void gaussianMiOnCorrelatedGaussians() {
        Samples x, y;
        correlated(20000, 0.6, 1, 1, x, y);
        QVERIFY(std::abs(GaussianMi::estimate(x, y) - GaussianMi::ofCorrelation(0.6)) < 0.01);
        // Two independent pairs: the informations add.
        correlated(20000, 0.8, 2, 2, x, y);
        QVERIFY(std::abs(GaussianMi::estimate(x, y) - 2 * GaussianMi::ofCorrelation(0.8)) < 0.02);
        correlated(20000, 0.0, 1, 3, x, y);
        QVERIFY(GaussianMi::estimate(x, y) < 0.002);
        // A duplicated column (rank-deficient) is handled by the ridge; a constant one dropped.
        Samples x2(x.n, 3);
        for (int i = 0; i < x.n; ++i) x2.at(i, 0) = x2.at(i, 1) = x.at(i, 0), x2.at(i, 2) = 5.0;
        correlated(20000, 0.6, 1, 4, x, y);
        for (int i = 0; i < x.n; ++i) x2.at(i, 0) = x2.at(i, 1) = x.at(i, 0);
        const double dup = GaussianMi::estimate(x2, y);
        QVERIFY2(std::isfinite(dup) && std::abs(dup - GaussianMi::ofCorrelation(0.6)) < 0.02,
                 qPrintable(QString::number(dup)));
        Samples constant(x.n, 1);
        QCOMPARE(GaussianMi::estimate(constant, y), 0.0);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 GaussianMi::estimate(x.select({0, 1}), y.select({0, 1})));
    }

    void ksgOnCorrelatedGaussians() {
        Samples x, y;
        // KSG follows the sample's own information, which at n = 2000 scatters by ±0.02
        // around the truth: average 4 samples.
        for (double rho : {0.0, 0.6, 0.9}) {
            double mean = 0;
            for (uint64_t rep = 0; rep < 4; ++rep) {
                correlated(2000, rho, 1, 7 + rep, x, y);
                const auto p = Ksg::pointwise(x, y);
                double m = 0;
                for (double v : p) m += v / p.size();
                QCOMPARE(m, Ksg::estimate(x, y));
                mean += m / 4;
            }
            const double want = GaussianMi::ofCorrelation(rho);
            QVERIFY2(std::abs(mean - want) < 0.02,
                     qPrintable(QString("rho %1: %2 vs %3").arg(rho).arg(mean).arg(want)));
        }
        // Two dimensions each, informations adding.
        correlated(2000, 0.7, 2, 8, x, y);
        QVERIFY(std::abs(Ksg::estimate(x, y) - 2 * GaussianMi::ofCorrelation(0.7)) < 0.06);
        // Invariant to a monotone transform of a variable (unlike the Gaussian estimator).
        correlated(2000, 0.6, 1, 9, x, y);
        auto cubed = x;
        for (auto& v : cubed.v) v = v * v * v;
        QVERIFY(std::abs(Ksg::estimate(cubed, y) - GaussianMi::ofCorrelation(0.6)) < 0.05);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 Ksg::estimate(x.select({0, 1, 2}), y.select({0, 1, 2})));
    }

    void labelProbeAgainstTheProbitIntegral() {
        std::mt19937_64 gen(11);
        std::normal_distribution<double> g;
        const int n = 20000;
        for (double rho : {0.0, 0.5, 0.8}) {
            Samples h(n, 1);
            std::vector<int> y(n);
            for (int i = 0; i < n; ++i) {
                h.at(i, 0) = g(gen);
                y[i] = rho * h.at(i, 0) + std::sqrt(1 - rho * rho) * g(gen) > 0;
            }
            const double got = LabelProbe::estimate(h, y, 2);
            const double want = rho == 0 ? 0.0 : probitInformation(rho);
            QVERIFY2(std::abs(got - want) < 0.01,
                     qPrintable(QString("rho %1: %2 vs %3").arg(rho).arg(got).arg(want)));
        }
        // Three classes, perfectly separated by one feature: I = H(Y) = log 3.
        Samples h(3000, 1);
        std::vector<int> y(3000);
        for (int i = 0; i < 3000; ++i) y[i] = i % 3, h.at(i, 0) = 10.0 * (i % 3) + g(gen) * 0.1;
        QVERIFY(std::abs(LabelProbe::estimate(h, y, 3) - std::log(3.0)) < 0.02);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, LabelProbe::estimate(h, {0, 1}, 2));
        y[0] = 3;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, LabelProbe::estimate(h, y, 3));
    }

    void pidToyDistributions() {
        // Joint tables p[(x1·k2 + x2)·C + y] over bits.
        auto table = [](auto f) {
            std::vector<double> p(8, 0.0);
            for (int a = 0; a < 2; ++a)
                for (int b = 0; b < 2; ++b) p[(a * 2 + b) * 2 + f(a, b)] += 0.25;
            return p;
        };
        const double tol = 1e-6;
        auto xorParts = Pid::decompose(table([](int a, int b) { return a ^ b; }), 2, 2, 2);
        QVERIFY(std::abs(xorParts.synergy - kLog2) < tol);
        QVERIFY(xorParts.redundancy < tol && xorParts.uniqueA < tol && xorParts.uniqueB < tol);
        auto unique = Pid::decompose(table([](int a, int) { return a; }), 2, 2, 2);
        QVERIFY(std::abs(unique.uniqueA - kLog2) < tol);
        QVERIFY(unique.redundancy < tol && unique.uniqueB < tol && unique.synergy < tol);
        // A redundant copy: x1 = x2 = y.
        std::vector<double> copy(8, 0.0);
        copy[(0 * 2 + 0) * 2 + 0] = copy[(1 * 2 + 1) * 2 + 1] = 0.5;
        auto red = Pid::decompose(copy, 2, 2, 2);
        QVERIFY(std::abs(red.redundancy - kLog2) < tol);
        QVERIFY(red.uniqueA < tol && red.uniqueB < tol && red.synergy < tol);
        // AND: the BROJA values are R = 0.3113 bits, S = 0.5 bits, no uniqueness
        // (Bertschinger et al. 2014, Table 1); I(X1X2;Y) = 0.8113 bits.
        auto andParts = Pid::decompose(table([](int a, int b) { return a & b; }), 2, 2, 2);
        QVERIFY2(std::abs(andParts.redundancy - 0.311278 * kLog2) < 1e-4,
                 qPrintable(QString::number(andParts.redundancy / kLog2)));
        QVERIFY(std::abs(andParts.synergy - 0.5 * kLog2) < 1e-4);
        QVERIFY(andParts.uniqueA < 1e-4 && andParts.uniqueB < 1e-4);
        QVERIFY(std::abs(andParts.total - 0.811278 * kLog2) < 1e-5);
        // From samples: the same decomposition as the empirical table.
        std::vector<int> x1, x2, y;
        for (int i = 0; i < 400; ++i)
            x1.push_back(i % 2), x2.push_back((i / 2) % 2), y.push_back(x1.back() ^ x2.back());
        QVERIFY(std::abs(Pid::decompose(x1, 2, x2, 2, y, 2).synergy - kLog2) < tol);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Pid::decompose(x1, 1, x2, 2, y, 2));
        // A warm start from a nearby problem's solution converges to the cold start's answer.
        std::mt19937_64 gen(4);
        std::uniform_real_distribution<double> u(0.05, 1.0);
        std::vector<double> p(4 * 3 * 3), q(p.size());
        double sp = 0, sq = 0;
        for (std::size_t i = 0; i < p.size(); ++i)
            sp += (p[i] = u(gen)), sq += (q[i] = p[i] * u(gen));
        for (std::size_t i = 0; i < p.size(); ++i) p[i] /= sp, q[i] /= sq;
        std::vector<double> warm;
        Pid::decompose(p, 4, 3, 3, &warm);
        QCOMPARE(int(warm.size()), 3 * 4 * 3);
        const auto cold = Pid::decompose(q, 4, 3, 3);
        const auto hot = Pid::decompose(q, 4, 3, 3, &warm);
        QVERIFY2(std::abs(cold.redundancy - hot.redundancy) < 1e-5 &&
                     std::abs(cold.synergy - hot.synergy) < 1e-5,
                 qPrintable(QString("cold R %1 S %2, warm R %3 S %4 (%5 rounds)")
                                .arg(cold.redundancy)
                                .arg(cold.synergy)
                                .arg(hot.redundancy)
                                .arg(hot.synergy)
                                .arg(hot.iterations)));
    }

    void discretiserFindsClusters() {
        std::mt19937_64 gen(5);
        std::normal_distribution<double> g;
        Samples h(300, 3);
        for (int i = 0; i < 300; ++i)
            for (int j = 0; j < 3; ++j) h.at(i, j) = 20.0 * (i % 3 == j) + g(gen);
        const auto c = Discretiser::cluster(h, 3, 1);
        QCOMPARE(c.k, 3);
        for (int i = 3; i < 300; ++i) QCOMPARE(c.label[i], c.label[i % 3]);
        QCOMPARE(Discretiser::cluster(Samples(50, 2), 5).k, 1);  // constant: one cluster
        QCOMPARE(Discretiser::defaultClusters(200), 5);
        QCOMPARE(Discretiser::defaultClusters(100000), 20);
    }

    void bootstrapIntervals() {
        // The mean of 3 seeds × 400 N(1, 1) terms: the interval covers 1 and is about
        // ±1.96/√1200 wide, with the seed level adding nothing (equal means).
        std::mt19937_64 gen(3);
        std::normal_distribution<double> g(1.0, 1.0);
        std::vector<std::vector<double>> terms(3, std::vector<double>(400));
        for (auto& t : terms)
            for (auto& v : t) v = g(gen);
        const auto iv = Bootstrap::ofMeans(terms, 400, 1);
        QVERIFY(iv.low < 1 && iv.high > 1);
        QVERIFY(iv.high - iv.low > 0.05 && iv.high - iv.low < 0.25);
        QVERIFY(iv.low <= iv.estimate && iv.estimate <= iv.high);
        const auto seeds = Bootstrap::ofSeeds({1, 2, 3, 4}, 400, 1);
        QCOMPARE(seeds.estimate, 2.5);
        QVERIFY(seeds.low >= 1 && seeds.high <= 4 && seeds.low < 2.5 && seeds.high > 2.5);
        QVERIFY(!seeds.excludes(2.5) && seeds.excludes(0.5));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Bootstrap::ofSeeds({}));
    }

    // Linear logit margins on the generator's data: h_t = w_tᵀx^a, h_s = w_sᵀx^b and the label
    // y = 1[δᵀz > 0] are jointly Gaussian (every column is N(0, 1), a copy of a latent
    // coordinate or independent noise), so ρ(h_t, h_s) and ρ(h_s, δᵀz) follow from the
    // weights and the layout, and with them the exact informations.
    void generatorLogitMargins() {
        VennSpec spec;
        spec.shared = 4, spec.specificA = 3, spec.specificB = 3, spec.noiseA = 5, spec.noiseB = 5;
        spec.nTrain = 200, spec.nTest = 6000;
        const auto ds = generateVenn(spec, 2);
        const auto& t = *ds.truth;
        const auto xa = ds.features({"a"}, "test"), xb = ds.features({"b"}, "test");
        const auto labels = ds.labelsOf("test");
        const int n = static_cast<int>(labels.size()), da = xa.size(1), db = xb.size(1);
        std::vector<double> wa(da), wb(db);
        for (int j = 0; j < da; ++j) wa[j] = std::sin(1.0 + j);  // arbitrary fixed weights
        for (int j = 0; j < db; ++j) wb[j] = std::cos(2.0 + 0.7 * j);
        // Population moments from the layout: column j of a copies latent la[j] (or is noise).
        const auto& la = t.latentIndex.at("a");
        const auto& lb = t.latentIndex.at("b");
        double cov = 0, va = 0, vb = 0, cy = 0, vy = 0;
        for (int j = 0; j < da; ++j) va += wa[j] * wa[j];
        for (int j = 0; j < db; ++j) {
            vb += wb[j] * wb[j];
            if (lb[j] >= 0) cy += wb[j] * t.hyperplane[lb[j]];
            for (int i = 0; i < da; ++i)
                if (lb[j] >= 0 && la[i] == lb[j]) cov += wa[i] * wb[j];
        }
        for (double d : t.hyperplane) vy += d * d;
        const double rho = cov / std::sqrt(va * vb), rhoY = cy / std::sqrt(vb * vy);
        Samples ht(n, 1), hs(n, 1);
        std::vector<int> y(n);
        const auto A = xa.accessor<float, 2>(), B = xb.accessor<float, 2>();
        for (int i = 0; i < n; ++i) {
            for (int j = 0; j < da; ++j) ht.at(i, 0) += wa[j] * A[i][j];
            for (int j = 0; j < db; ++j) hs.at(i, 0) += wb[j] * B[i][j];
            y[i] = static_cast<int>(labels[i]);
        }
        const double iTS = GaussianMi::ofCorrelation(rho);
        QVERIFY2(std::abs(GaussianMi::estimate(ht, hs) - iTS) < 0.02,
                 qPrintable(QString("%1 vs %2").arg(GaussianMi::estimate(ht, hs)).arg(iTS)));
        QVERIFY(std::abs(Ksg::estimate(ht.select(firstRows(3000)), hs.select(firstRows(3000))) -
                         iTS) < 0.05);
        const double iSY = probitInformation(rhoY) - kLog2 + binaryEntropyOf(y);
        const double got = LabelProbe::estimate(hs, y, 2);
        QVERIFY2(std::abs(got - iSY) < 0.015, qPrintable(QString("%1 vs %2").arg(got).arg(iSY)));
    }

  private:
    static std::vector<int> firstRows(int n) {
        std::vector<int> r(n);
        for (int i = 0; i < n; ++i) r[i] = i;
        return r;
    }
    // H(y) of the sample's labels replaces the log 2 of a balanced label.
    static double binaryEntropyOf(const std::vector<int>& y) {
        double p = 0;
        for (int v : y) p += v;
        return binaryEntropy(p / y.size());
    }
};

QTEST_GUILESS_MAIN(TestInfo)
#include "test_info.moc"
