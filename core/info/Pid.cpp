#include "core/info/Pid.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace mfh {

namespace {

constexpr int kMaxRounds = 20000;
constexpr double kTolerance = 1e-7;  // relative decrease of I_q that ends the descent

double xlogy(double x, double y) {
    return x > 0 ? x * std::log(x / y) : 0.0;
}

// I(X;Y) of a joint table [a, b].
double mutualInformation(const std::vector<double>& j, int a, int b) {
    std::vector<double> pa(a, 0), pb(b, 0);
    for (int i = 0; i < a; ++i)
        for (int k = 0; k < b; ++k) pa[i] += j[i * b + k], pb[k] += j[i * b + k];
    double mi = 0;
    for (int i = 0; i < a; ++i)
        for (int k = 0; k < b; ++k) mi += xlogy(j[i * b + k], pa[i] * pb[k]);
    return std::max(0.0, mi);
}

}  // namespace

PidParts Pid::decompose(const std::vector<int>& x1, int k1, const std::vector<int>& x2, int k2,
                        const std::vector<int>& y, int classes, std::vector<double>* warm) {
    const std::size_t n = y.size();
    if (n == 0 || x1.size() != n || x2.size() != n)
        throw std::invalid_argument("Pid: no samples, or variables of different lengths");
    std::vector<double> p(static_cast<std::size_t>(k1) * k2 * classes, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        if (x1[i] < 0 || x1[i] >= k1 || x2[i] < 0 || x2[i] >= k2 || y[i] < 0 || y[i] >= classes)
            throw std::invalid_argument("Pid: a value out of range");
        p[(static_cast<std::size_t>(x1[i]) * k2 + x2[i]) * classes + y[i]] += 1.0 / n;
    }
    return decompose(p, k1, k2, classes, warm);
}

PidParts Pid::decompose(const std::vector<double>& p, int k1, int k2, int C,
                        std::vector<double>* warm) {
    const int cells = k1 * k2;
    // Marginals: p(y), p(x1|y), p(x2|y); the joint tables for I(X1;Y), I(X2;Y), I(X1X2;Y).
    std::vector<double> py(C, 0), p1(k1 * C, 0), p2(k2 * C, 0), j1(k1 * C, 0), j2(k2 * C, 0);
    for (int a = 0; a < k1; ++a)
        for (int b = 0; b < k2; ++b)
            for (int c = 0; c < C; ++c) {
                const double v = p[(a * k2 + b) * C + c];
                py[c] += v, j1[a * C + c] += v, j2[b * C + c] += v;
            }
    for (int c = 0; c < C; ++c)
        if (py[c] > 0) {
            for (int a = 0; a < k1; ++a) p1[a * C + c] = j1[a * C + c] / py[c];
            for (int b = 0; b < k2; ++b) p2[b * C + c] = j2[b * C + c] / py[c];
        }
    PidParts out;
    const double i1 = mutualInformation(j1, k1, C), i2 = mutualInformation(j2, k2, C);
    out.total = mutualInformation(p, cells, C);

    const std::size_t size = static_cast<std::size_t>(C) * cells;
    const bool warmStart = warm && warm->size() == size;
    // π_y over the cells, per class (a nearby problem's, or the independent coupling); m the
    // mixture.
    std::vector<double> pi(size, 0.0), m(cells, 0.0);
    if (warmStart)
        pi = *warm;
    else
        for (int c = 0; c < C; ++c)
            for (int a = 0; a < k1; ++a)
                for (int b = 0; b < k2; ++b)
                    pi[c * cells + a * k2 + b] = p1[a * C + c] * p2[b * C + c];
    auto objective = [&] {
        double s = 0;
        for (int c = 0; c < C; ++c)
            for (int x = 0; x < cells; ++x) s += py[c] * xlogy(pi[c * cells + x], m[x]);
        return s;
    };
    // The scalings of each class's projection are kept between rounds (warm starts): m moves
    // little from one round to the next, so a few IPF sweeps re-converge.
    double prev = INFINITY, iq = 0;
    std::vector<double> r(static_cast<std::size_t>(C) * k1, 1.0),
        s(static_cast<std::size_t>(C) * k2, 1.0);
    for (int it = 0; it < kMaxRounds; ++it) {
        std::fill(m.begin(), m.end(), 0.0);
        for (int c = 0; c < C; ++c)
            for (int x = 0; x < cells; ++x) m[x] += py[c] * pi[c * cells + x];
        iq = objective();
        out.iterations = it + 1;
        // A warm start's couplings have the nearby problem's marginals, not these: the descent
        // is measured from the first projected, feasible, point.
        if (it > (warmStart ? 1 : 0) && prev - iq < kTolerance * std::max(1e-3, iq)) break;
        prev = iq;
        // I-projection of m onto U(p(x1|y), p(x2|y)): π = diag(r) m diag(s), by IPF.
        for (int c = 0; c < C; ++c) {
            if (py[c] <= 0) continue;
            double* rc = &r[static_cast<std::size_t>(c) * k1];
            double* sc = &s[static_cast<std::size_t>(c) * k2];
            for (int sweep = 0; sweep < 200; ++sweep) {
                for (int a = 0; a < k1; ++a) {
                    double row = 0;
                    for (int b = 0; b < k2; ++b) row += m[a * k2 + b] * sc[b];
                    rc[a] = row > 0 ? p1[a * C + c] / row : 0.0;
                }
                double worst = 0;
                for (int b = 0; b < k2; ++b) {
                    double col = 0;
                    for (int a = 0; a < k1; ++a) col += rc[a] * m[a * k2 + b];
                    const double next = col > 0 ? p2[b * C + c] / col : 0.0;
                    worst = std::max(worst, std::abs(next * col - sc[b] * col));
                    sc[b] = next;
                }
                if (worst < 1e-12) break;
            }
            for (int a = 0; a < k1; ++a)
                for (int b = 0; b < k2; ++b)
                    pi[c * cells + a * k2 + b] = rc[a] * m[a * k2 + b] * sc[b];
        }
    }
    if (warm) *warm = pi;
    // Each part is ≥ 0 in exact arithmetic; clamp the rounding (and an unfinished descent,
    // which can only leave I_q slightly high) into range.
    iq = std::clamp(iq, std::max(i1, i2), std::max(out.total, std::max(i1, i2)));
    out.redundancy = std::max(0.0, i1 + i2 - iq);
    out.uniqueA = std::max(0.0, iq - i2);
    out.uniqueB = std::max(0.0, iq - i1);
    out.synergy = std::max(0.0, out.total - iq);
    return out;
}

}  // namespace mfh
