#include "core/training/LinearTrainer.h"

#include <cmath>

#include "core/base/Error.h"
#include "core/base/SeededUniform.h"
#include "core/training/EpochLoop.h"

namespace mfh {

namespace {

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define MFH_MULTIVERSION __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define MFH_MULTIVERSION
#endif

constexpr int kLane = 8;  // row padding: dot products vectorise over 8 floats
int padded(int d) {
    return (d + kLane - 1) / kLane * kLane;
}

inline float dot(const float* a, const float* b, int n) {
    float acc[kLane] = {0, 0, 0, 0, 0, 0, 0, 0};
    for (int i = 0; i < n; i += kLane)
        for (int k = 0; k < kLane; ++k) acc[k] += a[i + k] * b[i + k];
    return ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
}

inline void axpy(float a, const float* x, float* y, int n) {
    for (int i = 0; i < n; ++i) y[i] += a * x[i];
}

// Everything one gradient evaluation reads. X rows are padded to Dp with zeros.
struct Batch {
    const float* X;
    int Dp, C;
    const int64_t* rows;  // nullptr: rows 0..B-1
    int B;
    const int64_t* y;
    const float* q;  // teacher probabilities at temperature T, [n, C], or nullptr
    float cGt, cKd, invT, T;
};

// Gradient into gW [C, Dp] and gb [C] (overwritten). Returns the loss when wantLoss.
MFH_MULTIVERSION
double gradient(const Batch& bt, const float* W, const float* b, float* gW, float* gb,
                bool wantLoss) {
    const int C = bt.C, Dp = bt.Dp;
    std::fill(gW, gW + static_cast<std::size_t>(C) * Dp, 0.0f);
    std::fill(gb, gb + C, 0.0f);
    double loss = 0;
    if (C == 2) {
        // Softmax over two logits depends on their difference s = z0 − z1 only; the logit
        // gradients are (dz, −dz), so accumulate row 0 and negate it for row 1.
        alignas(32) float d[1024];
        std::vector<float> big;
        float* dw = d;
        if (Dp > 1024) big.resize(Dp), dw = big.data();
        for (int j = 0; j < Dp; ++j) dw[j] = W[j] - W[Dp + j];
        const float db = b[0] - b[1];
        float gb0 = 0;
        for (int i = 0; i < bt.B; ++i) {
            const int64_t r = bt.rows ? bt.rows[i] : i;
            const float* x = bt.X + r * Dp;
            const float s = dot(dw, x, Dp) + db;
            const float p0 = 1.0f / (1.0f + std::exp(-s));
            const float y0 = bt.y[r] == 0 ? 1.0f : 0.0f;
            float dz = bt.cGt * (p0 - y0);
            float pT0 = p0;
            if (bt.q) {
                pT0 = bt.T == 1.0f ? p0 : 1.0f / (1.0f + std::exp(-s * bt.invT));
                dz += bt.cKd * (pT0 - bt.q[r * 2]);
            }
            axpy(dz, x, gW, Dp);
            gb0 += dz;
            if (wantLoss) {
                // CE = softplus(±s); KL = Σ q (log q − log pT), with log pT0 = −softplus(−s/T).
                const double sp = std::log1p(std::exp(-std::fabs(double(s)))) +
                                  std::max(0.0, y0 > 0 ? -double(s) : double(s));
                loss += bt.cGt * sp;
                if (bt.q) {
                    const double st = double(s) * bt.invT;
                    const double lp0 = -(std::log1p(std::exp(-std::fabs(st))) + std::max(0.0, -st));
                    const double lp1 = -(std::log1p(std::exp(-std::fabs(st))) + std::max(0.0, st));
                    const double q0 = bt.q[r * 2], q1 = bt.q[r * 2 + 1];
                    double kl = 0;
                    if (q0 > 0) kl += q0 * (std::log(q0) - lp0);
                    if (q1 > 0) kl += q1 * (std::log(q1) - lp1);
                    loss += bt.cKd * bt.T * kl;
                }
            }
        }
        for (int j = 0; j < Dp; ++j) gW[Dp + j] = -gW[j];
        gb[0] = gb0;
        gb[1] = -gb0;
        return loss;
    }
    std::vector<float> z(C), p(C), pT(C);
    for (int i = 0; i < bt.B; ++i) {
        const int64_t r = bt.rows ? bt.rows[i] : i;
        const float* x = bt.X + r * Dp;
        float mx = -INFINITY;
        for (int c = 0; c < C; ++c) {
            z[c] = dot(W + static_cast<std::size_t>(c) * Dp, x, Dp) + b[c];
            mx = std::max(mx, z[c]);
        }
        double sum = 0, sumT = 0;
        for (int c = 0; c < C; ++c) sum += (p[c] = std::exp(z[c] - mx));
        for (int c = 0; c < C; ++c) p[c] = static_cast<float>(p[c] / sum);
        if (bt.q) {
            for (int c = 0; c < C; ++c) sumT += (pT[c] = std::exp((z[c] - mx) * bt.invT));
            for (int c = 0; c < C; ++c) pT[c] = static_cast<float>(pT[c] / sumT);
        }
        for (int c = 0; c < C; ++c) {
            float dz = bt.cGt * (p[c] - (bt.y[r] == c ? 1.0f : 0.0f));
            if (bt.q) dz += bt.cKd * (pT[c] - bt.q[r * C + c]);
            axpy(dz, x, gW + static_cast<std::size_t>(c) * Dp, Dp);
            gb[c] += dz;
        }
        if (wantLoss) {
            loss += bt.cGt * -(z[bt.y[r]] - mx - std::log(sum));
            if (bt.q)
                for (int c = 0; c < C; ++c) {
                    const double qc = bt.q[r * C + c];
                    if (qc > 0)
                        loss += bt.cKd * bt.T * qc *
                                (std::log(qc) - ((z[c] - mx) * bt.invT - std::log(sumT)));
                }
        }
    }
    return loss;
}

}  // namespace

TrainResult LinearTrainer::train(LinearModel& model, const TrainData& data,
                                 const std::vector<EvalSet>& evals, const TrainConfig& cfg,
                                 const TrainerCallbacks& cb, uint64_t shuffleSeed) {
    const auto x2 = data.x.reshape({data.x.size(0), -1}).to(torch::kFloat32).contiguous();
    const int n = static_cast<int>(x2.size(0)), D = static_cast<int>(x2.size(1));
    const int C = data.classes, Dp = padded(D);
    if (model.dim != D || model.classes != C)
        throw InputError("linear model shape does not match the data (" + std::to_string(D) +
                         " features, " + std::to_string(C) + " classes)");
    if (static_cast<int>(data.y.size()) != n)
        throw InputError("labels and inputs differ in length");
    if (cfg.epochs < 0) throw InputError("epochs must not be negative");
    // The kernel implements plain SGD/Adam at a constant rate; a setting it cannot honour is
    // refused, never ignored (the engine sends such runs to LibTorch instead).
    if (cfg.schedule != Schedule::None)
        throw InputError(std::string("the linear kernel trains at a constant rate; schedule '") +
                         nameOf(cfg.schedule) + "' needs the torch engine");
    if (cfg.patience > 0)
        throw InputError("the linear kernel does not stop early; patience needs the torch engine");
    if (data.source) throw InputError("the linear kernel trains from memory, not streamed rows");

    std::vector<float> X(static_cast<std::size_t>(n) * Dp, 0.0f);
    for (int i = 0; i < n; ++i)
        std::copy_n(x2.data_ptr<float>() + static_cast<std::size_t>(i) * D, D, &X[i * Dp]);
    std::vector<float> q;
    const float T = static_cast<float>(cfg.kd.temperature);
    const bool kd = data.teacherLogits.defined();
    if (kd) {
        auto qt = torch::softmax(data.teacherLogits.to(torch::kFloat32) / T, 1).contiguous();
        q.assign(qt.data_ptr<float>(), qt.data_ptr<float>() + qt.numel());
    }
    // Parameters as one flat vector [W padded | b] so the optimisers are a single loop.
    const std::size_t nW = static_cast<std::size_t>(C) * Dp, nP = nW + C;
    std::vector<float> P(nP, 0.0f), G(nP), V(nP, 0.0f), M2(nP, 0.0f);
    for (int c = 0; c < C; ++c) {
        std::copy_n(&model.W[static_cast<std::size_t>(c) * D], D, &P[c * Dp]);
        P[nW + c] = model.b[c];
    }
    std::vector<float> best = P;

    const int B = (cfg.batchSize <= 0 || cfg.batchSize >= n) ? n : cfg.batchSize;
    SeededUniform shuffler(shuffleSeed);
    std::vector<int64_t> order;
    TrainResult res;
    EpochLoop loop(res, cfg, cb);
    auto snapshot = [&](LinearModel& m, const std::vector<float>& p) {
        for (int c = 0; c < C; ++c) {
            std::copy_n(&p[c * Dp], D, &m.W[static_cast<std::size_t>(c) * D]);
            m.b[c] = p[nW + c];
        }
    };
    auto evaluate = [&](std::map<std::string, double>& acc) {
        LinearModel cur = model;
        snapshot(cur, P);
        for (const auto& e : evals) acc[e.name] = cur.accuracy(e.x, e.y);
    };
    if (cb.onBegin) cb.onBegin(cfg.epochs);
    long step = 0;
    for (int epoch = 1; epoch <= cfg.epochs; ++epoch) {
        const bool report = loop.reports(epoch);
        if (B < n) order = shuffler.permutation(n);
        double epochLoss = 0;
        for (int start = 0; start < n; start += B) {
            if (cb.cancelled()) {
                res.status = RunStatus::Cancelled;
                break;
            }
            const int bs = std::min(B, n - start);
            const float kdScale = cfg.kd.batchMean ? 1.0f : 1.0f / C;
            Batch bt{X.data(),
                     Dp,
                     C,
                     B < n ? order.data() + start : nullptr,
                     bs,
                     data.y.data(),
                     kd ? q.data() : nullptr,
                     static_cast<float>((kd ? cfg.kd.wGt : 1.0) / bs),
                     static_cast<float>(cfg.kd.wKd * T * kdScale / bs),
                     1.0f / T,
                     T};
            epochLoss += gradient(bt, P.data(), P.data() + nW, G.data(), G.data() + nW,
                                  report || epoch == 1) *
                         bs / n;
            ++step;
            if (cfg.weightDecay != 0)
                for (std::size_t k = 0; k < nP; ++k)
                    G[k] += static_cast<float>(cfg.weightDecay) * P[k];
            const float lr = static_cast<float>(cfg.lr);
            if (cfg.optimizer == OptimizerKind::Sgd) {
                const float mu = static_cast<float>(cfg.momentum);
                if (mu == 0) {
                    for (std::size_t k = 0; k < nP; ++k) P[k] -= lr * G[k];
                } else {
                    // PyTorch SGD: v ← μ v + g (v = g on the first step), p ← p − lr v.
                    for (std::size_t k = 0; k < nP; ++k) {
                        V[k] = step == 1 ? G[k] : mu * V[k] + G[k];
                        P[k] -= lr * V[k];
                    }
                }
            } else {
                const double b1 = cfg.beta1, b2 = cfg.beta2;
                const double c1 = 1 - std::pow(b1, step), c2 = 1 - std::pow(b2, step);
                for (std::size_t k = 0; k < nP; ++k) {
                    V[k] = static_cast<float>(b1 * V[k] + (1 - b1) * G[k]);
                    M2[k] = static_cast<float>(b2 * M2[k] + (1 - b2) * G[k] * G[k]);
                    const double denom = std::sqrt(M2[k] / c2) + cfg.eps;
                    P[k] -= static_cast<float>(cfg.lr * (V[k] / c1) / denom);
                }
            }
            // Padding columns never receive gradient (their inputs are zero) and stay zero.
        }
        if (res.status == RunStatus::Cancelled) break;
        if (!loop.finish(epoch, epochLoss, evaluate, [&] { best = P; })) break;
    }
    if (loop.useBest()) P = best;
    snapshot(model, P);
    for (const auto& e : evals) res.accuracy[e.name] = model.accuracy(e.x, e.y);
    return res;
}

}  // namespace mfh
