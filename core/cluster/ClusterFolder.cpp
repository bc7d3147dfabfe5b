#include "core/cluster/ClusterFolder.h"

#include <filesystem>
#include <fstream>

#include "core/base/AtomicFile.h"
#include "core/base/Error.h"
#include "core/base/JsonReader.h"
#include "core/base/TimeStamp.h"
#include "core/experiments/ExperimentFolder.h"
#include "core/experiments/Report.h"
#include "core/experiments/StoredExperiment.h"

namespace mfh {

namespace fs = std::filesystem;
using nlohmann::json;

std::string ClusterFolder::slurmDir() const {
    return (fs::path(dir_) / "slurm").string();
}
std::string ClusterFolder::scriptPath() const {
    return slurmDir() + "/job.sh";
}
std::string ClusterFolder::tasksPath() const {
    return slurmDir() + "/tasks.json";
}
std::string ClusterFolder::taskStatePath(int task) const {
    return slurmDir() + "/task-" + std::to_string(task) + ".json";
}
std::string ClusterFolder::logPath(const std::string& job, int task) const {
    return slurmDir() + "/logs/" + job + "_" + std::to_string(task) + ".out";
}

bool ClusterFolder::submitted() const {
    std::error_code ec;
    return fs::is_regular_file(slurmDir() + "/submissions.json", ec);
}

void ClusterFolder::requireSubmitted() const {
    if (!submitted())
        throw InputError(dir_ +
                         " was never submitted to Slurm (no slurm/submissions.json); submit it "
                         "with mfh submit CONFIG --out " +
                         dir_);
}

ExperimentSpec ClusterFolder::experiment() const {
    const auto state = StoredExperiment::readState(dir_);
    const std::string path = (fs::path(dir_) / "experiment.json").string();
    std::error_code ec;
    if (!fs::exists(path, ec)) throw InputError(path + " is missing");
    auto spec = ExperimentSpec::fromFile(path);
    if (ExperimentFolder::hashOf(spec) != state["experiment_hash"].get<std::string>())
        throw InputError(path +
                         " was changed after the submission (its hash no longer matches "
                         "state.json): the folder's trials belong to the experiment that was "
                         "submitted");
    return spec;
}

std::vector<Submission> ClusterFolder::submissions() const {
    const std::string path = slurmDir() + "/submissions.json";
    std::vector<Submission> out;
    if (!submitted()) return out;
    const json j = JsonReader::parseFile(path);
    if (!j.is_object() || !j.contains("format") || j["format"] != "mfh-submissions" ||
        !j.contains("submissions") || !j["submissions"].is_array())
        throw InputError(path + " is not a list of submissions (format != mfh-submissions)");
    if (j["submissions"].empty()) throw InputError(path + " lists no submission");
    for (const auto& s : j["submissions"]) {
        if (!s.is_object() || !s.contains("job") || !s["job"].is_string() || !s.contains("tasks") ||
            !s["tasks"].is_array())
            throw InputError(path + ": a submission lacks its job id or tasks");
        Submission sub;
        sub.job = s["job"].get<std::string>();
        for (const auto& t : s["tasks"])
            if (t.is_number_integer()) sub.tasks.push_back(t.get<int>());
        sub.time = s.contains("time") && s["time"].is_string() ? s["time"].get<std::string>() : "";
        sub.options = SlurmOptions::fromJson(s.value("options", json::object()), path);
        out.push_back(std::move(sub));
    }
    return out;
}

void ClusterFolder::addSubmission(const Submission& s) const {
    json list = json::array();
    for (const auto& old : submissions())
        list.push_back({{"job", old.job},
                        {"tasks", old.tasks},
                        {"time", old.time},
                        {"options", old.options.toJson()}});
    list.push_back(
        {{"job", s.job}, {"tasks", s.tasks}, {"time", s.time}, {"options", s.options.toJson()}});
    const json j = {{"format", "mfh-submissions"}, {"version", 1}, {"submissions", list}};
    writeTextAtomically(slurmDir() + "/submissions.json", j.dump(1) + "\n");
}

ShardPlan ClusterFolder::plan(int trials) const {
    return ShardPlan::fromJson(JsonReader::parseFile(tasksPath()), trials, tasksPath());
}

void ClusterFolder::writePlan(const ShardPlan& p) const {
    writeTextAtomically(tasksPath(), p.toJson().dump(1) + "\n");
}

json ClusterFolder::taskState(int task) const {
    std::error_code ec;
    if (!fs::exists(taskStatePath(task), ec)) return nullptr;
    try {
        const json j = JsonReader::parseFile(taskStatePath(task));
        // Written by a task, read by everyone: a field of the wrong type makes it unreadable,
        // never a crash of the reader.
        if (!j.is_object() || !j.contains("format") || j["format"] != "mfh-task") return nullptr;
        for (const char* k : {"status", "message", "job", "updated"})
            if (j.contains(k) && !j[k].is_string()) return nullptr;
        for (const char* k : {"attempt", "trials_done", "trials_total", "trials_resumed",
                              "runs_trained", "runs_reused", "runs_resumed"})
            if (j.contains(k) && !j[k].is_number_integer()) return nullptr;
        if (j.contains("seconds") && !j["seconds"].is_number()) return nullptr;
        return j;
    } catch (const InputError&) {
        return nullptr;
    }
}

std::string ClusterFolder::logTail(const std::string& job, int task) const {
    std::ifstream in(logPath(job, task), std::ios::binary);
    if (!in) return "";
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    const std::streamoff from = size > 4096 ? size - 4096 : 0;  // a long log: its end only
    in.seekg(from);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (text.size() > 4096) text = text.substr(text.size() - 4096);
    std::string last;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const std::string line = text.substr(start, end - start);
        if (line.find_first_not_of(" \t\r") != std::string::npos) last = line;
        start = end + 1;
    }
    return last.size() > 300 ? last.substr(0, 300) + "…" : last;
}

bool ClusterFolder::finishIfComplete() const {
    const auto stored = StoredExperiment::load(dir_);
    const int total = static_cast<int>(stored.result.rows.size() * stored.result.seeds.size());
    if (stored.trialsFound < total) return false;
    json state = stored.state;
    if (state.value("status", "") == "complete") return true;
    int trained = 0, reused = 0, resumed = 0;
    double seconds = 0;
    const int tasks = [&] {
        try {
            return static_cast<int>(plan(total).tasks.size());
        } catch (const InputError&) {
            return 0;
        }
    }();
    for (int t = 0; t < tasks; ++t) {
        const json s = taskState(t);
        if (s.is_null()) continue;
        trained += s.value("runs_trained", 0), reused += s.value("runs_reused", 0);
        resumed += s.value("runs_resumed", 0);
        seconds += s.value("seconds", 0.0);
    }
    auto result = stored.result;
    result.status = RunStatus::Complete;
    writeTextAtomically((fs::path(dir_) / "summary.csv").string(), Report::csv(result));
    state["status"] = "complete";
    state["updated"] = isoNow();
    state["trials_done"] = total;
    state["runs_trained"] = trained, state["runs_reused"] = reused;
    state["runs_resumed"] = resumed;
    state["seconds"] = seconds;  // summed over the tasks: compute time, not wall time
    writeTextAtomically((fs::path(dir_) / "state.json").string(), state.dump(1) + "\n");
    return true;
}

}  // namespace mfh
