#pragma once
// Experiment: runs an ExperimentSpec. Every grid point × seed is a Trial of the pipeline
//   teacher (teacher modalities) → no-KD baseline and KD student (student modality)
//   [→ intervention: modality-general teacher and its KD student, or channel removal]
// Every point is checked first (Preflight). Trials run in parallel (one LibTorch intra-op
// thread each); identical trainings are computed once (RunTrainer). With an output folder
// every training writes its run file atomically as it finishes, and the folder gets
// experiment.json and summary.csv; a failed experiment removes what it wrote.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/experiments/ExperimentCallbacks.h"
#include "core/experiments/ExperimentResult.h"
#include "core/experiments/ExperimentShard.h"
#include "core/experiments/ExperimentSpec.h"

namespace mfh {

class Experiment {
  public:
    explicit Experiment(ExperimentSpec spec, std::string outDir = "", bool fresh = false);
    Experiment(ExperimentSpec spec, std::string outDir, ExperimentShard shard);
    ExperimentResult run(const ExperimentCallbacks& callbacks = {});

    // Without training (the data are loaded or generated): for every trial, point-major, the
    // keys of the trainings it could share with other trials (Trial::sharingKeys).
    static std::vector<std::vector<uint64_t>> sharingKeys(const ExperimentSpec& spec);

  private:
    ExperimentSpec spec_;
    std::string outDir_;
    bool fresh_ = false;
    std::optional<ExperimentShard> shard_;
};

}  // namespace mfh
