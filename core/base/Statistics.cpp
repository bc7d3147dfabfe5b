#include "core/base/Statistics.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace mfh {

double Statistics::tQuantile975(int dof) {
    // Standard table values t_{0.975, ν}; beyond 30, the Cornish–Fisher expansion around the
    // normal quantile is accurate to 1e-4.
    static const double table[] = {12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060,
                                   2.2622,  2.2281, 2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199,
                                   2.1098,  2.1009, 2.0930, 2.0860, 2.0796, 2.0739, 2.0687, 2.0639,
                                   2.0595,  2.0555, 2.0518, 2.0484, 2.0452, 2.0423};
    if (dof < 1) return 0;
    if (dof <= 30) return table[dof - 1];
    const double z = 1.959964, v = dof;
    return z + (z * z * z + z) / (4 * v) +
           (5 * std::pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * v * v);
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
