#include "core/experiments/ExperimentFolder.h"

#include <cstdio>
#include <filesystem>

#include "core/base/AtomicFile.h"
#include "core/base/Error.h"
#include "core/base/Hashing.h"
#include "core/base/JsonReader.h"
#include "core/base/TimeStamp.h"
#include "core/base/Version.h"
#include "core/experiments/StoredExperiment.h"

namespace mfh {

namespace fs = std::filesystem;
using nlohmann::json;

std::string ExperimentFolder::hashOf(const ExperimentSpec& spec) {
    json j = spec.toJson();
    for (const char* k : {"threads", "title", "seeds"}) j.erase(k);
    auto& d = j["dataset"];
    if (d.contains("path") && d["path"].is_string() && !d["path"].get<std::string>().empty()) {
        std::error_code ec;
        const auto abs = fs::weakly_canonical(fs::absolute(d["path"].get<std::string>()), ec);
        if (!ec) d["path"] = abs.string();
    }
    const std::string text = j.dump();
    return hex64(hashBytes(text.data(), text.size()));
}

ExperimentFolder::ExperimentFolder(const std::string& dir, const ExperimentSpec& spec, bool fresh,
                                   const ExperimentShard* shard)
    : dir_(dir), spec_(&spec), shard_(shard) {
    if (dir_.empty()) return;
    hash_ = hashOf(spec);
    if (shard_) {
        const auto state = StoredExperiment::readState(dir_);  // names what is wrong
        if (state.value("experiment_hash", "") != hash_)
            throw InputError(dir_ + " holds another experiment (hash " +
                             state.value("experiment_hash", "?") + ", this task's is " + hash_ +
                             "): was experiment.json changed after the submission?");
        lock_.emplace(dir_, FolderLock::Mode::Shared);
        std::error_code ec;
        fs::create_directories(fs::path(dir_) / "trials", ec);
        fs::create_directories(fs::path(shard_->statePath).parent_path(), ec);
        createdTime_ = isoNow();
        return;
    }
    std::error_code ec;
    if (fs::exists(dir_, ec) && !fs::is_directory(dir_, ec))
        throw InputError("output folder " + dir_ + " is a file");
    created_ = !fs::exists(dir_, ec);
    fs::create_directories(fs::path(dir_) / "trials", ec);
    if (ec) throw InputError("cannot create output folder " + dir_ + ": " + ec.message());
    lock_.emplace(dir_);  // one writing process per folder
    removeStaleTemporaries(dir_);
    removeStaleTemporaries((fs::path(dir_) / "trials").string());
    checkIdentity(fresh);
    writeTextAtomically((fs::path(dir_) / "experiment.json").string(), spec.source.dump(2) + "\n");
}

bool ExperimentFolder::holdsResults() const {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir_, ec)) {
        const auto name = e.path().filename().string();
        if (name == "trials" && e.is_directory()) {
            if (!fs::is_empty(e.path(), ec)) return true;
        } else if (name[0] != '.') {
            return true;
        }
    }
    return false;
}

void ExperimentFolder::checkIdentity(bool fresh) {
    const auto statePath = fs::path(dir_) / "state.json";
    std::error_code ec;
    if (fresh) {
        if (holdsResults()) moveAside();
    } else if (fs::exists(statePath, ec)) {
        nlohmann::json state;
        try {
            state = StoredExperiment::readState(dir_);
        } catch (const InputError& e) {
            throw InputError(std::string(e.what()) +
                             "; add --fresh to move the folder's contents aside and start over");
        }
        if (state.value("experiment_hash", "") != hash_)
            throw InputError(
                dir_ + " holds another experiment ('" + state.value("name", "") + "', hash " +
                state.value("experiment_hash", "?") + "; this one is " + hash_ +
                "): choose another --out folder, or add --fresh to move its contents aside into " +
                dir_ + "/previous-<time>/ and start over");
        createdTime_ = state.value("created", "");
    } else if (holdsResults()) {
        // Files but no state: a folder of an older version, or of something else entirely.
        bool foreign = false;
        for (const auto& e : fs::directory_iterator(dir_, ec)) {
            const auto ext = e.path().extension().string();
            const auto name = e.path().filename().string();
            if (name[0] == '.' || name == "trials") continue;
            if (ext != ".h5" && name != "experiment.json" && name != "summary.csv") foreign = true;
        }
        if (foreign)
            throw InputError(dir_ +
                             " is not empty and holds no experiment (no state.json): choose "
                             "another --out folder, or add --fresh to move its contents aside");
        // Run files of an earlier version: their training keys decide what is reused.
    }
    if (createdTime_.empty()) createdTime_ = isoNow();
}

void ExperimentFolder::moveAside() {
    std::string stamp = isoNow();
    for (char& c : stamp)
        if (c == ':') c = '-';
    fs::path target = fs::path(dir_) / ("previous-" + stamp);
    for (int i = 2; fs::exists(target); ++i)
        target = fs::path(dir_) / ("previous-" + stamp + "-" + std::to_string(i));
    std::error_code ec;
    fs::create_directory(target, ec);
    if (ec) throw InputError("cannot create " + target.string() + ": " + ec.message());
    for (const auto& e : fs::directory_iterator(dir_, ec)) {
        const auto name = e.path().filename().string();
        if (name[0] == '.' || e.path() == target) continue;
        fs::rename(e.path(), target / name, ec);
        if (ec) throw InputError("cannot move " + e.path().string() + " aside: " + ec.message());
    }
    fs::create_directories(fs::path(dir_) / "trials", ec);
}

