#pragma once
// ClusterStatus: where a submitted experiment stands, task by task, from what the folder holds
// (trial files, the tasks' state files, their logs) and what the scheduler says (squeue,
// scontrol, sacct). The trial files decide "done": a task whose trials are all in the folder
// is done whatever the scheduler remembers. What `mfh status DIR` prints and the workbench's
// job row shows.
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/cluster/Slurm.h"

namespace mfh {

// Unknown: the scheduler could not be asked, so nothing but the trial files is known.
enum class TaskState {
    NotSubmitted,
    Pending,
    Running,
    Requeued,
    Done,
    Failed,
    Cancelled,
    Lost,
    Unknown
};
const char* nameOf(TaskState s);

struct TaskStatus {
    int task = 0;
    std::string job;  // "JOB_TASK" of its last submission, "" when never submitted
    TaskState state = TaskState::NotSubmitted;
    std::string reason;  // why it failed, was cancelled or waits
    int trials = 0, trialsComplete = 0;
    int attempts = 0;  // runs of the task (requeues + 1), when known
    // Queued, requeued or running: the scheduler may still add its trials.
    bool active() const {
        return state == TaskState::Pending || state == TaskState::Running ||
               state == TaskState::Requeued;
    }
};

struct ClusterStatus {
    std::string dir, name;
    std::vector<std::string> jobs;  // every array submitted into the folder
    std::vector<TaskStatus> tasks;
    int trialsTotal = 0, trialsComplete = 0;
    int duplicatedPlanned = 0;  // trainings the plan computes twice
    bool schedulerReached = true;
    std::string schedulerProblem;  // why squeue/scontrol could not be asked

    bool complete() const { return trialsTotal > 0 && trialsComplete == trialsTotal; }
    bool active() const;  // a task pending, requeued or running
    int count(TaskState s) const;
    // "complete", "running" (tasks queued or running), "unknown" (the scheduler could not be
    // asked) or "partial" (nothing will add trials: resubmit with --resume).
    std::string overall() const;

    // Throws InputError when `dir` is no experiment folder or was never submitted. With
    // `ask` false the scheduler is not asked (the folder's view only).
    static ClusterStatus of(const std::string& dir, bool ask = true);
    // Combines one task's evidence; public for tests.
    static void decide(TaskStatus& t, const SlurmTaskRecord* record, const nlohmann::json& state,
                       const std::string& logTail);

    std::string text() const;  // the table `mfh status` prints
    nlohmann::json toJson() const;
};

}  // namespace mfh
