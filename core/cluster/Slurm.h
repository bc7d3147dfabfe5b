#pragma once
// Slurm: the scheduler's own commands (sbatch, squeue, scontrol, sacct, scancel), run as
// programs with a time limit each (core/base/Subprocess) and their output parsed. No Slurm
// library is linked: a machine without Slurm builds and runs everything else, and these
// calls say in one line that Slurm is absent. Every call is safe from any thread.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/base/Error.h"

namespace mfh {

// The scheduler did not answer in time, or answered a submission without a job id: whether
// it acted is unknown (a job may be queued).
struct SchedulerSilent : InputError {
    using InputError::InputError;
};

// One array task as the scheduler knows it.
struct SlurmTaskRecord {
    std::string job;       // the array's job id
    int task = -1;         // its index in the array
    std::string state;     // PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, ...
    std::string reason;    // squeue/scontrol's Reason (None, Resources, NonZeroExitCode, ...)
    std::string exitCode;  // "3:0" (exit code : signal), when ended
    int restarts = 0;      // requeues so far
};

class Slurm {
  public:
    // Whether sbatch is on PATH; else `why` gets the one line to print.
    static bool available(std::string* why = nullptr);
    // Throws InputError naming the partition when the cluster has none of that name.
    static void checkPartition(const std::string& partition);
    // Asks sbatch whether it would accept the script (--test-only; nothing is submitted).
    // Throws InputError quoting sbatch's reason when not.
    static void testScript(const std::string& scriptPath, const std::string& array,
                           const std::vector<std::string>& args = {});
    // Submits the script as a job array of the given indices ("0-9%4", "2,5"), with `args`
    // before the script; returns the job id. Throws InputError quoting sbatch's reason.
    static std::string submit(const std::string& scriptPath, const std::string& array,
                              const std::vector<std::string>& args = {});
    // The tasks of these arrays the scheduler still knows: squeue for queued and running
    // ones, scontrol for those ended (kept for MinJobAge), sacct where accounting exists.
    // Later sources fill only what earlier ones lack. Keyed by "JOB_TASK".
    static std::map<std::string, SlurmTaskRecord> tasks(const std::vector<std::string>& jobs);
    // scancel on these jobs (or "JOB_TASK" ids); throws InputError with scancel's reason.
    static void cancel(const std::vector<std::string>& ids);
    // An array list in sbatch's syntax: consecutive indices as ranges, "%K" when limited.
    static std::string arraySpec(const std::vector<int>& indices, int parallelism);

    // Parsers, public for tests: `squeue -h -r -o %i|%T|%r|%R`-style lines and `scontrol -o
    // show job` lines.
    static std::vector<SlurmTaskRecord> parseSqueue(const std::string& text);
    static std::vector<SlurmTaskRecord> parseScontrol(const std::string& text);
    static std::vector<SlurmTaskRecord> parseSacct(const std::string& text);
};

}  // namespace mfh
