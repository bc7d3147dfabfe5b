#pragma once
// TapNet: a multilayer perceptron (no hidden layer = a linear model) whose layer outputs are
// named taps that can be read and modified: "input", "hidden1" … "hiddenK" (after ReLU) and
// "logits". Algorithm 1 reads and permutes a tap (forwardTo / forwardFrom); interventions
// replace chosen channels of a tap by their batch mean (spec §2.4, the reference's
// my_freeze_new). Weights are initialised like nn.Linear, U(±1/√fan_in), from a seed.
#include <torch/torch.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mfh {

struct TapEdit {
    std::string tap;
    std::vector<int64_t> channels;  // replaced by their mean over the current batch
};

class TapNetImpl : public torch::nn::Module {
  public:
    TapNetImpl(int64_t inputs, std::vector<int64_t> hidden, int64_t classes, uint64_t seed);

    torch::Tensor forward(const torch::Tensor& x);
    torch::Tensor forwardTo(const std::string& tap, const torch::Tensor& x);
    torch::Tensor forwardFrom(const std::string& tap, const torch::Tensor& h);

    std::vector<std::string> taps() const;
    int64_t tapWidth(const std::string& tap) const;  // channels at the tap
    int tapIndex(const std::string& tap) const;      // throws InputError for an unknown tap

    std::optional<TapEdit> edit;  // applied in forward() when set

  private:
    torch::Tensor run(torch::Tensor h, int from, int to, bool editAtFrom);  // tap -> tap
    std::vector<torch::nn::Linear> layers_;
    std::vector<int64_t> widths_;  // width of each tap
};
TORCH_MODULE(TapNet);

}  // namespace mfh
