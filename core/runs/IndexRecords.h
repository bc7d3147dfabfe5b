#pragma once
// IndexRecords: the rows the run index derives from each kind of file, and the checks that make
// a file a problem instead of a row. A run file is checked as RunFile::load checks it (format
// version, status, config a JSON object within the limits of JsonReader), from the metadata
// alone; trial files, state.json and experiment.json as docs/formats.md describes them. Every
// check throws InputError with the reason only (the index stores the path beside it).
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/runs/RunMetadata.h"

namespace mfh {

struct IndexedRun {
    std::string runId, role, status, dataset, datasetHash, teacherRun, startTime, endTime, device;
    std::string modalities;  // the inputs the network saw, comma-joined
    std::string key, appVersion, gitRevision;
    std::string config;  // the JSON text as stored
    int64_t seed = 0;
    std::vector<std::pair<std::string, double>> metrics;
    int64_t configShape = 0;              // a hash of the config's dotted keys (config_keys.shape)
    std::vector<std::string> configKeys;  // those keys, sorted
};

struct IndexedTrial {
    int64_t pointIndex = 0, seed = 0;
    std::string point;      // JSON object: axis path -> value
    std::string pointText;  // "w_kd = 0.25, mode = random"
    std::vector<std::string> runs;
};

struct IndexedExperiment {
    std::optional<std::string> name, title, report, status, message, created, updated, hash;
    std::optional<std::string> axes, points, seeds, appVersion;  // JSON texts
    std::optional<int64_t> trialsTotal, trialsDone;
};

class IndexRecords {
  public:
    static IndexedRun run(const RunMetadata& meta);
    // nullopt for a JSON file of another format (foreign, not a problem).
    static std::optional<IndexedTrial> trial(const std::string& path);
    // state.json (format mfh-experiment) and experiment.json fill `e`; state.json wins.
    static void readState(const std::string& path, IndexedExperiment& e);
    static void readExperimentFile(const std::string& path, IndexedExperiment& e);

    // "w_kd = 0.25, mode = random": each axis by the shortest suffix of its dotted path that
    // tells it from the point's other axes, then its value (strings without quotes).
    static std::string pointText(const nlohmann::json& point);
    static std::string valueText(const nlohmann::json& v);
    // A dotted path as an SQLite JSON path, each part quoted: kd.w_kd -> $."kd"."w_kd".
    static std::string jsonPath(const std::string& dotted);
    // Every leaf of a configuration as dotted path -> JSON value (arrays are leaves).
    static std::map<std::string, nlohmann::json> flatten(const nlohmann::json& config);
};

}  // namespace mfh
