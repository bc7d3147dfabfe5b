#include "core/data/Dataset.h"

#include <cmath>

#include "core/base/Error.h"
#include "core/base/Hashing.h"
#include "core/base/Limits.h"

namespace mfh {

void Dataset::addModality(const std::string& name, torch::Tensor values, const std::string& kind) {
    if (name.empty()) throw InputError("a modality needs a non-empty name");
    if (values.dim() < 1) throw InputError("modality '" + name + "' must have a sample axis");
    if (!modalities_.count(name)) order_.push_back(name);
    modalities_[name] = {values.to(torch::kFloat32).contiguous(), kind.empty() ? "vector" : kind};
}

void Dataset::setLabels(std::vector<int64_t> labels, std::vector<std::string> classNames) {
    labels_ = std::move(labels);
    classNames_ = std::move(classNames);
}

void Dataset::setSplit(const std::string& name, std::vector<int64_t> indices) {
    splits_[name] = std::move(indices);
}

int Dataset::numClasses() const {
    if (!classNames_.empty()) return static_cast<int>(classNames_.size());
    int64_t mx = -1;
    for (auto v : labels_) mx = std::max(mx, v);
    return static_cast<int>(mx + 1);
}

std::vector<std::string> Dataset::modalityNames() const {
    return order_;
}

const torch::Tensor& Dataset::modality(const std::string& name) const {
    auto it = modalities_.find(name);
    if (it == modalities_.end()) {
        std::string have;
        for (const auto& n : order_) have += (have.empty() ? "" : ", ") + n;
        throw InputError("no modality '" + name + "' in the dataset (it has: " + have + ")");
    }
    return it->second.values;
}

const std::string& Dataset::modalityKind(const std::string& name) const {
    modality(name);
    return modalities_.at(name).kind;
}

const std::vector<int64_t>& Dataset::split(const std::string& name) const {
    auto it = splits_.find(name);
    if (it == splits_.end()) throw InputError("the dataset has no split '" + name + "'");
    return it->second;
}

std::vector<std::string> Dataset::splitNames() const {
    std::vector<std::string> out;
    for (const auto& kv : splits_) out.push_back(kv.first);
    return out;
}

torch::Tensor Dataset::features(const std::vector<std::string>& modalities,
                                const std::string& splitName) const {
    const auto& idx = split(splitName);
    auto index = torch::tensor(idx, torch::kInt64);
    std::vector<torch::Tensor> parts;
    for (const auto& m : modalities) {
        const auto& v = modality(m);
        parts.push_back(v.index_select(0, index).reshape({static_cast<int64_t>(idx.size()), -1}));
    }
    if (parts.empty()) throw InputError("no modality given for split '" + splitName + "'");
    return parts.size() == 1 ? parts[0].contiguous() : torch::cat(parts, 1).contiguous();
}

std::vector<int64_t> Dataset::labelsOf(const std::string& splitName) const {
    const auto& idx = split(splitName);
    std::vector<int64_t> out(idx.size());
    for (std::size_t i = 0; i < idx.size(); ++i) out[i] = labels_.at(idx[i]);
    return out;
}

void Dataset::validate(bool requireModalities) const {
    if (modalities_.empty() && requireModalities) throw InputError("the dataset has no modality");
    if (labels_.empty()) throw InputError("the dataset has no labels");
    const int64_t n = size();
    for (const auto& name : order_) {
        const auto& v = modalities_.at(name).values;
        if (v.dim() < 2)
            throw InputError("modality '" + name + "' is 1-D; give it as [N, features]");
        if (v.size(0) != n)
            throw InputError("modality '" + name + "' has " + std::to_string(v.size(0)) +
                             " samples but the labels have " + std::to_string(n));
        if (!torch::isfinite(v).all().item<bool>()) {
            const bool nan = torch::isnan(v).any().item<bool>();
            auto badMask = nan ? torch::isnan(v) : torch::isinf(v);
            auto bad = badMask.reshape({n, -1}).any(1).nonzero();
            throw InputError("modality '" + name + "' contains " + (nan ? "NaN" : "Inf") +
                             " values (first at sample " +
                             std::to_string(bad[0][0].item<int64_t>()) + ")");
        }
    }
    if (static_cast<int64_t>(classNames_.size()) > limits::kMaxClasses)
        throw InputError(std::to_string(classNames_.size()) + " class names (at most " +
                         std::to_string(limits::kMaxClasses) + " classes)");
    const int64_t k = classNames_.empty() ? -1 : static_cast<int64_t>(classNames_.size());
    for (int64_t i = 0; i < n; ++i) {
        // Without class names the class count is the largest label + 1: a huge label would
        // make a huge (or, in int, wrapped) class count.
        if (labels_[i] >= limits::kMaxClasses)
            throw InputError("label " + std::to_string(labels_[i]) + " of sample " +
                             std::to_string(i) + " is out of range (at most " +
                             std::to_string(limits::kMaxClasses) +
                             " classes; map labels to 0..C-1)");
        if (labels_[i] < 0 || (k > 0 && labels_[i] >= k))
            throw InputError("label " + std::to_string(labels_[i]) + " of sample " +
                             std::to_string(i) + " is out of range" +
                             (k > 0 ? " [0, " + std::to_string(k) + ")" : " (negative)"));
    }
    if (numClasses() < 2) throw InputError("the labels must have at least two classes");
    for (const char* required : {"train", "test"})
        if (!hasSplit(required)) throw InputError(std::string("missing split '") + required + "'");
    for (const auto& kv : splits_) {
        if (kv.second.empty()) throw InputError("split '" + kv.first + "' is empty");
        std::vector<char> seen(static_cast<std::size_t>(n), 0);
        for (auto i : kv.second) {
            if (i < 0 || i >= n)
                throw InputError("split '" + kv.first + "' has index " + std::to_string(i) +
                                 " outside [0, " + std::to_string(n) + ")");
            if (seen[static_cast<std::size_t>(i)]++)
                throw InputError("split '" + kv.first + "' holds sample " + std::to_string(i) +
                                 " twice (a duplicated index would weight it double)");
        }
    }
}

void Dataset::standardize(const std::string& splitName) {
    const auto& rows = split(splitName);
    const auto idx = torch::tensor(rows, torch::kInt64);
    for (const auto& name : order_) {
        auto& v = modalities_.at(name).values;
        auto x = v.index_select(0, idx).to(torch::kFloat64);
        auto mean = x.mean(0);
        auto sd = x.std(0, /*unbiased=*/false);
        sd = torch::where(sd > 1e-12, sd, torch::ones_like(sd));
        v = ((v.to(torch::kFloat64) - mean) / sd).to(torch::kFloat32).contiguous();
        auto& s = standardization_[name];
        if (s.mean.defined()) {  // applied twice: the statistics compose
            mean = s.mean.to(torch::kFloat64) + mean * s.std.to(torch::kFloat64);
            sd = s.std.to(torch::kFloat64) * sd;
        }
        s = {splitName, mean.to(torch::kFloat32), sd.to(torch::kFloat32)};
    }
    attributes["standardized"] =
        "every feature, with the mean and std of split '" + splitName + "'";
}

uint64_t Dataset::contentHash() const {
    uint64_t h = 1469598103934665603ULL;
    for (const auto& name : order_) {
        h = hashBytes(name.data(), name.size(), h);
        const auto& v = modalities_.at(name).values;
        h = hashBytes(v.data_ptr(), v.numel() * sizeof(float), h);
    }
    h = hashBytes(labels_.data(), labels_.size() * sizeof(int64_t), h);
    for (const auto& kv : splits_) {
        h = hashBytes(kv.first.data(), kv.first.size(), h);
        h = hashBytes(kv.second.data(), kv.second.size() * sizeof(int64_t), h);
    }
    return h;
}

}  // namespace mfh
