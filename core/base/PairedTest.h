#pragma once
// PairedTest: two series of values paired by seed (a[i] and b[i] came from the same seed),
// compared through their differences d[i] = a[i] − b[i]:
//   - the differences' mean, sample and population standard deviation, and the 95% confidence
//     interval of the mean difference (Student's t with n − 1 degrees of freedom);
//   - the paired t-test: t = mean / (s / √n), n − 1 degrees of freedom, two-sided p;
//   - the Wilcoxon signed-rank test: W+ (the sum of the ranks of the positive differences among
//     the |d| ranked), two-sided p.
// Student's t and the normal distribution are Boost.Math's, exact for any n.
//
// Conventions (the same as scipy.stats.ttest_rel and scipy.stats.wilcoxon where they agree):
//   - n = 0, a and b of different lengths, or a value that is not finite: std::invalid_argument
//     (a defect of the caller).
//   - n = 1: no spread, no test. The CI is the mean itself and ciDefined is false; t, p and
//     the sample std are NaN; dof is 0. Wilcoxon still ranks the one difference (W+ 0 or 1,
//     p = 1).
//   - Differences all equal (zeroSpread): the sample std is 0, so t = mean / 0. As scipy, t is
//     ±inf and p = 0 when the mean is not 0, and t and p are NaN when every difference is 0.
//     The CI is [mean, mean]. R refuses such data ("essentially constant"); a report should say
//     so rather than print p = 0 as evidence.
//   - Values are compared up to rounding: two |d| closer than 1e-9 × the largest |d| are equal,
//     and so is a |d| that small to 0 (accuracy differences of equal counts of test samples carry
//     rounding noise). This decides ties, zeros and zeroSpread.
//   - Wilcoxon: zero differences are dropped before ranking (Wilcoxon's convention, scipy's
//     zero_method="wilcox"); tied |d| get their mid-rank. With at most 50 nonzero differences
//     the p-value is exact: the distribution of W+ over the 2^n sign patterns, by dynamic
//     programming over the ranks (over doubled ranks, which are integers, when there are ties:
//     the exact conditional distribution given the ties). Above 50, the normal approximation
//     with the tie correction of the variance and a continuity correction of 0.5. The two-sided
//     exact p is min(1, 2·min(P(W+ ≤ w), P(W+ ≥ w))). With no nonzero difference the test is
//     undefined: method None, W+ and p NaN.
#include <cmath>
#include <utility>
#include <vector>

#include "core/base/EnumNames.h"

namespace mfh {

// How a Wilcoxon p-value was obtained. Auto (an argument only) picks Exact or ExactTies up to
// 50 nonzero differences, Normal above.
enum class WilcoxonMethod { Auto, None, Exact, ExactTies, Normal };
template <>
struct EnumNames<WilcoxonMethod> {
    static constexpr std::pair<WilcoxonMethod, const char*> table[] = {
        {WilcoxonMethod::Auto, "auto"},
        {WilcoxonMethod::None, "none"},
        {WilcoxonMethod::Exact, "exact"},
        {WilcoxonMethod::ExactTies, "exact-ties"},
        {WilcoxonMethod::Normal, "normal"}};
};

struct WilcoxonResult {
    int n = 0;           // nonzero differences, the ones ranked
    int zeros = 0;       // zero differences, dropped
    bool ties = false;   // some nonzero |d| share a rank
    double wPlus = NAN;  // sum of the (mid-)ranks of the positive differences
    double p = NAN;      // two-sided
    WilcoxonMethod method = WilcoxonMethod::None;
};

struct PairedTestResult {
    int n = 0;  // pairs
    double mean = 0;
    double sampleStd = NAN;        // ddof = 1; NaN when n < 2
    double populationStd = 0;      // ddof = 0, as the paper's ± (np.std)
    double ciLow = 0, ciHigh = 0;  // 95% CI of the mean difference; the mean when n < 2
    bool ciDefined = false;        // n ≥ 2
    bool zeroSpread = false;       // n ≥ 2 and every difference equal (see the conventions)
    double t = NAN;                // paired t statistic
    int dof = 0;                   // n − 1
    double p = NAN;                // two-sided p of the t-test
    WilcoxonResult wilcoxon;
    // The 95% CI excludes 0: the only sense in which the reports call a difference significant.
    bool ciExcludesZero() const { return ciDefined && (ciLow > 0 || ciHigh < 0); }
};

class PairedTest {
  public:
    // a[i] − b[i] for every i; a and b must have the same, nonzero length.
    static PairedTestResult compare(const std::vector<double>& a, const std::vector<double>& b);
    // The same from the differences themselves.
    static PairedTestResult ofDifferences(const std::vector<double>& d);
    // The signed-rank test alone, with a chosen method. Exact (or ExactTies) may be asked for
    // above 50 nonzero differences, up to 200 (its cost grows as n³); beyond, invalid_argument.
    static WilcoxonResult wilcoxon(const std::vector<double>& d,
                                   WilcoxonMethod method = WilcoxonMethod::Auto);
    // The two-sided p of |t| under Student's t with `dof` degrees of freedom (NaN when t is NaN
    // or dof < 1, 0 when t is infinite). The CI's critical value is Statistics::tQuantile975,
    // the one the reports' CIs use.
    static double tTwoSidedP(double t, int dof);
};

}  // namespace mfh
