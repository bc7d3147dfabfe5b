#pragma once
// StoredExperiment: an experiment's result read back from its folder without training
// (docs/formats.md, "Experiment folder"): the grid and report layout from state.json, the
// rows from the trial files. What `mfh report DIR` prints and the workbench shows when it
// opens a folder. A folder whose writer is still running, or was killed, gives the rows it
// has, marked partial.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/experiments/ExperimentResult.h"

namespace mfh {

struct StoredResult {
    ExperimentResult result;
    nlohmann::json state;   // state.json as read
    nlohmann::json config;  // experiment.json, or null when it is missing
    // running | complete | cancelled | failed, or submitted (to a cluster, not all in yet)
    std::string folderStatus;
    int trialsFound = 0;                // valid trial files of this experiment
    std::vector<bool> trialFound;       // per trial, point-major: its file is valid
    std::vector<std::string> problems;  // "trials/FILE: reason" for unreadable trial files
};

class StoredExperiment {
  public:
    // Whether `dir` holds an experiment's state.json.
    static bool isExperimentFolder(const std::string& dir);
    // state.json, checked (format, version, hash, grid); throws InputError naming the file.
    static nlohmann::json readState(const std::string& dir);
    // The result as the run that wrote the folder reported it. Throws InputError when `dir`
    // is not an experiment folder; unreadable trial files are listed in `problems`.
    static StoredResult load(const std::string& dir);
};

}  // namespace mfh
