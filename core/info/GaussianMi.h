#pragma once
// GaussianMi: the mutual information of two variables under a jointly Gaussian fit,
//   I(X;Y) = ½[log det R_XX + log det R_YY − log det R]   (nats),
// R the correlation matrix of [X, Y] with a ridge εI added (embeddings are often rank-deficient:
// class-centred logits, duplicated features). log det = 2 Σ log diag(chol R).
// Exact for jointly Gaussian variables; otherwise a measure of linear dependence, not a bound.
// Constant columns are dropped (they carry no information); with no varying column left on
// either side the result is 0.
#include "core/info/Samples.h"

namespace mfh {

class GaussianMi {
  public:
    static constexpr double kRidge = 1e-6;
    // Throws std::invalid_argument when x and y have different numbers of rows or fewer than 3.
    static double estimate(const Samples& x, const Samples& y, double ridge = kRidge);
    // I(ρ) = −½ log(1 − ρ²) for two scalars of correlation ρ: the closed form the tests use.
    static double ofCorrelation(double rho);
};

}  // namespace mfh
