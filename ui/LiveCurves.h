#pragma once
// LiveCurves: the training curves of one job's current run, written by training threads and
// read by the GUI's replot timer. Of several runs training at once it follows the one that
// started first, until it ends. Thread-safe; `version` changes on every write, so a reader
// can skip a replot when nothing changed. A run is named for people by its title (role,
// inputs, sweep point, seed); its id stays the key, for the tooltip and the files.
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "core/training/RunStatus.h"
#include "core/training/TrainConfig.h"

namespace mfh::ui {

struct CurveSnapshot {
    std::string runId, role, title;
    std::vector<double> lossEpoch, loss;
    std::vector<double> accEpoch;
    std::map<std::string, std::vector<double>> accuracy;  // evaluation set -> percent
    int epochs = 0;                                       // planned
    bool finished = false;
    RunStatus status = RunStatus::Complete;  // how it ended, once finished
};

class LiveCurves {
  public:
    void start(const std::string& runId, const std::string& role, const std::string& title = {});
    void add(const std::string& runId, const EpochReport& e);
    void finish(const std::string& runId, RunStatus status = RunStatus::Complete);
    CurveSnapshot snapshot() const;
    uint64_t version() const { return version_.load(std::memory_order_relaxed); }

  private:
    mutable std::mutex mutex_;
    CurveSnapshot s_;
    std::atomic<uint64_t> version_{0};
};

}  // namespace mfh::ui
