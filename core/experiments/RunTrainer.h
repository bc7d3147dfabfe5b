#pragma once
// RunTrainer: keyed training and run-record assembly. A TrainingJob names everything that
// determines a training's result; its 64-bit key identifies the run (the run id is the role and
// the key), so an identical training, in this trial or another, is computed once. Each finished
// training becomes a RunRecord (configuration, provenance, curves, metrics, weights, health)
// written to the output folder as it finishes. A run file already in the folder with the same
// key (left by an earlier run of the experiment, complete or diverged) is loaded instead of
// training again. The trainer remembers which runs diverged or learned nothing.
#include <torch/torch.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/experiments/EngineContext.h"
#include "core/experiments/ExperimentResult.h"
#include "core/experiments/LoadedData.h"
#include "core/experiments/RunCache.h"
#include "core/experiments/Trained.h"

namespace mfh {

struct TrainingJob {
    std::string role;  // teacher | baseline | student | mg-teacher | mg-student | removal-student
    const RoleSpec* spec = nullptr;  // model and training (the student's carries the KD weights)
    NetSpec arch;
    torch::Tensor x;  // inputs, or undefined when streamed from `source`
    std::shared_ptr<const RowSource> source;
    std::vector<int64_t> y;
    torch::Tensor teacher;  // teacher logits on x (turns KD on), or undefined
    std::vector<EvalSet> evals;
    int classes = 2;
    uint64_t initSeed = 0;
    uint32_t seed = 0;
    nlohmann::json inputs;  // which modalities, split, columns (recorded in the run)
    std::string teacherId;
    const LoadedData* data = nullptr;
    // Added to the run's recorded config but not to its key: a choice the key already implies
    // (the channels a removal took from the teacher, whose logits are in the key).
    nlohmann::json recorded = nlohmann::json::object();
};

class RunTrainer {
  public:
    explicit RunTrainer(const EngineContext& ctx) : ctx_(ctx) {}

    // The trained network of this job, computed now or shared with an identical earlier job.
    // Throws Cancelled when the user cancelled during the training (its record is kept with
    // status "cancelled").
    std::shared_ptr<const Trained> train(const TrainingJob& job);
    // A teacher rebuilt from a run file: its stored model description and weights. The
    // network must take the job's inputs (the teacher's modalities of this dataset).
    std::shared_ptr<const Trained> loadTeacher(const std::string& path, const TrainingJob& job);
    // The 64-bit key that identifies the job's training (its run id is the role and the
    // key's first 12 hex digits): equal keys are one training.
    uint64_t keyOf(const TrainingJob& job) const;
    // Writes a run file (when there is an output folder) and tells the front end.
    void record(const RunRecord& r);

    // The trial's runs that diverged, or learned nothing, into its output.
    void flag(TrialOutput& out) const;
    int trained() const { return trained_; }
    int reused() const { return reused_; }
    int resumed() const { return resumed_; }

  private:
    nlohmann::json configOf(const TrainingJob& job, bool kernel) const;
    void checkHealth(const TrainingJob& job, Trained& t, bool kernel, RunRecord& rec);
    // The run of this key from the output folder, when a complete or diverged one is there.
    std::shared_ptr<Trained> resume(const TrainingJob& job, const std::string& runId,
                                    const std::string& key, bool kernel);
    void remember(const std::string& runId, bool diverged, bool learnedNothing);

    const EngineContext& ctx_;
    RunCache<Trained> runs_;
    std::atomic<int> trained_{0}, reused_{0}, resumed_{0};
    mutable std::mutex mutex_;
    std::set<std::string> diverged_, learnedNothing_;
};

}  // namespace mfh
