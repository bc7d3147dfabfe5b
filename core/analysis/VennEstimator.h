#pragma once
// VennEstimator: α, β, γ of a dataset estimated from data
// (docs/science.md#estimating-the-venn-diagram-from-data), for data whose Venn diagram is not
// known. For each seed, linear networks f^a and f^b are trained independently on their
// modalities. For every input channel k of f^a (weights θ_k, class-centred), two held-out
// covariances measure how f^a uses it:
//   u_k = Σ_c θ_ck Cov(x_k, y_c)     its decisive usage (0 for a channel unrelated to y, such as
//                                    a noise column f^a overfitted to)
//   v_k = Σ_c θ_ck Cov(x_k, o^b_c)   the part of it that f^b's logits share (0 for a channel
//                                    whose information f^b cannot see: a-specific)
// On a modality-general channel both networks weigh the latent coordinate in proportion, so
// v_k = r u_k with one r for all of them; then
//   r = Σ v_k² / Σ v_k u_k over the channels whose v_k is 2 standard errors clear of 0 (the
//       products debiased for the estimates' own noise),
//   g_a = (Σ v_k / Σ u_k) / r = the modality-general share of f^a's decisive usage,
// free of the networks' logit scales, and α̂ = 1 − g_a. β̂ swaps the roles;
// γ̂ = (1−α̂)(1−β̂)/(1−α̂β̂), the identity of docs/science.md#the-modality-venn-diagram.
// Held out is what keeps the estimate unbiased at small n: measured on the training rows, f^b's
// overfitted logits correlate with the a-specific columns through the label, which made
// a-specific channels look shared (a mean bias of +0.12 in γ̂ over 24 datasets at n = 200,
// +0.05 held out). So each
// seed cross-fits K = 5 folds: the networks of fold f train on the other folds and fold f's rows
// give the covariances; the sums run over all folds. Each seed uses a random 80 % of the rows:
// the spread over seeds, scaled by the delete-d jackknife, gives the 95 % interval of the
// data's sampling uncertainty (see estimate()). The estimate describes what linear networks use of
// the two modalities; on generated data it is checked against the truth (tests/test_algorithm1).
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
    static constexpr int64_t kMinRows = 20, kMinPerClass = 5;
    // Throws InputError naming the problem: fewer than two modalities, the same one twice, a
    // missing modality or split, too few rows (kMinRows, kMinPerClass of every class), or a
    // modality that is constant on the split.
    static void check(const Dataset& ds, const VennEstimateConfig& cfg);
    // Throws InputError as check() does; stops early (with the seeds done so
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
    static constexpr int kFolds = 5;
    static constexpr double kClear = 2;        // standard errors that make a channel clearly shared
    static constexpr double kSubsample = 0.8;  // the share of the rows each seed uses
    // Sums over held-out rows of the per-row terms of u_k and v_k, of v_k's squared terms
    // (its variance) and of the products of the two (their covariance).
    struct ShareTerms {
        std::vector<double> u, v, v2, uv;
    };
    // The per-row terms of u_k and v_k ([rows, D] each, float64) of network f on held-out
    // inputs x, against the other modality's network's logits on the same rows: what a
    // bootstrap resamples.
    struct ShareRows {
        torch::Tensor u, v;
    };
    static ShareRows shareRows(const LinearModel& f, const torch::Tensor& x,
                               const torch::Tensor& otherLogits, const std::vector<int64_t>& y,
                               int classes);
    // Adds the rows `rows` (kInt64 indices; undefined: all) of r to t.
    static void add(ShareTerms& t, const ShareRows& r, const torch::Tensor& rows = {});
    // g_a from the terms of f^a's channels, clamped to [0, 1]; 0 when nothing is shared.
    static double generalShare(const ShareTerms& t);
    static double gammaOf(double alpha, double beta);  // (1−α)(1−β)/(1−αβ); 0 when α = β = 1
};

}  // namespace mfh
