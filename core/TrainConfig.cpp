#include "core/TrainConfig.h"

#include "core/Error.h"

namespace mfh {

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
