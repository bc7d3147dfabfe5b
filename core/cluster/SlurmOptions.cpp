#include "core/cluster/SlurmOptions.h"

#include <regex>

#include "core/base/Error.h"

namespace mfh {

using nlohmann::json;

namespace {

// Single quotes for the shell: 'it'\''s'.
std::string quoted(const std::string& s) {
    std::string out = "'";
    for (const char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

bool safeWord(const std::string& s) {
    return std::regex_match(s, std::regex("[A-Za-z0-9_.:,+@/=-]*"));
}

}  // namespace

void SlurmOptions::check() const {
    // Slurm's time formats: M, M:S, H:M:S, D-H, D-H:M, D-H:M:S.
    // At most 7 digits a field: a year is 525,960 minutes, and the numbers stay readable.
    static const std::regex timeFormat(
        R"(^(\d{1,7}|\d{1,7}:\d{1,2}|\d{1,7}:\d{1,2}:\d{1,2}|\d{1,4}-\d{1,2}|\d{1,4}-\d{1,2}:\d{1,2}|\d{1,4}-\d{1,2}:\d{1,2}:\d{1,2})$)");
    if (!time.empty() && time != "infinite" && time != "UNLIMITED" &&
        !std::regex_match(time, timeFormat))
        throw InputError("--time '" + time +
                         "' is not a Slurm time (minutes, H:M:S, or D-H:M:S, e.g. 2:00:00)");
    if (cpusPerTask < 1 || cpusPerTask > 4096)
        throw InputError("--cpus-per-task must be between 1 and 4096");
    if (gpus < 0 || gpus > 64) throw InputError("--gpus must be between 0 and 64");
    if (arrayParallelism < 0) throw InputError("--array-parallelism must not be negative");
    if (requeueLimit < 0 || requeueLimit > 100)
        throw InputError("--requeue-limit must be between 0 and 100");
    if (!std::regex_match(mem, std::regex("^([0-9]+[KMGT]?)?$")))
        throw InputError("--mem '" + mem + "' is not a Slurm memory size (e.g. 4G, 500M)");
    for (const auto* s : {&partition, &account})
        if (!safeWord(*s)) throw InputError("'" + *s + "' is not a partition or account name");
}

std::string SlurmOptions::batchScript(const std::string& dir, const std::string& jobName) const {
    std::string s = "#!/bin/bash\n";
    s += "# One array task of the MFH experiment in " + dir + ", written by mfh submit.\n";
    s += "# Each task runs its trials (" + dir + "/slurm/tasks.json) into the folder.\n";
    s += "#SBATCH --job-name=" + (safeWord(jobName) ? jobName : std::string("mfh")) + "\n";
    s += "#SBATCH --output=" + dir + "/slurm/logs/%A_%a.out\n";
    s += "#SBATCH --open-mode=append\n";
    s += "#SBATCH --cpus-per-task=" + std::to_string(cpusPerTask) + "\n";
    if (!partition.empty()) s += "#SBATCH --partition=" + partition + "\n";
    if (!account.empty()) s += "#SBATCH --account=" + account + "\n";
    if (!time.empty()) s += "#SBATCH --time=" + time + "\n";
    if (!mem.empty()) s += "#SBATCH --mem=" + mem + "\n";
    if (gpus > 0) s += "#SBATCH --gpus=" + std::to_string(gpus) + "\n";
    s += "#SBATCH --requeue\n";
    s += "#SBATCH --signal=B:USR1@" + std::to_string(signalSeconds) + "\n";
    s += "\n";
    // The signals are taken from the start: USR1's default action would end the shell during
    // a long setup. Before mfh runs they only end the script (nothing to stop cleanly yet).
    s += "child=\n";
    s += "signal=\n";
    s += "trap 'signal=USR1; if [ -n \"$child\" ]; then kill -TERM $child; else exit 143; fi' "
         "USR1\n";
    s += "trap 'signal=TERM; if [ -n \"$child\" ]; then kill -TERM $child; else exit 143; fi' "
         "TERM\n\n";
    if (!setup.empty()) {
        s += "# Setup, from --setup: a failure here ends the task before mfh starts.\n";
        s += "set -e\n" + setup + (setup.back() == '\n' ? "" : "\n") + "set +e\n\n";
    }
    s += "MFH=" + quoted(mfh) + "\n";
    s += "DIR=" + quoted(dir) + "\n";
    s += "echo \"mfh task $SLURM_ARRAY_TASK_ID of job $SLURM_ARRAY_JOB_ID on $(hostname), attempt "
         "$(( ${SLURM_RESTART_COUNT:-0} + 1 ))\"\n";
    // mfh runs in the background so that the shell can take the signals: USR1 (the time limit
    // is near) and TERM (pre-emption, scancel) are passed on as TERM, on which mfh finishes
    // the trainings in flight as cancelled and keeps every finished trial.
    s += "\"$MFH\" task \"$DIR\" --task \"$SLURM_ARRAY_TASK_ID\" &\n";
    s += "child=$!\n";
    s += "while kill -0 $child 2>/dev/null; do\n";
    s += "  wait $child  # returns early when a trap ran\n";
    s += "done\n";
    s += "wait $child; rc=$?  # mfh's own exit code, which bash keeps\n";
    s += "if [ \"$signal\" = USR1 ] && [ \"$rc\" -ne 0 ]; then\n";
    s += "  if [ \"${SLURM_RESTART_COUNT:-0}\" -lt " + std::to_string(requeueLimit) + " ]; then\n";
    s += "    echo \"time limit near: stopped cleanly, requeueing\"\n";
    s += "    scontrol requeue \"${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}\" && exit 0\n";
    s += "  fi\n";
    s += "  echo \"time limit near: stopped after " + std::to_string(requeueLimit) +
         " requeues; mfh submit --resume with a longer --time goes on\"\n";
    s += "fi\n";
    s += "exit $rc\n";
    return s;
}

std::vector<std::string> SlurmOptions::sbatchArgs() const {
    std::vector<std::string> a = {"--cpus-per-task=" + std::to_string(cpusPerTask)};
    if (!partition.empty()) a.push_back("--partition=" + partition);
    if (!account.empty()) a.push_back("--account=" + account);
    if (!time.empty()) a.push_back("--time=" + time);
    if (!mem.empty()) a.push_back("--mem=" + mem);
    if (gpus > 0) a.push_back("--gpus=" + std::to_string(gpus));
    return a;
}

std::string SlurmOptions::timeWarning() const {
    // Checked by check() first; "0" is Slurm's "no limit".
    if (time.empty() || time == "0" || time == "infinite" || time == "UNLIMITED") return "";
    // Minutes of the limit, from Slurm's formats (D-H:M:S, H:M:S, M:S, M).
    long days = 0, parts[3] = {0, 0, 0};
    std::string rest = time;
    if (const auto dash = rest.find('-'); dash != std::string::npos) {
        days = std::stol(rest.substr(0, dash));
        rest = rest.substr(dash + 1);
    }
    int n = 0;
    std::size_t start = 0;
    while (n < 3) {
        const auto colon = rest.find(':', start);
        parts[n++] = std::stol(rest.substr(start, colon - start));
        if (colon == std::string::npos) break;
        start = colon + 1;
    }
    double minutes = 0;
    if (time.find('-') != std::string::npos)  // D-H, D-H:M, D-H:M:S
        minutes = days * 1440.0 + parts[0] * 60.0 + parts[1] + parts[2] / 60.0;
    else if (n == 1)
        minutes = parts[0];
    else if (n == 2)
        minutes = parts[0] + parts[1] / 60.0;
    else
        minutes = parts[0] * 60.0 + parts[1] + parts[2] / 60.0;
    if (minutes * 60 > signalSeconds + 60) return "";
    return "--time " + time + " leaves almost no time: each task is told to stop " +
           std::to_string(signalSeconds) +
           " s before its limit (Slurm may tell it up to a minute earlier), so it would stop and "
           "requeue almost at once; ask for more time";
}

json SlurmOptions::toJson() const {
    return {{"partition", partition},
            {"time", time},
            {"mem", mem},
            {"account", account},
            {"cpus_per_task", cpusPerTask},
            {"gpus", gpus},
            {"array_parallelism", arrayParallelism},
            {"requeue_limit", requeueLimit},
            {"signal_seconds", signalSeconds},
            {"setup", setup},
            {"mfh", mfh}};
}

SlurmOptions SlurmOptions::fromJson(const json& j, const std::string& what) {
    SlurmOptions o;
    if (!j.is_object()) throw InputError(what + ": the options are not an object");
    try {
        o.partition = j.value("partition", ""), o.time = j.value("time", "");
        o.mem = j.value("mem", ""), o.account = j.value("account", "");
        o.cpusPerTask = j.value("cpus_per_task", 1), o.gpus = j.value("gpus", 0);
        o.arrayParallelism = j.value("array_parallelism", 0);
        o.requeueLimit = j.value("requeue_limit", 3);
        o.signalSeconds = j.value("signal_seconds", 120);
        o.setup = j.value("setup", ""), o.mfh = j.value("mfh", "");
    } catch (const json::exception& e) {
        throw InputError(what + ": malformed options (" + e.what() + ")");
    }
    return o;
}

}  // namespace mfh
