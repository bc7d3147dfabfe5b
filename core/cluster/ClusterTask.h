#pragma once
// ClusterTask: one array task of a submitted experiment, as the batch script runs it: reads
// the folder's experiment, checks it is the one submitted, and runs the task's trials into
// the folder (Experiment with an ExperimentShard), recording its state in slurm/task-I.json:
// running, complete, cancelled (stopped by a signal; finished trials kept) or failed with the
// message. The task that finds every trial in the folder finishes it (ClusterFolder).
#include <atomic>
#include <string>

#include "core/training/RunStatus.h"

namespace mfh {

struct TaskOutcome {
    RunStatus status = RunStatus::Complete;
    int trials = 0, trialsResumed = 0;
    int runsTrained = 0;
    bool folderComplete = false;
};

class ClusterTask {
  public:
    // `threads` (0: $SLURM_CPUS_PER_TASK, else one per core) caps the experiment's own.
    // Throws InputError naming the problem, after recording it in the task's state file when
    // the folder allows.
    static TaskOutcome run(const std::string& dir, int task, int threads,
                           const std::atomic<bool>* cancel);
};

}  // namespace mfh
