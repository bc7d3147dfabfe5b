#pragma once
// TrialOutput and TrialRecord: what one trial (one grid point at one seed) produced, and the
// trial file that keeps it in an experiment folder (docs/formats.md, "Trial file"). Plain
// data without the engine, so that reports and front ends can read stored trials.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mfh {

// What one trial produced: its metrics and the runs behind them, in the order they were
// used (the teacher, the no-KD baseline, the KD student, then the intervention's), and those
// among the runs that diverged or learned nothing (their numbers must not be trusted).
struct TrialOutput {
    std::map<std::string, double> metrics;  // 'alpha', 'beta', 'gamma': the data's true MVD
    std::vector<std::string> runIds;
    std::vector<std::string> diverged, learnedNothing;
};

struct TrialRecord {
    static constexpr int kVersion = 1;
    std::string experimentHash;
    int point = 0;  // the row: an index into the experiment's grid points
    uint32_t seed = 0;
    std::string datasetHash;
    TrialOutput out;
    std::string endTime;

    // `axes` and `values` give the file's readable "point" object (axis → value).
    nlohmann::json toJson(const std::vector<std::string>& axes,
                          const std::vector<nlohmann::json>& values) const;
    // The file's name in the folder's trials/ (p<point>-s<seed>.json).
    static std::string fileName(int point, uint32_t seed);
    // Throws InputError naming `what` (the file) and the first problem.
    static TrialRecord fromJson(const nlohmann::json& j, const std::string& what);
};

}  // namespace mfh
