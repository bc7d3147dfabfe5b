#include "core/experiments/ExperimentDocument.h"

#include <algorithm>
#include <filesystem>

#include "core/base/AtomicFile.h"
#include "core/base/Error.h"
#include "core/base/JsonFields.h"
#include "core/base/JsonReader.h"

namespace mfh {

namespace {

std::string oneLine(std::string s) {
    for (char& c : s)
        if (c == '\n' || c == '\r') c = ' ';
    return s;
}

}  // namespace

ExperimentDocument::ExperimentDocument() : json_(nlohmann::json::object()) {}

void ExperimentDocument::setJson(nlohmann::json j) {
    json_ = j.is_object() ? std::move(j) : nlohmann::json::object();
}

void ExperimentDocument::set(const std::string& path, nlohmann::json value) {
    json_[settingPointer(path)] = std::move(value);
}

nlohmann::json ExperimentDocument::get(const std::string& path) const {
    const auto p = settingPointer(path);
    return json_.contains(p) ? json_.at(p) : nlohmann::json();
}

void ExperimentDocument::useDataset(const nlohmann::json& dataset) {
    json_["dataset"] = dataset;
    if (json_.contains("sweep")) {
        nlohmann::json kept = nlohmann::json::array();
        for (const auto& a : json_["sweep"])
            if (!a.is_object() || a.value("param", "").rfind("dataset.", 0) != 0) kept.push_back(a);
        if (kept.empty())
            json_.erase("sweep");
        else
            json_["sweep"] = kept;
    }
    if (json_.value("report", "grid") != "grid" && !json_.contains("sweep"))
        json_["report"] = "grid";
    // What the roles name and the new dataset lacks goes back to what it has: a split to
    // "train", a modality to the dataset's first (teacher) or second (student).
    const DatasetShape shape = datasetShape();
    if (shape.modalities.empty()) return;
    auto has = [](const std::vector<std::string>& v, const std::string& x) {
        return std::find(v.begin(), v.end(), x) != v.end();
    };
    for (const char* role : {"teacher", "student"}) {
        nlohmann::json& r = json_[role];
        if (!r.is_object()) r = nlohmann::json::object();
        const auto split = r.value("split", std::string("train"));
        if (!has(shape.splits, split) && has(shape.splits, "train")) r["split"] = "train";
    }
    nlohmann::json& t = json_["teacher"];
    bool teacherOk =
        t.contains("modalities") && t["modalities"].is_array() && !t["modalities"].empty();
    if (teacherOk)
        for (const auto& m : t["modalities"])
            teacherOk = teacherOk && m.is_string() && has(shape.modalities, m.get<std::string>());
    if (!teacherOk) t["modalities"] = {shape.modalities.front()};
    nlohmann::json& st = json_["student"];
    const bool studentOk = st.contains("modality") && st["modality"].is_string() &&
                           has(shape.modalities, st["modality"].get<std::string>());
    if (!studentOk) st["modality"] = shape.modalities[shape.modalities.size() > 1 ? 1 : 0];
}

void ExperimentDocument::loadPreset(const std::string& name) {
    setJson(paperExperiment(name));
}

void ExperimentDocument::loadDefaults() {
    nlohmann::json j = paperExperiment("fig2");  // its roles, training and KD settings
    j["name"] = "custom";
    j.erase("title");
    j.erase("sweep");
    j["report"] = "grid";
    j["dataset"] = {{"generator",
                     {{"shared", 10},
                      {"specific_a", 10},
                      {"specific_b", 10},
                      {"n_train", 1000},
                      {"n_test", 1000}}}};
    j["seeds"] = {{"first", 0}, {"count", 5}};
    setJson(j);
}

void ExperimentDocument::load(const std::string& path) {
    const std::string file = std::filesystem::path(path).filename().string();
    nlohmann::json j = JsonReader::parseFile(path);
    if (!j.is_object()) throw InputError(file + " does not hold a JSON object");
    try {
        ExperimentSpec::fromJson(j);
    } catch (const std::exception& e) {
        throw InputError(file + ": " + oneLine(e.what()));
    }
    json_ = std::move(j);
}

void ExperimentDocument::save(const std::string& path) const {
    writeTextAtomically(path, json_.dump(2) + "\n");
}

ExperimentDocument::Check ExperimentDocument::check() const {
    Check c;
    try {
        const auto spec = ExperimentSpec::fromJson(json_);  // validates every grid point
        for (const auto& point : spec.gridPoints()) {
            const auto at = point.empty() ? spec : spec.at(point);
            const std::string p = shapes_.of(at).problem(at);
            if (!p.empty()) throw InputError(p);
        }
        c.points = spec.gridSize();
        c.seeds = spec.seeds.size();
    } catch (const std::exception& e) {
        c.problem = oneLine(e.what());
        if (c.problem.empty()) c.problem = "invalid experiment";
        c.points = c.seeds = 0;
    }
    return c;
}

DatasetShape ExperimentDocument::datasetShape() const {
    try {
        const auto spec = ExperimentSpec::fromJson(json_);
        const auto points = spec.gridPoints();
        return shapes_.of(points.empty() || points[0].empty() ? spec : spec.at(points[0]));
    } catch (const std::exception&) {
        return {};
    }
}

}  // namespace mfh
