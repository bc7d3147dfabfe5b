#pragma once
// RunStore: what a folder of runs holds, read cheaply. scan() opens every *.h5 file in a folder
// (not recursively) and reads only the root attributes and metrics of run files, not curves or
// weights, so that listing a large experiment is fast. Files that are not run files (datasets)
// are skipped; unreadable ones are reported in `problems`, never thrown.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/training/RunStatus.h"

namespace mfh {

struct RunSummary {
    std::string path, id, role, dataset, teacherId, startTime, endTime;
    RunStatus status = RunStatus::Complete;
    std::vector<std::string> modalities;  // the inputs the network saw (config "inputs")
    int64_t seed = 0;
    std::map<std::string, double> metrics;
};

struct RunFolder {
    std::string name;                   // experiment.json "name", if present
    std::vector<RunSummary> runs;       // sorted by role, then seed, then id
    std::vector<std::string> problems;  // "file: reason"
};

class RunStore {
  public:
    // Throws InputError when `dir` is not a readable folder.
    static RunFolder scan(const std::string& dir);
    static RunSummary summary(const std::string& path);  // throws InputError
};

}  // namespace mfh
