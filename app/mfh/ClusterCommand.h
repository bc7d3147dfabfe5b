#pragma once
// The cluster commands (docs/cluster.md): `mfh submit` hands an experiment to Slurm as a job
// array (or, with --resume, what it lacks), `mfh status` shows its tasks, `mfh cancel` calls
// scancel on them, and `mfh task` is what each array task runs (the batch script calls it).
#include <CLI/CLI.hpp>

#include <atomic>
#include <string>

#include "ConfigOverrides.h"
#include "core/cluster/SlurmOptions.h"

namespace mfh::cli {

class ClusterCommand {
  public:
    explicit ClusterCommand(CLI::App& app);
    bool chosen() const;
    // `interrupted` is set by SIGINT/SIGTERM; `graceMs` is how long the process may take to
    // stop cleanly after it (a task records its state and keeps its finished trials).
    int run(const std::atomic<bool>* interrupted, std::atomic<int>& graceMs);

  private:
    int submit();
    int status();
    int cancel();
    int task(const std::atomic<bool>* interrupted, std::atomic<int>& graceMs);
    void adjust(SlurmOptions& o) const;  // the options given on the command line

    CLI::App *submit_ = nullptr, *status_ = nullptr, *cancel_ = nullptr, *task_ = nullptr;
    std::string config_, out_, resume_;
    ConfigOverrides overrides_;
    CLI::Option* seedsOption_ = nullptr;
    SlurmOptions options_;
    int tasks_ = 0;
    bool dryRun_ = false, json_ = false;
    std::string statusDir_, cancelDir_, taskDir_;
    int taskIndex_ = -1, taskThreads_ = 0;
    bool statusJson_ = false;
};

}  // namespace mfh::cli
