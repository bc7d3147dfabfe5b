#pragma once
// TapNet: a network (NetSpec: linear, mlp, cnn or late-fusion) whose layer outputs are named
// taps that can be read and modified. Taps of an mlp: "input", "hidden1" … "hiddenK" (after
// ReLU), "logits"; a cnn adds "conv1" … "convL" (after ReLU and pooling) and "features" (global
// average pool) before the hidden layers; a fusion network has one branch per modality with
// prefixed taps ("image/conv1", "image/features") joined at "fusion". A tap's channels are its
// dimension 1 (feature-map channels for convolutions).
// Algorithm 1 reads and permutes a tap (forwardTo / forwardFrom, or an edit with a
// permutation where a branch tap cannot be resumed from); interventions replace chosen
// channels of a tap by their batch mean (docs/science.md#channel-removal, the reference's
// my_freeze_new). Weights are initialised like PyTorch's defaults for Linear and Conv2d,
// U(±1/√fan_in), from a seed.
#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/models/NetSpec.h"

namespace mfh {

struct TapEdit {
    std::string tap;
    std::vector<int64_t> channels;  // replaced by their mean over the current batch …
    torch::Tensor permutation;      // … or, when defined, by the values of samples permutation[i]
};

class TapNetImpl : public torch::nn::Module {
  public:
    TapNetImpl(const NetSpec& spec, uint64_t seed);  // throws InputError for a bad spec
    // A linear model (no hidden width) or an mlp over a flat input of `inputs` features.
    TapNetImpl(int64_t inputs, std::vector<int64_t> hidden, int64_t classes, uint64_t seed);

    torch::Tensor forward(const torch::Tensor& x);  // x: [n, inputSize] or [n, shape…]
    // The activation at a tap (edits before it applied). For a branch tap of a fusion network,
    // only that branch runs.
    torch::Tensor forwardTo(const std::string& tap, const torch::Tensor& x);
    // Finishes the pass from an activation at `tap`; needs canResume(tap).
    torch::Tensor forwardFrom(const std::string& tap, const torch::Tensor& h);
    // Whether the rest of the network depends on `tap` alone (false for the branch taps of a
    // fusion network, which meet the other branches at "fusion").
    bool canResume(const std::string& tap) const;

    std::vector<std::string> taps() const;
    int64_t tapWidth(const std::string& tap) const;  // channels at the tap
    int tapIndex(const std::string& tap) const;      // throws InputError for an unknown tap
    const NetSpec& spec() const { return spec_; }

    std::optional<TapEdit> edit;  // applied at its tap in every pass when set

  private:
    struct Tap {
        std::string name;
        int branch = -1;  // -1: after the branches (fusion and the head)
        int64_t width = 0;
        std::function<torch::Tensor(const torch::Tensor&)> make;  // from the previous tap
    };
    void buildBranch(const InputPart& part, int branch, const std::string& prefix);
    void addHead(int64_t featureWidth);
    torch::Tensor branchInput(const torch::Tensor& x, int branch) const;
    torch::Tensor runBranch(const torch::Tensor& x, int branch, int stopAt);
    torch::Tensor touch(int tap, torch::Tensor h) const;
    torch::Tensor runChain(torch::Tensor h, std::size_t from, std::size_t to);
    void initWeights(uint64_t seed);

    NetSpec spec_;
    std::vector<Tap> taps_;
    std::vector<std::vector<int>> branchTaps_;  // tap ids of each branch, input first
    std::vector<int64_t> offsets_;              // of each branch in the flat input
    std::vector<bool> convBranch_;              // whether a branch's input is [n, C, H, W]
    std::vector<int> chain_;  // taps in straight-line order (a fusion net's start at "fusion")
    std::vector<torch::nn::Module*> initOrder_;
};
TORCH_MODULE(TapNet);

}  // namespace mfh
