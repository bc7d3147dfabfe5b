#include "core/cluster/Slurm.h"

#include <sstream>

#include "core/base/Error.h"
#include "core/base/Subprocess.h"

namespace mfh {

namespace {

constexpr double kQueryTimeout = 30;  // a busy controller answers in seconds; never hang

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string part;
    std::istringstream in(s);
    while (std::getline(in, part, sep)) out.push_back(part);
    if (!s.empty() && s.back() == sep) out.emplace_back();
    return out;
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    for (auto& l : split(text, '\n'))
        if (!l.empty() && l.find_first_not_of(" \t\r") != std::string::npos) out.push_back(l);
    return out;
}

// "5", "0-3", "0-9%4", "1,3,5-7" → the indices.
std::vector<int> expandIndices(std::string spec) {
    std::vector<int> out;
    if (const auto pct = spec.find('%'); pct != std::string::npos) spec.resize(pct);
    if (!spec.empty() && spec.front() == '[') spec = spec.substr(1);
    if (!spec.empty() && spec.back() == ']') spec.pop_back();
    for (const auto& part : split(spec, ',')) {
        try {
            const auto dash = part.find('-');
            if (dash == std::string::npos) {
                out.push_back(std::stoi(part));
            } else {
                const int a = std::stoi(part.substr(0, dash)), b = std::stoi(part.substr(dash + 1));
                for (int i = a; i <= b && out.size() < 100000; ++i) out.push_back(i);
            }
        } catch (const std::exception&) {
            // Not an index list: nothing from this part.
        }
    }
    return out;
}

// "123_4" or "123_[5-9%2]" → job and indices; a job without "_" is no array task.
bool splitArrayId(const std::string& id, std::string& job, std::vector<int>& indices) {
    const auto us = id.find('_');
    if (us == std::string::npos) return false;
    job = id.substr(0, us);
    indices = expandIndices(id.substr(us + 1));
    return !indices.empty();
}

std::string firstWord(const std::string& s) {
    return s.substr(0, s.find(' '));
}

// "sbatch: error: invalid partition specified: x" → "invalid partition specified: x".
std::string said(const ProcessResult& r) {
    std::string line = r.firstLine();
    for (const char* prefix : {"sbatch: error: ", "scancel: error: ", "squeue: error: ", "sbatch: ",
                               "scancel: ", "squeue: "})
        if (line.rfind(prefix, 0) == 0) return line.substr(std::string(prefix).size());
    return line;
}

ProcessResult slurmCommand(const std::vector<std::string>& argv) {
    auto r = Subprocess::run(argv, kQueryTimeout);
    if (!r.started) throw InputError(argv[0] + " is not on PATH: Slurm is not installed here");
    if (r.timedOut)
        throw SchedulerSilent(argv[0] + " did not answer within " +
                              std::to_string(int(kQueryTimeout)) +
                              " s: is the Slurm controller up?");
    return r;
}

}  // namespace

bool Slurm::available(std::string* why) {
    if (!Subprocess::which("sbatch").empty()) return true;
    if (why)
        *why =
            "Slurm is not available here (no sbatch on PATH): run the experiment on this machine "
            "with mfh run, or submit from a cluster's login node";
    return false;
}

void Slurm::checkPartition(const std::string& partition) {
    if (partition.empty()) return;
    const auto r = slurmCommand({"scontrol", "-o", "show", "partition", partition});
    if (r.exitCode != 0 || r.out.find("PartitionName=" + partition) == std::string::npos) {
        std::string known;
        const auto all = Subprocess::run({"sinfo", "-h", "-o", "%R"}, kQueryTimeout);
        if (all.exitCode == 0)
            for (const auto& l : lines(all.out)) known += (known.empty() ? "" : ", ") + l;
        throw InputError("the cluster has no partition '" + partition + "'" +
                         (known.empty() ? std::string() : " (it has: " + known + ")"));
    }
}

void Slurm::testScript(const std::string& scriptPath, const std::string& array,
                       const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"sbatch", "--test-only", "--array=" + array};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.push_back(scriptPath);
    const auto r = slurmCommand(argv);
    if (r.exitCode != 0) throw InputError("sbatch would refuse the job: " + said(r));
}

std::string Slurm::submit(const std::string& scriptPath, const std::string& array,
                          const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"sbatch", "--parsable", "--array=" + array};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.push_back(scriptPath);
    const auto r = slurmCommand(argv);
    if (r.exitCode != 0) throw InputError("sbatch refused the job: " + said(r));
    // --parsable prints "JOBID" or "JOBID;CLUSTER".
    const auto l = lines(r.out);
    const std::string id = l.empty() ? "" : l.back().substr(0, l.back().find(';'));
    if (id.empty() || id.find_first_not_of("0123456789") != std::string::npos)
        throw SchedulerSilent("sbatch printed no job id (it said: " + r.firstLine() + ")");
    return id;
}

std::vector<SlurmTaskRecord> Slurm::parseSqueue(const std::string& text) {
    std::vector<SlurmTaskRecord> out;
    for (const auto& l : lines(text)) {
        const auto f = split(l, '|');
        std::string job;
        std::vector<int> indices;
        if (f.size() < 2 || !splitArrayId(f[0], job, indices)) continue;
        for (const int i : indices) {
            SlurmTaskRecord r;
            r.job = job, r.task = i, r.state = firstWord(f[1]);
            if (f.size() > 2) r.reason = f[2];
            out.push_back(r);
        }
    }
    return out;
}

