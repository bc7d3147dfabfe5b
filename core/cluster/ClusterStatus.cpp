#include "core/cluster/ClusterStatus.h"

#include <sstream>

#include "core/base/Error.h"
#include "core/cluster/ClusterFolder.h"
#include "core/experiments/StoredExperiment.h"

namespace mfh {

using nlohmann::json;

const char* nameOf(TaskState s) {
    switch (s) {
        case TaskState::NotSubmitted:
            return "not submitted";
        case TaskState::Pending:
            return "pending";
        case TaskState::Running:
            return "running";
        case TaskState::Requeued:
            return "requeued";
        case TaskState::Done:
            return "done";
        case TaskState::Failed:
            return "failed";
        case TaskState::Cancelled:
            return "cancelled";
        case TaskState::Lost:
            return "lost";
        case TaskState::Unknown:
            return "unknown";
    }
    return "?";
}

bool ClusterStatus::active() const {
    for (const auto& t : tasks)
        if (t.active()) return true;
    return false;
}

int ClusterStatus::count(TaskState s) const {
    int n = 0;
    for (const auto& t : tasks) n += t.state == s;
    return n;
}

std::string ClusterStatus::overall() const {
    if (complete()) return "complete";
    if (!schedulerReached) return "unknown";
    return active() ? "running" : "partial";
}

void ClusterStatus::decide(TaskStatus& t, const SlurmTaskRecord* record, const json& state,
                           const std::string& logTail) {
    if (record)
        t.attempts = record->restarts + 1;
    else if (state.is_object() && state.contains("attempt") && state["attempt"].is_number_integer())
        t.attempts = state["attempt"].get<int>();
    if (t.trials > 0 && t.trialsComplete == t.trials) {
        t.state = TaskState::Done;
        return;
    }
    const std::string s = record ? record->state : "";
    const std::string slurmReason =
        record && record->reason != "None" && record->reason != "(null)" ? record->reason : "";
    if (s == "PENDING" || s == "REQUEUED" || s == "REQUEUE_HOLD" || s == "REQUEUE_FED" ||
        s == "SUSPENDED" || s == "RESV_DEL_HOLD") {
        t.state = record->restarts > 0 ? TaskState::Requeued : TaskState::Pending;
        t.reason = slurmReason;
        if (record->restarts > 0)
            t.reason = "attempt " + std::to_string(record->restarts + 1) +
                       (slurmReason.empty() ? "" : ", waiting: " + slurmReason);
        return;
    }
    if (s == "RUNNING" || s == "COMPLETING" || s == "CONFIGURING" || s == "RESIZING" ||
        s == "SIGNALING" || s == "STAGE_OUT") {
        t.state = TaskState::Running;
        return;
    }
    const std::string written = state.is_object() ? state.value("status", "") : "";
    const std::string message = state.is_object() ? state.value("message", "") : "";
    const std::string done = std::to_string(t.trialsComplete) + " of " + std::to_string(t.trials) +
                             " trials in the folder";
    if (written == "failed") {
        t.state = TaskState::Failed, t.reason = message.empty() ? "mfh failed" : message;
    } else if (written == "cancelled") {
        t.state = TaskState::Cancelled;
        t.reason = "stopped by a signal (scancel, the time limit or pre-emption); " + done;
    } else if (s == "CANCELLED") {
        t.state = TaskState::Cancelled, t.reason = "cancelled (scancel); " + done;
    } else if (s == "TIMEOUT" || s == "DEADLINE") {
        t.state = TaskState::Failed, t.reason = "reached its time limit (--time); " + done;
    } else if (s == "OUT_OF_MEMORY") {
        t.state = TaskState::Failed, t.reason = "ran out of memory (--mem); " + done;
    } else if (s == "NODE_FAIL" || s == "BOOT_FAIL" || s == "PREEMPTED" || s == "FAILED" ||
               s == "COMPLETED") {
        t.state = TaskState::Failed;
        const std::string code = record->exitCode.substr(0, record->exitCode.find(':'));
        if (s == "NODE_FAIL" || s == "BOOT_FAIL")
            t.reason = "its node failed";
        else if (s == "PREEMPTED")
            t.reason = "pre-empted";
        else if (s == "COMPLETED")
            t.reason = "ended without writing all its trials";
        else if (written.empty())
            t.reason =
                "exit code " + code + " before mfh started its trials (the --setup commands?)";
        else
            t.reason = "exit code " + code;
        t.reason += "; " + done;
    } else if (written == "running") {
        t.state = TaskState::Lost;
        t.reason = "ended without finishing and the scheduler has no record (killed?); " + done;
    } else if (!s.empty()) {
        t.state = TaskState::Failed, t.reason = s + "; " + done;
    } else {
        t.state = TaskState::Lost;
        t.reason =
            "not in the queue, no record left and no state of its own: it never started "
            "(cancelled while pending?) or its record expired; " +
            done;
    }
    if (t.state != TaskState::Cancelled && !logTail.empty() &&
        logTail.find(t.reason) == std::string::npos)
        t.reason += "; log: " + logTail;
}

ClusterStatus ClusterStatus::of(const std::string& dir, bool ask) {
    const auto stored = StoredExperiment::load(dir);  // throws when not an experiment folder
    const ClusterFolder folder(dir);
    folder.requireSubmitted();
    ClusterStatus st;
    st.dir = dir, st.name = stored.result.name;
    st.trialsTotal = static_cast<int>(stored.trialFound.size());
    st.trialsComplete = stored.trialsFound;
    const auto plan = folder.plan(st.trialsTotal);
    st.duplicatedPlanned = plan.duplicated;
    const auto subs = folder.submissions();
    std::map<int, std::string> lastJob;
    for (const auto& s : subs) {
        if (!s.job.empty()) st.jobs.push_back(s.job);  // "": sbatch's answer never came
        for (const int t : s.tasks) lastJob[t] = s.job;
    }
    std::map<std::string, SlurmTaskRecord> records;
    if (ask) {
        try {
            records = Slurm::tasks(st.jobs);
        } catch (const InputError& e) {
            st.schedulerReached = false, st.schedulerProblem = e.what();
        }
    }
    for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
        TaskStatus t;
        t.task = static_cast<int>(i);
        t.trials = static_cast<int>(plan.tasks[i].size());
        for (const int trial : plan.tasks[i]) t.trialsComplete += stored.trialFound[trial];
        const std::string job = lastJob.count(t.task) ? lastJob[t.task] : std::string();
        if (job.empty()) {
            t.state = t.trialsComplete == t.trials ? TaskState::Done : TaskState::NotSubmitted;
            st.tasks.push_back(t);
            continue;
        }
        t.job = job + "_" + std::to_string(i);
        const auto it = records.find(t.job);
        if (!st.schedulerReached && !(t.trialsComplete == t.trials)) {
            t.state = TaskState::Unknown, t.reason = "the scheduler could not be asked";
            st.tasks.push_back(t);
            continue;
        }
        // A state file speaks for the submission that wrote it: one left by an earlier job of
        // this task index (before a --resume) says nothing about the present one.
        json state = folder.taskState(t.task);
        if (state.is_object() && state.value("job", "") != t.job) state = nullptr;
        decide(t, it == records.end() ? nullptr : &it->second, state, folder.logTail(job, t.task));
        st.tasks.push_back(t);
    }
    return st;
}

