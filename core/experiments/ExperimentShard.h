#pragma once
// ExperimentShard: One part of an experiment, run by a task of a scheduler (core/cluster) beside
// other tasks that write the same folder: only the listed trials (point-major indices: point ×
// seeds + seed index). The folder must already hold the experiment (state.json of the same hash).
// The part's progress goes to `statePath`, not to state.json; it removes no temporaries (another
// task's may be in flight) and writes no summary.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mfh {

struct ExperimentShard {
    std::vector<int> trials;
    std::string statePath;
    nlohmann::json info = nlohmann::json::object();  // recorded in its state: task, job, host
};

}  // namespace mfh
