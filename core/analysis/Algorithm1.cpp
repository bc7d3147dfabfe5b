#include "core/analysis/Algorithm1.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/base/Error.h"
#include "core/base/JsonFields.h"
#include "core/base/NumpyRandom.h"
#include "core/base/SeededUniform.h"
#include "core/training/KdLoss.h"

namespace mfh {

std::vector<double> minMaxNormalize(const std::vector<double>& v) {
    if (v.empty()) return {};
    const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    const double a = *lo, range = *hi - *lo;
    std::vector<double> out(v.size(), 0.0);
    if (range > 0)
        for (std::size_t i = 0; i < v.size(); ++i) out[i] = (v[i] - a) / range;
    return out;
}

std::vector<int64_t> rankDescending(const std::vector<double>& v) {
    std::vector<int64_t> idx(v.size());
    std::iota(idx.begin(), idx.end(), 0);
    std::stable_sort(idx.begin(), idx.end(), [&](int64_t a, int64_t b) { return v[a] > v[b]; });
    return idx;
}

double Algorithm1::identification(const std::vector<int64_t>& ranking,
                                  const std::vector<int64_t>& truth) {
    if (truth.empty()) return 0.0;
    const std::size_t k = std::min(truth.size(), ranking.size());
    std::size_t hit = 0;
    for (std::size_t i = 0; i < k; ++i)
        hit += std::find(truth.begin(), truth.end(), ranking[i]) != truth.end();
    return static_cast<double>(hit) / truth.size();
}

namespace {

void finish(SaliencyResult& r) {
    r.normalized = minMaxNormalize(r.raw);
    r.ranking = rankDescending(r.raw);
}

double distance(const std::string& kind, double diff) {
    return kind == "l1" ? std::fabs(diff) : diff * diff;
}

void checkDistance(const Algorithm1Config& cfg) {
    if (cfg.distance != "mse" && cfg.distance != "l1")
        throw InputError("unknown saliency distance '" + cfg.distance + "' (mse, l1)");
    if (cfg.permutations < 1) throw InputError("Algorithm 1 needs at least one permutation");
}

}  // namespace

SaliencyResult Algorithm1::linear(const torch::Tensor& xaIn, const torch::Tensor& xbIn,
                                  const std::vector<int64_t>& y, int C, const Algorithm1Config& cfg,
                                  uint64_t seed, LinearModel* outA, LinearModel* outB,
                                  const std::atomic<bool>* cancel) {
    checkDistance(cfg);
    if (cfg.tap != "input") throw InputError("the linear Algorithm 1 works at the tap 'input'");
    auto xa = xaIn.reshape({xaIn.size(0), -1}).to(torch::kFloat32).contiguous();
    auto xb = xbIn.reshape({xbIn.size(0), -1}).to(torch::kFloat32).contiguous();
    const int n = static_cast<int>(xa.size(0));
    const int Da = static_cast<int>(xa.size(1)), Db = static_cast<int>(xb.size(1));
    LinearModel fa = LinearModel::init(C, Da, deriveSeed(seed, "alg1-a"));
    LinearModel fb = LinearModel::init(C, Db, deriveSeed(seed, "alg1-b"));
    const float* XA = xa.data_ptr<float>();
    const float* XB = xb.data_ptr<float>();

    // Step 1: joint full-batch training, SGD with momentum (PyTorch semantics), closed form:
    // dL/dz_a = (p_a − y)/N + 2(z_a − z_b)/(N·C),  dL/dz_b = (p_b − y)/N − 2(z_a − z_b)/(N·C).
    const auto& tc = cfg.joint;
    std::vector<float> gWa(fa.W.size()), gWb(fb.W.size()), gba(C), gbb(C);
    std::vector<float> vWa(fa.W.size(), 0), vWb(fb.W.size(), 0), vba(C, 0), vbb(C, 0);
    std::vector<float> za(C), zb(C), pa(C), pb(C);
    const float invN = 1.0f / n;
    const float mseScale = static_cast<float>(2.0 * cfg.alignment / (static_cast<double>(n) * C));
    for (int epoch = 1; epoch <= tc.epochs; ++epoch) {
        std::fill(gWa.begin(), gWa.end(), 0.f), std::fill(gWb.begin(), gWb.end(), 0.f);
        std::fill(gba.begin(), gba.end(), 0.f), std::fill(gbb.begin(), gbb.end(), 0.f);
        for (int i = 0; i < n; ++i) {
            const float* a = XA + static_cast<std::size_t>(i) * Da;
            const float* b = XB + static_cast<std::size_t>(i) * Db;
            float ma = -INFINITY, mb = -INFINITY;
            for (int c = 0; c < C; ++c) {
                float sa = fa.b[c], sb = fb.b[c];
                const float* wa = &fa.W[static_cast<std::size_t>(c) * Da];
                const float* wb = &fb.W[static_cast<std::size_t>(c) * Db];
                for (int j = 0; j < Da; ++j) sa += wa[j] * a[j];
                for (int j = 0; j < Db; ++j) sb += wb[j] * b[j];
                za[c] = sa, zb[c] = sb;
                ma = std::max(ma, sa), mb = std::max(mb, sb);
            }
            float sa = 0, sb = 0;
            for (int c = 0; c < C; ++c) sa += (pa[c] = std::exp(za[c] - ma));
            for (int c = 0; c < C; ++c) sb += (pb[c] = std::exp(zb[c] - mb));
            for (int c = 0; c < C; ++c) {
                const float yc = y[i] == c ? 1.f : 0.f;
                const float m = mseScale * (za[c] - zb[c]);
                const float da = (pa[c] / sa - yc) * invN + m;
                const float db = (pb[c] / sb - yc) * invN - m;
                float* ga = &gWa[static_cast<std::size_t>(c) * Da];
                float* gb = &gWb[static_cast<std::size_t>(c) * Db];
                for (int j = 0; j < Da; ++j) ga[j] += da * a[j];
                for (int j = 0; j < Db; ++j) gb[j] += db * b[j];
                gba[c] += da, gbb[c] += db;
            }
        }
        auto step = [&](std::vector<float>& p, std::vector<float>& g, std::vector<float>& v) {
            const float lr = static_cast<float>(tc.lr), mu = static_cast<float>(tc.momentum);
            const float wd = static_cast<float>(tc.weightDecay);
            for (std::size_t k = 0; k < p.size(); ++k) {
                const float gk = g[k] + wd * p[k];
                v[k] = epoch == 1 ? gk : mu * v[k] + gk;
                p[k] -= lr * (mu == 0 ? gk : v[k]);
            }
        };
        step(fa.W, gWa, vWa), step(fa.b, gba, vba), step(fb.W, gWb, vWb), step(fb.b, gbb, vbb);
    }

    // Steps 2–5 over batches of samples.
    SaliencyResult r;
    r.tap = "input";
    r.raw.assign(Da, 0.0);
    auto oa = fa.logits(xa), ob = fb.logits(xb);
    r.teacherAccuracy = fa.accuracy(xa, y), r.otherAccuracy = fb.accuracy(xb, y);
    const float* OA = oa.data_ptr<float>();
    const float* OB = ob.data_ptr<float>();
    SeededUniform rng(deriveSeed(seed, "alg1-permute"));
    const int B = (cfg.batchSize <= 0 || cfg.batchSize >= n) ? n : cfg.batchSize;
    for (int start = 0; start < n; start += B) {
        const int bs = std::min(B, n - start);
        for (int k = 0; k < Da; ++k) {
            if (cancel && cancel->load()) return r;
            double acc = 0;
            for (int m = 0; m < cfg.permutations; ++m) {
                const auto perm = rng.permutation(bs);
                double d = 0;
                for (int i = 0; i < bs; ++i) {
                    const int r0 = start + i, rp = start + static_cast<int>(perm[i]);
                    const float shift = XA[static_cast<std::size_t>(rp) * Da + k] -
                                        XA[static_cast<std::size_t>(r0) * Da + k];
                    for (int c = 0; c < C; ++c) {
                        const float moved =
                            OA[r0 * C + c] + fa.W[static_cast<std::size_t>(c) * Da + k] * shift;
                        d += distance(cfg.distance, moved - OB[r0 * C + c]);
                    }
                }
                acc += d / (static_cast<double>(bs) * C);
            }
            r.raw[k] += acc / cfg.permutations * bs / n;
        }
    }
    finish(r);
    if (outA) *outA = fa;
    if (outB) *outB = fb;
    return r;
}

void Algorithm1::trainJointly(TapNet& fa, TapNet& fb, const torch::Tensor& xa,
                              const torch::Tensor& xb, const std::vector<int64_t>& y,
                              const TrainConfig& cfg, torch::Device device, uint64_t shuffleSeed,
                              const std::atomic<bool>* cancel) {
    fa->to(device), fb->to(device);
    fa->train(), fb->train();
    auto params = fa->parameters();
    for (auto& p : fb->parameters()) params.push_back(p);
    torch::optim::SGD opt(
        params,
        torch::optim::SGDOptions(cfg.lr).momentum(cfg.momentum).weight_decay(cfg.weightDecay));
    auto a = xa.to(device), b = xb.to(device);
    auto yt = torch::tensor(y, torch::kInt64).to(device);
    const int64_t n = a.size(0);
    const int64_t B = (cfg.batchSize <= 0 || cfg.batchSize >= n) ? n : cfg.batchSize;
    SeededUniform shuffler(shuffleSeed);
    for (int epoch = 1; epoch <= cfg.epochs; ++epoch) {
        if (cfg.schedule != Schedule::None)
            for (auto& g : opt.param_groups()) g.options().set_lr(cfg.lrAt(epoch));
        torch::Tensor perm;  // mini-batches are drawn in a fresh order every epoch
        if (B < n) perm = torch::tensor(shuffler.permutation(n), torch::kInt64).to(device);
        for (int64_t s = 0; s < n; s += B) {
            if (cancel && cancel->load(std::memory_order_relaxed)) return;
            auto ab = a, bb = b, yb = yt;
            if (B < n) {
                auto idx = perm.slice(0, s, std::min(n, s + B));
                ab = a.index_select(0, idx), bb = b.index_select(0, idx);
                yb = yt.index_select(0, idx);
            }
            opt.zero_grad();
            auto la = fa->forward(ab), lb = fb->forward(bb);
            auto loss = torch::nn::functional::cross_entropy(la, yb) +
                        torch::nn::functional::cross_entropy(lb, yb) + torch::mse_loss(la, lb);
            loss.backward();
            opt.step();
        }
    }
}

SaliencyResult Algorithm1::saliency(TapNet& fa, TapNet& fb, const torch::Tensor& xa,
                                    const torch::Tensor& xb, const Algorithm1Config& cfg,
                                    uint64_t seed, const std::atomic<bool>* cancel) {
    checkDistance(cfg);
    torch::NoGradGuard ng;
    fa->eval(), fb->eval();
    const auto dev = fa->parameters().front().device();
    const int64_t n = xa.size(0), d = fa->tapWidth(cfg.tap);
    SaliencyResult r;
    r.tap = cfg.tap;
    r.raw.assign(d, 0.0);
    SeededUniform rng(deriveSeed(seed, "alg1-permute"));
    const int64_t B = (cfg.batchSize <= 0 || cfg.batchSize >= n) ? n : cfg.batchSize;
    for (int64_t s = 0; s < n; s += B) {
        const int64_t e = std::min(n, s + B), bs = e - s;
        auto ob = fb->forward(xb.slice(0, s, e).to(dev));
        auto xs = xa.slice(0, s, e).to(dev);
        // Resuming at the tap costs only the layers after it; a branch tap of a fusion network
        // meets the other branches later, so there the whole pass runs with a permuting edit.
        const bool resume = fa->canResume(cfg.tap);
        torch::Tensor h = resume ? fa->forwardTo(cfg.tap, xs) : torch::Tensor();
        for (int64_t k = 0; k < d; ++k) {
            if (cancel && cancel->load()) return r;
            double acc = 0;
            for (int m = 0; m < cfg.permutations; ++m) {
                auto perm = torch::tensor(rng.permutation(bs), torch::kInt64).to(dev);
                torch::Tensor out;
                if (resume) {
                    auto hp = h.clone();
                    hp.select(1, k).copy_(h.select(1, k).index_select(0, perm));
                    out = fa->forwardFrom(cfg.tap, hp);
                } else {
                    const auto saved = fa->edit;
                    fa->edit = TapEdit{cfg.tap, {k}, perm};
                    out = fa->forward(xs);
                    fa->edit = saved;
                }
                auto diff = out - ob;
                acc +=
                    (cfg.distance == "l1" ? diff.abs().mean() : diff.pow(2).mean()).item<double>();
            }
            r.raw[k] += acc / cfg.permutations * bs / n;
        }
    }
    finish(r);
    return r;
}

Algorithm1Config Algorithm1Config::fromJson(const nlohmann::json& j, const std::string& path) {
    JsonFields a(j, path);
    Algorithm1Config c;
    c.permutations = a.integer("permutations", c.permutations, 1);
    c.distance = a.str("distance", c.distance, distances());
    c.tap = a.str("tap", c.tap);
    c.batchSize = a.integer("batch_size", 0);
    if (a.has("train")) c.joint = TrainConfig::fromJson(a.raw("train"), a.key("train"), c.joint);
    a.finish();
    return c;
}

const std::vector<std::string>& Algorithm1Config::distances() {
    static const std::vector<std::string> d{"mse", "l1"};
    return d;
}

nlohmann::json Algorithm1Config::toJson() const {
    return {{"permutations", permutations},
            {"distance", distance},
            {"tap", tap},
            {"batch_size", batchSize},
            {"train", joint.toJson()}};
}

}  // namespace mfh
