#include "core/training/EpochLoop.h"

#include <algorithm>

#include "core/base/Error.h"

namespace mfh {

EpochLoop::EpochLoop(TrainResult& result, const TrainConfig& cfg, const TrainerCallbacks& cb)
    : result_(result), cfg_(cfg), cb_(cb) {}

bool EpochLoop::finish(int epoch, double loss,
                       const std::function<void(std::map<std::string, double>&)>& evaluate,
                       const std::function<void()>& keepBest) {
    if (epoch == 1) result_.initialLoss = loss;
    result_.epochsRun = epoch;
    EpochReport rep;
    rep.epoch = epoch;
    rep.epochs = cfg_.epochs;
    if (reports(epoch)) {
        rep.loss = loss;
        evaluate(rep.accuracy);
        if (recordEvaluation(result_, rep, cfg_.selection, bestVal_)) keepBest();
        if (cfg_.patience > 0) {
            auto it = rep.accuracy.find("val");
            if (it == rep.accuracy.end())
                throw InputError("early stopping (patience) needs a 'val' split");
            sinceBest_ = it->second > stopVal_ ? 0 : sinceBest_ + 1;
            stopVal_ = std::max(stopVal_, it->second);
            if (sinceBest_ >= cfg_.patience) result_.stoppedEarly = true;
        }
    }
    if (cb_.onEpoch && !cb_.onEpoch(rep)) {
        result_.status = RunStatus::Cancelled;
        return false;
    }
    return !result_.stoppedEarly;
}

bool EpochLoop::useBest() {
    if (cfg_.selection == Selection::BestVal && bestVal_ >= 0) return true;
    result_.selectedEpoch = result_.epochsRun;
    return false;
}

}  // namespace mfh
