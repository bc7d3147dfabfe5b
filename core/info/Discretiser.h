#pragma once
// Discretiser: a continuous representation turned into cluster labels for Pid, as the PID
// benchmark prepares its data: standardise, project on the leading principal components (at
// most 2), then k-means (k-means++ seeding from a seed, Lloyd's iterations to convergence or
// 100 rounds). A representation with no varying column becomes one cluster.
// The default k grows slowly with the sample size, k = clamp(⌊∛n⌋, 2, 20): a plug-in PID over
// k₁·k₂·classes cells needs several samples per cell, or its synergy is mostly bias.
#include <cstdint>
#include <vector>

#include "core/info/Samples.h"

namespace mfh {

struct Clusters {
    std::vector<int> label;  // per row, in [0, k)
    int k = 0;
};

class Discretiser {
  public:
    static int defaultClusters(int n);
    // k ≤ 0: defaultClusters(n). Throws std::invalid_argument for no rows.
    static Clusters cluster(const Samples& h, int k = 0, uint64_t seed = 0, int components = 2);
    // The projection of the standardised h on its leading principal components.
    static Samples principalComponents(const Samples& h, int components);
};

}  // namespace mfh
