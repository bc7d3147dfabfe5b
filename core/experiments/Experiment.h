#pragma once
// Experiment: runs an ExperimentSpec. Every grid point × seed is a Trial of the pipeline
//   teacher (teacher modalities) → no-KD baseline and KD student (student modality)
//   [→ intervention: modality-general teacher and its KD student, or channel removal]
// Every point is checked first (Preflight). Trials run in parallel (one LibTorch intra-op
// thread each); identical trainings are computed once (RunTrainer). With an output folder
// every training writes its run file atomically as it finishes, and the folder gets
// experiment.json and summary.csv; a failed experiment removes what it wrote.
#include <string>

#include "core/experiments/ExperimentCallbacks.h"
#include "core/experiments/ExperimentResult.h"
#include "core/experiments/ExperimentSpec.h"

namespace mfh {

class Experiment {
  public:
    explicit Experiment(ExperimentSpec spec, std::string outDir = "", bool fresh = false);
    ExperimentResult run(const ExperimentCallbacks& callbacks = {});

  private:
    ExperimentSpec spec_;
    std::string outDir_;
    bool fresh_ = false;
};

}  // namespace mfh
