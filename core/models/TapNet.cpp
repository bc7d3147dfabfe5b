#include "core/models/TapNet.h"

#include <cctype>
#include <cmath>

#include "core/base/Error.h"
#include "core/base/SeededUniform.h"

namespace mfh {

namespace F = torch::nn::functional;

namespace {

std::string moduleName(const std::string& modality) {  // register_module rejects '.'
    std::string s;
    for (char c : modality) s += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    return s;
}

}  // namespace

TapNetImpl::TapNetImpl(int64_t inputs, std::vector<int64_t> hidden, int64_t classes, uint64_t seed)
    : TapNetImpl(
          [&] {
              NetSpec s;
              s.type = hidden.empty() ? ModelType::Linear : ModelType::Mlp;
              s.hidden = std::move(hidden);
              s.inputs = {{"input", {inputs}}};
              s.classes = classes;
              return s;
          }(),
          seed) {}

TapNetImpl::TapNetImpl(const NetSpec& spec, uint64_t seed) : spec_(spec) {
    spec_.validate();
    const bool fusion = spec_.type == ModelType::Fusion;
    int64_t features = 0;
    for (std::size_t b = 0; b < spec_.inputs.size(); ++b) {
        offsets_.push_back(b == 0 ? 0 : offsets_.back() + spec_.inputs[b - 1].numel());
        buildBranch(spec_.inputs[b], static_cast<int>(b),
                    fusion ? spec_.inputs[b].modality + "/" : "");
        features += taps_[branchTaps_[b].back()].width;
    }
    if (fusion) {
        taps_.push_back({"fusion", -1, features, nullptr});
        chain_ = {static_cast<int>(taps_.size()) - 1};
    } else {
        chain_ = branchTaps_[0];
    }
    addHead(features);
    initWeights(seed);
}

void TapNetImpl::buildBranch(const InputPart& part, int branch, const std::string& prefix) {
    const std::string mod = prefix.empty() ? "" : moduleName(part.modality) + "_";
    std::vector<int> ids;
    auto add = [&](const std::string& name, int64_t width,
                   std::function<torch::Tensor(const torch::Tensor&)> f) {
        taps_.push_back({prefix + name, branch, width, std::move(f)});
        ids.push_back(static_cast<int>(taps_.size()) - 1);
    };
    const bool conv =
        (spec_.type == ModelType::Cnn || spec_.type == ModelType::Fusion) && part.imageLike();
    std::vector<int64_t> shape = part.shape;  // [C, H, W] for convolutions
    if (conv && shape.size() == 2) shape.insert(shape.begin(), 1);
    add("input", conv ? shape[0] : part.numel(), nullptr);
    if (conv) {
        int64_t h = shape[1], w = shape[2], in = shape[0];
        for (std::size_t l = 0; l < spec_.channels.size(); ++l) {
            const int64_t out = spec_.channels[l];
            const int stride = l == 0 ? spec_.stride : 1;
            auto c =
                register_module(mod + "conv" + std::to_string(l + 1),
                                torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, spec_.kernel)
                                                      .stride(stride)
                                                      .padding(spec_.kernel / 2)));
            initOrder_.push_back(c.get());
            h = (h + 2 * (spec_.kernel / 2) - spec_.kernel) / stride + 1;
            w = (w + 2 * (spec_.kernel / 2) - spec_.kernel) / stride + 1;
            const int64_t ph = h >= 2 ? 2 : 1, pw = w >= 2 ? 2 : 1;  // never pool to nothing
            h /= ph, w /= pw;
            add("conv" + std::to_string(l + 1), out, [c, ph, pw](const torch::Tensor& x) {
                auto y = torch::relu(c->forward(x));
                return (ph > 1 || pw > 1) ? F::max_pool2d(y, F::MaxPool2dFuncOptions({ph, pw})) : y;
            });
            in = out;
        }
        add("features", in, [](const torch::Tensor& x) { return x.mean({2, 3}); });
    } else if (spec_.type == ModelType::Fusion) {
        const int64_t width =
            spec_.width > 0 ? spec_.width : (spec_.channels.empty() ? 64 : spec_.channels.back());
        auto fc = register_module(mod + "fc", torch::nn::Linear(part.numel(), width));
        initOrder_.push_back(fc.get());
        add("features", width,
            [fc](const torch::Tensor& x) { return torch::relu(fc->forward(x)); });
    }
    branchTaps_.push_back(ids);
    convBranch_.push_back(conv);
}

void TapNetImpl::addHead(int64_t in) {
    std::vector<int64_t> widths = spec_.hidden;
    widths.push_back(spec_.classes);
    for (std::size_t l = 0; l < widths.size(); ++l) {
        auto lin = register_module("fc" + std::to_string(l + 1), torch::nn::Linear(in, widths[l]));
        initOrder_.push_back(lin.get());
        const bool last = l + 1 == widths.size();
        taps_.push_back({last ? "logits" : "hidden" + std::to_string(l + 1), -1, widths[l],
                         [lin, last](const torch::Tensor& x) {
                             auto y = lin->forward(x);
                             return last ? y : torch::relu(y);
                         }});
        chain_.push_back(static_cast<int>(taps_.size()) - 1);
        in = widths[l];
    }
}

