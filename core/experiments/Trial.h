#pragma once
// Trial: one grid point at one seed. The teacher (trained, or loaded from a run file), the
// no-KD baseline and the KD student on the student's modality, then the intervention stage.
// Returns what it produced; the experiment assembles rows from the outputs.
#include <cstdint>

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

  private:
    DataLoader& data_;
    RunTrainer& runs_;
    InterventionStage interventions_;
};

}  // namespace mfh
