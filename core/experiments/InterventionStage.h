#pragma once
// InterventionStage: the paper's interventions after a trial's teacher → baseline → KD
// student (docs/science.md, "Interventions"):
//  * mg-teacher: a teacher that keeps k of its input channels (the true shared ones, random
//    ones, or Algorithm 1's top-k) and its KD student;
//  * removal: the teacher with a share of a tapped layer's channels removed (by Algorithm 1's
//    ranking, or at random) and its KD student.
// Metrics go into the trial's output next to the runs behind them.
#include <memory>

#include "core/experiments/RunTrainer.h"
#include "core/experiments/SaliencyStage.h"
#include "core/experiments/TrialContext.h"

namespace mfh {

// The networks a trial trained before its intervention, and the jobs they came from.
struct TrialNetworks {
    std::shared_ptr<const Trained> teacher, baseline, student;
    TrainingJob teacherJob, baselineJob;
    torch::Tensor teacherOnStudentSplit;  // the teacher's modalities on the student's split
};

class InterventionStage {
  public:
    InterventionStage(RunTrainer& runs, SaliencyStage& saliency)
        : runs_(runs), saliency_(saliency) {}
    void run(TrialContext& t, const TrialNetworks& n);

    // The channels an intervention keeps, sorted, as this stage chooses them at a seed: the
    // input columns of a modality-general teacher (of `channels`), or the channels of the
    // tapped layer a removal leaves. `saliency` is Algorithm 1's raw score per channel (needed
    // by alg1 and removal modes), `trueShared` the true shared columns (mode gt, and the
    // default keep). Empty without an intervention. The workbench shows this choice.
    static std::vector<int64_t> keptChannels(const InterventionSpec& iv, int64_t channels,
                                             const std::vector<double>& saliency,
                                             const std::vector<int64_t>& trueShared, uint32_t seed);

  private:
    void mgTeacher(TrialContext& t, const TrialNetworks& n);
    void removal(TrialContext& t, const TrialNetworks& n);

    RunTrainer& runs_;
    SaliencyStage& saliency_;
};

}  // namespace mfh
