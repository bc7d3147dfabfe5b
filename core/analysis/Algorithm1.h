#pragma once
// Algorithm 1 of the paper (docs/science.md#algorithm-1): per-channel saliency of modality-general
// decisive information at a tap of the teacher-modality network.
//  1. Train f^a and f^b jointly: L = CE(f^a(x^a), y) + CE(f^b(x^b), y) + MSE(f^a(x^a), f^b(x^b))
//     (MSE on logits, mean over all elements), one SGD optimiser with momentum over both.
//  2. o^b = f^b(x^b).
//  3. For every channel k of the tap and m = 1..M: permute column k of the tap's activation
//     across samples, finish the forward pass to õ^a, record D(õ^a, o^b).
//  4. s_k = mean over m (and over batches, weighted by their size: every batch counts, unlike
//     the reference RAVDESS code, docs/science.md#bugs-we-do-not-copy item 3).
//  5. Min–max normalise.
// A high score marks a channel whose destruction breaks the agreement with modality b.
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/models/LinearModel.h"
#include "core/models/TapNet.h"
#include "core/training/TrainConfig.h"

namespace mfh {

struct Algorithm1Config {
    int permutations = 100;        // M
    std::string distance = "mse";  // "mse" (mean squared) or "l1" (mean absolute)
    std::string tap = "input";
    int batchSize = 0;  // samples per saliency batch; 0 = all at once
    // Weight of the MSE agreement term of the joint training (the paper's is 1). 0 trains the
    // two networks independently (VennEstimator). Used by the linear path.
    double alignment = 1.0;
    TrainConfig joint = [] {
        TrainConfig c;
        c.lr = 0.01;
        c.momentum = 0.9;
        c.epochs = 1000;
        return c;
    }();

    // The "algorithm1" object of an intervention (docs/experiment-config.md); `alignment` is
    // the Venn estimator's and not part of it. fromJson(toJson()) gives the same settings.
    static Algorithm1Config fromJson(const nlohmann::json& j, const std::string& path);
    static const std::vector<std::string>& distances();  // "mse", "l1"
    nlohmann::json toJson() const;
};

struct SaliencyResult {
    std::string tap;
    std::vector<double> raw;                        // mean distance per channel
    std::vector<double> normalized;                 // min–max normalised to [0, 1]
    std::vector<int64_t> ranking;                   // channels, most salient first
    double teacherAccuracy = 0, otherAccuracy = 0;  // of the jointly trained pair, on train
};

class Algorithm1 {
  public:
    // Fast path: linear f^a and f^b, tap = the input of f^a (the synthetic experiments).
    // Joint training in closed form; a permuted input column k moves the logits by
    // W[:,k]·(x[π,k] − x[:,k]), so each permutation costs O(N·C) instead of a forward pass.
    static SaliencyResult linear(const torch::Tensor& xa, const torch::Tensor& xb,
                                 const std::vector<int64_t>& y, int classes,
                                 const Algorithm1Config& cfg, uint64_t seed,
                                 LinearModel* fa = nullptr, LinearModel* fb = nullptr,
                                 const std::atomic<bool>* cancel = nullptr);

    // Saliency at a tap of trained networks (steps 2–5), any depth. Both this and linear()
    // look at `cancel` before every channel and return early (scores incomplete) when it is
    // set: the caller, which owns the flag, must discard the result.
    static SaliencyResult saliency(TapNet& fa, TapNet& fb, const torch::Tensor& xa,
                                   const torch::Tensor& xb, const Algorithm1Config& cfg,
                                   uint64_t seed, const std::atomic<bool>* cancel = nullptr);

    // Step 1 with LibTorch: trains fa and fb jointly in place (SGD, mini-batches in a seeded
    // order every epoch, cfg's schedule). Returns early when `cancel` is set.
    static void trainJointly(TapNet& fa, TapNet& fb, const torch::Tensor& xa,
                             const torch::Tensor& xb, const std::vector<int64_t>& y,
                             const TrainConfig& cfg, torch::Device device = torch::kCPU,
                             uint64_t shuffleSeed = 0, const std::atomic<bool>* cancel = nullptr);

    // |top-k ∩ truth| / k, with k = truth.size().
    static double identification(const std::vector<int64_t>& ranking,
                                 const std::vector<int64_t>& truth);
};

// Min–max normalisation; a constant vector maps to zeros.
std::vector<double> minMaxNormalize(const std::vector<double>& v);
std::vector<int64_t> rankDescending(const std::vector<double>& v);

}  // namespace mfh
