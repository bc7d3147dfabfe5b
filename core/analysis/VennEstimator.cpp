#include "core/analysis/VennEstimator.h"

#include <algorithm>
#include <set>

#include "core/base/Error.h"
#include "core/base/NumpyRandom.h"
#include "core/base/SeededUniform.h"
#include "core/models/LinearModel.h"

namespace mfh {

namespace {
torch::Tensor centredLogits(const LinearModel& f, const torch::Tensor& x) {
    auto o = f.logits(x).to(torch::kFloat64);
    return o - o.mean(1, true);  // softmax ignores a shift common to all classes
}
}  // namespace

double VennEstimator::generalShare(const LinearModel& fa, const torch::Tensor& xa,
                                   const LinearModel& fb, const torch::Tensor& xb) {
    const auto A = centredLogits(fa, xa), B = centredLogits(fb, xb);
    auto W = fa.weight().to(torch::kFloat64);
    W = W - W.mean(0, true);  // [C, D], class-centred
    const auto X = xa.to(torch::kFloat64) - xa.to(torch::kFloat64).mean(0, true);
    const double n = static_cast<double>(X.size(0));
    const auto var = X.pow(2).sum(0) / n;                    // [D]
    const auto cov = (A - B).transpose(0, 1).matmul(X) / n;  // [C, D]
    const auto c = 2 * var * W.pow(2).sum(0);                // [D]
    const auto e = c - 2 * (W * cov).sum(0);
    // Sampling noise of e_k: the standard error of the covariances, ≈ sd(o^a − o^b)·sd(x_k)/√n.
    const auto sdDiff = (A - B).pow(2).mean(0).sqrt();  // [C]
    const auto noise = 2 * (W.abs() * sdDiff.unsqueeze(1)).sum(0) * var.sqrt() / std::sqrt(n);
    // r from the channels whose e_k stands clear of the noise (3 standard errors): with none,
    // nothing is measurably shared.
    const auto clear = (e > 3 * noise).to(torch::kFloat64);
    const double ee = (e.pow(2) * clear).sum().item<double>();
    const double ec = (e * c * clear).sum().item<double>();
    const double se = e.sum().item<double>(), sc = c.sum().item<double>();
    if (!(sc > 0) || !(ec > 0)) return 0.0;
    return std::clamp(se / sc * ec / ee, 0.0, 1.0);
}

std::optional<VennParts> VennEstimator::informationTruth(const VennTruth& t, const std::string& a,
                                                         const std::string& b) {
    if (t.hyperplane.empty()) return std::nullopt;
    auto latent = [&](const std::string& m) {
        std::set<int64_t> s;
        auto it = t.latentIndex.find(m);
        if (it != t.latentIndex.end())
            for (auto j : it->second)
                if (j >= 0) s.insert(j);
        return s;
    };
    const auto la = latent(a), lb = latent(b);
    if (la.empty() && lb.empty()) return std::nullopt;
    VennParts p;
    for (std::size_t j = 0; j < t.hyperplane.size(); ++j) {
        const double w = t.hyperplane[j] * t.hyperplane[j];
        const bool inA = la.count(int64_t(j)) > 0, inB = lb.count(int64_t(j)) > 0;
        if (inA && inB)
            p.shared += w;
        else if (inA)
            p.onlyA += w;
        else if (inB)
            p.onlyB += w;
    }
    return p;
}

VennEstimate VennEstimator::estimate(const Dataset& ds, const VennEstimateConfig& cfg,
                                     const std::atomic<bool>* cancel,
                                     const std::function<void(int, int)>& onSeed) {
    if (cfg.seeds.empty()) throw InputError("the Venn estimate needs at least one seed");
    const auto xa = ds.features({cfg.modalityA}, cfg.split);
    const auto xb = ds.features({cfg.modalityB}, cfg.split);
    const auto y = ds.labelsOf(cfg.split);
    const int C = ds.numClasses();
    Algorithm1Config a1;
    a1.joint = cfg.train;
    a1.alignment = 0;     // independent networks
    a1.permutations = 1;  // the permutation measure is taken in closed form below
    VennEstimate out;
    const int64_t n = xa.size(0);
    for (uint32_t seed : cfg.seeds) {
        if (cancel && cancel->load()) break;
        // A random 80 % of the rows per seed (without replacement: duplicated rows would make
        // the networks overfit): the spread over seeds shows the sampling uncertainty, which the
        // networks' initialisation alone hardly does.
        SeededUniform draw(deriveSeed(seed, "venn-subsample"));
        auto rows = draw.permutation(n);
        rows.resize(std::max<int64_t>(2, static_cast<int64_t>(0.8 * n)));
        const int64_t m = static_cast<int64_t>(rows.size());
        const auto idx = torch::tensor(rows, torch::kInt64);
        const auto xaS = xa.index_select(0, idx).contiguous(),
                   xbS = xb.index_select(0, idx).contiguous();
        std::vector<int64_t> yS(m);
        for (int64_t i = 0; i < m; ++i) yS[i] = y[rows[i]];
        LinearModel fa, fb;
        Algorithm1::linear(xaS, xbS, yS, C, a1, deriveSeed(seed, "venn"), &fa, &fb, cancel);
        if (cancel && cancel->load()) break;  // half-trained networks: not an estimate
        const double a = 1 - generalShare(fa, xaS, fb, xbS);
        const double b = 1 - generalShare(fb, xbS, fa, xaS);
        const double g = a * b >= 1 ? 0 : (1 - a) * (1 - b) / (1 - a * b);
        out.alphas.push_back(a), out.betas.push_back(b), out.gammas.push_back(g);
        if (onSeed) onSeed(static_cast<int>(out.alphas.size()), static_cast<int>(cfg.seeds.size()));
    }
    out.alpha = Statistics::summarize(out.alphas);
    out.beta = Statistics::summarize(out.betas);
    out.gamma = Statistics::summarize(out.gammas);
    return out;
}

}  // namespace mfh
