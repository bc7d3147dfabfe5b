#include "core/base/PairedTest.h"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <numeric>
#include <stdexcept>

#include "core/base/Statistics.h"

namespace mfh {

namespace {

constexpr int kExactUpTo = 50;      // Auto: exact distribution up to this many nonzero |d|
constexpr int kExactAtMost = 200;   // forced Exact: beyond, the O(n³) table is too slow
constexpr double kRoundoff = 1e-9;  // relative to the largest |d|: equal up to rounding

double largestMagnitude(const std::vector<double>& d) {
    double m = 0;
    for (double x : d) m = std::max(m, std::fabs(x));
    return m;
}

// Mid-ranks of sorted magnitudes, grouping values equal up to `tol` (consecutive in order).
// Returns the ranks doubled, which are integers.
std::vector<long> doubledMidRanks(const std::vector<double>& sorted, double tol, bool& ties) {
    std::vector<long> r(sorted.size());
    ties = false;
    for (std::size_t i = 0; i < sorted.size();) {
        std::size_t j = i;
        while (j + 1 < sorted.size() && sorted[j + 1] - sorted[i] <= tol) ++j;
        if (j > i) ties = true;
        for (std::size_t k = i; k <= j; ++k) r[k] = static_cast<long>(i + j + 2);  // 2·mid-rank
        i = j + 1;
    }
    return r;
}

// Exact two-sided p of the doubled statistic `observed` when each doubled rank enters the sum
// with probability ½: dp[s] = P(sum = s), built rank by rank.
double exactP(const std::vector<long>& doubledRanks, long observed) {
    const long total = std::accumulate(doubledRanks.begin(), doubledRanks.end(), 0L);
    std::vector<double> dp(total + 1, 0.0), next(total + 1);
    dp[0] = 1;
    long reach = 0;
    for (long r : doubledRanks) {
        std::fill(next.begin(), next.end(), 0.0);
        for (long s = 0; s <= reach; ++s) {
            next[s] += 0.5 * dp[s];
            next[s + r] += 0.5 * dp[s];
        }
        reach += r;
        dp.swap(next);
    }
    double below = 0, above = 0;
    for (long s = 0; s <= total; ++s) {
        if (s <= observed) below += dp[s];
        if (s >= observed) above += dp[s];
    }
    return std::min(1.0, 2 * std::min(below, above));
}

}  // namespace

double PairedTest::tTwoSidedP(double t, int dof) {
    if (std::isnan(t) || dof < 1) return NAN;
    if (std::isinf(t)) return 0;
    return 2 *
           boost::math::cdf(boost::math::complement(boost::math::students_t(dof), std::fabs(t)));
}

WilcoxonResult PairedTest::wilcoxon(const std::vector<double>& d, WilcoxonMethod method) {
    for (double x : d)  // NaN would break the ordering that ranks them
        if (!std::isfinite(x)) throw std::invalid_argument("a paired difference is not finite");
    WilcoxonResult w;
    const double tol = kRoundoff * largestMagnitude(d);
    std::vector<std::pair<double, bool>> nonzero;  // |d|, positive
    for (double x : d) {
        if (std::fabs(x) <= tol)
            ++w.zeros;
        else
            nonzero.push_back({std::fabs(x), x > 0});
    }
    w.n = static_cast<int>(nonzero.size());
    if (w.n == 0) return w;  // method None: nothing to rank
    std::sort(nonzero.begin(), nonzero.end());
    std::vector<double> mags;
    for (const auto& m : nonzero) mags.push_back(m.first);
    const auto ranks = doubledMidRanks(mags, tol, w.ties);
    long doubledPlus = 0;
    for (std::size_t i = 0; i < ranks.size(); ++i)
        if (nonzero[i].second) doubledPlus += ranks[i];
    w.wPlus = doubledPlus / 2.0;

    if (method == WilcoxonMethod::Auto)
        method = w.n <= kExactUpTo ? WilcoxonMethod::Exact : WilcoxonMethod::Normal;
    if (method == WilcoxonMethod::Exact || method == WilcoxonMethod::ExactTies) {
        if (w.n > kExactAtMost)
            throw std::invalid_argument("the exact Wilcoxon distribution is limited to " +
                                        std::to_string(kExactAtMost) + " differences");
        w.method = w.ties ? WilcoxonMethod::ExactTies : WilcoxonMethod::Exact;
        w.p = exactP(ranks, doubledPlus);
        return w;
    }
    // Normal approximation: E[W+] = n(n+1)/4, Var = n(n+1)(2n+1)/24 − Σ(t³ − t)/48 over tie
    // groups of size t; the statistic moved ½ towards the mean (continuity).
    const double n = w.n;
    double tieTerm = 0;
    for (std::size_t i = 0; i < ranks.size();) {
        std::size_t j = i;
        while (j + 1 < ranks.size() && ranks[j + 1] == ranks[i]) ++j;
        const double t = static_cast<double>(j - i + 1);
        tieTerm += t * t * t - t;
        i = j + 1;
    }
    const double var = n * (n + 1) * (2 * n + 1) / 24 - tieTerm / 48;
    double dev = w.wPlus - n * (n + 1) / 4;
    dev = (dev > 0 ? 1 : -1) * std::max(std::fabs(dev) - 0.5, 0.0);
    const double z = dev / std::sqrt(var);
    w.method = WilcoxonMethod::Normal;
    w.p = std::min(
        1.0, 2 * boost::math::cdf(boost::math::complement(boost::math::normal(), std::fabs(z))));
    return w;
}

PairedTestResult PairedTest::ofDifferences(const std::vector<double>& d) {
    if (d.empty()) throw std::invalid_argument("a paired test needs at least one pair");
    for (double x : d)
        if (!std::isfinite(x)) throw std::invalid_argument("a paired difference is not finite");
    PairedTestResult r;
    r.n = static_cast<int>(d.size());
    r.mean = std::accumulate(d.begin(), d.end(), 0.0) / r.n;
    double ss = 0;
    for (double x : d) ss += (x - r.mean) * (x - r.mean);
    r.populationStd = std::sqrt(ss / r.n);
    r.ciLow = r.ciHigh = r.mean;
    r.wilcoxon = wilcoxon(d);
    if (r.n < 2) return r;

    r.dof = r.n - 1;
    r.ciDefined = true;
    const double tol = kRoundoff * largestMagnitude(d);
    const auto [lo, hi] = std::minmax_element(d.begin(), d.end());
    r.zeroSpread = *hi - *lo <= tol;
    if (r.zeroSpread) {  // scipy: mean / 0 is ±inf (p = 0), or 0 / 0 = NaN (p NaN)
        r.sampleStd = r.populationStd = 0;
        const bool allZero = largestMagnitude(d) == 0 || std::fabs(r.mean) <= tol;
        r.t = allZero ? NAN : (r.mean > 0 ? INFINITY : -INFINITY);
        r.p = allZero ? NAN : 0.0;
        return r;
    }
    r.sampleStd = std::sqrt(ss / (r.n - 1));
    const double se = r.sampleStd / std::sqrt(static_cast<double>(r.n));
    const double half = Statistics::tQuantile975(r.dof) * se;
    r.ciLow = r.mean - half;
    r.ciHigh = r.mean + half;
    r.t = r.mean / se;
    r.p = tTwoSidedP(r.t, r.dof);
    return r;
}

PairedTestResult PairedTest::compare(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size())
        throw std::invalid_argument("paired values of different lengths (" +
                                    std::to_string(a.size()) + " and " + std::to_string(b.size()) +
                                    ")");
    std::vector<double> d(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) d[i] = a[i] - b[i];
    return ofDifferences(d);
}

}  // namespace mfh
