#include "ClusterCommand.h"

#include <iostream>

#include "core/base/Error.h"
#include "core/cluster/ClusterFolder.h"
#include "core/cluster/ClusterStatus.h"
#include "core/cluster/ClusterSubmit.h"
#include "core/cluster/ClusterTask.h"
#include "core/cluster/Slurm.h"
#include "core/experiments/StoredExperiment.h"

namespace mfh::cli {

using nlohmann::json;

ClusterCommand::ClusterCommand(CLI::App& app) {
    submit_ = app.add_subcommand("submit", "Run an experiment on a Slurm cluster as one job array");
    submit_->add_option("config", config_,
                        "Experiment file (docs/experiment-config.md) or paper experiment name");
    submit_->add_option("--out", out_,
                        "The experiment folder the tasks fill (on a shared file system)");
    submit_->add_option("--resume", resume_,
                        "Resubmit the tasks of this folder whose trials are missing or failed");
    seedsOption_ = submit_->add_option("--seeds", overrides_.seeds, "Number of seeds");
    submit_->add_option("--device", overrides_.device, "cpu, cuda or auto");
    submit_->add_option("--engine", overrides_.engine, "auto, kernel or torch");
    auto& o = options_;
    submit_->add_option("--partition", o.partition, "Slurm partition (default: the cluster's)");
    submit_->add_option("--account", o.account, "Slurm account to charge");
    submit_->add_option("--time", o.time, "Time limit per task (Slurm format: 30, 2:00:00, 1-0)");
    submit_->add_option("--cpus-per-task", o.cpusPerTask, "CPUs per task: its parallel trials");
    submit_->add_option("--mem", o.mem, "Memory per task (4G, 500M)");
    submit_->add_option("--gpus", o.gpus, "GPUs per task (use with --device cuda)");
    submit_->add_option("--array-parallelism", o.arrayParallelism,
                        "At most K tasks running at once (0: no limit)");
    submit_->add_option("--tasks", tasks_,
                        "Number of array tasks (default: one per group of trials that share "
                        "trainings, at most 32)");
    submit_->add_option("--setup", o.setup, "Shell lines each task runs first ('module load ...')");
    submit_->add_option("--mfh", o.mfh, "The mfh the tasks run (default: this one)");
    submit_->add_option("--requeue-limit", o.requeueLimit,
                        "How often a task stopped near its time limit requeues itself (default 3)");
    submit_->add_flag("--dry-run", dryRun_, "Print the batch script and the plan; submit nothing");
    submit_->add_flag("--json", json_, "Print one JSON object");

    status_ = app.add_subcommand("status", "Show the tasks of an experiment submitted to Slurm");
    status_->add_option("dir", statusDir_, "The experiment folder (mfh submit --out DIR)")
        ->required();
    status_->add_flag("--json", statusJson_, "Print one JSON object");

    cancel_ = app.add_subcommand("cancel", "Cancel the Slurm tasks of an experiment folder");
    cancel_->add_option("dir", cancelDir_, "The experiment folder")->required();

    task_ = app.add_subcommand("task",
                               "Run one array task of a submitted experiment (its batch "
                               "script calls this)");
    task_->add_option("dir", taskDir_, "The experiment folder")->required();
    task_->add_option("--task", taskIndex_, "The task's index ($SLURM_ARRAY_TASK_ID)")->required();
    task_->add_option("--threads", taskThreads_, "Parallel trials (default: $SLURM_CPUS_PER_TASK)");
}

bool ClusterCommand::chosen() const {
    return submit_->parsed() || status_->parsed() || cancel_->parsed() || task_->parsed();
}

int ClusterCommand::run(const std::atomic<bool>* interrupted, std::atomic<int>& graceMs) {
    if (submit_->parsed()) return submit();
    if (status_->parsed()) return status();
    if (cancel_->parsed()) return cancel();
    return task(interrupted, graceMs);
}

void ClusterCommand::adjust(SlurmOptions& o) const {
    auto given = [&](const char* name) { return submit_->count(name) > 0; };
    if (given("--partition")) o.partition = options_.partition;
    if (given("--account")) o.account = options_.account;
    if (given("--time")) o.time = options_.time;
    if (given("--cpus-per-task")) o.cpusPerTask = options_.cpusPerTask;
    if (given("--mem")) o.mem = options_.mem;
    if (given("--gpus")) o.gpus = options_.gpus;
    if (given("--array-parallelism")) o.arrayParallelism = options_.arrayParallelism;
    if (given("--setup")) o.setup = options_.setup;
    if (given("--mfh")) o.mfh = options_.mfh;
    if (given("--requeue-limit")) o.requeueLimit = options_.requeueLimit;
}

int ClusterCommand::submit() {
    SubmitOutcome out;
    int trials = 0;
    std::string name;
    if (!resume_.empty()) {
        if (!config_.empty() || !out_.empty())
            throw InputError("--resume DIR takes no experiment or --out: it resubmits DIR's own");
        for (const char* o : {"--seeds", "--device", "--engine", "--tasks"})
            if (submit_->count(o) > 0)
                throw InputError(std::string(o) +
                                 " cannot change a submitted experiment; --resume "
                                 "takes only Slurm options");
        out = ClusterSubmit::resume(
            resume_, [this](SlurmOptions& o) { adjust(o); }, dryRun_);
        const auto state = StoredExperiment::readState(out.dir);
        trials = static_cast<int>(state["points"].size() * state["seeds"].size());
        name = state.value("name", "");
    } else {
        if (config_.empty())
            throw InputError("mfh submit needs an experiment file (or --resume DIR)");
        if (out_.empty()) throw InputError("mfh submit needs --out DIR, the experiment folder");
        SubmitRequest rq;
        rq.config = overrides_.apply(experimentConfig(config_), seedsOption_->count() > 0);
        rq.dir = out_;
        rq.options = options_;
        rq.tasks = tasks_;
        rq.dryRun = dryRun_;
        if (submit_->count("--tasks") > 0 && tasks_ < 1)
            throw InputError("--tasks must be at least 1");
        out = ClusterSubmit::submit(rq);
        const auto spec = ExperimentSpec::fromJson(rq.config);
        trials = static_cast<int>(spec.gridSize() * spec.seeds.size());
        name = spec.name;
    }
    for (const auto& w : out.warnings) std::cerr << "mfh: warning: " << w << "\n";
    if (json_) {
        std::cout << json{{"job", out.job},
                          {"dir", out.dir},
                          {"tasks", out.tasks},
                          {"array", out.array},
                          {"trials", trials},
                          {"groups", out.plan.groups},
                          {"trainings", out.plan.trainings},
                          {"duplicated", out.plan.duplicated},
                          {"note", out.note},
                          {"dry_run", dryRun_}}
                         .dump()
                  << "\n";
        return 0;
    }
    if (!out.note.empty()) {
        std::cout << "nothing to resubmit in " << out.dir << ": " << out.note << "\n";
        return 0;
    }
    if (dryRun_) std::cout << out.script << "\n";
    std::ostream& o = dryRun_ ? std::cerr : std::cout;
    o << (dryRun_ ? "would submit" : "submitted job " + out.job + ":") << " " << out.tasks.size()
      << " task" << (out.tasks.size() == 1 ? "" : "s") << " (array " << out.array << ") for "
      << trials << " trials of " << name << " into " << out.dir << "\n";
    if (resume_.empty()) {
        o << out.plan.trainings << " distinct teacher, no-KD and KD-student trainings in "
          << out.plan.groups << " groups of trials that share them; ";
        if (out.plan.duplicated == 0)
            o << "no training is computed twice\n";
        else
            o << "up to " << out.plan.duplicated
              << " trainings may be computed twice (more tasks than groups): by tasks that share "
                 "them and run at the same time; a task that starts later loads the other's run "
                 "file\n";
    }
    if (!dryRun_) o << "follow it with: mfh status " << out.dir << "\n";
    return 0;
}

int ClusterCommand::status() {
    const auto st = ClusterStatus::of(statusDir_);
    if (statusJson_)
        std::cout << st.toJson().dump() << "\n";
    else
        std::cout << st.text();
    return 0;
}

int ClusterCommand::cancel() {
    std::string why;
    if (!Slurm::available(&why)) throw InputError(why);
    const auto st = ClusterStatus::of(cancelDir_);
    if (!st.schedulerReached) throw InputError("cannot ask Slurm: " + st.schedulerProblem);
    std::vector<std::string> ids;
    for (const auto& t : st.tasks)
        if (t.active()) ids.push_back(t.job);
    if (ids.empty()) {
        std::cout << "no task of " << cancelDir_ << " is queued or running\n";
        return 0;
    }
    Slurm::cancel(ids);
    std::cout << "cancelled " << ids.size() << " task" << (ids.size() == 1 ? "" : "s")
              << "; finished trials stay in " << cancelDir_ << "\n";
    return 0;
}

int ClusterCommand::task(const std::atomic<bool>* interrupted, std::atomic<int>& graceMs) {
    graceMs = 60000;  // the trainings in flight stop at their next batch; state and files follow
    if (taskThreads_ < 0) throw InputError("--threads must not be negative");
    const auto out = ClusterTask::run(taskDir_, taskIndex_, taskThreads_, interrupted);
    std::cerr << "mfh task " << taskIndex_ << ": " << out.trials << " trials (" << out.trialsResumed
              << " already in the folder), " << out.runsTrained << " trainings computed"
              << (out.status == RunStatus::Cancelled ? "; stopped by a signal" : "")
              << (out.folderComplete ? "; the experiment is complete" : "") << "\n";
    return out.status == RunStatus::Cancelled ? 130 : 0;
}

}  // namespace mfh::cli
