#pragma once
// ExperimentCallbacks: how a front end follows a running experiment. Every function is called
// from worker threads; empty functions are skipped. `progress`, when set, is kept up to date
// by the engine (stage, each worker's trial, role and epoch, epochs done of planned) with
// atomics only, for a front end that polls it; the command line leaves it unset and pays nothing.
#include <atomic>
#include <functional>
#include <string>

#include "core/experiments/ExperimentProgress.h"
#include "core/runs/RunRecord.h"
#include "core/training/TrainConfig.h"

namespace mfh {

struct ExperimentCallbacks {
    std::function<void(int done, int total)> onProgress;                             // trials
    std::function<void(const std::string& id, const std::string& role)> onRunStart;  // before
    std::function<void(const RunRecord&)> onRun;  // each training, as it finishes
    // A training taken from the run file an earlier run of the experiment left in its folder.
    std::function<void(const std::string& id, const std::string& role)> onRunResumed;
    // Every epoch of every training. Set only when wanted: it costs a call per epoch.
    // Accuracies are in [0, 1] and present only on evaluation epochs.
    std::function<void(const std::string& id, const EpochReport&)> onEpoch;
    const std::atomic<bool>* cancel = nullptr;
    ExperimentProgress* progress = nullptr;
};

}  // namespace mfh
