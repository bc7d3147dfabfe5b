#include "core/cluster/ClusterTask.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "core/base/AtomicFile.h"
#include "core/base/Error.h"
#include "core/base/TimeStamp.h"
#include "core/cluster/ClusterFolder.h"
#include "core/experiments/Experiment.h"
#include "core/experiments/ExperimentFolder.h"
#include "core/experiments/StoredExperiment.h"

namespace mfh {

using nlohmann::json;

namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

json taskInfo(int task) {
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    json info = {{"task", task}, {"host", host}, {"pid", static_cast<int>(::getpid())}};
    const std::string job = env("SLURM_ARRAY_JOB_ID");
    if (!job.empty()) info["job"] = job + "_" + env("SLURM_ARRAY_TASK_ID");
    if (!env("SLURM_JOB_ID").empty()) info["job_id"] = env("SLURM_JOB_ID");
    int restarts = 0;
    try {
        restarts = env("SLURM_RESTART_COUNT").empty() ? 0 : std::stoi(env("SLURM_RESTART_COUNT"));
    } catch (const std::exception&) {
    }
    info["attempt"] = restarts + 1;
    return info;
}

}  // namespace

TaskOutcome ClusterTask::run(const std::string& dir, int task, int threads,
                             const std::atomic<bool>* cancel) {
    const ClusterFolder folder(dir);
    const json info = taskInfo(task);
    // A problem found before the experiment starts is recorded too, so that mfh status can
    // name it; the folder may be unwritable, in which case only the error remains.
    auto record = [&](const std::string& message) {
        json state = info;
        state["format"] = "mfh-task", state["version"] = 1, state["status"] = "failed";
        state["message"] = message, state["updated"] = isoNow();
        try {
            writeTextAtomically(folder.taskStatePath(task), state.dump(1) + "\n");
        } catch (const InputError&) {
        }
    };
    try {
        const auto state = StoredExperiment::readState(dir);
        // state.json says so before sbatch runs, so a task that starts at once finds it.
        if (state.value("scheduler", "") != "slurm")
            throw InputError(dir +
                             " was never submitted to Slurm (its state.json names no scheduler)");
        auto spec = folder.experiment();
        const int total = static_cast<int>(spec.gridSize() * spec.seeds.size());
        const auto plan = folder.plan(total);
        if (task < 0 || task >= static_cast<int>(plan.tasks.size()))
            throw InputError("task " + std::to_string(task) + " is not in " + folder.tasksPath() +
                             " (it has " + std::to_string(plan.tasks.size()) + " tasks)");
        if (threads <= 0) {
            try {
                threads =
                    env("SLURM_CPUS_PER_TASK").empty() ? 0 : std::stoi(env("SLURM_CPUS_PER_TASK"));
            } catch (const std::exception&) {
                threads = 0;
            }
        }
        // The CPUs Slurm granted, never more than the experiment's own "threads" asks for.
        if (threads > 0)
            spec.threads = spec.threads > 0 ? std::min(spec.threads, threads) : threads;
        ExperimentShard shard;
        shard.trials = plan.tasks[static_cast<std::size_t>(task)];
        shard.statePath = folder.taskStatePath(task);
        shard.info = info;
        Experiment exp(spec, dir, shard);
        ExperimentCallbacks cb;
        cb.cancel = cancel;
        const auto res = exp.run(cb);
        TaskOutcome out;
        out.status = res.status;
        out.trials = static_cast<int>(shard.trials.size());
        out.trialsResumed = res.trialsResumed;
        out.runsTrained = res.runsTrained;
        try {
            out.folderComplete = folder.finishIfComplete();
        } catch (const InputError& e) {
            // The trials are in; the summary waits for the next task, status or report.
            std::fprintf(stderr, "mfh: cannot finish %s yet: %s\n", dir.c_str(), e.what());
        }
        return out;
    } catch (const InputError& e) {
        // An error inside the experiment is already in the state file, with its progress.
        const json written = folder.taskState(task);
        if (written.is_null() || written.value("status", "") != "failed" ||
            written.value("message", "") != e.what())
            record(e.what());
        throw;
    }
}

}  // namespace mfh
