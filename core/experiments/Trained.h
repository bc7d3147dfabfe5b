#pragma once
// Trained: a trained network of either engine (the linear kernel's LinearModel or a LibTorch
// TapNet), shared read-only between the trials that reuse it. Inference through it is
// serialised (one net, many trials); tapNet() gives an independent copy to edit.
#include <torch/torch.h>

#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "core/data/RowSource.h"
#include "core/models/LinearModel.h"
#include "core/models/NetSpec.h"
#include "core/models/TapNet.h"
#include "core/training/TrainConfig.h"

namespace mfh {

struct Trained {
    std::string runId;
    std::optional<LinearModel> linear;
    TapNet net{nullptr};
    NetSpec arch;
    TrainResult result;
    torch::Device device = torch::kCPU;

    double testPercent() const { return 100.0 * result.accuracy.at("test"); }
    torch::Tensor logits(const torch::Tensor& x) const;
    torch::Tensor logits(const RowSource& x) const;
    // An independent TapNet with these weights (safe to edit or move).
    TapNet tapNet() const;
    // The state dict on the CPU, as run files store it.
    std::map<std::string, torch::Tensor> weights() const;

  private:
    mutable std::mutex inference_;
};

}  // namespace mfh
