#pragma once
// The KD loss on LibTorch tensors (see KdConfig for the formula and the reduction convention).
// Differentiable with respect to the student logits; teacher logits are treated as constants.
#include <torch/torch.h>

#include "core/training/TrainConfig.h"

namespace mfh {

// Cross-entropy (mean over the batch) when teacherLogits is undefined; else the KD loss.
torch::Tensor kdLoss(const torch::Tensor& studentLogits, const torch::Tensor& teacherLogits,
                     const torch::Tensor& labels, const KdConfig& kd);

}  // namespace mfh
