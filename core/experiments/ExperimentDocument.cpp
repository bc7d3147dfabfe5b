#include "core/experiments/ExperimentDocument.h"

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
}

void ExperimentDocument::loadPreset(const std::string& name) {
    setJson(paperExperiment(name));
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
        c.points = spec.gridSize();
        c.seeds = spec.seeds.size();
    } catch (const std::exception& e) {
        c.problem = oneLine(e.what());
        if (c.problem.empty()) c.problem = "invalid experiment";
        c.points = c.seeds = 0;
    }
    return c;
}

}  // namespace mfh
