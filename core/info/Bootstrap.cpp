#include "core/info/Bootstrap.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "core/base/SeededUniform.h"

namespace mfh {

namespace {

double percentile(std::vector<double> v, double q) {
    std::sort(v.begin(), v.end());
    const double pos = q * (v.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const auto hi = std::min(v.size() - 1, lo + 1);
    return v[lo] + (pos - lo) * (v[hi] - v[lo]);
}

}  // namespace

Interval Bootstrap::hierarchical(const std::vector<int>& rowsPerSeed, const Statistic& statistic,
                                 int replicates, uint64_t seed) {
    const int S = static_cast<int>(rowsPerSeed.size());
    if (S == 0) throw std::invalid_argument("Bootstrap: no seed");
    Interval out;
    std::vector<double> full(S);
    for (int s = 0; s < S; ++s) {
        std::vector<int> all(rowsPerSeed[s]);
        std::iota(all.begin(), all.end(), 0);
        full[s] = statistic(s, all);
    }
    out.estimate = std::accumulate(full.begin(), full.end(), 0.0) / S;
    SeededUniform draw(seed ^ 0x626f6f74ULL);
    std::vector<double> reps;
    reps.reserve(replicates);
    std::vector<int> rows;
    for (int b = 0; b < replicates; ++b) {
        double sum = 0;
        for (int t = 0; t < S; ++t) {
            const int s = std::min(S - 1, static_cast<int>(draw.next() * S));
            const int n = rowsPerSeed[s];
            rows.resize(n);
            for (int i = 0; i < n; ++i)
                rows[i] = std::min(n - 1, static_cast<int>(draw.next() * n));
            sum += statistic(s, rows);
        }
        reps.push_back(sum / S);
    }
    // The percentile interval of a nonlinear statistic can miss its own estimate (the
    // resamples' bias); it is widened to include it rather than shown beside it.
    if (replicates > 0)
        out.low = std::min(out.estimate, percentile(reps, 0.025)),
        out.high = std::max(out.estimate, percentile(reps, 0.975));
    else
        out.low = out.high = out.estimate;
    return out;
}

Interval Bootstrap::ofMeans(const std::vector<std::vector<double>>& termsPerSeed, int replicates,
                            uint64_t seed) {
    std::vector<int> sizes;
    for (const auto& t : termsPerSeed) sizes.push_back(static_cast<int>(t.size()));
    return hierarchical(
        sizes,
        [&](int s, const std::vector<int>& rows) {
            if (rows.empty()) return 0.0;
            double sum = 0;
            for (int r : rows) sum += termsPerSeed[s][r];
            return sum / rows.size();
        },
        replicates, seed);
}

Interval Bootstrap::ofSeeds(const std::vector<double>& values, int replicates, uint64_t seed) {
    return hierarchical(
        std::vector<int>(values.size(), 0),
        [&](int s, const std::vector<int>&) { return values[s]; }, replicates, seed);
}

}  // namespace mfh
