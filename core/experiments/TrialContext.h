#pragma once
// TrialContext: one trial (one grid point, one seed) as its stages see it: the configuration
// at the point, the seed, the data, and what the trial has produced so far. Its helpers build
// the evaluation sets of a network and the closed-form oracle of a linear teacher.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/Oracle.h"
#include "core/experiments/ExperimentSpec.h"
#include "core/experiments/LoadedData.h"
#include "core/experiments/Trained.h"
#include "core/experiments/TrialRecord.h"

namespace mfh {

struct TrialContext {
    const ExperimentSpec& sp;
    uint32_t seed;
    const LoadedData& data;
    TrialOutput out;

    // Uses the network's run in this trial's output.
    void uses(const std::string& runId) { out.runIds.push_back(runId); }
    // The val and test sets (those the dataset has) over these modalities; `cols` selects
    // columns of the concatenated input (a modality-general teacher's), when defined.
    std::vector<EvalSet> evals(const std::vector<std::string>& mods,
                               const torch::Tensor& cols = {}) const;
    // Closed-form population accuracies of a linear binary teacher over the teacher's
    // modalities (or the columns `cols` of them) and of its ideal logit-matching student
    // (docs/science.md, "The oracle"), where the data's generator is known.
    std::optional<OracleAccuracy> oracle(const Trained& t,
                                         const std::vector<int64_t>* cols = nullptr) const;
};

}  // namespace mfh
