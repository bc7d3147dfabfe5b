#pragma once
// ExperimentFolder: the output folder of an experiment while it runs, and what makes it
// durable (docs/formats.md, "Experiment folder"). Opening it creates the folder, locks it
// against a second writer, clears temporaries a killed run left, and checks that the folder
// holds nothing or this same experiment (its experiment hash): a different one is refused,
// unless `fresh` moves the folder's contents aside first. It writes experiment.json and
// state.json at once, a trial file as each trial finishes, and state.json again as trials
// finish and at the end. A trial stored by an earlier run of the same experiment is found with
// storedTrial(), so a rerun computes only what is missing.
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/base/FolderLock.h"
#include "core/experiments/ExperimentShard.h"
#include "core/experiments/ExperimentSpec.h"
#include "core/experiments/TrialRecord.h"
#include "core/training/RunStatus.h"

namespace mfh {

class ExperimentFolder {
  public:
    // An empty `dir` is no folder: every call does nothing. With `shard`, the folder is one
    // that other tasks write too (ExperimentShard): it must hold this experiment already, is
    // locked shared, keeps others' temporaries, and progress goes to the shard's state file.
    ExperimentFolder(const std::string& dir, const ExperimentSpec& spec, bool fresh,
                     const ExperimentShard* shard = nullptr);

    const std::string& dir() const { return dir_; }
    const std::string& hash() const { return hash_; }
    // The trial of this grid point and seed stored by an earlier run of this experiment, when
    // its file is valid and every run it names is in the folder. Its dataset must be the one
    // the trial would load now (`datasetHash`, called only when a file is found): a changed
    // dataset throws InputError, since the folder's other results came from the old one.
    std::optional<TrialRecord> storedTrial(int point, uint32_t seed,
                                           const std::function<std::string()>& datasetHash) const;
    void saveTrial(const TrialRecord& t);
    // state.json: the experiment's progress and final status. While running, calls closer
    // than a second apart are skipped unless `force`.
    struct Progress {
        RunStatus status = RunStatus::Complete;
        bool running = true, failed = false;
        std::string message;
        // Set when the trials are handed to a scheduler's tasks ("slurm"): the state reads
        // "submitted" until the folder is complete.
        std::string scheduler;
        int trialsDone = 0, trialsTotal = 0, trialsResumed = 0;
        int runsTrained = 0, runsReused = 0, runsResumed = 0;
        double seconds = 0;
    };
    void writeState(const Progress& p, bool force = false);
    // After an error: when this run created the folder and nothing durable is in it (no run
    // or trial file), the folder is removed again.
    void abandon();

    // The normalised configuration's hash (16 hex digits): toJson() without the settings that
    // change no number (threads, title) and the seed list (trials are stored per seed, so more
    // seeds extend an experiment), with the dataset's path made absolute.
    static std::string hashOf(const ExperimentSpec& spec);

  private:
    void checkIdentity(bool fresh);
    void writeShardState(const Progress& p);
    void moveAside();
    bool holdsResults() const;

    std::string dir_, hash_;
    const ExperimentSpec* spec_ = nullptr;
    const ExperimentShard* shard_ = nullptr;
    bool created_ = false;
    std::optional<FolderLock> lock_;
    std::string createdTime_;
    std::mutex stateMutex_;
    std::chrono::steady_clock::time_point lastState_{};
};

}  // namespace mfh