std::optional<TrialRecord> ExperimentFolder::storedTrial(
    int point, uint32_t seed, const std::function<std::string()>& datasetHashOf) const {
    if (dir_.empty()) return std::nullopt;
    const auto path = fs::path(dir_) / "trials" / TrialRecord::fileName(point, seed);
    std::error_code ec;
    if (!fs::exists(path, ec)) return std::nullopt;
    TrialRecord t;
    try {
        t = TrialRecord::fromJson(JsonReader::parseFile(path.string()), path.string());
    } catch (const InputError&) {
        return std::nullopt;  // unreadable: the trial runs again and its file is replaced
    }
    if (t.experimentHash != hash_ || t.point != point || t.seed != seed) return std::nullopt;
    const std::string datasetHash = datasetHashOf();
    if (t.datasetHash != datasetHash)
        throw InputError("the dataset changed since " + dir_ +
                         " was computed (its trials used dataset hash " + t.datasetHash +
                         ", the data now give " + datasetHash +
                         "): add --fresh to move the old results aside, or choose another "
                         "--out folder");
    for (const auto& id : t.out.runIds)
        if (!fs::exists(fs::path(dir_) / (id + ".h5"), ec)) return std::nullopt;
    return t;
}

void ExperimentFolder::saveTrial(const TrialRecord& t) {
    if (dir_.empty()) return;
    std::vector<std::string> axes;
    for (const auto& a : spec_->sweep) axes.push_back(a.param);
    const auto points = spec_->gridPoints();
    const auto& values = points.at(static_cast<std::size_t>(t.point));
    writeTextAtomically(
        (fs::path(dir_) / "trials" / TrialRecord::fileName(t.point, t.seed)).string(),
        t.toJson(axes, values).dump(1) + "\n");
}

void ExperimentFolder::writeShardState(const Progress& p) {
    json state = shard_->info;
    state["format"] = "mfh-task";
    state["version"] = 1;
    state["experiment_hash"] = hash_;
    state["status"] = p.running ? "running" : p.failed ? "failed" : nameOf(p.status);
    state["message"] = p.message;
    state["started"] = createdTime_;
    state["updated"] = isoNow();
    state["trials_total"] = p.trialsTotal;
    state["trials_done"] = p.trialsDone;
    state["trials_resumed"] = p.trialsResumed;
    state["runs_trained"] = p.runsTrained;
    state["runs_reused"] = p.runsReused;
    state["runs_resumed"] = p.runsResumed;
    state["seconds"] = p.seconds;
    state["app_version"] = version();
    writeTextAtomically(shard_->statePath, state.dump(1) + "\n");
}

void ExperimentFolder::writeState(const Progress& p, bool force) {
    if (dir_.empty()) return;
    std::lock_guard<std::mutex> lock(stateMutex_);
    const auto now = std::chrono::steady_clock::now();
    if (p.running && !force && now - lastState_ < std::chrono::seconds(1)) return;
    lastState_ = now;
    if (shard_) return writeShardState(p);
    json axes = json::array();
    for (const auto& a : spec_->sweep) axes.push_back(a.param);
    const char* status = !p.scheduler.empty() ? "submitted"
                         : p.running          ? "running"
                         : p.failed           ? "failed"
                                              : nameOf(p.status);
    json state = {{"format", "mfh-experiment"},
                  {"version", 1},
                  {"experiment_hash", hash_},
                  {"name", spec_->name},
                  {"title", spec_->title},
                  {"report", nameOf(spec_->report)},
                  {"axes", axes},
                  {"teacher_modalities", spec_->teacher.modalities},
                  {"student_modality", spec_->student.modalities.front()},
                  {"points", spec_->gridPoints()},
                  {"seeds", spec_->seeds},
                  {"status", status},
                  {"message", p.message},
                  {"created", createdTime_},
                  {"updated", isoNow()},
                  {"trials_total", p.trialsTotal},
                  {"trials_done", p.trialsDone},
                  {"trials_resumed", p.trialsResumed},
                  {"runs_trained", p.runsTrained},
                  {"runs_reused", p.runsReused},
                  {"runs_resumed", p.runsResumed},
                  {"seconds", p.seconds},
                  {"app_version", version()},
                  {"git_revision", gitRevision()}};
    if (!p.scheduler.empty()) state["scheduler"] = p.scheduler;
    writeTextAtomically((fs::path(dir_) / "state.json").string(), state.dump(1) + "\n");
}

void ExperimentFolder::abandon() {
    if (dir_.empty() || !created_ || shard_) return;
    std::error_code ec;
    bool durable = !fs::is_empty(fs::path(dir_) / "trials", ec);
    for (const auto& e : fs::directory_iterator(dir_, ec))
        if (e.path().extension() == ".h5") durable = true;
    if (durable) return;
    lock_.reset();
    for (const char* f : {"experiment.json", "state.json", "summary.csv"})
        fs::remove(fs::path(dir_) / f, ec);
    fs::remove(fs::path(dir_) / "trials", ec);
    fs::remove(dir_, ec);
}

}  // namespace mfh
