#pragma once
// LinearModel: a linear softmax classifier z = W x + b held in plain arrays (row-major W [C, D]),
// the model of the paper's synthetic experiments. Initialised like PyTorch's nn.Linear,
// U(±1/√D) for weights and bias, from a seed (deterministic and thread-safe, unlike torch's
// global generator).
#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace mfh {

struct LinearModel {
    int classes = 0, dim = 0;
    std::vector<float> W;  // [classes * dim]
    std::vector<float> b;  // [classes]

    static LinearModel init(int classes, int dim, uint64_t seed);

    torch::Tensor logits(const torch::Tensor& x) const;  // [n, dim] -> [n, classes]
    double accuracy(const torch::Tensor& x, const std::vector<int64_t>& y) const;
    torch::Tensor weight() const;  // [C, D] tensor copy
    torch::Tensor bias() const;
};

}  // namespace mfh
