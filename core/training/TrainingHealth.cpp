#include "core/training/TrainingHealth.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace mfh {

TrainingHealth TrainingHealthCheck::check(const TrainResult& r, double trainAccuracy,
                                          const std::vector<int64_t>& y, int classes,
                                          const KdConfig& kd, bool withKd) {
    TrainingHealth h;
    h.trainAccuracy = trainAccuracy;
    std::map<int64_t, int64_t> counts;
    for (auto v : y) ++counts[v];
    int64_t top = 0;
    for (const auto& kv : counts) top = std::max(top, kv.second);
    h.majority = y.empty() ? 0 : double(top) / double(y.size());

    // What the uniform prediction costs: log C for cross-entropy, and at most as much again,
    // scaled by the weights, for the distillation term.
    const double logC = std::log(std::max(classes, 2));
    const double reference =
        withKd ? (kd.wGt + kd.wKd * kd.temperature * kd.temperature) * logC : logC;
    bool finiteCurve = true;
    if (auto it = r.curves.find("loss"); it != r.curves.end())
        for (double v : it->second) finiteCurve = finiteCurve && std::isfinite(v);
    char buf[200];
    if (!std::isfinite(r.finalLoss) || !std::isfinite(r.initialLoss) || !finiteCurve) {
        h.diverged = true;
        h.reason = "the loss became NaN or infinite";
    } else if (r.epochsRun > 1 && r.finalLoss > 2 * r.initialLoss + 1e-6) {
        h.diverged = true;
        std::snprintf(buf, sizeof buf, "the loss rose from %.4g in the first epoch to %.4g",
                      r.initialLoss, r.finalLoss);
        h.reason = buf;
    } else if (r.finalLoss > 10 * reference) {
        h.diverged = true;
        std::snprintf(buf, sizeof buf,
                      "the final loss %.4g is far above the %.4g of a uniform prediction",
                      r.finalLoss, reference);
        h.reason = buf;
    }
    if (!std::isfinite(trainAccuracy) || trainAccuracy <= h.majority + 1e-9) {
        h.learnedNothing = true;
        std::snprintf(buf, sizeof buf,
                      "training accuracy %.1f %% is no better than the majority class (%.1f %%)",
                      100 * trainAccuracy, 100 * h.majority);
        h.reason += (h.reason.empty() ? "" : "; ") + std::string(buf);
    }
    return h;
}

}  // namespace mfh