std::vector<SlurmTaskRecord> Slurm::parseScontrol(const std::string& text) {
    std::vector<SlurmTaskRecord> out;
    for (const auto& l : lines(text)) {
        // Key=Value pairs separated by spaces; a word without "=" continues the last value.
        std::map<std::string, std::string> kv;
        std::string last;
        for (const auto& word : split(l, ' ')) {
            if (word.empty()) continue;
            const auto eq = word.find('=');
            if (eq == std::string::npos || eq == 0) {
                if (!last.empty()) kv[last] += " " + word;
                continue;
            }
            last = word.substr(0, eq);
            kv[last] = word.substr(eq + 1);
        }
        if (!kv.count("ArrayJobId") || !kv.count("ArrayTaskId")) continue;
        for (const int i : expandIndices(kv["ArrayTaskId"])) {
            SlurmTaskRecord r;
            r.job = kv["ArrayJobId"], r.task = i, r.state = kv["JobState"];
            r.reason = kv["Reason"], r.exitCode = kv["ExitCode"];
            try {
                r.restarts = kv.count("Restarts") ? std::stoi(kv["Restarts"]) : 0;
            } catch (const std::exception&) {
                r.restarts = 0;
            }
            out.push_back(r);
        }
    }
    return out;
}

std::vector<SlurmTaskRecord> Slurm::parseSacct(const std::string& text) {
    std::vector<SlurmTaskRecord> out;
    for (const auto& l : lines(text)) {
        const auto f = split(l, '|');
        std::string job;
        std::vector<int> indices;
        if (f.size() < 3 || !splitArrayId(f[0], job, indices)) continue;
        for (const int i : indices) {
            SlurmTaskRecord r;
            r.job = job, r.task = i, r.state = firstWord(f[1]), r.exitCode = f[2];
            out.push_back(r);
        }
    }
    return out;
}

std::map<std::string, SlurmTaskRecord> Slurm::tasks(const std::vector<std::string>& jobs) {
    std::map<std::string, SlurmTaskRecord> out;
    if (jobs.empty()) return out;
    auto key = [](const SlurmTaskRecord& r) { return r.job + "_" + std::to_string(r.task); };
    std::string list;
    for (const auto& j : jobs) list += (list.empty() ? "" : ",") + j;
    // A job the controller no longer knows is an answer ("Invalid job id", "not found");
    // any other failure (a controller that does not answer) is not, and says so: a task
    // taken for ended would be resubmitted while it runs.
    auto unknownJob = [](const ProcessResult& r) {
        const std::string text = r.err + r.out;
        return text.find("Invalid job id") != std::string::npos ||
               text.find("not found") != std::string::npos;
    };
    const auto q = slurmCommand({"squeue", "-h", "-r", "-j", list, "-o", "%i|%T|%r"});
    if (q.exitCode != 0 && !unknownJob(q)) throw InputError("squeue failed: " + said(q));
    if (q.exitCode == 0)
        for (const auto& r : parseSqueue(q.out)) out[key(r)] = r;
    for (const auto& j : jobs) {
        const auto s = slurmCommand({"scontrol", "-o", "show", "job", j});
        if (s.exitCode != 0 && !unknownJob(s)) throw InputError("scontrol failed: " + said(s));
        if (s.exitCode != 0) continue;  // ended longer ago than the controller keeps records
        for (const auto& r : parseScontrol(s.out)) {
            auto [it, fresh] = out.emplace(key(r), r);
            if (!fresh) {  // squeue's state is newer; scontrol adds the exit code and restarts
                it->second.exitCode = r.exitCode, it->second.restarts = r.restarts;
                if (it->second.reason.empty()) it->second.reason = r.reason;
            }
        }
    }
    // Accounting, where the cluster keeps it, for tasks the controller has forgotten.
    const auto a = Subprocess::run(
        {"sacct", "-n", "-P", "-X", "-j", list, "-o", "JobID,State,ExitCode"}, kQueryTimeout);
    if (a.started && !a.timedOut && a.exitCode == 0)
        for (const auto& r : parseSacct(a.out)) out.emplace(key(r), r);
    return out;
}

void Slurm::cancel(const std::vector<std::string>& ids) {
    if (ids.empty()) return;
    std::vector<std::string> argv = {"scancel"};
    argv.insert(argv.end(), ids.begin(), ids.end());
    const auto r = slurmCommand(argv);
    if (r.exitCode != 0) throw InputError("scancel failed: " + said(r));
}

std::string Slurm::arraySpec(const std::vector<int>& indices, int parallelism) {
    std::string s;
    for (std::size_t i = 0; i < indices.size();) {
        std::size_t j = i;
        while (j + 1 < indices.size() && indices[j + 1] == indices[j] + 1) ++j;
        s += (s.empty() ? "" : ",") + std::to_string(indices[i]);
        if (j > i) s += "-" + std::to_string(indices[j]);
        i = j + 1;
    }
    if (parallelism > 0) s += "%" + std::to_string(parallelism);
    return s;
}

}  // namespace mfh
