#include "core/base/Statistics.h"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <numeric>

namespace mfh {

double Statistics::tQuantile975(int dof) {
    // Boost.Math's quantile, exact for every ν. It replaced a 4-decimal table (ν ≤ 30) and a
    // Cornish–Fisher expansion (beyond), which differ from it by at most 5e-5 and 9e-5
    // (tests/test_units checks the old values against it).
    if (dof < 1) return 0;
    return boost::math::quantile(boost::math::students_t(static_cast<double>(dof)), 0.975);
}

Summary Statistics::summarize(const std::vector<double>& v) {
    Summary s;
    s.n = static_cast<int>(v.size());
    if (v.empty()) return s;
    s.mean = std::accumulate(v.begin(), v.end(), 0.0) / s.n;
    double ss = 0;
    for (double x : v) ss += (x - s.mean) * (x - s.mean);
    s.std = std::sqrt(ss / s.n);
    s.ciLow = s.ciHigh = s.mean;
    if (s.n >= 2) {
        const double half = tQuantile975(s.n - 1) * std::sqrt(ss / (s.n - 1)) / std::sqrt(s.n);
        s.ciLow = s.mean - half;
        s.ciHigh = s.mean + half;
    }
    return s;
}

static std::vector<double> ranks(const std::vector<double>& v) {
    std::vector<std::size_t> idx(v.size());
    std::iota(idx.begin(), idx.end(), 0);
    std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
    std::vector<double> r(v.size());
    for (std::size_t i = 0; i < idx.size();) {
        std::size_t j = i;
        while (j + 1 < idx.size() && v[idx[j + 1]] == v[idx[i]]) ++j;
        for (std::size_t k = i; k <= j; ++k) r[idx[k]] = (i + j) / 2.0 + 1;  // ties: mean rank
        i = j + 1;
    }
    return r;
}

double Statistics::spearman(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size() || a.size() < 2) return 0;
    const auto ra = ranks(a), rb = ranks(b);
    const double n = a.size(), ma = (n + 1) / 2;
    double num = 0, da = 0, db = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        num += (ra[i] - ma) * (rb[i] - ma);
        da += (ra[i] - ma) * (ra[i] - ma);
        db += (rb[i] - ma) * (rb[i] - ma);
    }
    return (da > 0 && db > 0) ? num / std::sqrt(da * db) : 0;
}

}  // namespace mfh
