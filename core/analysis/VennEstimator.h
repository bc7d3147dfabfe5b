#pragma once
// VennEstimator: α, β, γ of a dataset estimated from Algorithm 1's permutation measure
// (docs/science.md#estimating-the-venn-diagram-from-data), for data whose Venn diagram is not
// known. For each seed, linear networks f^a and f^b are trained on their modalities (Algorithm 1's
// step 1 without the agreement term, which would pull f^a away from its a-specific channels).
// Permuting input channel k of f^a moves its (class-centred) logits õ^a; Algorithm 1's two
// distances then have, for linear networks, the closed forms used here (their expectation over
// permutations):
//   c_k = E D(õ^a, o^a)                 = 2 Var(x_k) Σ_c θ_ck²
//   e_k = E D(õ^a, o^b) − D(o^a, o^b)   = c_k − 2 Σ_c θ_ck Cov(o^a_c − o^b_c, x_k)
// If f^b cannot see channel k's information (a-specific), Cov(o^a − o^b, x_k) = θ_k Var(x_k)
// and e_k = 0; if both networks weigh it (modality-general), e_k = r c_k with r = φ_k / θ_k the
// same for all such channels when the two networks weigh the latent coordinates in proportion
// (independently trained linear models do, up to their logit scales). Then
//   r = Σ e_k² / Σ e_k c_k,   g_a = (Σ e_k / Σ c_k) / r = the modality-general share of f^a's
// decisive dependence, free of the networks' logit scales, and α̂ = 1 − g_a. β̂ swaps the roles;
// γ̂ = (1−α̂)(1−β̂)/(1−α̂β̂), the identity of docs/science.md#the-modality-venn-diagram.
// Uncertainty: each seed trains on a random 80 % of the rows; the spread over seeds (population
// std, 95 % CI of the mean). The estimate describes what linear networks use of the two
// modalities; on generated data it is checked against the truth (tests/test_algorithm1).
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/Algorithm1.h"
#include "core/analysis/VennGeometry.h"
#include "core/base/Statistics.h"
#include "core/data/Dataset.h"
#include "core/models/LinearModel.h"

namespace mfh {

struct VennEstimateConfig {
    std::string modalityA = "a", modalityB = "b";
    std::string split = "train";
    std::vector<uint32_t> seeds{0, 1, 2, 3, 4};
    TrainConfig train = Algorithm1Config{}.joint;  // full-batch SGD, as Algorithm 1 trains
};

struct VennEstimate {
    Summary alpha, beta, gamma;
    std::vector<double> alphas, betas, gammas;  // per seed
};

class VennEstimator {
  public:
    // Throws InputError for a missing modality or split; stops early (with the seeds done so
    // far, a seed interrupted by the cancel left out) when `cancel` becomes true. `onSeed`,
    // when set, is called after each seed with the seeds done and their number.
    static VennEstimate estimate(const Dataset& ds, const VennEstimateConfig& cfg,
                                 const std::atomic<bool>* cancel = nullptr,
                                 const std::function<void(int done, int total)>& onSeed = {});
    // The generator's truth in amounts of information rather than columns: each decisive
    // latent coordinate j weighs δ_j² (its share of the label's logit variance). Equal to the
    // column counts when δ = 1; what the estimate measures when δ is Gaussian. Nothing when the
    // truth has no hyperplane.
    static std::optional<VennParts> informationTruth(const VennTruth& t, const std::string& a,
                                                     const std::string& b);
    // g_a of network fa on xa against fb on xb, clamped to [0, 1]; 0 when nothing is shared.
    static double generalShare(const LinearModel& fa, const torch::Tensor& xa,
                               const LinearModel& fb, const torch::Tensor& xb);
};

}  // namespace mfh