void TapNetImpl::initWeights(uint64_t seed) {
    SeededUniform u(seed);
    torch::NoGradGuard ng;
    for (auto* m : initOrder_) {
        auto params = m->named_parameters(false);
        const auto& w = params["weight"];
        const double bound = 1.0 / std::sqrt(static_cast<double>(w.numel() / w.size(0)));
        for (const char* name : {"weight", "bias"}) {
            auto p = params[name];
            std::vector<float> v(p.numel());
            for (auto& x : v) x = static_cast<float>((2.0 * u.next() - 1.0) * bound);
            p.copy_(torch::from_blob(v.data(), p.sizes(), torch::kFloat32));
        }
    }
}

std::vector<std::string> TapNetImpl::taps() const {
    std::vector<std::string> t;
    for (const auto& tap : taps_) t.push_back(tap.name);
    return t;
}

int TapNetImpl::tapIndex(const std::string& tap) const {
    for (std::size_t i = 0; i < taps_.size(); ++i)
        if (taps_[i].name == tap) return static_cast<int>(i);
    std::string have;
    for (const auto& s : taps_) have += (have.empty() ? "" : ", ") + s.name;
    throw InputError("unknown tap '" + tap + "' (this network has: " + have + ")");
}

int64_t TapNetImpl::tapWidth(const std::string& tap) const {
    return taps_[tapIndex(tap)].width;
}

bool TapNetImpl::canResume(const std::string& tap) const {
    const int t = tapIndex(tap);
    return std::find(chain_.begin(), chain_.end(), t) != chain_.end();
}

torch::Tensor TapNetImpl::touch(int tap, torch::Tensor h) const {
    if (!edit || edit->channels.empty() || taps_[tap].name != edit->tap) return h;
    auto idx = torch::tensor(edit->channels, torch::kInt64).to(h.device());
    if (edit->permutation.defined()) {
        auto perm = edit->permutation.to(h.device());
        return h.index_copy(1, idx, h.index_select(1, idx).index_select(0, perm));
    }
    auto cols = h.index_select(1, idx);
    return h.index_copy(1, idx, cols.mean(0, true).expand_as(cols));
}

torch::Tensor TapNetImpl::branchInput(const torch::Tensor& x, int b) const {
    const auto& part = spec_.inputs[b];
    auto flat = x.reshape({x.size(0), -1});
    if (flat.size(1) != spec_.inputSize())
        throw InputError("the network expects " + std::to_string(spec_.inputSize()) +
                         " input features per sample, not " + std::to_string(flat.size(1)));
    if (spec_.inputs.size() > 1) flat = flat.narrow(1, offsets_[b], part.numel());
    const int first = branchTaps_[b].front();
    if (!convBranch_[b]) return touch(first, flat);
    std::vector<int64_t> shape{x.size(0)};
    if (part.shape.size() == 2) shape.push_back(1);
    shape.insert(shape.end(), part.shape.begin(), part.shape.end());
    return touch(first, flat.reshape(shape));
}

torch::Tensor TapNetImpl::runBranch(const torch::Tensor& x, int b, int stopAt) {
    auto h = branchInput(x, b);
    for (std::size_t i = 1; i < branchTaps_[b].size(); ++i) {
        const int t = branchTaps_[b][i];
        h = touch(t, taps_[t].make(h));
        if (t == stopAt) break;
    }
    return h;
}

torch::Tensor TapNetImpl::runChain(torch::Tensor h, std::size_t from, std::size_t to) {
    for (std::size_t p = from + 1; p <= to; ++p) h = touch(chain_[p], taps_[chain_[p]].make(h));
    return h;
}

torch::Tensor TapNetImpl::forwardTo(const std::string& tap, const torch::Tensor& x) {
    const int t = tapIndex(tap);
    const auto pos = std::find(chain_.begin(), chain_.end(), t);
    if (pos == chain_.end()) return runBranch(x, taps_[t].branch, t);
    torch::Tensor h;
    if (spec_.type == ModelType::Fusion) {
        std::vector<torch::Tensor> parts;
        for (std::size_t b = 0; b < branchTaps_.size(); ++b)
            parts.push_back(runBranch(x, static_cast<int>(b), -1));
        h = touch(chain_[0], torch::cat(parts, 1));
    } else {
        h = branchInput(x, 0);
    }
    return runChain(h, 0, pos - chain_.begin());
}

torch::Tensor TapNetImpl::forward(const torch::Tensor& x) {
    return forwardTo("logits", x);
}

torch::Tensor TapNetImpl::forwardFrom(const std::string& tap, const torch::Tensor& h) {
    const int t = tapIndex(tap);
    const auto pos = std::find(chain_.begin(), chain_.end(), t);
    if (pos == chain_.end())
        throw InputError("the pass cannot resume at the branch tap '" + tap + "'");
    // The edit at `tap` itself was applied (or not) by the caller's forwardTo.
    return runChain(h, pos - chain_.begin(), chain_.size() - 1);
}

}  // namespace mfh
