#pragma once
// PilotRun: the short trainings the advisor measures its predictors on, for one grid point of
// an experiment. For each pilot seed the rows of the teacher's training split are dealt into
// K folds (cross-fitting): the teacher (its modalities) and the student alone (its modality)
// train on K − 1 folds with a fraction of their epochs, and predict the held-out fold. Every
// row is then held out once (with one fold, a fifth of the rows is held out and the networks
// train on the rest), so the predictors see logits of networks that never trained on
// the rows they are measured on (in-sample logits of an overfitted network would make any
// information look larger). Linear networks on each modality give the Venn estimate's per-row
// terms on the same folds: the pilot's own networks when they are linear kernels, otherwise
// extra linear networks trained like the Venn estimator's.
// The student's split must be the teacher's (the usual "train"): the pilot needs both views of
// the same rows.
#include <cstdint>
#include <string>
#include <vector>

#include "core/analysis/VennEstimator.h"
#include "core/experiments/DataLoader.h"
#include "core/experiments/EngineContext.h"
#include "core/experiments/RunTrainer.h"
#include "core/info/Samples.h"

namespace mfh {

struct PilotOptions {
    std::vector<uint32_t> seeds{0, 1, 2, 3, 4};
    int folds = 2;  // 1: a single split, a fifth held out (for costly networks)
    // The share of each role's optimisation steps on its whole split that a pilot training
    // takes on its fold: with full batches, of its epochs; with mini-batches, as many epochs
    // as those steps need on the fold's fewer rows (at least 1, at most 10 × the role's).
    double epochFraction = 0.2;
    int maxRows = 2000;  // rows of the split used at most (a seeded subsample)

    void check() const;  // throws InputError naming the bad option
};

struct PilotSeed {
    uint32_t seed = 0;
    Samples teacher, student;  // held-out logits [n, classes]
    std::vector<int> y;
    int classes = 2;
    // The Venn estimate's per-row terms of both modalities' linear networks, per fold.
    std::vector<VennEstimator::ShareRows> vennA, vennB;
};

struct PilotData {
    std::vector<PilotSeed> seeds;
    std::string teacherInput, studentInput;  // modalities, joined with '+'
    int64_t rows = 0;                        // rows of the split the pilot used
    double epochRows = 0;                    // Σ over its trainings of epochs × rows
    int trainings = 0;
    // Pilot trainings whose loss diverged, or that ended no better than the majority class:
    // predictors measured on them describe an untrained network, not the data.
    std::vector<std::string> diverged, learnedNothing;
};

class PilotRun {
  public:
    // Rows the estimators need at least: KSG's neighbourhoods, the probe's 5 folds and PID's
    // clusters (2 per representation and class) all become noise below it.
    static constexpr int64_t kMinRows = 40;
    // Classes at most: the label probe's Newton step is over C² weights (a C⁴ Hessian).
    static constexpr int kMaxClasses = 20;
    // sp: the experiment at one grid point. Throws InputError for what the pilot cannot do
    // (streamed data, different splits, too few rows for the folds), Cancelled when cancelled.
    static PilotData run(const ExperimentSpec& sp, const PilotOptions& o, const EngineContext& ctx,
                         DataLoader& data, RunTrainer& runs);
    // Σ epochs × rows of the experiment's distinct trainings (shared ones counted once).
    static double experimentEpochRows(const ExperimentSpec& spec);
};

}  // namespace mfh
