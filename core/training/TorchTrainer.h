#pragma once
// TorchTrainer: trains a TapNet with LibTorch autograd on the CPU or a CUDA device: any depth,
// SGD (momentum, weight decay) or Adam, full-batch or shuffled mini-batches, evaluation every k
// epochs, last-epoch or best-validation selection, cancellation per batch. The general path;
// LinearTrainer is the fast path for linear models on the CPU and matches this one.
#include "core/data/RowSource.h"
#include "core/models/TapNet.h"
#include "core/training/TrainConfig.h"

namespace mfh {

class TorchTrainer {
  public:
    static TrainResult train(TapNet& net, const TrainData& data, const std::vector<EvalSet>& evals,
                             const TrainConfig& cfg, const TrainerCallbacks& callbacks = {},
                             torch::Device device = torch::kCPU, uint64_t shuffleSeed = 0);

    static double accuracy(TapNet& net, const torch::Tensor& x, const std::vector<int64_t>& y,
                           torch::Device device = torch::kCPU);
    static torch::Tensor logits(TapNet& net, const torch::Tensor& x,
                                torch::Device device = torch::kCPU);  // on the CPU
    // Streamed in chunks of 1024 rows.
    static torch::Tensor logits(TapNet& net, const RowSource& x,
                                torch::Device device = torch::kCPU);
    static double accuracy(TapNet& net, const EvalSet& set, torch::Device device = torch::kCPU);
};

// "cpu", "cuda" or "auto" (cuda when available). Throws InputError when cuda is asked for and
// this build or machine has none.
torch::Device pickDevice(const std::string& name);

// The devices this build can train on, for a device selector: "cpu" always, "cuda" when
// LibTorch sees a CUDA device. `label` is for people ("CPU (2 cores)", "CUDA (1 GPU)").
struct DeviceInfo {
    std::string name, label;
};
std::vector<DeviceInfo> availableDevices();

}  // namespace mfh
