#pragma once
// TrainingHealth: whether a finished training can be trusted. A run whose loss is not finite,
// ends far above where it began, or ends far above what predicting the uniform distribution
// costs has diverged (typically unscaled features with a large learning rate); a run whose
// accuracy on its own training data is no better than always answering the majority class
// has learned nothing. Both still produce numbers; the experiment reports them so that no one
// reads them as results.
#include <cstdint>
#include <string>
#include <vector>

#include "core/training/TrainConfig.h"

namespace mfh {

struct TrainingHealth {
    bool diverged = false;
    bool learnedNothing = false;
    double trainAccuracy = 0, majority = 0;  // in [0, 1]
    std::string reason;                      // one line for the log, empty when healthy
};

class TrainingHealthCheck {
  public:
    // `trainAccuracy` of the kept weights on the training rows `y`; `kd` says whether the loss
    // had a distillation term (its reference loss is larger).
    static TrainingHealth check(const TrainResult& result, double trainAccuracy,
                                const std::vector<int64_t>& y, int classes, const KdConfig& kd,
                                bool withKd);
};

}  // namespace mfh
