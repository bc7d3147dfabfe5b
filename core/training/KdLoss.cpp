#include "core/training/KdLoss.h"

namespace mfh {

torch::Tensor kdLoss(const torch::Tensor& s, const torch::Tensor& t, const torch::Tensor& y,
                     const KdConfig& kd) {
    auto ce = torch::nn::functional::cross_entropy(s, y);
    if (!t.defined()) return ce;
    const double T = kd.temperature;
    auto q = torch::softmax(t.detach() / T, 1);
    auto logp = torch::log_softmax(s / T, 1);
    // Σ q (log q − log p), with 0·log 0 = 0; summed then divided (docs/science.md#kd-loss).
    auto kl = (torch::xlogy(q, q) - q * logp).sum();
    kl = kl / static_cast<double>(kd.batchMean ? s.size(0) : s.numel());
    return kd.wGt * ce + kd.wKd * T * T * kl;
}

}  // namespace mfh
