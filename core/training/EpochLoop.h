#pragma once
// EpochLoop: the epoch bookkeeping both trainers share (the linear kernel and LibTorch), so
// that they evaluate, record curves, select weights, stop early and call back identically:
//   for each epoch e:  steps…;  if (!loop.finish(e, loss, evaluate, keepBest)) break;
// `evaluate` fills the accuracies of the current weights on every evaluation set; `keepBest`
// saves the current weights as the best-validation ones. Reporting epochs are the evaluation
// epochs (every evalEvery) and the last one.
#include <functional>
#include <map>
#include <string>

#include "core/training/TrainConfig.h"

namespace mfh {

class EpochLoop {
  public:
    EpochLoop(TrainResult& result, const TrainConfig& cfg, const TrainerCallbacks& cb);
    bool reports(int epoch) const {
        return epoch == cfg_.epochs || (cfg_.evalEvery > 0 && epoch % cfg_.evalEvery == 0);
    }
    // After epoch `epoch`'s steps (mean loss `loss`). Returns false when training stops: the
    // callback cancelled (status cancelled) or early stopping ended it (stoppedEarly).
    bool finish(int epoch, double loss,
                const std::function<void(std::map<std::string, double>&)>& evaluate,
                const std::function<void()>& keepBest);
    // A run cancelled inside an epoch (the cancel flag polled per batch).
    void cancelled() { result_.status = RunStatus::Cancelled; }
    // Whether best-validation weights were kept; otherwise the last epoch is the selected one
    // (and selectedEpoch is set here).
    bool useBest();

  private:
    TrainResult& result_;
    const TrainConfig& cfg_;
    const TrainerCallbacks& cb_;
    double bestVal_ = -1, stopVal_ = -1;
    int sinceBest_ = 0;
};

}  // namespace mfh
