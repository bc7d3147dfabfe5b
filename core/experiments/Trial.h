#pragma once
// Trial: one grid point at one seed. The teacher (trained, or loaded from a run file), the
// no-KD baseline and the KD student on the student's modality, then the intervention stage.
// Returns what it produced; the experiment assembles rows from the outputs.
#include <cstdint>
#include <vector>

#include "core/experiments/DataLoader.h"
#include "core/experiments/InterventionStage.h"
#include "core/experiments/RunTrainer.h"
#include "core/experiments/SaliencyStage.h"
#include "core/experiments/TrialContext.h"

namespace mfh {

class Trial {
  public:
    Trial(DataLoader& data, RunTrainer& runs, SaliencyStage& saliency)
        : data_(data), runs_(runs), interventions_(runs, saliency) {}
    TrialOutput run(const ExperimentSpec& sp, uint32_t seed);
    // Without training: the keys of the trial's teacher, no-KD baseline and KD student
    // trainings. Trials with a key in common share that training (it is computed once), so a
    // planner that splits an experiment keeps them together.
    std::vector<uint64_t> sharingKeys(const ExperimentSpec& sp, uint32_t seed);
    // The trial's teacher and no-KD baseline trainings (on their roles' whole training
    // splits), before any teacher logits are attached; the advisor's pilot trains them on
    // folds of those rows.
    static TrainingJob teacherJob(const TrialContext& t);
    static TrainingJob baselineJob(const TrialContext& t);

  private:
    DataLoader& data_;
    RunTrainer& runs_;
    InterventionStage interventions_;
};

}  // namespace mfh
