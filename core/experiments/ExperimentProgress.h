#pragma once
// ExperimentProgress: where a running experiment is, for a front end that reads it on a timer
// of its own. Worker threads write only relaxed atomics, so following an experiment costs one
// atomic add and a few stores per epoch: no call into the front end, no lock, no allocation.
//
// Progress is counted in epochs. The plan (every training each remaining trial declares: trials
// × roles × epochs, from the spec, without the trials already in the folder) is fixed before
// the first epoch, so elapsed / fraction gives a time left from the first epochs on. A training
// shared with another trial (computed once), loaded from the folder, or stopped early is
// credited with its planned epochs when it ends, so the fraction reaches 1 with the experiment.
#include <atomic>
#include <cstdint>
#include <string>

namespace mfh {

struct ExperimentSpec;

enum class ExperimentStage : int { Waiting, Preparing, Training, Finishing };

// What a worker is computing. Roles are the run roles of RunTrainer's jobs.
enum class TrainingStep : int {
    None,
    Teacher,
    Baseline,
    Student,
    MgTeacher,
    MgStudent,
    RemovalStudent,
    Algorithm1
};
TrainingStep stepOfRole(const std::string& role);
const char* roleOfStep(TrainingStep s);  // "teacher", …, "algorithm1"; "" for None

// One worker thread's current training; written by that worker only.
struct WorkerProgress {
    std::atomic<int> trial{-1};  // index of the trial (point-major over grid × seeds); -1 idle
    std::atomic<int> step{0};    // a TrainingStep
    std::atomic<int> epoch{0}, epochs{0};
};

struct ExperimentProgress {
    static constexpr int kWorkers = 64;  // workers beyond these are counted but not shown
    std::atomic<int> stage{0};           // an ExperimentStage
    std::atomic<int> trialsDone{0}, trialsTotal{0};
    std::atomic<int64_t> epochsPlanned{0}, epochsDone{0};
    std::atomic<int64_t> trainingSinceNs{0};  // steady clock when training began; 0 before
    WorkerProgress workers[kWorkers];

    // Epochs done over planned, in [0, 1]; 0 while nothing is planned.
    double fraction() const;
    // Seconds left at the pace since training began; negative while unknown.
    double secondsLeft() const;
    void addEpochs(int64_t n) { epochsDone.fetch_add(n, std::memory_order_relaxed); }

    // The epochs one trial of this (point's) spec trains: its roles' epochs.
    static int64_t trialEpochs(const ExperimentSpec& sp);

    // The slot the calling worker thread writes while it runs a trial (null outside one, or
    // when no front end follows the experiment). A thread-local, so that the stages deep in
    // a trial (RunTrainer, SaliencyStage) report without every signature carrying it.
    static WorkerProgress* current();
    // Binds the calling thread to worker slot `worker` for trial `trial` while it lives.
    class WorkerScope {
      public:
        WorkerScope(ExperimentProgress* p, int worker, int trial);
        ~WorkerScope();
        WorkerScope(const WorkerScope&) = delete;
        WorkerScope& operator=(const WorkerScope&) = delete;

      private:
        WorkerProgress* slot_ = nullptr;
    };
};

}  // namespace mfh
