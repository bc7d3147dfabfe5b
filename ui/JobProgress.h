#pragma once
// JobProgress: the words and numbers a job's row shows, read from the job's atomics on the
// GUI's timer: its stage ("trial 3/18 · teacher a+b · epoch 120/1000", "building dataset",
// "Algorithm 1"), its progress ("42 % · 3/18 trials"), durations, and the final state with
// its reason. Nothing here is called by a worker thread.
#include <QString>

namespace mfh::ui {

struct Job;

class JobProgress {
  public:
    static QString stageText(const Job& j);
    // The stage with the sweep point and seed of the trial shown, for the tooltip.
    static QString stageDetail(const Job& j);
    static QString progressText(const Job& j);
    // "4.2 s", "3 min 5 s"; "–" for a negative (unknown) time.
    static QString duration(double seconds);
};

}  // namespace mfh::ui
