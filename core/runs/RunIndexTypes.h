#pragma once
// The values the run index hands out (RunIndex): what an update did, the experiments, compact
// rows of the runs table, one run in full, configuration differences and problems.
#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace mfh {

// Called with the number of files read so far and the number to read.
using IndexProgress = std::function<void(int64_t done, int64_t total)>;

struct IndexUpdate {
    int64_t filesSeen = 0;     // candidates in the workspace (run, dataset, JSON files)
    int64_t filesRead = 0;     // new or changed files, read in this update
    int64_t filesRemoved = 0;  // files gone since the last update, their rows deleted
    int64_t runs = 0;          // run files in the index afterwards
    int64_t problems = 0;      // files (and folders) that could not be read
    bool cancelled = false;    // stopped early: what was read is kept, the rest comes next time
    double seconds = 0;
    std::vector<std::string> notes;  // e.g. "the index … could not be used (…); it is rebuilt"
};

struct ExperimentInfo {
    std::string dir;  // relative to the root; "." is the root itself
    std::string name, title, report, status, message, created, updated, experimentHash;
    int64_t trialsTotal = -1, trialsDone = -1;  // -1: unknown (no readable state.json)
    std::vector<std::string> axes;              // swept settings, dotted paths
    int64_t runs = 0;                           // run files in the folder
};

struct RunQuery {
    std::string filter;                            // RunFilter's language; empty: every run
    std::vector<std::string> metrics{"acc_test"};  // metric columns, in this order
    std::vector<std::string> configKeys;           // configuration columns (dotted), as text
    int64_t limit = -1, offset = 0;                // -1: no limit
};

// One row of the runs table, compact.
struct RunRow {
    int64_t rowid = 0;       // the run's id in the index (RunIndex::run, configDiff)
    std::string experiment;  // its experiment folder, "" for a loose run file
    std::string path;        // relative to the root
    std::string runId, role, status, teacherRun, startTime;
    std::string modalities;  // the inputs its network saw, comma-joined ("a,b")
    int64_t seed = 0;
    std::vector<std::optional<double>> metrics;  // RunQuery::metrics' values
    std::vector<std::string> configValues;       // RunQuery::configKeys' values ("" if absent)
    // The sweep points of its trials ("w_kd = 0.25"), by point index. A shared run (a no-KD
    // baseline, a teacher) has several: a row of the runs table keeps the first kListedPoints
    // of them, RunIndex::run() all; pointCount is how many there are.
    static constexpr std::size_t kListedPoints = 4;
    std::vector<std::string> points;
    int64_t pointCount = 0;
    // The points joined with "; ", and how many more there are.
    std::string pointText() const {
        std::string s;
        for (const auto& p : points) s += (s.empty() ? "" : "; ") + p;
        if (pointCount > static_cast<int64_t>(points.size()))
            s += " … (" + std::to_string(pointCount) + " points)";
        return s;
    }
    // The role with the inputs it saw: "student b", "teacher a+b".
    std::string roleText() const {
        std::string s = role;
        if (!modalities.empty()) {
            s += " ";
            for (char c : modalities) s += c == ',' ? '+' : c;
        }
        return s;
    }
    // The run in the user's terms: "student b · w_kd = 0.25 · seed 3"; a run that several
    // sweep points share says so instead of listing them ("teacher a+b · 6 sweep points · seed 0").
    std::string title() const {
        std::string s = roleText();
        if (pointCount == 1 && !points.empty())
            s += " · " + points.front();
        else if (pointCount > 1)
            s += " · " + std::to_string(pointCount) + " sweep points";
        return s + " · seed " + std::to_string(seed);
    }
};

// One run in full, as the index holds it.
struct RunDetails {
    RunRow row;
    std::string dir, dataset, datasetHash, endTime, device, key, appVersion, gitRevision;
    std::vector<std::string> modalities;
    std::map<std::string, double> metrics;
    nlohmann::json config;
};

struct ConfigDifference {
    std::string key;                  // dotted path
    std::optional<std::string> a, b;  // the values as JSON text; nullopt where absent
};

struct IndexProblem {
    std::string path;  // relative to the root
    std::string reason;
};

}  // namespace mfh
