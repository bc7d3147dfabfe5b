#pragma once
// Ksg: the Kraskov–Stögbauer–Grassberger estimator of I(X;Y) (KSG-1, as NPEET and latentmi):
// with the max-norm in the joint space, ε_i the distance of sample i to its k-th neighbour,
// n_x(i) = #{j ≠ i : ‖x_j − x_i‖∞ < ε_i} and n_y(i) likewise,
//   Î = ψ(k) + ψ(N) − ⟨ψ(n_x + 1) + ψ(n_y + 1)⟩   (nats).
// Each variable is standardised first (column by column, so the max-norm weighs columns
// alike), and ties are broken by a seeded jitter of 1e-10. The pointwise terms are returned
// too: their mean over any resample of the rows is that resample's estimate with the
// neighbourhoods of the full sample, which is how a bootstrap takes the estimator's CI without
// the duplicated rows a resample would put at distance 0. Brute force, O(N²(d_x + d_y)).
#include <cstdint>
#include <vector>

#include "core/info/Samples.h"

namespace mfh {

class Ksg {
  public:
    static constexpr int kNeighbours = 3;
    static constexpr int kMaxSamples = 20000;  // 4·10⁸ distance evaluations
    // Throws std::invalid_argument for different row counts, N ≤ k, k < 1 or N > kMaxSamples.
    static std::vector<double> pointwise(const Samples& x, const Samples& y, int k = kNeighbours,
                                         uint64_t seed = 0);
    static double estimate(const Samples& x, const Samples& y, int k = kNeighbours,
                           uint64_t seed = 0);
};

}  // namespace mfh
