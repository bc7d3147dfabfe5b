#pragma once
// Bootstrap: percentile confidence intervals of a statistic measured on several seeds, each
// with its own rows (held-out samples), resampling both levels: a replicate draws the seeds
// with replacement and, for each drawn seed, its rows with replacement, and averages the
// statistic over the drawn seeds. The estimate is the mean over seeds on all rows; the interval
// (percentiles 2.5 and 97.5 of the replicates) is widened to contain it when it does not.
#include <cstdint>
#include <functional>
#include <vector>

namespace mfh {

struct Interval {
    double estimate = 0, low = 0, high = 0;  // 95 % percentile interval
    bool excludes(double threshold) const { return low > threshold || high < threshold; }
};

class Bootstrap {
  public:
    static constexpr int kReplicates = 200;
    // statistic(s, rows): the value on seed s's rows `rows` (indices into its rows, repeats
    // allowed). rowsPerSeed[s] is seed s's row count; a seed with 0 rows is resampled as a
    // whole (its statistic called with no rows). Throws std::invalid_argument without seeds.
    using Statistic = std::function<double(int seed, const std::vector<int>& rows)>;
    static Interval hierarchical(const std::vector<int>& rowsPerSeed, const Statistic& statistic,
                                 int replicates = kReplicates, uint64_t seed = 0);
    // The common case of a statistic that is the mean of per-row terms.
    static Interval ofMeans(const std::vector<std::vector<double>>& termsPerSeed,
                            int replicates = kReplicates, uint64_t seed = 0);
    // Seeds only: per-seed values, resampled with replacement.
    static Interval ofSeeds(const std::vector<double>& values, int replicates = kReplicates,
                            uint64_t seed = 0);
};

}  // namespace mfh
