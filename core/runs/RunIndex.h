#pragma once
// RunIndex: the index of a workspace (a folder of experiment folders at any depth, or one
// experiment folder): its experiments, one runs table across them, and what could not be read.
// The run files, trial files and state.json stay the source of truth; the index is an SQLite
// file derived from them (schema: docs/formats.md, "The run index"), brought up to date by
// update(), which reads only new or changed files. Writers of run files never touch it, so any
// number of processes may fill the folder while it is indexed.
//
// Where the index lives: ROOT/.mfh-index.sqlite; when ROOT is not writable,
// $XDG_CACHE_HOME/mfh (or ~/.cache/mfh) under a name derived from ROOT's absolute path. Nothing
// else is ever written into ROOT, and no file of the workspace is changed or deleted.
//
// Threads: one RunIndex (one SQLite connection) per thread. The workbench runs update() on a
// worker thread (progress callback, cancel flag) and queries through another RunIndex on the
// GUI thread; WAL mode lets those queries read the last committed state meanwhile.
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "core/runs/RunIndexTypes.h"

namespace mfh {

class SqliteConnection;

class RunIndex {
  public:
    // Opens the index of `root`, creating it, or recreating it when it cannot be used (another
    // schema version, corrupt, not an index): then notes() says why and update() rebuilds it.
    // Reads no file of the workspace. Throws InputError when `root` is not a readable folder
    // or no index can be created for it.
    explicit RunIndex(const std::string& root);
    ~RunIndex();
    RunIndex(const RunIndex&) = delete;
    RunIndex& operator=(const RunIndex&) = delete;

    // Where the index of `root` is (or would be created).
    static std::string locate(const std::string& root);
    const std::string& root() const { return root_; }  // absolute
    const std::string& indexPath() const { return path_; }
    const std::vector<std::string>& notes() const { return notes_; }

    // Reads new and changed files, drops the rows of removed ones. Broken files become
    // problems, never errors. A corrupt index met on the way is rebuilt (a note says so).
    // `progress` is called on this thread; `cancel` stops it early, keeping what was read.
    IndexUpdate update(const IndexProgress& progress = {},
                       const std::atomic<bool>* cancel = nullptr);

    std::vector<ExperimentInfo> experiments() const;
    // Runs matching `filter` (RunFilter's language); a malformed one throws InputError.
    int64_t countRuns(const std::string& filter = {}) const;
    // The rowids of the runs matching `filter`, ascending: what a front end that already
    // holds the rows needs to filter them.
    std::vector<int64_t> runIds(const std::string& filter) const;
    // Sorted by experiment folder, role, seed, run id.
    std::vector<RunRow> runs(const RunQuery& query = {}) const;
    RunDetails run(int64_t rowid) const;             // InputError when there is no such run
    std::vector<std::string> metricNames() const;    // every metric name, sorted
    std::vector<std::string> configKeys() const;     // every dotted configuration key, sorted
    std::vector<std::string> sweptSettings() const;  // every sweep axis, full dotted paths
    // The configuration keys whose values differ between two runs (absent counts), sorted.
    std::vector<ConfigDifference> configDiff(int64_t a, int64_t b) const;
    std::vector<IndexProblem> problems() const;  // files and folders that could not be read

  private:
    std::string root_, path_;
    std::unique_ptr<SqliteConnection> db_;
    std::vector<std::string> notes_;
};

}  // namespace mfh
