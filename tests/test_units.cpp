// Unit tests of core pieces without tests of their own: the Venn circle geometry
// (VennGeometry), the concurrent run cache (RunCache), log-mel spectrograms (LogMel), the
// dataset inspector's statistics (DatasetStats), paired tests (PairedTest), paired comparisons
// of grid points (Comparison) and the tables' significance marks (Report). Every expectation is
// computed independently of the code under test: by numerical integration, a naive DFT,
// hand-made filterbanks, hand-counted figures and tests/tools/paired_reference.py.
#include "TestUtil.h"
#include "core/analysis/SaliencySummary.h"
#include "core/analysis/VennGeometry.h"
#include "core/base/PairedTest.h"
#include "core/base/SettingLabel.h"
#include "core/base/Statistics.h"
#include "core/data/DatasetStats.h"
#include "core/data/avmnist/LogMel.h"
#include "core/experiments/Comparison.h"
#include "core/experiments/Report.h"
#include "core/experiments/ReportHelpers.h"
#include "core/experiments/RunCache.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <map>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace mfh;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

constexpr double kPi = 3.14159265358979323846;

// --- Geometry, independently of VennGeometry ---------------------------------------------

// Lens area by the midpoint rule over x: the overlap of the two vertical chords at x.
double integratedLens(double r1, double r2, double d) {
    const double x0 = std::max(-r1, d - r2), x1 = std::min(r1, d + r2);
    if (!(x1 > x0)) return 0;
    const int n = 400000;
    const double h = (x1 - x0) / n;
    double sum = 0;
    for (int i = 0; i < n; ++i) {
        const double x = x0 + (i + 0.5) * h;
        const double h1 = std::sqrt(std::max(0.0, r1 * r1 - x * x));
        const double h2 = std::sqrt(std::max(0.0, r2 * r2 - (x - d) * (x - d)));
        sum += 2 * std::min(h1, h2);
    }
    return sum * h;
}

// (x − sin x) / 2 without cancellation for small x: the area of a circular segment of a unit
// circle with central angle x.
double segment(double x) {
    if (std::abs(x) < 1e-2) {
        const double x3 = x * x * x;
        return (x3 / 6 - x3 * x * x / 120 + x3 * x * x * x * x / 5040) / 2;
    }
    return (x - std::sin(x)) / 2;
}

// Lens area as two circular segments, accurate in relative terms also for tiny lenses.
double segmentLens(double r1, double r2, double d) {
    if (d >= r1 + r2) return 0;
    if (d <= std::abs(r1 - r2)) return kPi * std::min(r1, r2) * std::min(r1, r2);
    const double k = ((r1 + r2) - d) * (d + (r1 - r2)) * (d - (r1 - r2)) * (d + (r1 + r2));
    const double chord = std::sqrt(std::max(0.0, k)) / (2 * d);  // half the common chord
    const double d1 = (d + (r1 - r2) * (r1 + r2) / d) / 2;       // centre 1 to the chord
    const double d2 = d - d1;
    return r1 * r1 * segment(2 * std::atan2(chord, d1)) +
           r2 * r2 * segment(2 * std::atan2(chord, d2));
}

VennParts parts(double a, double g, double b) {
    VennParts p;
    p.onlyA = a, p.shared = g, p.onlyB = b;
    return p;
}

bool finite(const VennCircles& c) {
    return std::isfinite(c.radiusA) && std::isfinite(c.radiusB) && std::isfinite(c.distance);
}

// --- Log-mel, independently of LogMel ----------------------------------------------------

double hzToMel(double f) {
    return 2595.0 * std::log10(1.0 + f / 700.0);
}
double melToHz(double m) {
    return 700.0 * (std::pow(10.0, m / 2595.0) - 1.0);
}
// bands + 2 edge frequencies, evenly spaced in HTK mel between fmin and fmax.
std::vector<double> melEdges(int bands, double fmin, double fmax) {
    std::vector<double> e(bands + 2);
    const double m0 = hzToMel(fmin), m1 = hzToMel(fmax);
    for (int i = 0; i < bands + 2; ++i) e[i] = melToHz(m0 + (m1 - m0) * i / (bands + 1));
    return e;
}
// Triangular filters [bands][nFft/2 + 1], rising from edge b to b+1, falling to b+2.
std::vector<std::vector<double>> melFilters(int rate, int nFft, int bands, double fmin,
                                            double fmax) {
    const auto e = melEdges(bands, fmin, fmax);
    std::vector<std::vector<double>> f(bands, std::vector<double>(nFft / 2 + 1, 0.0));
    for (int b = 0; b < bands; ++b)
        for (int k = 0; k <= nFft / 2; ++k) {
            const double hz = double(k) * rate / nFft;
            if (hz > e[b] && hz <= e[b + 1]) f[b][k] = (hz - e[b]) / (e[b + 1] - e[b]);
            if (hz > e[b + 1] && hz < e[b + 2]) f[b][k] = (e[b + 2] - hz) / (e[b + 2] - e[b + 1]);
        }
    return f;
}
// The log-mel column of the frame centred on sample `centre` (at least nFft/2 from either
// end, so that no padding is involved): periodic Hann window of `win` samples centred in an
// nFft-point naive DFT, power, filterbank, log(· + 1e-6).
std::vector<double> naiveLogMelFrame(const std::vector<double>& x, int centre, int rate, int win,
                                     int nFft, int bands, double fmin, double fmax) {
    const auto F = melFilters(rate, nFft, bands, fmin, fmax);
    const int offset = (nFft - win) / 2;
    std::vector<double> frame(nFft, 0.0);
    for (int n = 0; n < win; ++n) {
        const double w = 0.5 - 0.5 * std::cos(2 * kPi * n / win);
        frame[offset + n] = w * x[centre - nFft / 2 + offset + n];
    }
    std::vector<double> power(nFft / 2 + 1);
    for (int k = 0; k <= nFft / 2; ++k) {
        double re = 0, im = 0;
        for (int m = 0; m < nFft; ++m) {
            const double a = -2 * kPi * double(k) * m / nFft;
            re += frame[m] * std::cos(a), im += frame[m] * std::sin(a);
        }
        power[k] = re * re + im * im;
    }
    std::vector<double> out(bands);
    for (int b = 0; b < bands; ++b) {
        double s = 0;
        for (int k = 0; k <= nFft / 2; ++k) s += F[b][k] * power[k];
        out[b] = std::log(s + 1e-6);
    }
    return out;
}

std::vector<double> sines(int samples, int rate, const std::vector<std::pair<double, double>>& fa) {
    std::vector<double> x(samples, 0.0);
    for (int n = 0; n < samples; ++n)
        for (const auto& [f, a] : fa) x[n] += a * std::sin(2 * kPi * f * n / rate);
    return x;
}

torch::Tensor row(const std::vector<double>& x) {
    return torch::tensor(x, torch::kFloat64).to(torch::kFloat32).unsqueeze(0);
}

// --- Datasets ----------------------------------------------------------------------------

// Six samples, two modalities inserted out of alphabetical order, three classes (unnamed),
// splits of four and two rows (neither a prefix of the rows).
constexpr double kVec[6][3] = {{1, -2, 5},  {3, 0, 5}, {-1, 4, 5},
                               {7, 2.5, 5}, {0, 1, 5}, {2, -6, 5}};
const std::vector<int64_t> kLabels = {0, 1, 2, 1, 0, 1};
const std::vector<int64_t> kTrain = {1, 3, 4, 5}, kTest = {0, 2};

Dataset smallDataset() {
    Dataset ds;
    auto vec = torch::zeros({6, 3}, torch::kFloat64);
    for (int i = 0; i < 6; ++i)
        for (int j = 0; j < 3; ++j) vec[i][j] = kVec[i][j];
    // [6, 2, 2]: sample i holds i*10 + {0, 1, 2, 3} in row-major order.
    auto img = torch::arange(4, torch::kInt64).reshape({1, 2, 2}) +
               torch::arange(6, torch::kInt64).reshape({6, 1, 1}) * 10;
    ds.addModality("zeta", vec, "");  // kind defaults to "vector"
    ds.addModality("img", img, "image");
    ds.setLabels(kLabels);
    ds.setSplit("train", kTrain);
    ds.setSplit("test", kTest);
    ds.validate();
    return ds;
}

// Mean, population std, min and max of column j of kVec over `rows`, by hand.
FeatureStats handStats(const std::vector<int64_t>& rows, int j) {
    FeatureStats s;
    s.min = s.max = kVec[rows[0]][j];
    for (auto r : rows) {
        s.mean += kVec[r][j] / rows.size();
        s.min = std::min(s.min, kVec[r][j]);
        s.max = std::max(s.max, kVec[r][j]);
    }
    double ss = 0;
    for (auto r : rows) ss += (kVec[r][j] - s.mean) * (kVec[r][j] - s.mean);
    s.std = std::sqrt(ss / rows.size());
    return s;
}

bool near(double a, double b, double tol) {
    return std::abs(a - b) <= tol;
}

