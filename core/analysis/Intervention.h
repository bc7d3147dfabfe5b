#pragma once
// The paper's interventions on a teacher (docs/science.md#interventions).
//  * Modality-general teacher (Table 2): keep k input channels of the teacher modality and
//    retrain the teacher on them. Modes: "random" (k distinct channels, uniformly; the
//    reference draws with replacement, docs/science.md#bugs-we-do-not-copy item 2), "gt" (the true
//    shared columns) and "alg1" (the k most salient channels of Algorithm 1).
//  * Channel removal at a tap (RAVDESS): remove ratio·d channels, each replaced by its batch
//    mean. Modes: "random", "modality-general" (remove the least salient, keeping the most
//    modality-general ones) and "modality-specific" (remove the most salient).
#include <cstdint>
#include <string>
#include <vector>

#include <torch/torch.h>

namespace mfh {

class Intervention {
  public:
    // Channels to keep for a modality-general teacher, sorted ascending.
    static std::vector<int64_t> keepChannels(const std::string& mode, int64_t channels, int64_t k,
                                             const std::vector<int64_t>& trueShared,
                                             const std::vector<double>& saliency, uint64_t seed);

    // Channels to remove at a tap, sorted ascending. ratio in [0, 1].
    static std::vector<int64_t> removeChannels(const std::string& mode, double ratio,
                                               const std::vector<double>& saliency, uint64_t seed);

    // x with the given columns replaced by their mean over the rows (the batch).
    static torch::Tensor replaceByMean(const torch::Tensor& x, const std::vector<int64_t>& cols);
};

}  // namespace mfh
