#pragma once
// IndexUpdater: brings the run index up to date with the files of its workspace. The files are
// the source of truth; the index remembers each file's size, modification time and inode, and
// only files that are new or differ are read again; rows of files that are gone are deleted.
// Run files are read on a thread of their own (HDF5 holds one lock), while this thread parses
// what that thread read, reads the JSON files and writes the rows, in one transaction with
// prepared statements. Nothing in the workspace is written or changed.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/runs/IndexRecords.h"
#include "core/runs/RunIndexTypes.h"
#include "core/runs/SqliteConnection.h"
#include "core/runs/WorkspaceScan.h"

namespace mfh {

class IndexUpdater {
  public:
    IndexUpdater(SqliteConnection& db, const std::string& root);
    // `progress(done, total)` is called on this thread, every few hundred files and at the end.
    IndexUpdate run(const IndexProgress& progress, const std::atomic<bool>* cancel);

  private:
    struct Known {
        int64_t id = 0, size = 0, mtimeNs = 0, inode = 0;
        std::string kind;
        bool seen = false;
    };
    void prepare();
    int64_t writeFile(const ScannedFile& f, const std::string& kind, const std::string* error);
    void removeFile(const Known& k);
    void deleteDerived(int64_t fileId, const std::string& kind);
    void storeRun(const ScannedFile& f, const RunMetadata& meta);
    void storeTrial(const ScannedFile& f);
    void storeExperiment(const std::string& dir, const std::vector<const ScannedFile*>& files);
    void readFiles(const std::vector<const ScannedFile*>& h5,
                   const std::vector<const ScannedFile*>& trials, const IndexProgress& progress,
                   const std::atomic<bool>* cancel, IndexUpdate& out);

    SqliteConnection& db_;
    std::string root_;
    // What the index held before this update, by path. The paths live in arena_ (one block per
    // megabyte, not one allocation per file): a reopen of 200,000 files spends its time here.
    std::unordered_map<std::string_view, Known> known_;
    std::vector<std::unique_ptr<char[]>> arena_;
    char* arenaNext_ = nullptr;
    std::size_t arenaLeft_ = 0;
    std::string_view keep(std::string_view path);
    std::set<std::string> experimentDirs_;  // folders that hold state.json or experiment.json
    std::set<int64_t> shapes_;              // config_keys already stored
    SqliteStatement insertFile_, updateFile_, deleteFile_, insertRun_, insertMetric_, insertPoint_,
        insertShape_, insertConfig_, deleteMetrics_, deleteConfigs_, deleteRuns_, deletePoints_;
};

}  // namespace mfh
