#pragma once
// WhatIf: the generator dialog's live what-if. For the generator settings at hand it keeps each
// modality's decisive columns (|G| + |A| for a, |G| + |B| for b) and moves up to six amounts of
// them into the shared part, from none to as many as both can share, which moves γ from 0 to its
// largest value. At each point it trains the Fig. 2 experiment (linear teacher on a, linear
// student on b, SGD 0.1, 1000 full-batch epochs, KD w = 1, T = 1) at `seeds` seeds on the
// linear kernel (the measured gain, mean and std) and asks the advisor (3 pilot seeds, 40
// bootstrap replicates and no PID, for speed: the predicted gain and the verdict). About half a
// second on two cores at the dialog's default size (bench_gui --what-if).
#include <atomic>
#include <vector>

#include "core/advisor/Advisor.h"
#include "core/data/VennGenerator.h"

namespace mfh {

struct WhatIfPoint {
    int shared = 0;
    double gamma = 0;              // the layout's true γ (columns)
    double gain = 0, gainStd = 0;  // measured, accuracy points
    Interval predicted;            // the advisor's predicted gain
    Verdict verdict = Verdict::Inconclusive;
};

class WhatIf {
  public:
    static constexpr int64_t kMaxRows = 20000;  // n_train + n_test beyond which it refuses
    // Throws InputError for settings the generator refuses or too large for a live answer,
    // Cancelled when cancelled.
    static std::vector<WhatIfPoint> curve(const VennSpec& base, int seeds = 10,
                                          const std::atomic<bool>* cancel = nullptr);
    // The shared amounts the curve visits (exposed for the tests).
    static std::vector<int> sharedSteps(const VennSpec& base);
};

}  // namespace mfh
