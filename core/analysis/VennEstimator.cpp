#include "core/analysis/VennEstimator.h"

#include <algorithm>
#include <set>

#include "core/base/Error.h"
#include "core/base/NumpyRandom.h"
#include "core/base/SeededUniform.h"
#include "core/models/LinearModel.h"
#include "core/training/LinearTrainer.h"

namespace mfh {

VennEstimator::ShareRows VennEstimator::shareRows(const LinearModel& f, const torch::Tensor& x,
                                                  const torch::Tensor& otherLogits,
                                                  const std::vector<int64_t>& y, int C) {
    auto W = f.weight().to(torch::kFloat64);
    W = W - W.mean(0, true);  // [C, D], class-centred
    const auto X = x.to(torch::kFloat64) - x.to(torch::kFloat64).mean(0, true);
    auto Y = torch::one_hot(torch::tensor(y, torch::kInt64), C).to(torch::kFloat64);
    Y = Y - Y.mean(0, true);
    auto O = otherLogits.to(torch::kFloat64);
    O = O - O.mean(1, true);
    O = O - O.mean(0, true);
    return {X * Y.matmul(W), X * O.matmul(W)};
}

void VennEstimator::add(ShareTerms& t, const ShareRows& r, const torch::Tensor& rows) {
    const auto U = rows.defined() ? r.u.index_select(0, rows) : r.u;
    const auto V = rows.defined() ? r.v.index_select(0, rows) : r.v;
    const auto sums =
        torch::stack({U.sum(0), V.sum(0), V.pow(2).sum(0), (U * V).sum(0)}).contiguous();
    const int64_t D = r.u.size(1);
    if (t.u.empty()) t.u.assign(D, 0), t.v.assign(D, 0), t.v2.assign(D, 0), t.uv.assign(D, 0);
    const double* p = sums.data_ptr<double>();
    for (int64_t k = 0; k < D; ++k)
        t.u[k] += p[k], t.v[k] += p[D + k], t.v2[k] += p[2 * D + k], t.uv[k] += p[3 * D + k];
}

double VennEstimator::gammaOf(double alpha, double beta) {
    return alpha * beta >= 1 ? 0 : (1 - alpha) * (1 - beta) / (1 - alpha * beta);
}

double VennEstimator::generalShare(const ShareTerms& t) {
    // r = v_k / u_k on the modality-general channels, from those whose v_k stands clear of its
    // noise (kClear standard errors), by least squares: r = Σ v_k² / Σ v_k u_k, the products
    // debiased (E[v̂²] = v² + se², and v̂, û share their rows). At n = 200 a threshold of 3
    // let no channel through on some datasets with δ = 1 (γ̂ = 0, a mean bias of −0.14 over
    // 24 datasets); 2 leaves +0.05 (δ normal) and +0.01 (δ = 1). With no clear channel nothing
    // is measurably shared.
    double vv = 0, vu = 0, su = 0, sv = 0;
    for (std::size_t k = 0; k < t.u.size(); ++k) {
        su += t.u[k], sv += t.v[k];
        if (t.v[k] > kClear * std::sqrt(t.v2[k]))
            vv += t.v[k] * t.v[k] - t.v2[k], vu += t.v[k] * t.u[k] - t.uv[k];
    }
    if (!(su > 0) || !(vu > 0) || !(vv > 0)) return 0.0;
    return std::clamp(sv / su * vu / vv, 0.0, 1.0);
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

void VennEstimator::check(const Dataset& ds, const VennEstimateConfig& cfg) {
    const auto names = ds.modalityNames();
    if (names.size() < 2)
        throw InputError("the Venn diagram needs two modalities; the dataset has only '" +
                         (names.empty() ? std::string() : names[0]) + "'");
    if (cfg.modalityA == cfg.modalityB)
        throw InputError("the Venn diagram needs two different modalities (both are '" +
                         cfg.modalityA + "')");
    ds.modality(cfg.modalityA), ds.modality(cfg.modalityB);  // name the missing one
    const auto& rows = ds.split(cfg.split);
    const auto labels = ds.labelsOf(cfg.split);
    std::vector<int64_t> perClass(std::max(1, ds.numClasses()), 0);
    for (auto l : labels) ++perClass[l];
    const auto few = *std::min_element(perClass.begin(), perClass.end());
    if (static_cast<int64_t>(rows.size()) < kMinRows || few < kMinPerClass)
        throw InputError("too few samples for the Venn estimate: split '" + cfg.split + "' has " +
                         std::to_string(rows.size()) + " rows and its rarest class " +
                         std::to_string(few) + " (it needs " + std::to_string(kMinRows) +
                         " rows and " + std::to_string(kMinPerClass) + " per class)");
    for (const auto& m : {cfg.modalityA, cfg.modalityB}) {
        const auto x = ds.features({m}, cfg.split);
        if ((x.std(0, /*unbiased=*/false) > 0).sum().item<int64_t>() == 0)
            throw InputError("modality '" + m + "' is constant on split '" + cfg.split +
                             "': it carries no information to estimate from");
    }
}

VennEstimate VennEstimator::estimate(const Dataset& ds, const VennEstimateConfig& cfg,
                                     const std::atomic<bool>* cancel,
                                     const std::function<void(int, int)>& onSeed) {
    if (cfg.seeds.empty()) throw InputError("the Venn estimate needs at least one seed");
    check(ds, cfg);
    const auto xa = ds.features({cfg.modalityA}, cfg.split);
    const auto xb = ds.features({cfg.modalityB}, cfg.split);
    const auto y = ds.labelsOf(cfg.split);
    const int C = ds.numClasses();
    VennEstimate out;
    const int64_t n = xa.size(0);
    const int folds = kFolds;
    for (uint32_t seed : cfg.seeds) {
        if (cancel && cancel->load()) break;
        // A random 80 % of the rows per seed (without replacement: duplicated rows would make
        // the networks overfit): the spread over seeds shows the sampling uncertainty, which the
        // networks' initialisation alone hardly does. Within it, K-fold cross-fitting: the
        // networks of fold f train on the other folds, and fold f's rows measure u and v.
        SeededUniform draw(deriveSeed(seed, "venn-subsample"));
        auto rows = draw.permutation(n);
        rows.resize(std::max<int64_t>(2 * folds, static_cast<int64_t>(kSubsample * n)));
        ShareTerms ta, tb;
        bool cancelled = false;
        for (int f = 0; f < folds && !cancelled; ++f) {
            std::vector<int64_t> fit, held;
            for (std::size_t i = 0; i < rows.size(); ++i)
                (static_cast<int>(i % folds) == f ? held : fit).push_back(rows[i]);
            auto pick = [&](const torch::Tensor& x, const std::vector<int64_t>& r) {
                return x.index_select(0, torch::tensor(r, torch::kInt64)).contiguous();
            };
            std::vector<int64_t> yFit, yHeld;
            for (auto r : fit) yFit.push_back(y[r]);
            for (auto r : held) yHeld.push_back(y[r]);
            const auto xaF = pick(xa, fit), xbF = pick(xb, fit);
            const auto xaH = pick(xa, held), xbH = pick(xb, held);
            const uint64_t s = deriveSeed(seed, "venn") + 0x9e3779b97f4a7c15ULL * (f + 1);
            auto fa = LinearModel::init(C, static_cast<int>(xa.size(1)), deriveSeed(s, "a"));
            auto fb = LinearModel::init(C, static_cast<int>(xb.size(1)), deriveSeed(s, "b"));
            TrainerCallbacks cb;
            cb.cancel = cancel;
            LinearTrainer::train(fa, TrainData{xaF, yFit, {}, C, nullptr}, {}, cfg.train, cb, s);
            LinearTrainer::train(fb, TrainData{xbF, yFit, {}, C, nullptr}, {}, cfg.train, cb, s);
            cancelled = cancel && cancel->load();  // half-trained networks: not an estimate
            add(ta, shareRows(fa, xaH, fb.logits(xbH), yHeld, C));
            add(tb, shareRows(fb, xbH, fa.logits(xaH), yHeld, C));
        }
        if (cancelled) break;
        const double a = 1 - generalShare(ta);
        const double b = 1 - generalShare(tb);
        const double g = gammaOf(a, b);
        out.alphas.push_back(a), out.betas.push_back(b), out.gammas.push_back(g);
        if (onSeed) onSeed(static_cast<int>(out.alphas.size()), static_cast<int>(cfg.seeds.size()));
    }
    // The seeds' subsamples leave out d = 20 % of the rows each: the delete-d jackknife
    // estimates the variance of the full-sample estimate as ((n − d)/d) · (their population
    // variance) = 4 σ², which is the data's sampling uncertainty (more seeds do not shrink it).
    // The interval is the mean ± t·2σ, clipped to [0, 1].
    const double m = kSubsample;
    auto fraction = [&](const std::vector<double>& v) {
        auto s = Statistics::summarize(v);
        const double half = Statistics::tQuantile975(s.n - 1) * std::sqrt(m / (1 - m)) * s.std;
        s.ciLow = std::clamp(s.mean - half, 0.0, 1.0),
        s.ciHigh = std::clamp(s.mean + half, 0.0, 1.0);
        if (s.n < 2) s.ciLow = 0, s.ciHigh = 1;  // one seed has no spread: nothing is known
        return s;
    };
    out.alpha = fraction(out.alphas);
    out.beta = fraction(out.betas);
    out.gamma = fraction(out.gammas);
    return out;
}

}  // namespace mfh