// --- Paired tests: reference values ------------------------------------------------------
// Every expected number of the paired tests below was computed beforehand, without scipy and
// without Boost, by tests/tools/paired_reference.py: Student's t from the closed-form series of
// Abramowitz & Stegun 26.7.3/26.7.4 (cross-checked by Simpson integration), quantiles by
// bisection; the exact Wilcoxon distribution by enumerating every sign pattern with itertools
// (n = 50 and 60 by a table over doubled ranks in exact integers); the normal approximation
// with erfc.

bool relNear(double a, double b, double rel) {
    return std::abs(a - b) <= rel * std::max(std::abs(b), 1e-300);
}

// Darwin's Zea mays, crossed minus self-fertilised heights in eighths of an inch (Fisher, "The
// Design of Experiments", 1935): Fisher's t = 2.148 on 14 degrees of freedom, p ≈ 0.0497;
// scipy.stats.wilcoxon's documented example, two-sided p = 0.041259765625.
const std::vector<double> kDarwin = {6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75};

// n = 50 without ties, and n = 60 with every |d| five times (paired_reference.py builds the
// same).
std::vector<double> large50() {
    std::vector<double> d;
    for (int i = 0; i < 50; ++i)
        d.push_back((i + 1) * ((i % 7 == 3 || i % 5 == 1) ? -1 : 1) / 10.0);
    return d;
}
std::vector<double> tied60() {
    std::vector<double> d;
    for (int i = 0; i < 60; ++i) d.push_back(((i % 12) + 1) / 4.0 * (i % 5 == 2 ? -1 : 1));
    return d;
}

// A table2-like result: intervention.mode × dataset.generator.xs2, seeds 42..45, values chosen
// so that each row's numbers and their differences are easy to read.
ExperimentResult comparedResult() {
    ExperimentResult r;
    r.name = "t2", r.report = ReportLayout::Table2, r.seeds = {42, 43, 44, 45};
    r.axes = {"intervention.mode", "dataset.generator.xs2"};
    auto row = [](std::string mode, int xs2, double base) {
        GridRow g;
        g.point = {mode, xs2};
        g.perSeed["kd_acc"] = {base, base + 1, base + 3, base + 2};
        g.perSeed["nokd_acc"] = {base - 1, base - 1, base, base};
        g.perSeed["mg_kd_acc"] = {base + 2, base + 2, base + 5, base + 3};
        for (const auto& kv : g.perSeed) g.summary[kv.first] = Statistics::summarize(kv.second);
        return g;
    };
    r.rows = {row("random", 5, 60), row("random", 10, 65), row("gt", 5, 62), row("gt", 10, 66)};
    return r;
}

// A fig2-like result with one row whose Δ is clearly positive and one whose CI holds 0.
ExperimentResult markedResult(int seeds) {
    ExperimentResult r;
    r.name = "f2", r.report = ReportLayout::Fig2, r.axes = {"dataset.generator.overlap"};
    for (int s = 0; s < seeds; ++s) r.seeds.push_back(s);
    auto row = [&](int overlap, std::vector<double> delta) {
        GridRow g;
        g.point = {overlap};
        g.gamma = overlap / 10.0, g.alpha = 1, g.beta = 1;
        delta.resize(seeds);
        g.perSeed["delta"] = delta;
        g.perSeed["nokd_acc"] = std::vector<double>(seeds, 70);
        g.perSeed["kd_acc"] = g.perSeed["delta"];
        for (auto& v : g.perSeed["kd_acc"]) v += 70;
        g.perSeed["teacher_acc"] = std::vector<double>(seeds, 90);
        for (const auto& kv : g.perSeed) g.summary[kv.first] = Statistics::summarize(kv.second);
        return g;
    };
    r.rows = {row(0, {2.0, 2.5, 1.5, 2.2}), row(2, {1.0, -1.5, 0.5, -0.2})};
    return r;
}

}  // namespace

