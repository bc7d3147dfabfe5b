#pragma once
// SlurmOptions: what a submission asks of the scheduler (partition, time, CPUs, memory, GPUs,
// array parallelism, setup commands, requeue limit) and the batch script made from them. The
// script runs one array task (`mfh task DIR --task $SLURM_ARRAY_TASK_ID`) and asks for a
// signal before the time limit: on it the task stops cleanly (finished trials kept) and
// requeues itself, at most `requeueLimit` times. Kept in the folder's submissions, so that a
// resubmission asks for the same unless told otherwise.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mfh {

struct SlurmOptions {
    std::string partition, time, mem, account;
    int cpusPerTask = 1;
    int gpus = 0;
    int arrayParallelism = 0;  // 0: no limit
    int requeueLimit = 3;
    int signalSeconds = 120;  // before the time limit
    std::string setup;        // shell lines run before mfh (module load ...)
    std::string mfh;          // the mfh the tasks run (absolute path)

    // Throws InputError naming the first bad value (a time Slurm cannot read, a count < 0).
    void check() const;
    std::string batchScript(const std::string& dir, const std::string& jobName) const;
    // The script's resource requests as sbatch arguments: given on its command line they win
    // over SBATCH_* variables of the user's environment, which would override #SBATCH lines.
    std::vector<std::string> sbatchArgs() const;
    // A warning for a time limit so short that the signal before it (which Slurm may send up
    // to a minute early) would stop the task almost at once; "" when none.
    std::string timeWarning() const;
    nlohmann::json toJson() const;
    // Missing keys keep the defaults; a malformed value throws InputError naming `what`.
    static SlurmOptions fromJson(const nlohmann::json& j, const std::string& what);
};

}  // namespace mfh
