#include "core/info/LabelProbe.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "core/base/SeededUniform.h"

namespace mfh {

namespace {

constexpr double kLambda = 1e-4;

struct Probe {
    int C = 0, D = 0;       // D includes the bias column
    std::vector<double> W;  // [C * D]
    std::vector<double> mean, sd;

    void standardize(const Samples& h, const std::vector<int>& rows) {
        const int d = h.d;
        mean.assign(d, 0), sd.assign(d, 0);
        for (int r : rows)
            for (int j = 0; j < d; ++j) mean[j] += h.at(r, j);
        for (auto& m : mean) m /= rows.size();
        for (int r : rows)
            for (int j = 0; j < d; ++j) sd[j] += std::pow(h.at(r, j) - mean[j], 2);
        for (auto& s : sd) s = std::sqrt(s / rows.size());
    }
    void features(const Samples& h, int r, double* f) const {
        for (int j = 0; j < h.d; ++j) f[j] = sd[j] > 0 ? (h.at(r, j) - mean[j]) / sd[j] : 0.0;
        f[h.d] = 1.0;
    }
    // log-softmax of the logits at feature vector f, into lp [C].
    void logProbs(const double* f, double* lp) const {
        double top = -INFINITY;
        for (int c = 0; c < C; ++c) {
            double z = 0;
            for (int j = 0; j < D; ++j) z += W[c * D + j] * f[j];
            lp[c] = z;
            top = std::max(top, z);
        }
        double s = 0;
        for (int c = 0; c < C; ++c) s += std::exp(lp[c] - top);
        const double lse = top + std::log(s);
        for (int c = 0; c < C; ++c) lp[c] -= lse;
    }
};

// Penalised mean negative log-likelihood over the rows (features F [m * D]).
double objective(const Probe& p, const std::vector<double>& F, const std::vector<int>& y) {
    const int m = static_cast<int>(y.size());
    std::vector<double> lp(p.C);
    double nll = 0;
    for (int i = 0; i < m; ++i) {
        p.logProbs(&F[static_cast<std::size_t>(i) * p.D], lp.data());
        nll -= lp[y[i]];
    }
    double reg = 0;
    for (double w : p.W) reg += w * w;
    return nll / m + 0.5 * kLambda * reg;
}

void fit(Probe& p, const std::vector<double>& F, const std::vector<int>& y) {
    const int m = static_cast<int>(y.size()), C = p.C, D = p.D, P = C * D;
    p.W.assign(P, 0.0);
    std::vector<double> lp(C), g(P), H(static_cast<std::size_t>(P) * P);
    double f0 = objective(p, F, y);
    for (int step = 0; step < 50; ++step) {
        std::fill(g.begin(), g.end(), 0.0);
        std::fill(H.begin(), H.end(), 0.0);
        for (int i = 0; i < m; ++i) {
            const double* f = &F[static_cast<std::size_t>(i) * D];
            p.logProbs(f, lp.data());
            for (int c = 0; c < C; ++c) {
                const double pc = std::exp(lp[c]);
                const double r = pc - (y[i] == c);
                for (int j = 0; j < D; ++j) g[c * D + j] += r * f[j] / m;
                for (int c2 = 0; c2 < C; ++c2) {
                    const double w = pc * ((c == c2) - std::exp(lp[c2])) / m;
                    if (w == 0) continue;
                    for (int j = 0; j < D; ++j)
                        for (int k = 0; k < D; ++k)
                            H[static_cast<std::size_t>(c * D + j) * P + c2 * D + k] +=
                                w * f[j] * f[k];
                }
            }
        }
        double gnorm = 0;
        for (int a = 0; a < P; ++a) {
            g[a] += kLambda * p.W[a];
            H[static_cast<std::size_t>(a) * P + a] += kLambda;
            gnorm = std::max(gnorm, std::abs(g[a]));
        }
        if (gnorm < 1e-10) break;
        if (!cholesky(H, P)) break;  // cannot happen with the ridge; stop rather than diverge
        // Solve L Lᵀ s = g.
        std::vector<double> s(g);
        for (int a = 0; a < P; ++a) {
            for (int b = 0; b < a; ++b) s[a] -= H[static_cast<std::size_t>(a) * P + b] * s[b];
            s[a] /= H[static_cast<std::size_t>(a) * P + a];
        }
        for (int a = P - 1; a >= 0; --a) {
            for (int b = a + 1; b < P; ++b) s[a] -= H[static_cast<std::size_t>(b) * P + a] * s[b];
            s[a] /= H[static_cast<std::size_t>(a) * P + a];
        }
        const auto W0 = p.W;
        double t = 1.0, f1 = f0;
        for (int half = 0; half < 30; ++half, t /= 2) {
            for (int a = 0; a < P; ++a) p.W[a] = W0[a] - t * s[a];
            f1 = objective(p, F, y);
            if (f1 <= f0) break;
        }
        if (!(f1 <= f0)) {
            p.W = W0;
            break;
        }
        const bool done = f0 - f1 < 1e-12;
        f0 = f1;
        if (done) break;
    }
}

}  // namespace

std::vector<double> LabelProbe::pointwise(const Samples& h, const std::vector<int>& y, int classes,
                                          int folds, uint64_t seed) {
    const int n = h.n;
    if (static_cast<int>(y.size()) != n)
        throw std::invalid_argument("LabelProbe: h and y have different lengths");
    if (folds < 2 || n < 2 * folds) throw std::invalid_argument("LabelProbe: too few samples");
    if (classes < 1) throw std::invalid_argument("LabelProbe: no class");
    for (int v : y)
        if (v < 0 || v >= classes) throw std::invalid_argument("LabelProbe: label out of range");
    SeededUniform draw(seed ^ 0x70726f6265ULL);
    const auto perm = draw.permutation(n);
    std::vector<double> out(n);
    for (int f = 0; f < folds; ++f) {
        std::vector<int> train, test;
        for (int i = 0; i < n; ++i) (i % folds == f ? test : train).push_back(int(perm[i]));
        Probe p;
        p.C = classes, p.D = h.d + 1;
        p.standardize(h, train);
        std::vector<double> F(train.size() * p.D);
        std::vector<int> yt(train.size());
        std::vector<double> prior(classes, 1.0);  // add-one smoothing
        for (std::size_t i = 0; i < train.size(); ++i) {
            p.features(h, train[i], &F[i * p.D]);
            yt[i] = y[train[i]];
            prior[yt[i]] += 1;
        }
        const double total = std::accumulate(prior.begin(), prior.end(), 0.0);
        fit(p, F, yt);
        std::vector<double> f1(p.D), lp(classes);
        for (int r : test) {
            p.features(h, r, f1.data());
            p.logProbs(f1.data(), lp.data());
            out[r] = lp[y[r]] - std::log(prior[y[r]] / total);
        }
    }
    return out;
}

double LabelProbe::estimate(const Samples& h, const std::vector<int>& y, int classes, int folds,
                            uint64_t seed) {
    const auto p = pointwise(h, y, classes, folds, seed);
    return std::accumulate(p.begin(), p.end(), 0.0) / static_cast<double>(p.size());
}

}  // namespace mfh
