#include "core/training/TrainConfig.h"

#include <cmath>

#include "core/base/Error.h"

namespace mfh {

const char* scheduleName(Schedule s) {
    return s == Schedule::Step ? "step" : s == Schedule::Cosine ? "cosine" : "none";
}

double TrainConfig::lrAt(int epoch) const {
    switch (schedule) {
        case Schedule::Step:
            return lr * std::pow(stepGamma, (epoch - 1) / std::max(1, stepSize));
        case Schedule::Cosine:
            return lr * 0.5 * (1.0 + std::cos(M_PI * (epoch - 1) / std::max(1, epochs)));
        case Schedule::None:
            break;
    }
    return lr;
}

bool recordEvaluation(TrainResult& res, const EpochReport& rep, Selection selection,
                      double& bestVal) {
    res.curveEpochs.push_back(rep.epoch);
    res.curves["loss"].push_back(rep.loss);
    for (const auto& kv : rep.accuracy) res.curves["acc_" + kv.first].push_back(kv.second);
    res.finalLoss = rep.loss;
    if (selection != Selection::BestVal) return false;
    auto it = rep.accuracy.find("val");
    if (it == rep.accuracy.end()) throw InputError("best-validation selection needs a 'val' split");
    if (it->second <= bestVal) return false;
    bestVal = it->second;
    res.selectedEpoch = rep.epoch;
    return true;
}

}  // namespace mfh
