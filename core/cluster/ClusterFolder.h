#pragma once
// ClusterFolder: the scheduler's part of an experiment folder, DIR/slurm/ (docs/formats.md,
// "Cluster folder"): tasks.json (each array task's trials, a ShardPlan), job.sh (the batch
// script), submissions.json (every sbatch of the folder: job id, tasks, options, time),
// task-I.json (each task's state, written by the task) and logs/ (the tasks' output). Every
// file is written atomically. Also finishes the folder once every trial is in: summary.csv
// and state.json "complete", as a local run leaves them.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/cluster/ShardPlan.h"
#include "core/cluster/SlurmOptions.h"
#include "core/experiments/ExperimentSpec.h"

namespace mfh {

struct Submission {
    std::string job;         // the array's job id
    std::vector<int> tasks;  // the task indices it ran
    std::string time;        // ISO time of the submission
    SlurmOptions options;
};

class ClusterFolder {
  public:
    explicit ClusterFolder(std::string dir) : dir_(std::move(dir)) {}

    const std::string& dir() const { return dir_; }
    std::string slurmDir() const;
    std::string scriptPath() const;
    std::string tasksPath() const;
    std::string taskStatePath(int task) const;
    std::string logPath(const std::string& job, int task) const;

    // Whether the folder was ever submitted (it has submissions.json).
    bool submitted() const;
    // Throws InputError, saying how to submit it, when the folder was never submitted.
    void requireSubmitted() const;
    // The experiment the folder was submitted with: experiment.json, checked against
    // state.json's hash (a file changed after the submission would mix two experiments'
    // trials). Reads those two files only. Throws InputError naming the problem.
    ExperimentSpec experiment() const;
    std::vector<Submission> submissions() const;  // throws InputError naming a broken file
    void addSubmission(const Submission& s) const;

    ShardPlan plan(int trials) const;  // tasks.json, checked against the experiment's size
    void writePlan(const ShardPlan& p) const;
    // A task's state file, or null when it has none or it is unreadable.
    nlohmann::json taskState(int task) const;
    // The last non-empty line of a task's log, or "".
    std::string logTail(const std::string& job, int task) const;

    // When every trial of the experiment has its file: writes summary.csv and marks state.json
    // complete, with the tasks' counts summed. Returns whether the folder is complete. Safe to
    // call from several tasks at once: they write the same content, each file atomically.
    bool finishIfComplete() const;

  private:
    std::string dir_;
};

}  // namespace mfh
