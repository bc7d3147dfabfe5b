#pragma once
// LabelProbe: I(H;Y) for a discrete label, estimated by a held-out probe (the Barber–Agakov
// bound): a multinomial logistic regression p̂(y|h) is fitted on K − 1 folds and scored on the
// K-th, and
//   Î(H;Y) = mean over held-out rows of [log p̂(y_i|h_i) − log p̄(y_i)]   (nats),
// with p̄ the class frequencies of the training folds (add-one smoothed): the drop of held-out
// cross-entropy from the label's marginal to the probe. A lower bound on I(H;Y) up to sampling
// noise (it can fall slightly below 0 when H says nothing). The per-row terms are returned so
// that a bootstrap averages resamples of them without refitting.
// The probe: H standardised on the training folds, weights fitted by Newton's method on the
// ridge-penalised log-likelihood (λ = 1e-4 per sample), at most 50 steps, each halved until
// the objective decreases.
#include <cstdint>
#include <vector>

#include "core/info/Samples.h"

namespace mfh {

class LabelProbe {
  public:
    static constexpr int kFolds = 5;
    // y in [0, classes). Throws std::invalid_argument for mismatched lengths, a label out of
    // range, fewer rows than 2·folds, or folds < 2.
    static std::vector<double> pointwise(const Samples& h, const std::vector<int>& y, int classes,
                                         int folds = kFolds, uint64_t seed = 0);
    static double estimate(const Samples& h, const std::vector<int>& y, int classes,
                           int folds = kFolds, uint64_t seed = 0);
};

}  // namespace mfh