std::string ClusterStatus::text() const {
    std::ostringstream o;
    o << name << " in " << dir << ": " << trialsComplete << " of " << trialsTotal
      << " trials complete (" << overall() << ")";
    if (!jobs.empty()) {
        o << "; job" << (jobs.size() > 1 ? "s " : " ");
        for (std::size_t i = 0; i < jobs.size(); ++i) o << (i ? ", " : "") << jobs[i];
    }
    o << "\n";
    if (!schedulerReached) o << "the scheduler could not be asked: " << schedulerProblem << "\n";
    o << "task  job            state          trials   reason\n";
    for (const auto& t : tasks) {
        char line[96];
        std::snprintf(line, sizeof line, "%-5d %-14s %-14s %3d/%-4d ", t.task,
                      t.job.empty() ? "-" : t.job.c_str(), nameOf(t.state), t.trialsComplete,
                      t.trials);
        o << line << t.reason << "\n";
    }
    if (overall() == "partial")
        o << "nothing is queued: mfh submit --resume " << dir
          << " submits the tasks whose trials are missing\n";
    return o.str();
}

json ClusterStatus::toJson() const {
    json ts = json::array();
    for (const auto& t : tasks)
        ts.push_back({{"task", t.task},
                      {"job", t.job},
                      {"state", nameOf(t.state)},
                      {"reason", t.reason},
                      {"trials", t.trials},
                      {"trials_complete", t.trialsComplete},
                      {"attempts", t.attempts}});
    return {{"experiment", name},
            {"dir", dir},
            {"state", overall()},
            {"jobs", jobs},
            {"trials_total", trialsTotal},
            {"trials_complete", trialsComplete},
            {"duplicated_trainings_planned", duplicatedPlanned},
            {"scheduler_reached", schedulerReached},
            {"scheduler_problem", schedulerProblem},
            {"tasks", ts}};
}

}  // namespace mfh
