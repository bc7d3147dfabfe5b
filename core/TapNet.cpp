#include "core/TapNet.h"

#include <cmath>

#include "core/Error.h"
#include "core/LinearModel.h"

namespace mfh {

TapNetImpl::TapNetImpl(int64_t inputs, std::vector<int64_t> hidden, int64_t classes,
                       uint64_t seed) {
    widths_.push_back(inputs);
    for (auto h : hidden) widths_.push_back(h);
    widths_.push_back(classes);
    SeededUniform u(seed);
    torch::NoGradGuard ng;
    for (std::size_t l = 0; l + 1 < widths_.size(); ++l) {
        auto lin = register_module("fc" + std::to_string(l + 1),
                                   torch::nn::Linear(widths_[l], widths_[l + 1]));
        const double bound = 1.0 / std::sqrt(static_cast<double>(widths_[l]));
        for (auto* p : {&lin->weight, &lin->bias}) {
            std::vector<float> v(p->numel());
            for (auto& w : v) w = static_cast<float>((2.0 * u.next() - 1.0) * bound);
            p->copy_(torch::from_blob(v.data(), p->sizes(), torch::kFloat32));
        }
        layers_.push_back(lin);
    }
}

std::vector<std::string> TapNetImpl::taps() const {
    std::vector<std::string> t{"input"};
    for (std::size_t l = 1; l + 1 < widths_.size(); ++l) t.push_back("hidden" + std::to_string(l));
    t.push_back("logits");
    return t;
}

int TapNetImpl::tapIndex(const std::string& tap) const {
    const auto t = taps();
    for (std::size_t i = 0; i < t.size(); ++i)
        if (t[i] == tap) return static_cast<int>(i);
    std::string have;
    for (const auto& s : t) have += (have.empty() ? "" : ", ") + s;
    throw InputError("unknown tap '" + tap + "' (this network has: " + have + ")");
}

int64_t TapNetImpl::tapWidth(const std::string& tap) const {
    return widths_[tapIndex(tap)];
}

torch::Tensor TapNetImpl::run(torch::Tensor h, int from, int to, bool editAtFrom) {
    const int editAt = edit ? tapIndex(edit->tap) : -1;
    auto apply = [&](int tap) {
        if (tap != editAt || edit->channels.empty()) return;
        auto idx = torch::tensor(edit->channels, torch::kInt64).to(h.device());
        auto mean = h.index_select(1, idx).mean(0, true).expand({h.size(0), -1});
        h = h.index_copy(1, idx, mean);
    };
    if (editAtFrom) apply(from);
    for (int l = from; l < to; ++l) {
        h = layers_[l]->forward(h);
        if (l + 1 < static_cast<int>(layers_.size())) h = torch::relu(h);
        apply(l + 1);
    }
    return h;
}

torch::Tensor TapNetImpl::forward(const torch::Tensor& x) {
    return run(x.reshape({x.size(0), -1}), 0, static_cast<int>(layers_.size()), true);
}

torch::Tensor TapNetImpl::forwardTo(const std::string& tap, const torch::Tensor& x) {
    return run(x.reshape({x.size(0), -1}), 0, tapIndex(tap), true);
}

torch::Tensor TapNetImpl::forwardFrom(const std::string& tap, const torch::Tensor& h) {
    const int t = tapIndex(tap);
    // The edit at `tap` itself was applied (or not) by the caller's forwardTo.
    return run(h, t, static_cast<int>(layers_.size()), false);
}

}  // namespace mfh
