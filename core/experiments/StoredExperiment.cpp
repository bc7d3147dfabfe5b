#include "core/experiments/StoredExperiment.h"

#include <filesystem>

#include "core/base/EnumNames.h"
#include "core/base/Error.h"
#include "core/base/JsonReader.h"

namespace mfh {

namespace fs = std::filesystem;
using nlohmann::json;

bool StoredExperiment::isExperimentFolder(const std::string& dir) {
    std::error_code ec;
    return fs::is_regular_file(fs::path(dir) / "state.json", ec);
}

json StoredExperiment::readState(const std::string& dir) {
    const auto path = (fs::path(dir) / "state.json").string();
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw InputError("no such folder: " + dir);
    if (!fs::exists(path, ec))
        throw InputError(dir +
                         " is not an experiment folder (no state.json; folders written "
                         "by mfh run --out or the workbench have one)");
    const json s = JsonReader::parseFile(path);
    if (!s.is_object() || s.value("format", "") != "mfh-experiment")
        throw InputError(path + " is not an mfh experiment state (format != mfh-experiment)");
    if (!s.contains("version") || !s["version"].is_number_integer() || s["version"].get<int>() > 1)
        throw InputError(path + ": version is missing or newer than this program reads (1)");
    auto need = [&](const char* key, bool ok) {
        if (!s.contains(key) || !ok)
            throw InputError(path + ": '" + key + "' is missing or malformed");
    };
    need("experiment_hash", s.contains("experiment_hash") && s["experiment_hash"].is_string());
    need("axes", s.contains("axes") && s["axes"].is_array());
    need("points", s.contains("points") && s["points"].is_array());
    need("seeds", s.contains("seeds") && s["seeds"].is_array());
    need("report", s.contains("report") && s["report"].is_string());
    for (const char* k : {"name", "status", "message", "created", "updated", "scheduler"})
        if (s.contains(k) && !s[k].is_string())
            throw InputError(path + ": '" + k + "' is not a text");
    for (const auto& p : s["points"])
        if (!p.is_array() || p.size() != s["axes"].size())
            throw InputError(path + ": a grid point does not have one value per axis");
    for (const auto& v : s["seeds"])
        if (!v.is_number_unsigned()) throw InputError(path + ": 'seeds' must be seed numbers");
    return s;
}

StoredResult StoredExperiment::load(const std::string& dir) {
    StoredResult out;
    out.state = readState(dir);
    const json& s = out.state;
    const std::string what = (fs::path(dir) / "state.json").string();
    try {
        const auto cfg = fs::path(dir) / "experiment.json";
        if (fs::exists(cfg)) out.config = JsonReader::parseFile(cfg.string());
    } catch (const InputError& e) {
        out.problems.push_back(std::string("experiment.json: ") + e.what());
    }
    ExperimentResult& r = out.result;
    r.name = s.value("name", "experiment");
    r.report = parseEnum<ReportLayout>(s["report"].get<std::string>(), what + ": report");
    out.folderStatus = s.value("status", "running");
    r.status = out.folderStatus == "complete" ? RunStatus::Complete : RunStatus::Cancelled;
    r.axes = s["axes"].get<std::vector<std::string>>();
    r.seeds = s["seeds"].get<std::vector<uint32_t>>();
    if (s.contains("teacher_modalities") && s["teacher_modalities"].is_array())
        r.teacherModalities = s["teacher_modalities"].get<std::vector<std::string>>();
    r.studentModality = s.value("student_modality", "");
    r.runsTrained = s.value("runs_trained", 0);
    r.runsReused = s.value("runs_reused", 0);
    r.runsResumed = s.value("runs_resumed", 0);
    r.trialsResumed = s.value("trials_resumed", 0);
    r.seconds = s.value("seconds", 0.0);
    const auto points = s["points"].get<std::vector<std::vector<json>>>();
    const std::string hash = s["experiment_hash"].get<std::string>();
    std::vector<std::vector<TrialOutput>> outputs(points.size(),
                                                  std::vector<TrialOutput>(r.seeds.size()));
    out.trialFound.assign(points.size() * r.seeds.size(), false);
    for (std::size_t pi = 0; pi < points.size(); ++pi)
        for (std::size_t si = 0; si < r.seeds.size(); ++si) {
            const auto name = TrialRecord::fileName(static_cast<int>(pi), r.seeds[si]);
            const auto path = fs::path(dir) / "trials" / name;
            std::error_code ec;
            if (!fs::exists(path, ec)) continue;
            try {
                auto t = TrialRecord::fromJson(JsonReader::parseFile(path.string()), path.string());
                if (t.experimentHash != hash || t.point != static_cast<int>(pi) ||
                    t.seed != r.seeds[si]) {
                    out.problems.push_back("trials/" + name +
                                           ": written by another experiment (hash " +
                                           t.experimentHash + ")");
                    continue;
                }
                outputs[pi][si] = std::move(t.out);
                ++out.trialsFound;
                out.trialFound[pi * r.seeds.size() + si] = true;
            } catch (const InputError& e) {
                out.problems.push_back("trials/" + name + ": " + e.what());
            }
        }
    // A folder filled by a cluster's tasks is complete when its last trial is in, even before
    // a task marked it so (the last one may have been killed right after its trial file).
    if (out.folderStatus == "submitted" &&
        out.trialsFound == static_cast<int>(points.size() * r.seeds.size())) {
        out.folderStatus = "complete";
        r.status = RunStatus::Complete;
    }
    for (std::size_t pi = 0; pi < points.size(); ++pi)
        r.rows.push_back(GridRow::assemble(points[pi], r.seeds, outputs[pi]));
    return out;
}

}  // namespace mfh
