#include "core/experiments/TrialContext.h"

namespace mfh {

std::vector<EvalSet> TrialContext::evals(const std::vector<std::string>& mods,
                                         const torch::Tensor& cols) const {
    const Dataset& ds = data.ds;
    std::vector<EvalSet> out;
    for (const char* s : {"val", "test"}) {
        if (!ds.hasSplit(s)) continue;
        if (data.stream) {
            out.push_back({s, {}, ds.labelsOf(s), data.rows(mods, s)});
            continue;
        }
        auto x = ds.features(mods, s);
        if (cols.defined()) x = x.index_select(1, cols).contiguous();
        out.push_back({s, x, ds.labelsOf(s), nullptr});
    }
    return out;
}

std::optional<OracleAccuracy> TrialContext::oracle(const Trained& t,
                                                   const std::vector<int64_t>* cols) const {
    const Dataset& ds = data.ds;
    if (ds.numClasses() != 2 || !ds.truth || ds.truth->hyperplane.empty() ||
        t.arch.type != ModelType::Linear)
        return std::nullopt;
    const auto& li = ds.truth->latentIndex;
    std::vector<int64_t> latent;
    for (const auto& mod : sp.teacher.modalities) {
        auto it = li.find(mod);
        if (it == li.end()) return std::nullopt;
        latent.insert(latent.end(), it->second.begin(), it->second.end());
    }
    if (cols) {
        std::vector<int64_t> kept;
        for (auto c : *cols) kept.push_back(latent.at(c));
        latent = kept;
    }
    auto sit = li.find(sp.student.modalities[0]);
    if (sit == li.end()) return std::nullopt;
    const torch::Tensor W =
        t.linear ? t.linear->weight() : t.tapNet()->named_parameters()["fc1.weight"];
    auto diff = (W[1] - W[0]).to(torch::kFloat64).contiguous();
    std::vector<double> theta(diff.data_ptr<double>(), diff.data_ptr<double>() + diff.numel());
    return Oracle::linear(theta, latent, sit->second, ds.truth->hyperplane);
}

}  // namespace mfh