class TestUnits : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    // ===== VennGeometry =====================================================================

    void vennLensAreaMatchesIntegration_data() {
        QTest::addColumn<double>("r1");
        QTest::addColumn<double>("r2");
        QTest::addColumn<double>("d");
        QTest::newRow("equal, half overlap") << 1.0 << 1.0 << 1.0;
        QTest::newRow("unequal") << 1.0 << 0.5 << 1.0;
        QTest::newRow("unequal, swapped") << 0.5 << 1.0 << 1.0;
        QTest::newRow("centre inside the other") << 0.3 << 0.8 << 0.7;
        QTest::newRow("barely touching") << 1.0 << 0.5 << 1.49;
        QTest::newRow("almost contained") << 1.0 << 0.5 << 0.51;
        QTest::newRow("contained") << 1.0 << 0.5 << 0.3;
        QTest::newRow("contained, boundary") << 1.0 << 0.5 << 0.5;
        QTest::newRow("concentric") << 0.4 << 0.4 << 0.0;
        QTest::newRow("touching") << 1.0 << 0.5 << 1.5;
        QTest::newRow("apart") << 1.0 << 0.5 << 2.0;
        QTest::newRow("zero radius") << 0.0 << 0.5 << 0.2;
    }
    void vennLensAreaMatchesIntegration() {
        QFETCH(double, r1);
        QFETCH(double, r2);
        QFETCH(double, d);
        const double expected = integratedLens(r1, r2, d);
        const double got = VennGeometry::lensArea(r1, r2, d);
        QVERIFY2(near(got, expected, 1e-6),
                 qPrintable(QString("lens %1, integrated %2").arg(got, 0, 'g', 12).arg(expected)));
        // The helper used below agrees with the integration, too.
        QVERIFY(near(segmentLens(r1, r2, d), expected, 1e-6));
    }

    void vennLensAreaClosedForms() {
        // Two unit circles one radius apart: 2π/3 − √3/2.
        QVERIFY(near(VennGeometry::lensArea(1, 1, 1), 2 * kPi / 3 - std::sqrt(3.0) / 2, 1e-12));
        QCOMPARE(VennGeometry::lensArea(1, 0.5, 0.2), kPi * 0.25);  // contained
        QCOMPARE(VennGeometry::lensArea(0.5, 1, 0.2), kPi * 0.25);  // either order
        QCOMPARE(VennGeometry::lensArea(1, 0.5, 1.5), 0.0);
        QCOMPARE(VennGeometry::lensArea(1, 0.5, 7.0), 0.0);
        QCOMPARE(VennGeometry::lensArea(0, 0, 0), 0.0);
        // Falls monotonically with the distance over the whole bracket.
        double last = VennGeometry::lensArea(0.6, 0.35, 0.25);
        for (double d = 0.25; d <= 0.95; d += 0.01) {
            const double a = VennGeometry::lensArea(0.6, 0.35, d);
            QVERIFY(a <= last + 1e-15);
            last = a;
        }
    }

    void vennCirclesMatchParts_data() {
        QTest::addColumn<double>("a");
        QTest::addColumn<double>("g");
        QTest::addColumn<double>("b");
        QTest::addColumn<double>("relTol");  // on the lens area
        QTest::newRow("balanced") << 1.0 << 1.0 << 1.0 << 1e-6;
        QTest::newRow("a-heavy") << 5.0 << 1.0 << 0.5 << 1e-6;
        QTest::newRow("small overlap") << 1.0 << 0.01 << 1.0 << 1e-6;
        QTest::newRow("large overlap") << 0.1 << 10.0 << 0.2 << 1e-6;
        QTest::newRow("columns, not fractions") << 12.0 << 20.0 << 30.0 << 1e-6;
        QTest::newRow("one-sided") << 3.0 << 1.0 << 0.0 << 1e-6;
        // Extreme ratios: the bisection still lands on the requested area.
        QTest::newRow("1e-6 shared") << 1.0 << 1e-6 << 1.0 << 1e-5;
        QTest::newRow("b almost inside a") << 1e6 << 1.0 << 1e-6 << 1e-5;
        QTest::newRow("almost identical") << 1e-6 << 1.0 << 1e-6 << 1e-7;
        QTest::newRow("1e-9 shared") << 1.0 << 1e-9 << 1.0 << 1e-4;
        QTest::newRow("b 1e-9 of a") << 1e9 << 1.0 << 1e-9 << 1e-2;
    }
    void vennCirclesMatchParts() {
        QFETCH(double, a);
        QFETCH(double, g);
        QFETCH(double, b);
        QFETCH(double, relTol);
        const double total = a + g + b;
        const auto c = VennGeometry::circles(parts(a, g, b));
        QVERIFY(finite(c));
        // Circle areas are |D_a| and |D_b| of a union of area 1.
        QVERIFY(near(kPi * c.radiusA * c.radiusA, (a + g) / total, 1e-12));
        QVERIFY(near(kPi * c.radiusB * c.radiusB, (b + g) / total, 1e-12));
        // The distance lies in the bracket where the circles overlap partly.
        QVERIFY(c.distance >= std::abs(c.radiusA - c.radiusB) - 1e-15);
        QVERIFY(c.distance <= c.radiusA + c.radiusB);
        // The lens has the area of |G|, measured independently of lensArea.
        const double lens = g / total;
        const double got = segmentLens(c.radiusA, c.radiusB, c.distance);
        QVERIFY2(std::abs(got - lens) <= relTol * lens,
                 qPrintable(QString("lens %1, wanted %2").arg(got, 0, 'g', 12).arg(lens)));
        if (relTol <= 1e-6)
            QVERIFY(near(integratedLens(c.radiusA, c.radiusB, c.distance), lens, 1e-6));
        // Union = |A| + |G| + |B| = 1.
        const double uni = kPi * (c.radiusA * c.radiusA + c.radiusB * c.radiusB) - got;
        QVERIFY(near(uni, 1.0, std::max(1e-9, relTol * lens)));
    }

    void vennCirclesAreScaleFree() {
        const auto c1 = VennGeometry::circles(parts(2, 3, 5));
        const auto c2 = VennGeometry::circles(parts(200, 300, 500));
        QVERIFY(near(c1.radiusA, c2.radiusA, 1e-14));
        QVERIFY(near(c1.radiusB, c2.radiusB, 1e-14));
        QVERIFY(near(c1.distance, c2.distance, 1e-12));
    }

    void vennNothingSharedLeavesAGap() {
        const auto c = VennGeometry::circles(parts(2, 0, 1));
        QVERIFY(finite(c));
        QVERIFY(near(kPi * c.radiusA * c.radiusA, 2.0 / 3, 1e-12));
        QVERIFY(near(kPi * c.radiusB * c.radiusB, 1.0 / 3, 1e-12));
        QVERIFY(c.distance > c.radiusA + c.radiusB);  // a visible gap, documented ≥
        QCOMPARE(VennGeometry::lensArea(c.radiusA, c.radiusB, c.distance), 0.0);
        QVERIFY(c.distance < 2 * (c.radiusA + c.radiusB));  // and not thrown far off
    }

    void vennFullContainment() {
        // No |A|: circle a is the lens and lies inside b. Near internal tangency the lens area
        // changes only as ε^1.5 with the distance, so the distance is pinned down to ~1e-8 only.
        auto c = VennGeometry::circles(parts(0, 1, 3));
        QVERIFY(finite(c));
        QVERIFY(near(kPi * c.radiusA * c.radiusA, 0.25, 1e-12));
        QVERIFY(near(kPi * c.radiusB * c.radiusB, 1.0, 1e-12));
        QVERIFY(c.distance <= c.radiusB - c.radiusA + 1e-6);
        QVERIFY(near(segmentLens(c.radiusA, c.radiusB, c.distance), 0.25, 1e-9));
        // The mirror case.
        c = VennGeometry::circles(parts(3, 1, 0));
        QVERIFY(c.distance <= c.radiusA - c.radiusB + 1e-6);
        QVERIFY(near(kPi * c.radiusB * c.radiusB, 0.25, 1e-12));
        QVERIFY(near(segmentLens(c.radiusA, c.radiusB, c.distance), 0.25, 1e-9));
        // Everything shared: two identical concentric circles of area 1.
        c = VennGeometry::circles(parts(0, 7, 0));
        QVERIFY(finite(c));
        QCOMPARE(c.radiusA, c.radiusB);
        QVERIFY(near(kPi * c.radiusA * c.radiusA, 1.0, 1e-12));
        QVERIFY(c.distance < 1e-9);
    }

    void vennZeroSizedParts() {
        // Nothing at all: degenerate circles, no NaN.
        auto c = VennGeometry::circles(parts(0, 0, 0));
        QVERIFY(finite(c));
        QCOMPARE(c.radiusA, 0.0);
        QCOMPARE(c.radiusB, 0.0);
        QCOMPARE(c.distance, 0.0);
        // Only one modality has decisive information: the other circle has radius 0.
        c = VennGeometry::circles(parts(4, 0, 0));
        QVERIFY(finite(c));
        QVERIFY(near(kPi * c.radiusA * c.radiusA, 1.0, 1e-12));
        QCOMPARE(c.radiusB, 0.0);
        QVERIFY(c.distance >= c.radiusA);
        c = VennGeometry::circles(parts(0, 0, 4));
        QVERIFY(finite(c));
        QCOMPARE(c.radiusA, 0.0);
        QVERIFY(near(kPi * c.radiusB * c.radiusB, 1.0, 1e-12));
        // Not-a-number parts are treated like nothing (the plot must not receive NaN).
        c = VennGeometry::circles(parts(std::nan(""), 1, 1));
        QVERIFY(finite(c));
    }

    void vennFractionsRoundTrip_data() {
        QTest::addColumn<double>("alpha");
        QTest::addColumn<double>("beta");
        QTest::newRow("balanced") << 0.5 << 0.5;
        QTest::newRow("uneven") << 0.2 << 0.7;
        QTest::newRow("no specific part") << 0.0 << 0.0;
        QTest::newRow("only a specific") << 0.6 << 0.0;
        QTest::newRow("near 1") << 0.999 << 0.3;
    }
    void vennFractionsRoundTrip() {
        QFETCH(double, alpha);
        QFETCH(double, beta);
        const double gamma = (1 - alpha) * (1 - beta) / (1 - alpha * beta);
        const auto p = VennParts::fromFractions(alpha, beta, gamma);
        QVERIFY(p.has_value());
        QVERIFY(near(p->onlyA + p->shared + p->onlyB, 1.0, 1e-12));
        QVERIFY(near(p->alpha(), alpha, 1e-12));
        QVERIFY(near(p->beta(), beta, 1e-12));
        QVERIFY(near(p->gamma(), gamma, 1e-12));
    }

    void vennFractionsEdgeCases() {
        // γ = 0: nothing shared, two equal halves.
        auto p = VennParts::fromFractions(1, 1, 0);
        QVERIFY(p.has_value());
        QCOMPARE(p->shared, 0.0);
        QCOMPARE(p->onlyA, 0.5);
        QCOMPARE(p->onlyB, 0.5);
        p = VennParts::fromFractions(1, 0.4, 0);  // α = 1 implies γ = 0
        QVERIFY(p.has_value());
        QCOMPARE(p->shared, 0.0);
        // Within the tolerance: accepted; beyond it, or out of [0, 1], or NaN: refused.
        QVERIFY(VennParts::fromFractions(0.5, 0.5, 1.0 / 3 + 0.015).has_value());
        QVERIFY(!VennParts::fromFractions(0.5, 0.5, 1.0 / 3 + 0.03).has_value());
        QVERIFY(VennParts::fromFractions(0.5, 0.5, 1.0 / 3 + 0.03, 0.05).has_value());
        QVERIFY(!VennParts::fromFractions(-0.1, 0.5, 0.5).has_value());
        QVERIFY(!VennParts::fromFractions(0.5, 1.1, 0.0).has_value());
        QVERIFY(!VennParts::fromFractions(std::nan(""), 0.5, 0.5).has_value());
        // Parts with zero sums report 0, not NaN.
        const VennParts zero;
        QCOMPARE(zero.alpha(), 0.0);
        QCOMPARE(zero.beta(), 0.0);
        QCOMPARE(zero.gamma(), 0.0);
    }

    // ===== RunCache =========================================================================

    void cacheSameKeyComputedOnce() {
        RunCache<int> cache;
        constexpr int N = 8;
        std::atomic<int> calls{0}, arrived{0};
        auto make = [&] {
            ++calls;
            // Hold on until every thread has at least asked, then a little longer.
            const auto until = std::chrono::steady_clock::now() + 5s;
            while (arrived.load() < N && std::chrono::steady_clock::now() < until)
                std::this_thread::sleep_for(1ms);
            std::this_thread::sleep_for(50ms);
            return std::make_shared<const int>(42);
        };
        std::vector<std::shared_ptr<const int>> got(N);
        std::vector<int> computed(N, -1);
        std::vector<std::thread> threads;
        for (int i = 0; i < N; ++i)
            threads.emplace_back([&, i] {
                ++arrived;
                auto [value, mine] = cache.get(7, make);
                got[i] = value, computed[i] = mine;
            });
        for (auto& t : threads) t.join();
        QCOMPARE(calls.load(), 1);
        QCOMPARE(int(std::count(computed.begin(), computed.end(), 1)), 1);
        QCOMPARE(int(std::count(computed.begin(), computed.end(), 0)), N - 1);
        for (int i = 0; i < N; ++i) QVERIFY(got[i] && got[i].get() == got[0].get());
        QCOMPARE(*got[0], 42);
        // Later calls get the cached value without calling their maker.
        auto [again, mine] = cache.get(7, [&] {
            ++calls;
            return std::make_shared<const int>(-1);
        });
        QVERIFY(!mine);
        QCOMPARE(again.get(), got[0].get());
        QCOMPARE(calls.load(), 1);
    }

    void cacheWaitersBlockUntilTheValueIsReady() {
        RunCache<int> cache;
        std::atomic<bool> started{false}, open{false}, waiterDone{false};
        std::atomic<int> otherCalls{0};
        std::shared_ptr<const int> first, second;
        bool secondComputed = true;
        std::thread a([&] {
            first = cache
                        .get(1,
                             [&] {
                                 started = true;
                                 const auto until = std::chrono::steady_clock::now() + 10s;
                                 while (!open && std::chrono::steady_clock::now() < until)
                                     std::this_thread::sleep_for(1ms);
                                 return std::make_shared<const int>(5);
                             })
                        .first;
        });
        while (!started) std::this_thread::sleep_for(1ms);
        std::thread b([&] {
            auto r = cache.get(1, [&] {
                ++otherCalls;
                return std::make_shared<const int>(6);
            });
            second = r.first, secondComputed = r.second;
            waiterDone = true;
        });
        std::this_thread::sleep_for(150ms);
        const bool returnedEarly = waiterDone;
        open = true;
        a.join();
        b.join();
        QVERIFY(!returnedEarly);  // it waited for the first caller's value
        QCOMPARE(otherCalls.load(), 0);
        QVERIFY(!secondComputed);
        QCOMPARE(second.get(), first.get());
        QCOMPARE(*second, 5);
    }

    void cacheDifferentKeysComputeIndependently() {
        RunCache<int> cache;
        std::atomic<int> calls{0};
        std::atomic<bool> started1{false}, started2{false};
        bool sawOther1 = false, sawOther2 = false;
        // Each maker waits (bounded) for the other to start: both must run at the same time.
        auto maker = [&](std::atomic<bool>& mine, std::atomic<bool>& other, bool& saw, int v) {
            return [&, v] {
                ++calls;
                mine = true;
                const auto until = std::chrono::steady_clock::now() + 5s;
                while (!other && std::chrono::steady_clock::now() < until)
                    std::this_thread::sleep_for(1ms);
                saw = other;
                return std::make_shared<const int>(v);
            };
        };
        std::pair<std::shared_ptr<const int>, bool> r1, r2;
        std::thread t1([&] { r1 = cache.get(1, maker(started1, started2, sawOther1, 10)); });
        std::thread t2([&] { r2 = cache.get(2, maker(started2, started1, sawOther2, 20)); });
        t1.join();
        t2.join();
        QVERIFY(sawOther1 && sawOther2);  // neither key waited for the other
        QCOMPARE(calls.load(), 2);
        QVERIFY(r1.second && r2.second);
        QCOMPARE(*r1.first, 10);
        QCOMPARE(*r2.first, 20);
        const auto again = cache.get(1, [] { return std::make_shared<const int>(0); });
        QVERIFY(!again.second);
        QCOMPARE(*again.first, 10);
    }

    void cacheFailureReachesEveryWaiterThenRetries() {
        struct Boom : std::runtime_error {
            Boom() : std::runtime_error("boom") {}
        };
        RunCache<int> cache;
        constexpr int waiters = 5;
        std::atomic<int> calls{0}, arrived{0};
        std::atomic<bool> started{false}, open{false};
        auto failing = [&]() -> std::shared_ptr<const int> {
            ++calls;
            started = true;
            const auto until = std::chrono::steady_clock::now() + 10s;
            while (!open && std::chrono::steady_clock::now() < until)
                std::this_thread::sleep_for(1ms);
            throw Boom();
        };
        auto counting = [&] {
            ++calls;
            return std::make_shared<const int>(1);
        };
        std::vector<std::string> outcome(waiters + 1);
        auto call = [&](int i, const std::function<std::shared_ptr<const int>()>& make) {
            try {
                cache.get(3, make);
                outcome[i] = "value";
            } catch (const Boom& e) {
                outcome[i] = std::string("Boom:") + e.what();
            } catch (...) {
                outcome[i] = "other exception";
            }
        };
        std::vector<std::thread> threads;
        threads.emplace_back([&] { call(0, failing); });
        while (!started) std::this_thread::sleep_for(1ms);
        for (int i = 1; i <= waiters; ++i)
            threads.emplace_back([&, i] {
                ++arrived;
                call(i, counting);
            });
        while (arrived < waiters) std::this_thread::sleep_for(1ms);
        std::this_thread::sleep_for(200ms);  // they are all waiting on the future now
        open = true;
        for (auto& t : threads) t.join();
        QCOMPARE(calls.load(), 1);
        for (const auto& o : outcome) QCOMPARE(o, std::string("Boom:boom"));
        // The failure is not cached: the next call computes again, and succeeds.
        std::pair<std::shared_ptr<const int>, bool> retry;
        try {
            retry = cache.get(3, [&] {
                ++calls;
                return std::make_shared<const int>(99);
            });
        } catch (const Boom&) {
            QFAIL("the failure was cached");
        }
        QVERIFY(retry.second);
        QCOMPARE(*retry.first, 99);
        QCOMPARE(calls.load(), 2);
        QVERIFY(!cache.get(3, counting).second);
        QCOMPARE(calls.load(), 2);
    }

    // ===== LogMel ===========================================================================

    void logMelShape_data() {
        QTest::addColumn<int>("rate");
        QTest::addColumn<int>("samples");
        QTest::addColumn<int>("bands");
        QTest::addColumn<double>("windowMs");
        QTest::addColumn<double>("hopMs");
        QTest::addColumn<double>("fmax");
        QTest::addColumn<int>("hop");     // round(rate · hopMs / 1000)
        QTest::addColumn<int>("bins");    // nFft / 2 + 1, nFft the power of 2 ≥ the window
        QTest::addColumn<int>("frames");  // 1 + samples / hop (centred frames)
        QTest::newRow("AV-MNIST: 16 kHz, 1 s")
            << 16000 << 16000 << 40 << 25.0 << 10.0 << 8000.0 << 160 << 257 << 101;
        QTest::newRow("window of exactly 512")
            << 16000 << 8000 << 64 << 32.0 << 16.0 << 8000.0 << 256 << 257 << 32;
        QTest::newRow("22.05 kHz, rounded hop")
            << 22050 << 22050 << 40 << 25.0 << 10.0 << 8000.0 << 221 << 513 << 100;
        QTest::newRow("8 kHz") << 8000 << 4001 << 20 << 25.0 << 10.0 << 4000.0 << 80 << 129 << 51;
    }
    void logMelShape() {
        QFETCH(int, rate);
        QFETCH(int, samples);
        QFETCH(int, bands);
        QFETCH(double, windowMs);
        QFETCH(double, hopMs);
        QFETCH(double, fmax);
        QFETCH(int, hop);
        QFETCH(int, bins);
        QFETCH(int, frames);
        const LogMel mel(rate, bands, windowMs, hopMs, 20, fmax);
        QCOMPARE(mel.hop(), hop);
        QCOMPARE(mel.filters().sizes().vec(), (std::vector<int64_t>{bands, bins}));
        const auto out = mel(torch::randn({3, samples}));
        QCOMPARE(out.sizes().vec(), (std::vector<int64_t>{3, bands, frames}));
        QVERIFY(out.scalar_type() == torch::kFloat32);
        QVERIFY(torch::isfinite(out).all().item<bool>());
    }

    void logMelFiltersAreHtkTriangles() {
        const LogMel mel(16000);  // 40 bands, 20..8000 Hz, nFft 512
        const auto expected = melFilters(16000, 512, 40, 20, 8000);
        const auto F = mel.filters().to(torch::kFloat64).contiguous();
        const auto acc = F.accessor<double, 2>();
        double worst = 0;
        for (int b = 0; b < 40; ++b)
            for (int k = 0; k < 257; ++k)
                worst = std::max(worst, std::abs(acc[b][k] - expected[b][k]));
        QVERIFY2(worst < 1e-6, qPrintable(QString("largest difference %1").arg(worst)));
        // Every band has some weight (none is narrower than an FFT bin at these settings).
        for (int b = 0; b < 40; ++b) QVERIFY(F[b].sum().item<double>() > 0);
    }

    void logMelMatchesNaiveDft() {
        const int rate = 16000, samples = 16000;
        const auto x = sines(samples, rate, {{1000, 0.5}, {3000, 0.2}, {250, 0.8}});
        const auto out = LogMel(rate)(row(x)).to(torch::kFloat64);
        // float32 FFT noise is relative to the frame's peak: bands of at least 1e-6 of the peak
        // energy must agree to 0.1 % (in log), all to 1e-5 of the peak.
        double worstLog = 0, worstAbs = 0;
        for (int frame : {10, 50, 77}) {
            const auto want = naiveLogMelFrame(x, frame * 160, rate, 400, 512, 40, 20, 8000);
            const double peak = std::exp(*std::max_element(want.begin(), want.end()));
            for (int b = 0; b < 40; ++b) {
                const double got = out[0][b][frame].item<double>();
                if (std::exp(want[b]) >= 1e-6 * peak)
                    worstLog = std::max(worstLog, std::abs(got - want[b]));
                worstAbs = std::max(worstAbs, std::abs(std::exp(got) - std::exp(want[b])) / peak);
            }
        }
        QVERIFY2(worstLog < 1e-3 && worstAbs < 1e-5,
                 qPrintable(QString("largest differences: %1 in log, %2 of the peak")
                                .arg(worstLog)
                                .arg(worstAbs)));
    }

    void logMelSineLandsInItsBand() {
        const int rate = 16000;
        const auto edges = melEdges(40, 20, 8000);
        const LogMel mel(rate);
        auto argmaxBand = [&](double f) {
            const auto out = mel(row(sines(rate, rate, {{f, 1.0}})));
            return out[0].select(1, 50).argmax().item<int64_t>();
        };
        // At a band's centre frequency: that band, and by far.
        for (int b : {8, 15, 22, 30, 37}) {
            const double f = edges[b + 1];
            QCOMPARE(argmaxBand(f), int64_t(b));
            const auto col = mel(row(sines(rate, rate, {{f, 1.0}})))[0].select(1, 50);
            for (int o = 0; o < 40; ++o)
                if (std::abs(o - b) > 2) QVERIFY(col[b].item<double>() > col[o].item<double>() + 3);
        }
        // Anywhere else: one of the two bands whose support contains the frequency.
        for (double f : {440.0, 1234.5, 2750.0, 5000.0, 7100.0}) {
            const auto b = argmaxBand(f);
            QVERIFY2(edges[b] < f && f < edges[b + 2],
                     qPrintable(QString("%1 Hz landed in band %2 [%3, %4]")
                                    .arg(f)
                                    .arg(b)
                                    .arg(edges[b])
                                    .arg(edges[b + 2])));
        }
    }

    void logMelSilenceIsTheFloor() {
        const auto out = LogMel(16000)(torch::zeros({2, 16000}));
        const double floorValue = std::log(1e-6);
        QVERIFY(near(out.min().item<double>(), floorValue, 1e-5));
        QVERIFY(near(out.max().item<double>(), floorValue, 1e-5));
    }

    void logMelFramesAreCentredEveryHop() {
        // Silence, then a tone from sample 8000 on. Frame t covers samples t·160 − 200 …
        // t·160 + 199 (a 400-sample window centred on t·160): frames up to 48 hear nothing.
        auto x = sines(16000, 16000, {{1000, 1.0}});
        for (int n = 0; n < 8000; ++n) x[n] = 0;
        const auto out = LogMel(16000)(row(x))[0];
        const double floorValue = std::log(1e-6);
        for (int t = 0; t <= 48; ++t)
            QVERIFY2(near(out.select(1, t).max().item<double>(), floorValue, 1e-5),
                     qPrintable(QString("frame %1 is not silent").arg(t)));
        for (int t = 49; t < 101; ++t)
            QVERIFY2(out.select(1, t).max().item<double>() > floorValue + 5,
                     qPrintable(QString("frame %1 is silent").arg(t)));
    }

    void logMelIsDeterministicAndPerRow() {
        const LogMel mel(16000);
        torch::manual_seed(3);
        const auto waves = torch::randn({3, 12000});
        const auto a = mel(waves), b = mel(waves.clone());
        QVERIFY(torch::equal(a, b));
        QVERIFY(torch::equal(LogMel(16000)(waves), a));  // a fresh instance: the same
        // Each row independently of its batch.
        const auto single = mel(waves.slice(0, 1, 2));
        QVERIFY(torch::allclose(single[0], a[1], 1e-5, 1e-5));
        // And 1-D input is one waveform.
        QVERIFY(torch::allclose(mel(waves[2]), a[2], 1e-5, 1e-5));
    }

    void logMelBadSettingsAreRejected() {
        test::expectInputError([] { LogMel(16000, 40, 25, 10, 20, 8001); }, "bad log-mel");
        test::expectInputError([] { LogMel(16000, 0); }, "bad log-mel");
        test::expectInputError([] { LogMel(0); }, "bad log-mel");
        test::expectInputError([] { LogMel(16000, 40, 25, 10, 500, 500); }, "bad log-mel");
        test::expectInputError([] { LogMel(16000, 40, 25, 0); }, "bad log-mel");
        test::expectInputError([] { LogMel(16000, 40, -1, 10); }, "bad log-mel");
    }

    // ===== DatasetStats =====================================================================

    void statsSummary() {
        const auto s = DatasetStats::summarize(smallDataset());
        QCOMPARE(s.samples, int64_t(6));
        QCOMPARE(s.classNames, (std::vector<std::string>{"0", "1", "2"}));
        QCOMPARE(s.modalities.size(), std::size_t(2));
        const auto& z = s.modalities[0];  // insertion order, not alphabetical
        QCOMPARE(z.name, std::string("zeta"));
        QCOMPARE(z.kind, std::string("vector"));
        QCOMPARE(z.dtype, std::string("Float"));  // c10 name of float32; given as float64
        QCOMPARE(z.shape, (std::vector<int64_t>{6, 3}));
        QCOMPARE(z.features, int64_t(3));
        const auto& im = s.modalities[1];
        QCOMPARE(im.name, std::string("img"));
        QCOMPARE(im.kind, std::string("image"));
        QCOMPARE(im.dtype, std::string("Float"));  // given as int64
        QCOMPARE(im.shape, (std::vector<int64_t>{6, 2, 2}));
        QCOMPARE(im.features, int64_t(4));
        // Splits with their sizes and class balance, counted by hand from kLabels.
        QCOMPARE(s.splits.size(), std::size_t(2));
        QCOMPARE(s.classCounts.size(), std::size_t(2));
        const std::map<std::string, std::vector<int64_t>> counts = {{"train", {1, 3, 0}},
                                                                    {"test", {1, 0, 1}}};
        const std::map<std::string, int64_t> sizes = {{"train", 4}, {"test", 2}};
        for (std::size_t i = 0; i < s.splits.size(); ++i) {
            const auto& [name, size] = s.splits[i];
            QVERIFY(sizes.count(name));
            QCOMPARE(size, sizes.at(name));
            QCOMPARE(s.classCounts[i], counts.at(name));
        }
    }

    void statsNamedClassesIncludeEmptyOnes() {
        auto ds = smallDataset();
        ds.setLabels(kLabels, {"cat", "dog", "eel", "fox"});
        ds.setSplit("all", {0, 1, 2, 3, 4, 5});
        const auto s = DatasetStats::summarize(ds);
        QCOMPARE(s.classNames, (std::vector<std::string>{"cat", "dog", "eel", "fox"}));
        bool found = false;
        for (std::size_t i = 0; i < s.splits.size(); ++i)
            if (s.splits[i].first == "all") {
                found = true;
                QCOMPARE(s.splits[i].second, int64_t(6));
                QCOMPARE(s.classCounts[i], (std::vector<int64_t>{2, 3, 1, 0}));
            }
        QVERIFY(found);
    }

    void statsFeatures() {
        const auto ds = smallDataset();
        const std::vector<int64_t> all = {0, 1, 2, 3, 4, 5};
        for (const auto& [split, rows] : std::vector<std::pair<std::string, std::vector<int64_t>>>{
                 {"", all}, {"train", kTrain}, {"test", kTest}}) {
            const auto st = DatasetStats::features(ds, "zeta", split);
            QCOMPARE(st.size(), std::size_t(3));
            for (int j = 0; j < 3; ++j) {
                const auto want = handStats(rows, j);
                QVERIFY(near(st[j].mean, want.mean, 1e-6));
                QVERIFY(near(st[j].std, want.std, 1e-6));
                QCOMPARE(st[j].min, want.min);
                QCOMPARE(st[j].max, want.max);
            }
        }
        // A few by hand outright: column 0 over all rows is {1, 3, −1, 7, 0, 2}.
        const auto st = DatasetStats::features(ds, "zeta");
        QVERIFY(near(st[0].mean, 2.0, 1e-12));
        QVERIFY(near(st[0].std, std::sqrt(40.0 / 6), 1e-6));  // population, not 40/5
        QCOMPARE(st[0].min, -1.0);
        QCOMPARE(st[0].max, 7.0);
        QCOMPARE(st[2].std, 0.0);  // a constant column
        QCOMPARE(st[2].mean, 5.0);
        // Image features are the flattened pixels: pixel p of sample i is 10 i + p.
        const auto px = DatasetStats::features(ds, "img", "test");  // samples 0 and 2
        QCOMPARE(px.size(), std::size_t(4));
        for (int p = 0; p < 4; ++p) {
            QVERIFY(near(px[p].mean, 10.0 + p, 1e-12));
            QVERIFY(near(px[p].std, 10.0, 1e-12));
            QCOMPARE(px[p].min, 0.0 + p);
            QCOMPARE(px[p].max, 20.0 + p);
        }
        // Samples 1, 3, 4, 5: {10, 30, 40, 50} + p, squared deviations sum to 875.
        const auto tr = DatasetStats::features(ds, "img", "train");
        for (int p = 0; p < 4; ++p) {
            QVERIFY(near(tr[p].mean, 32.5 + p, 1e-12));
            QVERIFY(near(tr[p].std, std::sqrt(875.0 / 4), 1e-9));
            QCOMPARE(tr[p].min, 10.0 + p);
            QCOMPARE(tr[p].max, 50.0 + p);
        }
    }

    void statsFeaturesOfAnEmptySplit() {
        auto ds = smallDataset();
        ds.setSplit("none", {});
        const auto st = DatasetStats::features(ds, "zeta", "none");
        QCOMPARE(st.size(), std::size_t(3));
        for (const auto& f : st)
            QVERIFY(std::isfinite(f.mean) && std::isfinite(f.std) && std::isfinite(f.min) &&
                    std::isfinite(f.max));
    }

    void statsUnknownNamesAreInputErrors() {
        const auto ds = smallDataset();
        test::expectInputError([&] { DatasetStats::features(ds, "nope"); }, "no modality 'nope'");
        test::expectInputError([&] { DatasetStats::features(ds, "zeta", "val"); },
                               "no split 'val'");
        test::expectInputError([&] { DatasetStats::sample(ds, "nope", 0); }, "no modality 'nope'");
    }

    void statsSample() {
        const auto ds = smallDataset();
        QCOMPARE(DatasetStats::sample(ds, "zeta", 3), (std::vector<float>{7, 2.5f, 5}));
        QCOMPARE(DatasetStats::sample(ds, "img", 2), (std::vector<float>{20, 21, 22, 23}));
        QCOMPARE(DatasetStats::sample(ds, "img", 5), (std::vector<float>{50, 51, 52, 53}));
        test::expectInputError([&] { DatasetStats::sample(ds, "img", 6); },
                               "sample 6 of modality 'img' is out of range [0, 6)");
        test::expectInputError([&] { DatasetStats::sample(ds, "img", -1); }, "out of range");
    }

    void statsImageLike_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QList<qlonglong>>("shape");
        QTest::addColumn<bool>("image");
        QTest::newRow("vector features") << "vector" << QList<qlonglong>{10, 784} << false;
        QTest::newRow("labels-like 1-D") << "vector" << QList<qlonglong>{10} << false;
        QTest::newRow("2 per-sample dims") << "vector" << QList<qlonglong>{10, 5, 7} << true;
        QTest::newRow("grey channel") << "vector" << QList<qlonglong>{10, 1, 5, 7} << true;
        QTest::newRow("RGB channel") << "vector" << QList<qlonglong>{10, 3, 5, 7} << true;
        QTest::newRow("2 channels") << "vector" << QList<qlonglong>{10, 2, 5, 7} << false;
        QTest::newRow("4-D per sample") << "vector" << QList<qlonglong>{10, 1, 2, 5, 7} << false;
        QTest::newRow("image") << "image" << QList<qlonglong>{10, 28, 28} << true;
        QTest::newRow("image, 2 channels") << "image" << QList<qlonglong>{10, 2, 28, 28} << true;
        QTest::newRow("spectrogram") << "spectrogram" << QList<qlonglong>{10, 1, 40, 101} << true;
        // A flattened image has nothing to draw as an image (DatasetStats.cpp), despite its kind.
        QTest::newRow("flattened image") << "image" << QList<qlonglong>{10, 784} << false;
    }
    void statsImageLike() {
        QFETCH(QString, kind);
        QFETCH(QList<qlonglong>, shape);
        QFETCH(bool, image);
        ModalityInfo m;
        m.name = "m", m.kind = kind.toStdString(), m.dtype = "Float";
        for (auto v : shape) m.shape.push_back(v);
        QCOMPARE(DatasetStats::imageLike(m), image);
    }

    void statsOfABuiltModalityAgreeWithImageLike() {
        const auto s = DatasetStats::summarize(smallDataset());
        QVERIFY(!DatasetStats::imageLike(s.modalities[0]));  // zeta [6, 3]
        QVERIFY(DatasetStats::imageLike(s.modalities[1]));   // img [6, 2, 2]
    }

    // ===== PairedTest =======================================================================

    void pairedDarwinClassic() {
        const auto r = PairedTest::ofDifferences(kDarwin);
        QCOMPARE(r.n, 15);
        QVERIFY(relNear(r.mean, 20.9333333333, 1e-10));
        QVERIFY(relNear(r.populationStd, 36.4645337585, 1e-10));
        QVERIFY(relNear(r.sampleStd, 37.7443783263, 1e-10));
        QCOMPARE(r.dof, 14);
        QVERIFY(relNear(r.t, 2.14798746133, 1e-10));
        QVERIFY2(relNear(r.p, 0.0497029440218, 1e-8), qPrintable(QString::number(r.p, 'g', 12)));
        QVERIFY(relNear(r.ciLow, 0.031193318393, 1e-7));
        QVERIFY(relNear(r.ciHigh, 41.8354733483, 1e-9));
        QVERIFY(r.ciDefined && r.ciExcludesZero() && !r.zeroSpread);
        QCOMPARE(r.wilcoxon.method, WilcoxonMethod::Exact);
        QCOMPARE(r.wilcoxon.wPlus, 96.0);
        QVERIFY(relNear(r.wilcoxon.p, 0.041259765625, 1e-12));
        QCOMPARE(r.wilcoxon.n, 15);
        QVERIFY(!r.wilcoxon.ties && r.wilcoxon.zeros == 0);
        // The same pairs as two series: a − b.
        std::vector<double> a, b;
        for (std::size_t i = 0; i < kDarwin.size(); ++i)
            b.push_back(100 + i), a.push_back(100 + i + kDarwin[i]);
        const auto c = PairedTest::compare(a, b);
        QVERIFY(relNear(c.t, r.t, 1e-12) && c.wilcoxon.wPlus == r.wilcoxon.wPlus);
    }

    void pairedTiesAndZeros() {
        // Ties: |d| = 0.5 twice, 2 four times; mid-ranks, the exact distribution over doubled
        // ranks.
        const auto t =
            PairedTest::ofDifferences({1.5, -0.5, 2.0, 2.0, -2.0, 3.0, 0.5, 4.0, 2.0, 1.0});
        QVERIFY(relNear(t.t, 2.48672251737, 1e-10));
        QVERIFY(relNear(t.p, 0.0346076122875, 1e-8));
        QVERIFY(relNear(t.ciLow, 0.121912769342, 1e-8));
        QVERIFY(relNear(t.ciHigh, 2.57808723066, 1e-9));
        QCOMPARE(t.wilcoxon.method, WilcoxonMethod::ExactTies);
        QVERIFY(t.wilcoxon.ties);
        QCOMPARE(t.wilcoxon.wPlus, 47.0);
        QVERIFY(relNear(t.wilcoxon.p, 0.048828125, 1e-12));
        // Zeros are dropped before ranking (Wilcoxon's convention); the t-test keeps them.
        const auto z = PairedTest::ofDifferences({0, 1, -1, 2, 0, 3, 3, 4});
        QCOMPARE(z.n, 8);
        QVERIFY(relNear(z.t, 2.39317210565, 1e-10));
        QVERIFY(relNear(z.p, 0.0479447721796, 1e-8));
        QCOMPARE(z.wilcoxon.zeros, 2);
        QCOMPARE(z.wilcoxon.n, 6);
        QCOMPARE(z.wilcoxon.wPlus, 19.5);
        QVERIFY(relNear(z.wilcoxon.p, 0.09375, 1e-12));
        // Accuracy differences that are equal up to rounding are ties, and ~0 is a zero.
        const auto noisy = PairedTest::compare({70.1, 60.1, 80.1, 55.0}, {70.0, 60.0, 80.0, 55.0});
        QVERIFY(noisy.wilcoxon.ties);
        QCOMPARE(noisy.wilcoxon.zeros, 1);
        QCOMPARE(noisy.wilcoxon.wPlus, 6.0);
    }

    void pairedSmallSamples() {
        // n = 1: no spread, no t-test; the CI is the mean, flagged undefined.
        const auto one = PairedTest::ofDifferences({2.0});
        QCOMPARE(one.n, 1);
        QCOMPARE(one.mean, 2.0);
        QVERIFY(!one.ciDefined && one.ciLow == 2.0 && one.ciHigh == 2.0 && !one.ciExcludesZero());
        QVERIFY(std::isnan(one.t) && std::isnan(one.p) && std::isnan(one.sampleStd));
        QCOMPARE(one.dof, 0);
        QCOMPARE(one.wilcoxon.wPlus, 1.0);
        QCOMPARE(one.wilcoxon.p, 1.0);
        // n = 2: Student's t with 1 degree of freedom is Cauchy: p = 1 − 2·atan(2)/π.
        const auto two = PairedTest::ofDifferences({1.0, 3.0});
        QCOMPARE(two.dof, 1);
        QVERIFY(relNear(two.t, 2.0, 1e-12));
        QVERIFY(relNear(two.p, 0.295167235301, 1e-9));
        QVERIFY(relNear(two.p, 1 - 2 * std::atan(2.0) / kPi, 1e-12));
        QVERIFY(relNear(two.ciLow, -10.7062047362, 1e-9));
        QVERIFY(relNear(two.ciHigh, 14.7062047362, 1e-9));
        QCOMPARE(two.wilcoxon.wPlus, 3.0);
        QVERIFY(relNear(two.wilcoxon.p, 0.5, 1e-12));
        // n = 0 and unequal lengths are the caller's defects.
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, PairedTest::ofDifferences({}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, PairedTest::compare({1, 2}, {1}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, PairedTest::ofDifferences({1, NAN}));
    }

    void pairedAllEqualDifferences() {
        // scipy's convention: mean / 0 is ±inf with p = 0; 0 / 0 is NaN.
        const auto e = PairedTest::ofDifferences({0.5, 0.5, 0.5, 0.5, 0.5});
        QVERIFY(e.zeroSpread && e.ciDefined);
        QVERIFY(std::isinf(e.t) && e.t > 0);
        QCOMPARE(e.p, 0.0);
        QCOMPARE(e.sampleStd, 0.0);
        QVERIFY(e.ciLow == 0.5 && e.ciHigh == 0.5 && e.ciExcludesZero());
        QCOMPARE(e.wilcoxon.method, WilcoxonMethod::ExactTies);  // one tie group of five
        QCOMPARE(e.wilcoxon.wPlus, 15.0);
        QVERIFY(relNear(e.wilcoxon.p, 0.0625, 1e-12));
        const auto neg = PairedTest::compare({70.1, 60.1, 80.1}, {70.2, 60.2, 80.2});  // rounding
        QVERIFY(neg.zeroSpread && std::isinf(neg.t) && neg.t < 0 && neg.p == 0.0);
        const auto zero = PairedTest::ofDifferences({0, 0, 0});
        QVERIFY(zero.zeroSpread && std::isnan(zero.t) && std::isnan(zero.p));
        QVERIFY(!zero.ciExcludesZero());
        QCOMPARE(zero.wilcoxon.method, WilcoxonMethod::None);
        QCOMPARE(zero.wilcoxon.zeros, 3);
        QVERIFY(std::isnan(zero.wilcoxon.p) && std::isnan(zero.wilcoxon.wPlus));
    }

    void pairedLargeSamples() {
        // n = 50: exact by default; the normal approximation agrees to 0.001 here.
        const auto d = large50();
        const auto exact = PairedTest::wilcoxon(d);
        QCOMPARE(exact.method, WilcoxonMethod::Exact);
        QCOMPARE(exact.wPlus, 887.0);
        QVERIFY2(relNear(exact.p, 0.0153120475138, 1e-9),
                 qPrintable(QString::number(exact.p, 'g', 12)));
        const auto normal = PairedTest::wilcoxon(d, WilcoxonMethod::Normal);
        QCOMPARE(normal.method, WilcoxonMethod::Normal);
        QVERIFY(relNear(normal.p, 0.0162315784266, 1e-9));
        QVERIFY(std::abs(normal.p - exact.p) < 1e-3);
        // n = 60 with ties: the normal approximation by default, with the tie correction; the
        // exact conditional distribution when asked.
        const auto t = tied60();
        const auto approx = PairedTest::wilcoxon(t);
        QCOMPARE(approx.method, WilcoxonMethod::Normal);
        QCOMPARE(approx.wPlus, 1464.0);
        QVERIFY(relNear(approx.p, 5.31952552397e-05, 1e-8));
        const auto tiedExact = PairedTest::wilcoxon(t, WilcoxonMethod::Exact);
        QCOMPARE(tiedExact.method, WilcoxonMethod::ExactTies);
        QVERIFY(relNear(tiedExact.p, 2.67366804274e-05, 1e-8));
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument,
            PairedTest::wilcoxon(std::vector<double>(201, 1.0), WilcoxonMethod::Exact));
    }

    void tQuantileMatchesReferenceAndOldTable() {
        const std::vector<std::pair<int, double>> ref = {
            {1, 12.7062047362}, {2, 4.3026527297},  {9, 2.2621571628},
            {10, 2.2281388520}, {29, 2.0452296421}, {30, 2.0422724563},
            {31, 2.0395134464}, {50, 2.0085591121}, {100, 1.9839715185}};
        for (const auto& [dof, q] : ref)
            QVERIFY2(relNear(Statistics::tQuantile975(dof), q, 1e-9),
                     qPrintable(QString::number(dof)));
        QCOMPARE(Statistics::tQuantile975(0), 0.0);
        // The values the reports used before: a 4-decimal table to 30 degrees of freedom and a
        // Cornish–Fisher expansion beyond. CIs therefore moved by at most 9e-5 standard errors.
        const double table[] = {12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060,
                                2.2622,  2.2281, 2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199,
                                2.1098,  2.1009, 2.0930, 2.0860, 2.0796, 2.0739, 2.0687, 2.0639,
                                2.0595,  2.0555, 2.0518, 2.0484, 2.0452, 2.0423};
        for (int dof = 1; dof <= 30; ++dof)
            QVERIFY(std::abs(Statistics::tQuantile975(dof) - table[dof - 1]) <= 5e-5);
        for (int dof = 31; dof <= 400; ++dof) {
            const double z = 1.959964, v = dof;
            const double cf = z + (z * z * z + z) / (4 * v) +
                              (5 * std::pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * v * v);
            QVERIFY(std::abs(Statistics::tQuantile975(dof) - cf) < 1e-4);
        }
        // The CI of a summary and of a paired test are the same numbers.
        const auto s = Statistics::summarize(kDarwin);
        const auto p = PairedTest::ofDifferences(kDarwin);
        QCOMPARE(s.ciLow, p.ciLow);
        QCOMPARE(s.ciHigh, p.ciHigh);
    }

    // ===== Comparison =======================================================================

    void comparisonPairsRowsBySeed() {
        auto r = comparedResult();
        // Table 2's student metric by default; axes by their last component.
        auto c = Comparison::of(r, "mode=gt,xs2=5", "mode=random, xs2=5");
        QCOMPARE(int(c.a.row), 2);
        QCOMPARE(int(c.b.row), 0);
        QCOMPARE(c.a.metric, std::string("mg_kd_acc"));
        QCOMPARE(c.seeds, (std::vector<uint32_t>{42, 43, 44, 45}));
        QCOMPARE(c.differences, (std::vector<double>{2, 2, 2, 2}));
        QVERIFY(c.test.zeroSpread && c.test.p == 0.0);
        // A partial row pairs by the seeds it ran, in any order.
        r.rows[0].seedsRun = {45, 43, 44};
        r.rows[0].perSeed["kd_acc"] = {10, 20, 30};
        c = Comparison::of(r, "kd_acc@mode=gt,xs2=5", "mode=random,xs2=5");
        QCOMPARE(c.b.metric, std::string("kd_acc"));  // the other side's metric
        QCOMPARE(c.seeds, (std::vector<uint32_t>{43, 44, 45}));
        QCOMPARE(c.valuesA, (std::vector<double>{63, 65, 64}));
        QCOMPARE(c.valuesB, (std::vector<double>{20, 30, 10}));
        QCOMPARE(c.unpaired, (std::vector<uint32_t>{42}));
        QVERIFY(c.text().find("left out, not run on both sides: seed 42\n") != std::string::npos);
        // Without seedsRun: the experiment's seeds, truncated to the values.
        r.rows[1].perSeed["kd_acc"] = {1, 2};
        c = Comparison::of(r, "#4", "#2", "kd_acc");
        QCOMPARE(c.seeds, (std::vector<uint32_t>{42, 43}));
        QCOMPARE(c.differences, (std::vector<double>{65, 65}));
        // Two metrics of one row, the metric on either side of @.
        c = Comparison::of(r, "kd_acc@#3", "#3@nokd_acc");
        QCOMPARE(c.differences, (std::vector<double>{1, 2, 3, 2}));
        const auto delta = Statistics::summarize({1, 2, 3, 2});
        QCOMPARE(c.test.ciLow, delta.ciLow);
        QVERIFY(c.test.ciExcludesZero());
        QVERIFY(relNear(c.test.p, PairedTest::ofDifferences({1, 2, 3, 2}).p, 1e-15));
    }

    void comparisonSelectorValues() {
        auto r = comparedResult();
        QCOMPARE(
            int(Comparison::parse(r, "intervention.mode=\"gt\",dataset.generator.xs2=10.0", "#1")
                    .a.row),
            3);
        QCOMPARE(int(Comparison::parse(r, "generator.xs2=10,mode=gt", "#1").a.row), 3);
        // Object values: a path inside the swept "teacher"; a list as JSON or as a+b.
        ExperimentResult t;
        t.name = "t1", t.report = ReportLayout::Table1, t.axes = {"teacher"}, t.seeds = {0, 1};
        for (auto mods : {json::array({"audio"}), json::array({"image", "audio"})}) {
            GridRow g;
            g.point = {json{{"modalities", mods}, {"model", {{"type", "cnn"}}}}};
            g.perSeed["kd_acc"] = {70, 71 + double(mods.size())};
            t.rows.push_back(g);
        }
        const auto c =
            Comparison::of(t, "teacher.modalities=image+audio", "teacher.modalities=[\"audio\"]");
        QCOMPARE(int(c.a.row), 1);
        QCOMPARE(int(c.b.row), 0);
        QCOMPARE(c.differences, (std::vector<double>{0, 1}));
        QCOMPARE(int(Comparison::parse(t, "teacher.modalities=audio", "#2").a.row), 0);
    }

    void comparisonErrorsNameTheChoices() {
        const auto r = comparedResult();
        auto fails = [&](const std::string& a, const std::string& b, const std::string& msg) {
            test::expectInputError([&] { Comparison::of(r, a, b); }, msg);
        };
        fails(
            "foo=1", "#1",
            "'foo' is not a sweep axis of t2; its axes: intervention.mode, dataset.generator.xs2");
        fails("mode=gt", "#1",
              "selector 'mode=gt' matches rows #3, #4; add one of: "
              "dataset.generator.xs2");
        fails("mode=alg1", "#1", "no row has intervention.mode = alg1; its values: random, gt");
        fails("mode=gt,xs2=7", "#1", "no row has dataset.generator.xs2 = 7; its values: 5, 10");
        fails("foo@#1", "#2",
              "metric 'foo' is not in row #1 (intervention.mode=random "
              "dataset.generator.xs2=5); its metrics: kd_acc, mg_kd_acc, nokd_acc");
        fails("#9", "#1", "'#9': rows are #1 to #4");
        fails("#1", "", "an empty selector names the only row, but t2 has 4 rows");
        fails("mode@#1", "#2", "metric 'mode' is not in row #1");
        fails("#1", "#1", "A and B are the same values (row #1, mg_kd_acc)");
        fails("a=b@c=d", "#1", "is not METRIC@SELECTOR");
        auto partial = r;
        partial.rows[0].seedsRun = {42};
        partial.rows[0].perSeed["mg_kd_acc"] = {1};
        test::expectInputError([&] { Comparison::of(partial, "#1", "#2"); },
                               "have 1 seeds in common; a paired comparison needs 2");
        partial.rows[0].seedsRun = {42, 43};
        test::expectInputError([&] { Comparison::of(partial, "#1", "#2"); }, "cannot be paired");
        auto nan = r;
        nan.rows[1].perSeed["mg_kd_acc"][2] = NAN;
        test::expectInputError([&] { Comparison::of(nan, "#1", "#2"); },
                               "seed 44: B's mg_kd_acc is not a number");
        ExperimentResult lr = r;
        lr.axes = {"student.train.lr", "teacher.train.lr"};
        test::expectInputError([&] { Comparison::of(lr, "lr=0.1", "#1"); },
                               "'lr' names several sweep axes: student.train.lr, teacher.train.lr");
    }

    void comparisonTextAndJson() {
        const auto r = comparedResult();
        const auto c = Comparison::of(r, "kd_acc@#3", "nokd_acc@#3");
        const auto t = c.text();
        QVERIFY2(t.find("#3 (kd_acc) − #3 (nokd_acc), paired over 4 seeds: mean +2.00, std 0.71, "
                        "95 % CI [+0.70, +3.30] *, t(3) = 4.9, p = 0.0163; Wilcoxon W+ = 10, "
                        "p = 0.125 (exact, mid-ranks)") == 0,
                 t.c_str());
        QVERIFY(t.find("A = #3 intervention.mode=gt dataset.generator.xs2=5") != std::string::npos);
        QVERIFY(t.find("excludes 0") != std::string::npos);
        const auto same = Comparison::of(r, "mode=gt,xs2=5", "mode=random,xs2=5").text();
        QVERIFY2(same.find("mg_kd_acc: mode=gt,xs2=5 − mode=random,xs2=5") == 0, same.c_str());
        QVERIFY(same.find("the t-test is degenerate") != std::string::npos);
        const auto j = c.json();
        QCOMPARE(j["a"]["row"].get<int>(), 3);
        QCOMPARE(j["b"]["metric"].get<std::string>(), std::string("nokd_acc"));
        QCOMPARE(j["seeds"].size(), std::size_t(4));
        QCOMPARE(j["differences"][2].get<double>(), 3.0);
        QCOMPARE(j["ci95"][0].get<double>(), 0.7008);
        QVERIFY(j["significant"].get<bool>());
        QCOMPARE(j["t_test"]["dof"].get<int>(), 3);
        QCOMPARE(j["wilcoxon"]["method"].get<std::string>(), std::string("exact-ties"));
        QVERIFY(Comparison::of(r, "mode=gt,xs2=5", "mode=random,xs2=5")
                    .json()["t_test"]["t"]
                    .is_null());
        const auto listed = Report::comparisons({c, c});
        QVERIFY(listed.find("paired comparisons (by seed):\n#3 (kd_acc)") == 0);
        QCOMPARE(Report::comparisonsJson({c}).size(), std::size_t(1));
        QVERIFY(Report::comparisons({}).empty());
    }

    // ===== Report: significance marks ========================================================

    void reportMarksOnlyGainsWhoseCiExcludesZero() {
        const auto r = markedResult(4);
        const auto t = Report::table(r);
        QVERIFY2(t.find("+2.05 ± 0.36*") != std::string::npos, t.c_str());
        QVERIFY2(t.find("-0.05 ± 0.94  ") != std::string::npos, t.c_str());
        QVERIFY(t.find(report::kSignificantNote) != std::string::npos);
        const auto md = Report::markdown(r);
        QVERIFY2(md.find("+2.05 ± 0.36\\* |") != std::string::npos, md.c_str());
        QVERIFY(md.find("\n\\* 95 % CI of the mean over seeds excludes 0") != std::string::npos);
        const auto tex = Report::latex(r);
        QVERIFY2(tex.find("0.36$^{*}$") != std::string::npos, tex.c_str());
        QVERIFY(tex.find("\\multicolumn{8}{l}{\\footnotesize $^{*}$ 95 \\% CI") !=
                std::string::npos);
        QVERIFY(tex.find("-0.05 $\\pm$ 0.94 &") != std::string::npos);
        const auto j = Report::json(r)["rows"];
        QVERIFY(j[0]["delta_significant"].get<bool>() && !j[1]["delta_significant"].get<bool>());
        QVERIFY(j[1]["delta_ci95"][0].get<double>() < 0 && j[1]["delta_ci95"][1].get<double>() > 0);
        // One seed: no interval, so no mark and no footer.
        const auto single = markedResult(1);
        QVERIFY(Report::table(single).find('*') == std::string::npos);
        QVERIFY(Report::markdown(single).find('*') == std::string::npos);
        QVERIFY(!Report::json(single)["rows"][0]["delta_significant"].get<bool>());
    }

    void reportEveryGainHasItsInterval() {
        auto r = comparedResult();
        for (auto& g : r.rows) {
            g.perSeed["teacher_delta"] = {-30, -31, -29, -30};
            g.perSeed["student_delta"] = {0.5, -0.5, 0.3, -0.1};
            for (const auto& kv : g.perSeed) g.summary[kv.first] = Statistics::summarize(kv.second);
        }
        auto j = Report::json(r)["rows"][0];
        QVERIFY(j["teacher_delta_significant"].get<bool>());
        QVERIFY(!j["student_delta_significant"].get<bool>());
        QCOMPARE(j["teacher_delta_ci95"].size(), std::size_t(2));
        const auto t = Report::table(r);
        QVERIFY2(t.find("-30.00 ± 0.71*  +0.05 ± 0.38  ") != std::string::npos, t.c_str());
        r.report = ReportLayout::Removal;
        for (auto& g : r.rows) {
            g.perSeed["removal_delta"] = {5, 6, 5, 6};
            g.perSeed["removal_vs_kd"] = {1, -1, 0.5, -0.5};
            for (const auto& kv : g.perSeed) g.summary[kv.first] = Statistics::summarize(kv.second);
        }
        j = Report::json(r)["rows"][0];
        QVERIFY(j["removal_delta_significant"].get<bool>());
        QVERIFY(!j["removal_vs_kd_significant"].get<bool>());
        QVERIFY(j.contains("removal_vs_kd_ci95"));
        r.report = ReportLayout::Grid;
        j = Report::json(r)["rows"][0];
        QVERIFY(j.contains("student_delta_ci95") && j.contains("removal_delta_significant"));
        const auto grid = Report::table(r);
        QVERIFY2(grid.find("removal_delta = 5.50 ± 0.50*\n") != std::string::npos, grid.c_str());
        QVERIFY(grid.find("student_delta = 0.05 ± 0.38\n") != std::string::npos);
    }
    // Recall at |G|: the shared channels among the most salient; ties go to the lower index.
    void saliencyRecallAndMean() {
        const std::vector<double> s{0.9, 0.1, 0.8, 0.2, 0.8};
        QCOMPARE(SaliencySummary::recallAtShared(s, {0, 2}), 1.0);
        QCOMPARE(SaliencySummary::recallAtShared(s, {0, 4}), 0.5);  // 2 beats 4 at the tie
        QCOMPARE(SaliencySummary::recallAtShared(s, {1, 3}), 0.0);
        QCOMPARE(SaliencySummary::recallAtShared(s, {0, 1, 2, 3, 4}), 1.0);
        test::expectInputError([&] { SaliencySummary::recallAtShared(s, {}); }, "no truly shared");
        test::expectInputError([&] { SaliencySummary::recallAtShared(s, {5}); }, "outside the 5");
        const auto m = SaliencySummary::mean({{1, 2}, {3, 6}});
        QCOMPARE(m, (std::vector<double>{2, 4}));
        test::expectInputError([&] { SaliencySummary::mean({{1, 2}, {3}}); }, "cannot be averaged");
    }

    // Setting paths read as words; unknown ones still read as role and key, never empty.
    void settingLabelsAreReadable() {
        QCOMPARE(SettingLabel::label("kd.w_kd"), std::string("KD weight w_kd"));
        QCOMPARE(SettingLabel::label("dataset.generator.xs2"),
                 std::string("modality-specific channels xs2"));
        QCOMPARE(SettingLabel::label("student.train.momentum"), std::string("student momentum"));
        QCOMPARE(SettingLabel::label("threads"), std::string("threads"));
        QCOMPARE(SettingLabel::key("dataset.generator.xs2"), std::string("xs2"));
        QCOMPARE(SettingLabel::assignment("kd.w_kd", 0.25), std::string("w_kd = 0.25"));
        QCOMPARE(SettingLabel::assignment("intervention.mode", "random"),
                 std::string("mode = random"));
        QCOMPARE(SettingLabel::assignment("dataset.generator.overlap", 4),
                 std::string("overlap = 4"));
        QCOMPARE(SettingLabel::valueText(0.1 + 0.2), std::string("0.3"));
    }
};

QTEST_GUILESS_MAIN(TestUnits)
#include "test_units.moc"
