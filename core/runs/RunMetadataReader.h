#pragma once
// RunMetadataReader: reads the metadata of a list of run files (RunMetadata::read) on a thread
// of its own, in order, and hands them to the thread that writes the index. HDF5 runs on one
// thread at a time here anyway (its lock); what this buys is that parsing and SQLite inserts on
// the other thread overlap with it. The hand-over is bounded, so a slow consumer does not make
// the reader hold every file's metadata at once. The destructor stops and joins the thread.
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/runs/RunMetadata.h"

namespace mfh {

class RunMetadataReader {
  public:
    // `paths` are read as root + "/" + path; the vector must outlive the reader.
    RunMetadataReader(const std::string& root, const std::vector<std::string>& paths);
    ~RunMetadataReader();
    RunMetadataReader(const RunMetadataReader&) = delete;
    RunMetadataReader& operator=(const RunMetadataReader&) = delete;

    // The next file's metadata, in the order of `paths`. With `wait` false, returns false at
    // once when the reader has nothing ready; with `wait` true, waits for it.
    bool next(RunMetadata& m, bool wait);

  private:
    void read();

    static constexpr std::size_t kCapacity = 512;
    const std::string root_;
    const std::vector<std::string>& paths_;
    std::mutex mutex_;
    std::condition_variable ready_, room_;
    std::deque<RunMetadata> items_;
    bool stopped_ = false;
    std::thread thread_;
};

}  // namespace mfh
