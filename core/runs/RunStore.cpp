#include "core/runs/RunStore.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>

#include "core/base/Error.h"
#include "core/base/H5Util.h"
#include "core/base/JsonReader.h"
#include "core/runs/RunFile.h"

namespace mfh {

namespace fs = std::filesystem;

RunSummary RunStore::summary(const std::string& path) {
    // Reuses RunFile's reader without weights; curves and saliency are small per run.
    const auto r = RunFile::load(path, false);
    RunSummary s;
    s.path = path, s.id = r.id, s.role = r.role, s.status = r.status, s.dataset = r.dataset;
    s.teacherId = r.teacherId, s.startTime = r.startTime, s.endTime = r.endTime, s.seed = r.seed;
    s.metrics = r.metrics;
    const auto inputs = r.config.find("inputs");
    if (inputs != r.config.end() && inputs->is_object() && inputs->contains("modalities"))
        for (const auto& m : (*inputs)["modalities"])
            if (m.is_string()) s.modalities.push_back(m.get<std::string>());
    const auto tm = r.config.find("teacher_modalities");  // Algorithm 1 runs: both networks
    if (tm != r.config.end() && tm->is_array()) {
        for (const auto& m : *tm)
            if (m.is_string()) s.modalities.push_back(m.get<std::string>());
        if (r.config.contains("student_modality") && r.config["student_modality"].is_string())
            s.modalities.push_back(r.config["student_modality"].get<std::string>());
    }
    return s;
}

RunFolder RunStore::scan(const std::string& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw InputError("no such folder: " + dir);
    RunFolder out;
    if (fs::exists(fs::path(dir) / "experiment.json")) {
        try {
            const auto j = JsonReader::parseFile((fs::path(dir) / "experiment.json").string());
            if (j.is_object()) out.name = j.value("name", "");
        } catch (const std::exception& e) {
            out.problems.push_back(std::string("experiment.json: ") + e.what());
        }
    }
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.is_regular_file() && e.path().extension() == ".h5" &&
            e.path().filename().string().front() != '.')  // hidden: a write in progress
            files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        try {
            out.runs.push_back(summary(f.string()));
        } catch (const InputError& e) {
            const std::string what = e.what();
            if (what.find("not an mfh run file") == std::string::npos)
                out.problems.push_back(f.filename().string() + ": " + what);
        }
    }
    std::stable_sort(out.runs.begin(), out.runs.end(),
                     [](const RunSummary& a, const RunSummary& b) {
                         return std::tie(a.role, a.seed, a.id) < std::tie(b.role, b.seed, b.id);
                     });
    return out;
}

}  // namespace mfh
