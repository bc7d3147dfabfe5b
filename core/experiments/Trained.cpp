#include "core/experiments/Trained.h"

#include "core/training/TorchTrainer.h"

namespace mfh {

torch::Tensor Trained::logits(const torch::Tensor& x) const {
    if (linear) return linear->logits(x);
    std::lock_guard<std::mutex> lock(inference_);
    auto n = net;
    return TorchTrainer::logits(n, x, device);
}

torch::Tensor Trained::logits(const RowSource& x) const {
    std::lock_guard<std::mutex> lock(inference_);
    auto n = net;
    return TorchTrainer::logits(n, x, device);
}

TapNet Trained::tapNet() const {
    TapNet t(arch, 0);
    torch::NoGradGuard ng;
    std::lock_guard<std::mutex> lock(inference_);
    auto dst = t->named_parameters();
    if (linear) {
        dst["fc1.weight"].copy_(linear->weight());
        dst["fc1.bias"].copy_(linear->bias());
    } else {
        for (auto& kv : net->named_parameters()) dst[kv.key()].copy_(kv.value().to(torch::kCPU));
    }
    return t;
}

std::map<std::string, torch::Tensor> Trained::weights() const {
    std::map<std::string, torch::Tensor> w;
    if (linear) {
        w["fc1.weight"] = linear->weight();
        w["fc1.bias"] = linear->bias();
    } else {
        for (auto& kv : net->named_parameters()) w[kv.key()] = kv.value().detach().to(torch::kCPU);
    }
    return w;
}

}  // namespace mfh
